/* Roles and their members. */
#include "loonflow/accounts.h"
#include "org_links.h"
#include "rec_io.h"

#include <string.h>

static const lf_field role_fields[] = {
    LF_FIELD(lf_role, id, LF_F_UUID),
    LF_FIELD(lf_role, tenant_id, LF_F_UUID),
    LF_FIELD(lf_role, label, LF_F_STR),
    LF_FIELD(lf_role, creator_id, LF_F_UUID),
    LF_FIELD(lf_role, created_at, LF_F_I64),
    LF_FIELD(lf_role, updated_at, LF_F_I64),
    LF_FIELD(lf_role, name, LF_F_STR),
    LF_FIELD(lf_role, description, LF_F_STR),
};
static const lf_record_type role_rt = {role_fields, sizeof role_fields / sizeof *role_fields};

int lf_role_get(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a, lf_role *out)
{
    int rc = lf_rec_get(t, LF_T_ROLE, lf_uuid_val(id), &role_rt, a, out);
    if (rc == LF_OK && tenant && !lf_uuid_eq(&out->tenant_id, tenant))
        rc = LF_ENOTFOUND;
    return rc;
}

int lf_role_put(lf_txn *t, const lf_role *r)
{
    lf_key k;
    lf_link_key(&k, &r->tenant_id, &r->id);
    int rc = lf_put(t, LF_T_ROLE_TENANT, lf_key_val(&k), (lf_val){"", 0});
    return rc ? rc : lf_rec_put(t, LF_T_ROLE, lf_uuid_val(&r->id), &role_rt, r);
}

int lf_role_all(lf_txn *t, const lf_uuid *tenant, lf_arena *a, lf_ids *out)
{
    return lf_link_scan(t, LF_T_ROLE_TENANT, tenant, a, out);
}

int lf_role_users(lf_txn *t, const lf_uuid *role, lf_arena *a, lf_ids *out)
{
    return lf_link_scan(t, LF_T_ROLE_USER, role, a, out);
}

int lf_user_roles(lf_txn *t, const lf_uuid *user, lf_arena *a, lf_ids *out)
{
    return lf_link_scan(t, LF_T_USER_ROLE, user, a, out);
}

int lf_role_link(lf_txn *t, const lf_uuid *role, const lf_uuid *user)
{
    return lf_link_put2(t, LF_T_ROLE_USER, LF_T_USER_ROLE, role, user, (lf_val){"", 0});
}

int lf_role_unlink(lf_txn *t, const lf_uuid *role, const lf_uuid *user,
                   const lf_uuid *operator_id, int64_t now)
{
    lf_key k;
    lf_val v;
    lf_link_key(&k, role, user);
    int rc = lf_get(t, LF_T_ROLE_USER, lf_key_val(&k), &v);
    if (rc == LF_OK)
        rc = lf_archive_link(t, "user_role", "role_id", role, "user_id", user, operator_id, now);
    return rc ? rc : lf_link_del2(t, LF_T_ROLE_USER, LF_T_USER_ROLE, role, user);
}

int lf_role_delete(lf_txn *t, const lf_role *r, const lf_uuid *operator_id, int64_t now)
{
    lf_arena a;
    lf_ids users = {0};
    lf_arena_init(&a, 4096, 0);
    int rc = lf_role_users(t, &r->id, &a, &users);
    for (size_t i = 0; rc == LF_OK && i < users.n; i++)
        rc = lf_role_unlink(t, &r->id, &users.v[i], operator_id, now);
    if (rc == LF_OK)
        rc = lf_archive_record(t, LF_T_ROLE, "role", &r->id);
    if (rc == LF_OK) {
        lf_key k;
        lf_link_key(&k, &r->tenant_id, &r->id);
        rc = lf_del(t, LF_T_ROLE_TENANT, lf_key_val(&k));
        if (rc == LF_OK || rc == LF_ENOTFOUND)
            rc = lf_del(t, LF_T_ROLE, lf_uuid_val(&r->id));
    }
    lf_arena_free(&a);
    return rc;
}
