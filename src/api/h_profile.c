/* The caller's own account: my_profile and change_password. */
#include "internal.h"
#include "loonflow/auth.h"

#include <string.h>

int lf_h_my_profile_get(lf_call *c)
{
    const lf_user *u = &c->caller.user;
    lf_jw *w = &c->w;
    lf_jw_key(w, "my_profile");
    lf_jw_obj(w);
    lf_jw_kstrz(w, "name", u->name);
    lf_jw_kstrz(w, "alias", u->alias);
    lf_jw_kstrz(w, "email", u->email);
    lf_jw_kstrz(w, "phone", u->phone);
    lf_jw_kstrz(w, "avatar", u->avatar);
    lf_jw_kstrz(w, "lang", u->lang);
    int rc = lf_jw_user_depts(c, w, &u->id, 1);
    lf_jw_obj_end(w);
    return rc;
}

int lf_h_my_profile_patch(lf_call *c)
{
    static const char *const keys[] = {"lang", NULL};
    lf_json j;
    lf_str lang;
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_only_keys(c, &j, keys)) ||
        (rc = lf_call_str_field(c, &j, "lang", 1, &lang)))
        return rc;
    lf_user u = c->caller.user;
    u.lang = lang.p;
    u.updated_at = c->now;
    return lf_user_update(c->txn, &c->caller.user, &u);
}

typedef struct password_change {
    lf_str source, fresh;
    const char *stored;
    unsigned iterations;
    int ok;
    char hash[LF_PASSWORD_HASH_MAX];
} password_change;

static void change_work(lf_call *c)
{
    password_change *pc = c->state;
    pc->ok = lf_password_verify(pc->source, lf_strz(pc->stored)) &&
             lf_password_hash(pc->fresh, pc->iterations, pc->hash) == LF_OK;
}

static int change_done(lf_call *c)
{
    password_change *pc = c->state;
    if (!pc->ok)
        return lf_call_fail(c, "source password is invalid");
    lf_user old, u;
    int rc = lf_user_get(c->txn, &c->caller.user.id, c->a, &old);
    if (rc)
        return rc;
    u = old;
    u.password = pc->hash;
    u.updated_at = c->now;
    rc = lf_user_update(c->txn, &old, &u);
    c->msg = "success";
    return rc;
}

int lf_h_change_password(lf_call *c)
{
    lf_json j;
    lf_str again;
    password_change *pc = lf_arena_alloc(c->a, sizeof *pc);
    if (!pc)
        return LF_ENOMEM;
    memset(pc, 0, sizeof *pc);
    int rc = lf_call_json(c, &j);
    if (rc || (rc = lf_call_str_field(c, &j, "source_password", 0, &pc->source)) ||
        (rc = lf_call_str_field(c, &j, "new_password", 0, &pc->fresh)) ||
        (rc = lf_call_str_field(c, &j, "new_password_again", 0, &again)))
        return rc;
    if (!lf_str_eq(pc->fresh, again))
        return lf_call_fail(c, "passwords are different between two input");
    if (pc->fresh.n == 0)
        return lf_call_fail(c, "new password can not be empty");
    pc->stored = c->caller.user.password;
    pc->iterations = c->api->o.password_iterations;
    c->state = pc;
    c->work = change_work;
    c->resume = change_done;
    return LF_H_DEFER;
}
