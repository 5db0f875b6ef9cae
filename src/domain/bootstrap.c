#include "loonflow/accounts.h"
#include "loonflow/auth.h"

#include <string.h>

/* The JWT secret lives in the database so every restart (and every node of
 * a shared store) signs with the same key, and there is no built-in default. */
static int make_jwt_secret(lf_txn *t)
{
    uint8_t secret[32];
    int rc = lf_random(secret, sizeof secret);
    return rc ? rc : lf_setting_put(t, "jwt_secret", (lf_val){secret, sizeof secret});
}

static const char *pick(const char *given, lf_arena *a, size_t random_len)
{
    if (given && *given)
        return given;
    char *s = lf_arena_alloc(a, random_len + 1);
    return s && lf_random_token(s, random_len) == LF_OK ? s : NULL;
}

static int seed(lf_txn *t, const lf_bootstrap_opts *o, lf_arena *a, lf_bootstrap_out *out)
{
    int64_t now = o->now;
    lf_tenant tn = {.id = LF_DEFAULT_TENANT, .label = "{}", .created_at = now, .updated_at = now,
                    .name = "loonapp", .domain = "loonapp.com", .logo_path = "", .is_active = 1};
    lf_user u = {.tenant_id = LF_DEFAULT_TENANT, .label = "{}", .created_at = now,
                 .updated_at = now, .name = "admin", .alias = "", .external_user_id = "",
                 .phone = "", .avatar = "", .lang = "zh-cn", .type = "admin", .is_active = 1};
    lf_app app = {.tenant_id = LF_DEFAULT_TENANT, .label = "{}", .created_at = now,
                  .updated_at = now, .description = "created at first start", .type = "admin"};
    char uuid_token[LF_UUID_STRLEN + 1];
    lf_uuid tok;
    int rc = lf_uuid_v4(&u.id);
    if (rc || (rc = lf_uuid_v4(&app.id)) || (rc = lf_uuid_v4(&tok)))
        return rc;
    lf_uuid_format(&tok, uuid_token); /* upstream app tokens are uuid4 strings */
    u.creator_id = u.id;
    app.creator_id = u.id;
    tn.creator_id = u.id;
    u.email = o->admin_email && *o->admin_email ? o->admin_email : "admin@loonapp.com";
    const char *password = pick(o->admin_password, a, 20);
    app.name = o->app_name && *o->app_name ? o->app_name : "loonflow-admin";
    app.token = o->app_token && *o->app_token ? o->app_token
                                              : lf_arena_strndup(a, uuid_token, LF_UUID_STRLEN);
    char *hash = lf_arena_alloc(a, LF_PASSWORD_HASH_MAX);
    if (!password || !app.token || !hash)
        return LF_ENOMEM;
    rc = lf_password_hash(lf_strz(password), o->password_iterations, hash);
    if (rc)
        return rc;
    u.password = hash;
    if ((rc = lf_tenant_put(t, &tn)) || (rc = lf_user_insert(t, &u)) ||
        (rc = lf_app_insert(t, &app)) || (rc = make_jwt_secret(t)))
        return rc;
    out->created = 1;
    out->admin_email = u.email;
    out->admin_password = password;
    out->app_name = app.name;
    out->app_token = app.token;
    return LF_OK;
}

int lf_bootstrap(lf_store *s, const lf_bootstrap_opts *opts, lf_arena *a, lf_bootstrap_out *out)
{
    memset(out, 0, sizeof *out);
    lf_txn *t;
    int rc = lf_txn_begin(s, 1, &t);
    if (rc)
        return rc;
    lf_tenant existing;
    rc = lf_tenant_get(t, &LF_DEFAULT_TENANT, a, &existing);
    if (rc == LF_ENOTFOUND) {
        rc = seed(t, opts, a, out);
    } else if (rc == LF_OK) {
        lf_val secret;
        rc = lf_setting_get(t, "jwt_secret", &secret);
        if (rc == LF_ENOTFOUND)
            rc = make_jwt_secret(t);
    }
    if (rc) {
        lf_txn_abort(t);
        return rc;
    }
    return lf_txn_commit(t);
}
