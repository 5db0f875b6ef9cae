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
/* Archives and deletes every token of the user (the user is being deleted). */
int lf_pat_delete_of_user(lf_txn *t, const lf_uuid *user, lf_arena *a);

/* Deletes move records to the archive (kept, restorable by an operator), as
 * upstream's archive-and-delete does: kind is the record type ("user", ...).
 * record may be a value read from the store in the same transaction. */
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

/* ---- organisation: departments, memberships, roles ----
 * Every getter that takes a tenant treats another tenant's record as
 * absent (LF_ENOTFOUND). Lists of ids come back in arena memory, in key
 * order (by id) unless said otherwise; all of them are index range scans. */

/* A growable list of ids in an arena. */
typedef struct lf_ids {
    lf_uuid *v;
    size_t n, cap;
} lf_ids;
int lf_ids_push(lf_ids *l, lf_arena *a, const lf_uuid *id);
int lf_ids_has(const lf_ids *l, const lf_uuid *id);
/* Sorts by id bytes (the order of every id-keyed index) and drops repeats. */
void lf_ids_sort_unique(lf_ids *l);

typedef struct lf_dept {
    lf_uuid id, tenant_id, creator_id;
    lf_uuid parent_id; /* zero: top level */
    lf_uuid leader_id; /* zero: no leader */
    const char *label; /* JSON */
    int64_t created_at, updated_at;
    const char *name;
} lf_dept;

typedef struct lf_role {
    lf_uuid id, tenant_id, creator_id;
    const char *label; /* a plain string in loonflow, not JSON */
    int64_t created_at, updated_at;
    const char *name, *description;
} lf_role;

/* A user's membership in one department. */
typedef struct lf_user_dept {
    lf_uuid dept_id;
    int is_primary;
} lf_user_dept;

/* Departments: at most this many levels, so every tree renders. */
#define LF_DEPT_MAX_DEPTH 20
int lf_dept_get(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a, lf_dept *out);
int lf_dept_insert(lf_txn *t, const lf_dept *d);
/* Rewrites a department; `old` is the stored version (moves the child index
 * when the parent changes). Cycles are the caller's check: lf_dept_is_within. */
int lf_dept_update(lf_txn *t, const lf_dept *old, const lf_dept *d);
/* Archives the department, its approvers and memberships, then deletes
 * them. LF_EEXIST if it still has sub-departments. Members whose primary
 * department it was get their next department as primary. */
int lf_dept_delete(lf_txn *t, const lf_dept *d, const lf_uuid *operator_id, int64_t now);
/* Direct children of parent (zero = the top level), by id. */
int lf_dept_children(lf_txn *t, const lf_uuid *tenant, const lf_uuid *parent, lf_arena *a,
                     lf_ids *out);
/* Every department of the tenant (grouped by parent). */
int lf_dept_all(lf_txn *t, const lf_uuid *tenant, lf_arena *a, lf_ids *out);
/* Ancestors, nearest first (the department itself excluded). */
int lf_dept_ancestors(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a,
                      lf_ids *out);
/* All descendants, breadth first (the department itself excluded). */
int lf_dept_descendants(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a,
                        lf_ids *out);
/* Levels from the top down to the department (a top-level one is 1). */
int lf_dept_depth(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, int *out);
/* Levels of the subtree under a department (a leaf is 1). */
int lf_dept_height(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, int *out);
/* 1 when `id` is `ancestor` or lies under it. */
int lf_dept_is_within(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id,
                      const lf_uuid *ancestor);
/* "Root-Child-Leaf" names joined with '-', as loonflow's dept paths. */
int lf_dept_path(lf_txn *t, const lf_dept *d, lf_arena *a, const char **out);
/* Approvers (user ids) of a department. */
int lf_dept_approvers(lf_txn *t, const lf_uuid *dept, lf_arena *a, lf_ids *out);
/* Replaces the approvers; removed links are archived. */
int lf_dept_set_approvers(lf_txn *t, const lf_uuid *dept, const lf_ids *users,
                          const lf_uuid *operator_id, int64_t now);
/* Who approves for a department: its approvers, or its leader when it has
 * none (loonflow's "approver first, otherwise team leader"). */
int lf_dept_approvers_or_leader(lf_txn *t, const lf_dept *d, lf_arena *a, lf_ids *out);
/* Direct members of a department. */
int lf_dept_users(lf_txn *t, const lf_uuid *dept, lf_arena *a, lf_ids *out);
/* Members of a department and of all its sub-departments, each once, by id. */
int lf_dept_users_deep(lf_txn *t, const lf_uuid *tenant, const lf_uuid *dept, lf_arena *a,
                       lf_ids *out);

/* Memberships */
/* A user's departments, the primary one first. */
int lf_user_depts(lf_txn *t, const lf_uuid *user, lf_arena *a, lf_user_dept **out, size_t *n);
/* A user's departments and all their ancestors, each once, by id (who a
 * department-wide permission reaches). */
int lf_user_depts_up(lf_txn *t, const lf_uuid *tenant, const lf_uuid *user, lf_arena *a,
                     lf_ids *out);
/* Makes the user's memberships exactly `depts`; the first is primary.
 * Removed links are archived. */
int lf_user_set_depts(lf_txn *t, const lf_uuid *user, const lf_ids *depts,
                      const lf_uuid *operator_id, int64_t now);

/* Roles */
int lf_role_get(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a, lf_role *out);
int lf_role_put(lf_txn *t, const lf_role *r); /* insert or rewrite */
/* Archives the role and its user links, then deletes them. */
int lf_role_delete(lf_txn *t, const lf_role *r, const lf_uuid *operator_id, int64_t now);
int lf_role_all(lf_txn *t, const lf_uuid *tenant, lf_arena *a, lf_ids *out);
int lf_role_users(lf_txn *t, const lf_uuid *role, lf_arena *a, lf_ids *out);
int lf_user_roles(lf_txn *t, const lf_uuid *user, lf_arena *a, lf_ids *out);
int lf_role_link(lf_txn *t, const lf_uuid *role, const lf_uuid *user); /* no-op if linked */
/* Archives and removes one link; LF_ENOTFOUND if absent. */
int lf_role_unlink(lf_txn *t, const lf_uuid *role, const lf_uuid *user,
                   const lf_uuid *operator_id, int64_t now);

/* Users (organisation side) */
/* A user of this tenant (another tenant's user is LF_ENOTFOUND). */
int lf_user_get_in(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a, lf_user *out);
/* Users of a tenant, by id. */
int lf_user_all(lf_txn *t, const lf_uuid *tenant, lf_arena *a, lf_ids *out);
/* Archives the user and every link (departments, approver duties, roles),
 * then deletes them with the email and tenant index rows; departments the
 * user led are left without a leader. */
int lf_user_delete(lf_txn *t, const lf_user *u, const lf_uuid *operator_id, int64_t now);
/* Archives a link row (two ids and a kind) under a fresh archive id. */
int lf_archive_link(lf_txn *t, const char *kind, const char *a_name, const lf_uuid *a_id,
                    const char *b_name, const lf_uuid *b_id, const lf_uuid *operator_id,
                    int64_t now);
/* Archives the record stored under id in tb as kind + id. */
int lf_archive_record(lf_txn *t, lf_table tb, const char *kind, const lf_uuid *id);

#endif
