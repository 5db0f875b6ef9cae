#include "loonflow/accounts.h"
#include "rec_io.h"

#include <string.h>

static const lf_field user_fields[] = {
    LF_FIELD(lf_user, id, LF_F_UUID),
    LF_FIELD(lf_user, tenant_id, LF_F_UUID),
    LF_FIELD(lf_user, label, LF_F_JSON),
    LF_FIELD(lf_user, creator_id, LF_F_UUID),
    LF_FIELD(lf_user, created_at, LF_F_I64),
    LF_FIELD(lf_user, updated_at, LF_F_I64),
    LF_FIELD(lf_user, last_login, LF_F_I64),
    LF_FIELD(lf_user, name, LF_F_STR),
    LF_FIELD(lf_user, alias, LF_F_STR),
    LF_FIELD(lf_user, external_user_id, LF_F_STR),
    LF_FIELD(lf_user, email, LF_F_STR),
    LF_FIELD(lf_user, phone, LF_F_STR),
    LF_FIELD(lf_user, avatar, LF_F_STR),
    LF_FIELD(lf_user, lang, LF_F_STR),
    LF_FIELD(lf_user, password, LF_F_STR),
    LF_FIELD(lf_user, type, LF_F_STR),
    LF_FIELD(lf_user, is_active, LF_F_BOOL),
};
static const lf_record_type user_rt = {user_fields, sizeof user_fields / sizeof *user_fields};

static const char *const type_names[] = {"normal", "workflow_admin", "admin"};

const char *lf_user_type_name(lf_user_type t)
{
    return type_names[t];
}

int lf_user_type_parse(lf_str s, lf_user_type *out)
{
    for (int i = 0; i < 3; i++) {
        if (lf_str_eqz(s, type_names[i])) {
            *out = (lf_user_type)i;
            return LF_OK;
        }
    }
    return LF_EINVAL;
}

lf_user_type lf_user_level(const lf_user *u)
{
    lf_user_type t = LF_USER_NORMAL;
    lf_user_type_parse(lf_strz(u->type), &t);
    return t;
}

static lf_val email_key(const char *email)
{
    return (lf_val){email, strlen(email)};
}

static int tenant_key(lf_key *k, const lf_user *u)
{
    lf_key_init(k);
    lf_key_uuid(k, &u->tenant_id);
    lf_key_uuid(k, &u->id);
    return k->overflow ? LF_EINVAL : LF_OK;
}

int lf_user_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_user *out)
{
    return lf_rec_get(t, LF_T_USER, lf_uuid_val(id), &user_rt, a, out);
}

int lf_user_by_email(lf_txn *t, lf_str email, lf_arena *a, lf_user *out)
{
    if (email.n == 0 || email.n > 254)
        return LF_ENOTFOUND;
    return lf_rec_get_via(t, LF_T_USER_EMAIL, (lf_val){email.p, email.n}, LF_T_USER, &user_rt, a,
                          out);
}

int lf_user_insert(lf_txn *t, const lf_user *u)
{
    lf_key k;
    if (!u->email || !*u->email || strlen(u->email) > 254 || tenant_key(&k, u))
        return LF_EINVAL;
    int rc = lf_put_new(t, LF_T_USER_EMAIL, email_key(u->email), lf_uuid_val(&u->id));
    if (rc == LF_OK)
        rc = lf_put(t, LF_T_USER_TENANT, lf_key_val(&k), (lf_val){"", 0});
    if (rc == LF_OK)
        rc = lf_rec_put(t, LF_T_USER, lf_uuid_val(&u->id), &user_rt, u);
    return rc;
}

int lf_user_update(lf_txn *t, const lf_user *old, const lf_user *u)
{
    int rc = LF_OK;
    if (strcmp(old->email, u->email) != 0) {
        if (!*u->email || strlen(u->email) > 254)
            return LF_EINVAL;
        rc = lf_put_new(t, LF_T_USER_EMAIL, email_key(u->email), lf_uuid_val(&u->id));
        if (rc == LF_OK)
            rc = lf_del(t, LF_T_USER_EMAIL, email_key(old->email));
    }
    if (rc == LF_OK && !lf_uuid_eq(&old->tenant_id, &u->tenant_id)) {
        lf_key k;
        tenant_key(&k, old);
        rc = lf_del(t, LF_T_USER_TENANT, lf_key_val(&k));
        if (rc == LF_OK && (rc = tenant_key(&k, u)) == LF_OK)
            rc = lf_put(t, LF_T_USER_TENANT, lf_key_val(&k), (lf_val){"", 0});
    }
    if (rc == LF_OK)
        rc = lf_rec_put(t, LF_T_USER, lf_uuid_val(&u->id), &user_rt, u);
    return rc;
}
