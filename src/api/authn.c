/* Who is calling: a Bearer JWT, a Bearer personal access token, or an
 * application signature (DECISIONS.md §2). Each failure names its check. */
#include "internal.h"
#include "loonflow/auth.h"
#include "loonflow/port.h"

#include <string.h>

#define FAIL_PREFIX "permission check fail\xef\xbc\x9a" /* upstream's full-width colon */
#define PAT_TOUCH_EVERY_S 60 /* last_used_at is a hint: no write per request */

static int deny(lf_call *c, const char *why)
{
    lf_call_fail(c, FAIL_PREFIX "%s", why);
    return LF_EINVAL;
}

static int load_active_user(lf_call *c, lf_str email, const lf_uuid *tenant)
{
    int rc = lf_user_by_email(c->txn, email, c->a, &c->caller.user);
    if (rc == LF_OK && (!c->caller.user.is_active ||
                        (tenant && !lf_uuid_eq(&c->caller.user.tenant_id, tenant))))
        rc = LF_ENOTFOUND;
    return rc;
}

/* A token verified before and not yet expired: its claims, without the MAC.
 * Lengths are public; the bytes are compared in constant time. */
static struct lf_jwt_seen *jwt_seen_find(lf_api *api, lf_str token, int64_t now)
{
    for (size_t i = 0; i < sizeof api->jwt_seen / sizeof *api->jwt_seen; i++) {
        struct lf_jwt_seen *s = &api->jwt_seen[i];
        if (s->n && s->n == token.n && s->exp > now && lf_ct_eq(s->token, s->n, token.p, token.n)) {
            s->used = ++api->jwt_tick;
            return s;
        }
    }
    return NULL;
}

static void jwt_seen_add(lf_api *api, lf_str token, const lf_json *j, lf_str email,
                         const lf_uuid *tenant)
{
    int64_t exp;
    if (token.n > LF_JWT_SEEN_MAX || email.n > LF_JWT_SEEN_EMAIL ||
        lf_json_i64(j, lf_json_get(j, 0, "exp"), &exp) != LF_OK)
        return;
    struct lf_jwt_seen *s = &api->jwt_seen[0];
    for (size_t i = 1; i < sizeof api->jwt_seen / sizeof *api->jwt_seen; i++)
        if (api->jwt_seen[i].used < s->used)
            s = &api->jwt_seen[i];
    memcpy(s->token, token.p, token.n);
    s->n = token.n;
    s->exp = exp;
    memcpy(s->email, email.p, email.n);
    s->email_n = email.n;
    s->tenant = *tenant;
    s->used = ++api->jwt_tick;
}

static int jwt_user(lf_call *c, lf_str email, const lf_uuid *tenant)
{
    int rc = load_active_user(c, email, tenant);
    if (rc == LF_ENOTFOUND)
        return deny(c, "the token's user does not exist or is not active");
    if (rc == LF_OK)
        c->caller.kind = LF_AUTH_JWT;
    return rc;
}

static int jwt_caller(lf_call *c, lf_str token)
{
    lf_api *api = c->api;
    const struct lf_jwt_seen *seen = jwt_seen_find(api, token, c->now);
    if (seen)
        return jwt_user(c, (lf_str){seen->email, seen->email_n}, &seen->tenant);
    lf_str payload;
    lf_jwt_result r =
        lf_jwt_verify(api->jwt_secret, api->jwt_secret_len, token, c->now, c->a, &payload);
    if (r != LF_JWT_OK)
        return deny(c, lf_jwt_result_str(r));
    lf_json j;
    char err[64];
    lf_str email, tenant_s;
    lf_uuid tenant;
    int data = -1;
    if (lf_json_parse(&j, payload.p, payload.n, c->a, 1024, err, sizeof err) == LF_OK)
        data = lf_json_get(&j, 0, "data");
    if (lf_json_get_str(&j, data, "email", c->a, &email) != LF_OK ||
        lf_json_get_str(&j, data, "tenant_id", c->a, &tenant_s) != LF_OK ||
        lf_uuid_parse(tenant_s, &tenant) != LF_OK)
        return deny(c, "token carries no user");
    jwt_seen_add(api, token, &j, email, &tenant);
    return jwt_user(c, email, &tenant);
}

static int pat_caller(lf_call *c, lf_str token)
{
    if (c->route->flags & LF_RT_JWT_ONLY)
        return deny(c, "personal access tokens cannot manage personal access tokens, use a JWT");
    lf_uuid id;
    lf_str secret;
    lf_pat p;
    if (lf_pat_parse(token, &id, &secret) != LF_OK)
        return deny(c, "Invalid personal access token format");
    int rc = lf_pat_get(c->txn, &id, c->a, &p);
    if (rc == LF_ENOTFOUND)
        return deny(c, "Invalid personal access token");
    if (rc)
        return rc;
    char hash[65];
    lf_pat_secret_hash(secret, hash);
    if (!lf_ct_eq(hash, 64, p.secret_hash, strlen(p.secret_hash)))
        return deny(c, "Invalid personal access token");
    if (p.revoked_at)
        return deny(c, "Personal access token has been revoked");
    if (p.expires_at && p.expires_at <= c->now)
        return deny(c, "Personal access token expired");
    rc = lf_user_get(c->txn, &p.user_id, c->a, &c->caller.user);
    if (rc == LF_ENOTFOUND || (rc == LF_OK && (!c->caller.user.is_active ||
                                               !lf_uuid_eq(&c->caller.user.tenant_id, &p.tenant_id))))
        return deny(c, "User is inactive");
    if (rc)
        return rc;
    c->caller.kind = LF_AUTH_PAT;
    c->caller.pat_id = id;
    c->caller.touch_pat = c->now - p.last_used_at >= PAT_TOUCH_EVERY_S;
    return LF_OK;
}

static int bearer_caller(lf_call *c, lf_str auth)
{
    if (auth.n < 7 || !lf_str_ieqz((lf_str){auth.p, 7}, "bearer "))
        return deny(c, "Authorization header must be 'Bearer <token>'");
    lf_str token = {auth.p + 7, auth.n - 7};
    while (token.n && token.p[0] == ' ') {
        token.p++;
        token.n--;
    }
    if (lf_str_has_prefix(token, "lfpat."))
        return pat_caller(c, token);
    return jwt_caller(c, token);
}

static int signature_caller(lf_call *c)
{
    static const char *const names[] = {"signature", "timestamp", "appname", "email", "tenantid"};
    lf_str v[5];
    char missing[256] = "";
    for (int i = 0; i < 5; i++) {
        if (lf_http_header_get(c->req, names[i], &v[i]) != LF_OK || v[i].n == 0) {
            strcat(missing, names[i]);
            strcat(missing, " is not provide in request header;");
        }
    }
    if (missing[0])
        return deny(c, missing);
    lf_str sig = v[0], ts = v[1], appname = v[2], email = v[3];
    lf_uuid tenant;
    if (lf_uuid_parse(v[4], &tenant) != LF_OK)
        return deny(c, "tenantid in request header is not a valid tenant id");
    int rc = lf_app_by_name(c->txn, &tenant, appname, c->a, &c->caller.app);
    if (rc == LF_ENOTFOUND) {
        int n = appname.n > 64 ? 64 : (int)appname.n;
        lf_call_fail(c,
                     FAIL_PREFIX "Appname:%.*s in request header is unauthorized, please contact "
                                 "administrator to add authorization for appname:%.*s in loonflow",
                     n, appname.p, n, appname.p);
        return LF_EINVAL;
    }
    if (rc)
        return rc;
    switch (lf_sig_check(ts, sig, lf_strz(c->caller.app.token), c->now,
                         c->api->o.signature_window_s)) {
    case LF_SIG_OK: break;
    case LF_SIG_BAD_TIMESTAMP: return deny(c, "The timestamp you provide in request header is invalid");
    case LF_SIG_INVALID: return deny(c, "The signature you provide in request header is invalid");
    case LF_SIG_EXPIRED:
        lf_call_fail(c,
                     FAIL_PREFIX "The signature you provide in request header is expire, please "
                                 "ensure in %llds",
                     (long long)c->api->o.signature_window_s);
        return LF_EINVAL;
    }
    rc = load_active_user(c, email, &tenant);
    if (rc == LF_ENOTFOUND) {
        lf_call_fail(c, FAIL_PREFIX "email:%.*s in request header is not an active user of this tenant",
                     (int)(email.n > 64 ? 64 : email.n), email.p);
        return LF_EINVAL;
    }
    if (rc == LF_OK)
        c->caller.kind = LF_AUTH_SIG;
    return rc;
}

int lf_authenticate(lf_call *c)
{
    lf_str auth;
    if (lf_http_header_get(c->req, "authorization", &auth) == LF_OK)
        return bearer_caller(c, auth);
    /* A token manager is a person at a keyboard, never an application
     * acting for a user (DECISIONS §2). */
    if (c->route->flags & LF_RT_JWT_ONLY)
        return deny(c, "personal access tokens are managed with a JWT only");
    return signature_caller(c);
}

void lf_authn_touch_pat(lf_call *c)
{
    lf_txn *t;
    lf_pat p;
    if (lf_txn_begin(c->api->store, 1, &t) != LF_OK)
        return;
    int rc = lf_pat_get(t, &c->caller.pat_id, c->a, &p);
    if (rc == LF_OK) {
        p.last_used_at = c->now;
        rc = lf_pat_update(t, &p);
    }
    if (rc == LF_OK)
        rc = lf_txn_commit(t);
    else
        lf_txn_abort(t);
    if (rc)
        lf_log(LF_LOG_WARN, "could not record a token's last use: %s", lf_strerror(rc));
}
