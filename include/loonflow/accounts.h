/* accounts: tenants, users, applications, personal access tokens and the
 * server's own settings, as records in the store. No HTTP here: callers pass
 * plain values and a transaction, and get LF_* codes back. */
#ifndef LOONFLOW_ACCOUNTS_H
#define LOONFLOW_ACCOUNTS_H

#include "loonflow/core.h"
#include "loonflow/store.h"

extern const lf_uuid LF_DEFAULT_TENANT; /* 00000000-0000-0000-0000-000000000001 */

typedef struct lf_tenant {
    lf_uuid id, creator_id;
    const char *label; /* JSON */
    int64_t created_at, updated_at;
    const char *name, *domain, *logo_path;
    int64_t workflow_limit, ticket_limit;
    int is_active;
} lf_tenant;

typedef enum lf_user_type { LF_USER_NORMAL, LF_USER_WORKFLOW_ADMIN, LF_USER_ADMIN } lf_user_type;
const char *lf_user_type_name(lf_user_type t);
int lf_user_type_parse(lf_str s, lf_user_type *out);

typedef struct lf_user {
    lf_uuid id, tenant_id, creator_id;
    const char *label; /* JSON */
    int64_t created_at, updated_at, last_login; /* 0 = never */
    const char *name, *alias, *external_user_id, *email, *phone, *avatar, *lang;
    const char *password; /* Django pbkdf2_sha256 hash, or "!" (unusable) */
    const char *type;     /* "admin" | "workflow_admin" | "normal" */
    int is_active;
} lf_user;

typedef struct lf_app {
    lf_uuid id, tenant_id, creator_id;
    const char *label; /* JSON */
    int64_t created_at, updated_at;
    const char *name, *description, *token, *type; /* type: "admin" | "workflow_admin" */
} lf_app;

typedef struct lf_pat {
    lf_uuid id, tenant_id, user_id, creator_id;
    int64_t created_at, updated_at, expires_at, last_used_at, revoked_at; /* 0 = null */
    const char *label, *secret_hash, *mask_prefix;
} lf_pat;

int lf_tenant_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_tenant *out);
int lf_tenant_by_domain(lf_txn *t, lf_str domain, lf_arena *a, lf_tenant *out);
int lf_tenant_put(lf_txn *t, const lf_tenant *tn);

int lf_user_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_user *out);
int lf_user_by_email(lf_txn *t, lf_str email, lf_arena *a, lf_user *out);
/* Inserts a new user: LF_EEXIST if the email is taken. */
int lf_user_insert(lf_txn *t, const lf_user *u);
/* Rewrites a user; `old` is the stored version (its email index is moved). */
int lf_user_update(lf_txn *t, const lf_user *old, const lf_user *u);
lf_user_type lf_user_level(const lf_user *u);

int lf_app_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_app *out);
int lf_app_by_name(lf_txn *t, const lf_uuid *tenant, lf_str name, lf_arena *a, lf_app *out);
int lf_app_insert(lf_txn *t, const lf_app *app); /* LF_EEXIST: name taken */
/* Rewrites an app; `old` is the stored version (its name index moves).
 * LF_EEXIST: the new name is taken in the tenant. */
int lf_app_update(lf_txn *t, const lf_app *old, const lf_app *app);
/* Archives the app, then deletes it and its index rows. */
int lf_app_delete(lf_txn *t, const lf_app *app);
/* Calls fn for each app of the tenant in id order until fn returns non-zero. */
int lf_app_each_of_tenant(lf_txn *t, const lf_uuid *tenant, lf_arena *a,
                          int (*fn)(const lf_app *app, void *ctx), void *ctx);

int lf_pat_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_pat *out);
int lf_pat_insert(lf_txn *t, const lf_pat *p);
int lf_pat_update(lf_txn *t, const lf_pat *p);
/* Calls fn for each of the user's tokens, newest first, until fn returns non-zero. */
int lf_pat_each_of_user(lf_txn *t, const lf_uuid *user, lf_arena *a,
                        int (*fn)(const lf_pat *p, void *ctx), void *ctx);

/* Deletes move records to the archive (kept, restorable by an operator), as
 * upstream's archive-and-delete does: kind is the record type ("user", ...). */
int lf_archive_put(lf_txn *t, const char *kind, const lf_uuid *id, lf_val record);

/* Server settings (the JWT secret, ...) as small byte strings. */
int lf_setting_get(lf_txn *t, const char *name, lf_val *out);
int lf_setting_put(lf_txn *t, const char *name, lf_val v);
/* Next value of a named counter (1, 2, ...): orders records made in the same second. */
int lf_next_seq(lf_txn *t, const char *name, uint64_t *out);

/* First start: creates the default tenant, an admin user and the admin app
 * `loonflow-admin`, and the JWT secret, when the database has no tenant yet.
 * Values left NULL in opts are generated. *created tells whether anything
 * was made; the generated credentials are in out (arena strings). */
typedef struct lf_bootstrap_opts {
    const char *admin_email, *admin_password, *app_name, *app_token;
    unsigned password_iterations;
    int64_t now;
} lf_bootstrap_opts;
typedef struct lf_bootstrap_out {
    int created;
    const char *admin_email, *admin_password, *app_name, *app_token;
} lf_bootstrap_out;
int lf_bootstrap(lf_store *s, const lf_bootstrap_opts *opts, lf_arena *a, lf_bootstrap_out *out);

#endif
