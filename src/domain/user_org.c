/* Users as members of the organisation: tenant lists and the delete that
 * takes every link of the user with it. */
#include "loonflow/accounts.h"
#include "org_links.h"
#include "rec_io.h"

#include <string.h>

int lf_user_get_in(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a, lf_user *out)
{
    int rc = lf_user_get(t, id, a, out);
    if (rc == LF_OK && !lf_uuid_eq(&out->tenant_id, tenant))
        rc = LF_ENOTFOUND;
    return rc;
}

int lf_user_all(lf_txn *t, const lf_uuid *tenant, lf_arena *a, lf_ids *out)
{
    return lf_link_scan(t, LF_T_USER_TENANT, tenant, a, out);
}

int lf_user_delete(lf_txn *t, const lf_user *u, const lf_uuid *operator_id, int64_t now)
{
    lf_arena a;
    lf_ids ids = {0};
    lf_user_dept *depts;
    size_t n;
    lf_arena_init(&a, 4096, 0);
    int rc = lf_user_depts(t, &u->id, &a, &depts, &n);
    for (size_t i = 0; rc == LF_OK && i < n; i++)
        rc = lf_user_dept_remove(t, &u->id, &depts[i].dept_id, operator_id, now);
    if (rc == LF_OK)
        rc = lf_user_roles(t, &u->id, &a, &ids);
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++)
        rc = lf_role_unlink(t, &ids.v[i], &u->id, operator_id, now);
    ids.n = 0;
    if (rc == LF_OK)
        rc = lf_link_scan(t, LF_T_APPROVER_DEPT, &u->id, &a, &ids);
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        rc = lf_archive_link(t, "dept_approver", "dept_id", &ids.v[i], "user_id", &u->id,
                             operator_id, now);
        if (rc == LF_OK)
            rc = lf_link_del2(t, LF_T_DEPT_APPROVER, LF_T_APPROVER_DEPT, &ids.v[i], &u->id);
    }
    ids.n = 0;
    if (rc == LF_OK)
        rc = lf_dept_all(t, &u->tenant_id, &a, &ids);
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
        lf_dept old, d;
        rc = lf_dept_get(t, &u->tenant_id, &ids.v[i], &a, &old);
        if (rc == LF_OK && lf_uuid_eq(&old.leader_id, &u->id)) {
            d = old;
            memset(&d.leader_id, 0, sizeof d.leader_id); /* the dept is left without a leader */
            d.updated_at = now;
            rc = lf_dept_update(t, &old, &d);
        }
    }
    if (rc == LF_OK)
        rc = lf_pat_delete_of_user(t, &u->id, &a);
    if (rc == LF_OK)
        rc = lf_archive_record(t, LF_T_USER, "user", &u->id);
    if (rc == LF_OK) {
        lf_key k;
        lf_link_key(&k, &u->tenant_id, &u->id);
        rc = lf_del(t, LF_T_USER_TENANT, lf_key_val(&k));
        if (rc == LF_OK || rc == LF_ENOTFOUND)
            rc = lf_del(t, LF_T_USER_EMAIL, (lf_val){u->email, strlen(u->email)});
        if (rc == LF_OK || rc == LF_ENOTFOUND)
            rc = lf_del(t, LF_T_USER, lf_uuid_val(&u->id));
    }
    lf_arena_free(&a);
    return rc;
}
