/* Which departments a user belongs to, with exactly one primary. */
#include "loonflow/accounts.h"
#include "org_links.h"
#include "rec_io.h"

#include <string.h>

static const uint8_t PRIMARY = 1, SECONDARY = 0;

int lf_user_depts(lf_txn *t, const lf_uuid *user, lf_arena *a, lf_user_dept **out, size_t *n)
{
    lf_cursor *c;
    lf_val k, v;
    size_t cap = 0;
    *out = NULL;
    *n = 0;
    int rc = lf_cursor_open(t, LF_T_USER_DEPT, &c);
    if (rc)
        return rc;
    for (rc = lf_cursor_seek(c, lf_uuid_val(user), &k, &v); rc == LF_OK;
         rc = lf_cursor_next(c, &k, &v)) {
        if (k.n != 32 || memcmp(k.p, user->b, 16) != 0)
            break;
        if (*n == cap) {
            cap = cap ? cap * 2 : 8;
            lf_user_dept *grown = lf_arena_alloc(a, cap * sizeof *grown);
            if (!grown) {
                rc = LF_ENOMEM;
                break;
            }
            if (*n)
                memcpy(grown, *out, *n * sizeof *grown);
            *out = grown;
        }
        lf_user_dept *ud = &(*out)[(*n)++];
        memcpy(ud->dept_id.b, (const uint8_t *)k.p + 16, 16);
        ud->is_primary = v.n == 1 && *(const uint8_t *)v.p == PRIMARY;
        if (ud->is_primary && *n > 1) { /* primary first, the rest in key order */
            lf_user_dept p = *ud;
            memmove(*out + 1, *out, (*n - 1) * sizeof p);
            (*out)[0] = p;
        }
    }
    lf_cursor_close(c);
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}

static int put_membership(lf_txn *t, const lf_uuid *user, const lf_uuid *dept, int primary)
{
    return lf_link_put2(t, LF_T_USER_DEPT, LF_T_DEPT_USER, user, dept,
                        (lf_val){primary ? &PRIMARY : &SECONDARY, 1});
}

static int drop_membership(lf_txn *t, const lf_uuid *user, const lf_uuid *dept,
                           const lf_uuid *operator_id, int64_t now)
{
    int rc = lf_archive_link(t, "user_dept", "user_id", user, "dept_id", dept, operator_id, now);
    return rc ? rc : lf_link_del2(t, LF_T_USER_DEPT, LF_T_DEPT_USER, user, dept);
}

int lf_user_dept_remove(lf_txn *t, const lf_uuid *user, const lf_uuid *dept,
                        const lf_uuid *operator_id, int64_t now)
{
    lf_arena a;
    lf_user_dept *cur;
    size_t n;
    lf_arena_init(&a, 4096, 0);
    int rc = lf_user_depts(t, user, &a, &cur, &n);
    int was_primary = 0;
    for (size_t i = 0; i < n; i++)
        if (lf_uuid_eq(&cur[i].dept_id, dept))
            was_primary = cur[i].is_primary;
    if (rc == LF_OK)
        rc = drop_membership(t, user, dept, operator_id, now);
    for (size_t i = 0; rc == LF_OK && was_primary && i < n; i++) {
        if (!lf_uuid_eq(&cur[i].dept_id, dept)) {
            rc = put_membership(t, user, &cur[i].dept_id, 1);
            break;
        }
    }
    lf_arena_free(&a);
    return rc;
}

int lf_user_set_depts(lf_txn *t, const lf_uuid *user, const lf_ids *depts,
                      const lf_uuid *operator_id, int64_t now)
{
    lf_arena a;
    lf_user_dept *cur;
    size_t n;
    lf_arena_init(&a, 4096, 0);
    int rc = lf_user_depts(t, user, &a, &cur, &n);
    for (size_t i = 0; rc == LF_OK && i < n; i++) {
        if (lf_ids_has(depts, &cur[i].dept_id))
            continue;
        rc = drop_membership(t, user, &cur[i].dept_id, operator_id, now);
    }
    /* Rewriting the kept ones too moves the primary flag to the first. */
    for (size_t i = 0; rc == LF_OK && i < depts->n; i++)
        rc = put_membership(t, user, &depts->v[i], i == 0);
    lf_arena_free(&a);
    return rc;
}

int lf_user_depts_up(lf_txn *t, const lf_uuid *tenant, const lf_uuid *user, lf_arena *a,
                     lf_ids *out)
{
    lf_user_dept *ud;
    size_t n;
    lf_ids all = {0};
    int rc = lf_user_depts(t, user, a, &ud, &n);
    for (size_t i = 0; rc == LF_OK && i < n; i++) {
        lf_dept d;
        if (lf_dept_get(t, tenant, &ud[i].dept_id, a, &d) != LF_OK)
            continue; /* another tenant's or gone: reaches nothing here */
        rc = lf_ids_push(&all, a, &ud[i].dept_id);
        if (rc == LF_OK)
            rc = lf_dept_ancestors(t, tenant, &ud[i].dept_id, a, &all);
    }
    lf_ids_sort_unique(&all);
    for (size_t i = 0; rc == LF_OK && i < all.n; i++)
        rc = lf_ids_push(out, a, &all.v[i]);
    return rc;
}
