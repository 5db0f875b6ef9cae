/* lfctl: the operator's tool on the box. It opens the same database as a
 * running loonflowd (LMDB allows several processes) and does what has no
 * REST route: create tenants, and seed users and applications. */
#include "loonflow/accounts.h"
#include "loonflow/auth.h"
#include "loonflow/port.h"
#include "loonflow/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPTS 16

typedef struct opts {
    const char *key[MAX_OPTS], *val[MAX_OPTS];
    int n;
} opts;

static const char *opt(const opts *o, const char *key, const char *def)
{
    for (int i = 0; i < o->n; i++)
        if (!strcmp(o->key[i], key))
            return o->val[i];
    return def;
}

static int has_flag(const opts *o, const char *key)
{
    return opt(o, key, NULL) != NULL;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: lfctl --data DIR COMMAND [--key value]...\n"
            "\n"
            "  tenant create --name NAME --domain DOMAIN [--id UUID]\n"
            "  user create --tenant UUID --email EMAIL --password PW [--name NAME]\n"
            "              [--type admin|workflow_admin|normal] [--inactive yes]\n"
            "  app create --tenant UUID --name NAME [--type admin|workflow_admin] [--token TOKEN]\n"
            "\n"
            "Each create prints the new record's id (and an app's token) on stdout.\n");
}

static int need_uuid(const opts *o, const char *key, lf_uuid *out)
{
    const char *v = opt(o, key, NULL);
    if (!v || lf_uuid_parse(lf_strz(v), out) != LF_OK) {
        fprintf(stderr, "lfctl: --%s needs a tenant UUID\n", key);
        return 0;
    }
    return 1;
}

static int tenant_create(lf_txn *t, const opts *o, int64_t now, char *out)
{
    lf_tenant tn = {.label = "{}", .created_at = now, .updated_at = now,
                    .name = opt(o, "name", NULL), .domain = opt(o, "domain", ""),
                    .logo_path = "", .is_active = 1};
    if (!tn.name) {
        fprintf(stderr, "lfctl: tenant create needs --name\n");
        return LF_EINVAL;
    }
    int rc = has_flag(o, "id") ? lf_uuid_parse(lf_strz(opt(o, "id", "")), &tn.id) : lf_uuid_v4(&tn.id);
    if (rc)
        return rc;
    lf_tenant existing;
    lf_arena a;
    lf_arena_init(&a, 4096, 0);
    if (lf_tenant_get(t, &tn.id, &a, &existing) == LF_OK)
        rc = LF_EEXIST;
    lf_arena_free(&a);
    if (rc == LF_OK)
        rc = lf_tenant_put(t, &tn);
    lf_uuid_format(&tn.id, out);
    return rc;
}

static int user_create(lf_txn *t, const opts *o, int64_t now, unsigned iterations, char *out)
{
    lf_user u = {.label = "{}", .created_at = now, .updated_at = now, .alias = "",
                 .external_user_id = "", .phone = "", .avatar = "", .lang = "zh-cn",
                 .email = opt(o, "email", NULL), .type = opt(o, "type", "normal"),
                 .is_active = !has_flag(o, "inactive")};
    lf_user_type ut;
    const char *pw = opt(o, "password", NULL);
    char hash[LF_PASSWORD_HASH_MAX];
    if (!u.email || !pw || !need_uuid(o, "tenant", &u.tenant_id)) {
        fprintf(stderr, "lfctl: user create needs --tenant, --email and --password\n");
        return LF_EINVAL;
    }
    if (lf_user_type_parse(lf_strz(u.type), &ut) != LF_OK) {
        fprintf(stderr, "lfctl: --type must be admin, workflow_admin or normal\n");
        return LF_EINVAL;
    }
    u.name = opt(o, "name", u.email);
    int rc = lf_uuid_v4(&u.id);
    if (rc == LF_OK)
        rc = lf_password_hash(lf_strz(pw), iterations, hash);
    u.password = hash;
    u.creator_id = u.id;
    if (rc == LF_OK)
        rc = lf_user_insert(t, &u);
    lf_uuid_format(&u.id, out);
    return rc;
}

static int app_create(lf_txn *t, const opts *o, int64_t now, char *out, char *token)
{
    lf_app app = {.label = "{}", .created_at = now, .updated_at = now,
                  .name = opt(o, "name", NULL), .description = "", .type = opt(o, "type", "admin")};
    if (!app.name || !need_uuid(o, "tenant", &app.tenant_id)) {
        fprintf(stderr, "lfctl: app create needs --tenant and --name\n");
        return LF_EINVAL;
    }
    if (strcmp(app.type, "admin") != 0 && strcmp(app.type, "workflow_admin") != 0) {
        fprintf(stderr, "lfctl: --type must be admin or workflow_admin\n");
        return LF_EINVAL;
    }
    lf_uuid tok;
    char generated[LF_UUID_STRLEN + 1];
    int rc = lf_uuid_v4(&app.id);
    if (rc == LF_OK)
        rc = lf_uuid_v4(&tok);
    lf_uuid_format(&tok, generated);
    app.token = opt(o, "token", generated);
    snprintf(token, LF_UUID_STRLEN + 64, "%s", app.token);
    if (rc == LF_OK)
        rc = lf_app_insert(t, &app);
    lf_uuid_format(&app.id, out);
    return rc;
}

int main(int argc, char **argv)
{
    const char *dir = NULL, *what = NULL, *verb = NULL;
    opts o = {.n = 0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
            usage(stdout);
            return 0;
        }
        if (!strncmp(argv[i], "--", 2) && i + 1 < argc) {
            if (!strcmp(argv[i], "--data"))
                dir = argv[++i];
            else if (o.n < MAX_OPTS) {
                o.key[o.n] = argv[i] + 2;
                o.val[o.n++] = argv[++i];
            }
        } else if (!what) {
            what = argv[i];
        } else if (!verb) {
            verb = argv[i];
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (!dir || !what || !verb || strcmp(verb, "create") != 0) {
        usage(stderr);
        return 2;
    }
    lf_store *s;
    lf_store_opts so = {.dir = dir, .map_size = (size_t)1024 << 20};
    int rc = lf_store_open(&s, &so);
    if (rc) {
        fprintf(stderr, "lfctl: cannot open %s: %s\n", dir, lf_strerror(rc));
        return 1;
    }
    lf_txn *t;
    char id[LF_UUID_STRLEN + 1] = "", token[LF_UUID_STRLEN + 64] = "";
    int64_t now = lf_port_time_s();
    unsigned iterations = (unsigned)atoi(opt(&o, "iterations", "100000"));
    rc = lf_txn_begin(s, 1, &t);
    if (rc == LF_OK) {
        if (!strcmp(what, "tenant"))
            rc = tenant_create(t, &o, now, id);
        else if (!strcmp(what, "user"))
            rc = user_create(t, &o, now, iterations, id);
        else if (!strcmp(what, "app"))
            rc = app_create(t, &o, now, id, token);
        else
            rc = LF_EINVAL;
        if (rc == LF_OK)
            rc = lf_txn_commit(t);
        else
            lf_txn_abort(t);
    }
    lf_store_close(s);
    if (rc) {
        fprintf(stderr, "lfctl: %s %s failed: %s\n", what, verb,
                rc == LF_EEXIST ? "it already exists (email, name or id taken)" : lf_strerror(rc));
        return 1;
    }
    printf("%s%s%s\n", id, token[0] ? " " : "", token);
    return 0;
}
