/* POST /api/v1.0/login: password login, answered with an HS256 JWT. The
 * password hash runs off the event loop (lf_api_work). */
#include "internal.h"
#include "loonflow/auth.h"

#include <string.h>

/* Verified against when the email is unknown, so both paths cost the same
 * and response times do not reveal which emails exist. */
static const char dummy_hash[] =
    "pbkdf2_sha256$100000$loonflowdummysalt000$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

typedef struct login_state {
    lf_str email, password;
    const char *hash;
    int found, ok;
} login_state;

static void login_work(lf_call *c)
{
    login_state *st = c->state;
    st->ok = lf_password_verify(st->password, lf_strz(st->hash)) && st->found;
}

static int login_done(lf_call *c)
{
    login_state *st = c->state;
    lf_user u;
    if (!st->ok)
        return lf_call_fail(c, "username or password is incorrect");
    int rc = lf_user_by_email(c->txn, st->email, c->a, &u);
    if (rc == LF_ENOTFOUND)
        return lf_call_fail(c, "username or password is incorrect");
    if (rc)
        return rc;
    if (!u.is_active)
        return lf_call_fail(c, "user is not active");
    lf_buf payload, token;
    lf_buf_init(&payload, 0);
    lf_buf_init(&token, 0);
    lf_jw w;
    lf_jw_init(&w, &payload);
    lf_jw_obj(&w);
    lf_jw_ki64(&w, "exp", c->now + c->api->o.jwt_lifetime_s);
    lf_jw_ki64(&w, "iat", c->now);
    lf_jw_key(&w, "data");
    lf_jw_obj(&w);
    lf_jw_user_claim(c, &w, &u);
    lf_jw_obj_end(&w);
    lf_jw_obj_end(&w);
    rc = payload.oom ? LF_ENOMEM
                     : lf_jwt_sign(c->api->jwt_secret, c->api->jwt_secret_len,
                                   (lf_str){payload.p, payload.n}, &token);
    if (rc == LF_OK && token.oom)
        rc = LF_ENOMEM;
    if (rc == LF_OK)
        lf_jw_kstr(&c->w, "jwt", (lf_str){token.p, token.n});
    lf_buf_free(&payload);
    lf_buf_free(&token);
    return rc;
}

int lf_h_login(lf_call *c)
{
    lf_json j;
    int rc = lf_call_json(c, &j);
    if (rc)
        return rc;
    login_state *st = lf_arena_alloc(c->a, sizeof *st);
    if (!st)
        return LF_ENOMEM;
    memset(st, 0, sizeof *st);
    if ((rc = lf_call_str_field(c, &j, "email", 0, &st->email)) ||
        (rc = lf_call_str_field(c, &j, "password", 0, &st->password)))
        return rc;
    lf_user u;
    rc = lf_user_by_email(c->txn, st->email, c->a, &u);
    if (rc && rc != LF_ENOTFOUND)
        return rc;
    st->found = rc == LF_OK;
    st->hash = st->found ? u.password : dummy_hash;
    c->state = st;
    c->work = login_work;
    c->resume = login_done;
    return LF_H_DEFER;
}
