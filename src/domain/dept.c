/* Departments: records, the parent/child index and the walks over it. */
#include "loonflow/accounts.h"
#include "org_links.h"
#include "rec_io.h"

#include <string.h>

/* A tree deeper than this is corrupt (or cyclic): walks stop there. */
#define DEPT_MAX_DEPTH 256

static const lf_field dept_fields[] = {
    LF_FIELD(lf_dept, id, LF_F_UUID),
    LF_FIELD(lf_dept, tenant_id, LF_F_UUID),
    LF_FIELD(lf_dept, label, LF_F_JSON),
    LF_FIELD(lf_dept, creator_id, LF_F_UUID),
    LF_FIELD(lf_dept, created_at, LF_F_I64),
    LF_FIELD(lf_dept, updated_at, LF_F_I64),
    LF_FIELD(lf_dept, name, LF_F_STR),
    LF_FIELD(lf_dept, parent_id, LF_F_UUID),
    LF_FIELD(lf_dept, leader_id, LF_F_UUID),
};
static const lf_record_type dept_rt = {dept_fields, sizeof dept_fields / sizeof *dept_fields};

static void child_key(lf_key *k, const lf_dept *d)
{
    lf_key_init(k);
    lf_key_uuid(k, &d->tenant_id);
    lf_key_uuid(k, &d->parent_id);
    lf_key_uuid(k, &d->id);
}

int lf_dept_get(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a, lf_dept *out)
{
    int rc = lf_rec_get(t, LF_T_DEPT, lf_uuid_val(id), &dept_rt, a, out);
    if (rc == LF_OK && tenant && !lf_uuid_eq(&out->tenant_id, tenant))
        rc = LF_ENOTFOUND;
    return rc;
}

int lf_dept_insert(lf_txn *t, const lf_dept *d)
{
    lf_key k;
    child_key(&k, d);
    int rc = lf_put(t, LF_T_DEPT_CHILD, lf_key_val(&k), (lf_val){"", 0});
    return rc ? rc : lf_rec_put(t, LF_T_DEPT, lf_uuid_val(&d->id), &dept_rt, d);
}

int lf_dept_update(lf_txn *t, const lf_dept *old, const lf_dept *d)
{
    int rc = LF_OK;
    if (!lf_uuid_eq(&old->parent_id, &d->parent_id)) {
        lf_key k;
        child_key(&k, old);
        rc = lf_del(t, LF_T_DEPT_CHILD, lf_key_val(&k));
        if (rc == LF_OK || rc == LF_ENOTFOUND) {
            child_key(&k, d);
            rc = lf_put(t, LF_T_DEPT_CHILD, lf_key_val(&k), (lf_val){"", 0});
        }
    }
    return rc ? rc : lf_rec_put(t, LF_T_DEPT, lf_uuid_val(&d->id), &dept_rt, d);
}


int lf_dept_children(lf_txn *t, const lf_uuid *tenant, const lf_uuid *parent, lf_arena *a,
                     lf_ids *out)
{
    lf_key k;
    lf_key_init(&k);
    lf_key_uuid(&k, tenant);
    lf_key_uuid(&k, parent);
    return lf_rec_ids(t, LF_T_DEPT_CHILD, lf_key_val(&k), 0, a, out);
}

int lf_dept_all(lf_txn *t, const lf_uuid *tenant, lf_arena *a, lf_ids *out)
{
    lf_key k;
    lf_key_init(&k);
    lf_key_uuid(&k, tenant);
    return lf_rec_ids(t, LF_T_DEPT_CHILD, lf_key_val(&k), 0, a, out);
}

int lf_dept_ancestors(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a,
                      lf_ids *out)
{
    lf_dept d;
    size_t start = out->n;
    int rc = lf_dept_get(t, tenant, id, a, &d);
    for (int depth = 0; rc == LF_OK && !lf_uuid_is_zero(&d.parent_id); depth++) {
        int seen = lf_uuid_eq(&d.parent_id, id);
        for (size_t i = start; i < out->n && !seen; i++) /* only this walk's own ids */
            seen = lf_uuid_eq(&out->v[i], &d.parent_id);
        if (depth == DEPT_MAX_DEPTH || seen) {
            lf_log(LF_LOG_ERROR, "department tree has a cycle or is too deep");
            return LF_EINVAL;
        }
        lf_uuid parent = d.parent_id;
        rc = lf_dept_get(t, tenant, &parent, a, &d);
        if (rc == LF_ENOTFOUND) /* a dangling parent ends the chain */
            return LF_OK;
        if (rc == LF_OK)
            rc = lf_ids_push(out, a, &parent);
    }
    return rc;
}

int lf_dept_descendants(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, lf_arena *a,
                        lf_ids *out)
{
    size_t start = out->n;
    int rc = lf_dept_children(t, tenant, id, a, out);
    /* The list is its own queue: each child's children are appended. */
    for (size_t i = start; rc == LF_OK && i < out->n; i++) {
        if (lf_uuid_eq(&out->v[i], id))
            return LF_EINVAL;
        rc = lf_dept_children(t, tenant, &out->v[i], a, out);
    }
    return rc;
}

int lf_dept_depth(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, int *out)
{
    lf_arena a;
    lf_ids up = {0};
    lf_arena_init(&a, 4096, 0);
    int rc = lf_dept_ancestors(t, tenant, id, &a, &up);
    *out = (int)up.n + 1;
    lf_arena_free(&a);
    return rc;
}

static int height(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, int depth, int *out)
{
    lf_arena a;
    lf_ids kids = {0};
    if (depth > DEPT_MAX_DEPTH)
        return LF_EINVAL;
    lf_arena_init(&a, 1024, 0);
    int rc = lf_dept_children(t, tenant, id, &a, &kids);
    *out = 1;
    for (size_t i = 0; rc == LF_OK && i < kids.n; i++) {
        int h;
        rc = height(t, tenant, &kids.v[i], depth + 1, &h);
        if (rc == LF_OK && h + 1 > *out)
            *out = h + 1;
    }
    lf_arena_free(&a);
    return rc;
}

int lf_dept_height(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id, int *out)
{
    return height(t, tenant, id, 0, out);
}

int lf_dept_is_within(lf_txn *t, const lf_uuid *tenant, const lf_uuid *id,
                      const lf_uuid *ancestor)
{
    if (lf_uuid_eq(id, ancestor))
        return 1;
    lf_arena a;
    lf_ids up = {0};
    lf_arena_init(&a, 4096, 0);
    int within = lf_dept_ancestors(t, tenant, id, &a, &up) != LF_OK || lf_ids_has(&up, ancestor);
    lf_arena_free(&a);
    return within;
}

int lf_dept_path(lf_txn *t, const lf_dept *d, lf_arena *a, const char **out)
{
    lf_ids up = {0};
    int rc = lf_dept_ancestors(t, &d->tenant_id, &d->id, a, &up);
    if (rc)
        return rc;
    lf_buf b;
    lf_buf_init(&b, 1 << 20);
    for (size_t i = up.n; i-- > 0;) {
        lf_dept p;
        if (lf_dept_get(t, &d->tenant_id, &up.v[i], a, &p) == LF_OK) {
            lf_buf_puts(&b, p.name);
            lf_buf_putc(&b, '-');
        }
    }
    lf_buf_puts(&b, d->name);
    *out = b.oom ? NULL : lf_arena_strndup(a, b.p, b.n);
    lf_buf_free(&b);
    return *out ? LF_OK : LF_ENOMEM;
}

int lf_dept_approvers(lf_txn *t, const lf_uuid *dept, lf_arena *a, lf_ids *out)
{
    return lf_link_scan(t, LF_T_DEPT_APPROVER, dept, a, out);
}

int lf_dept_set_approvers(lf_txn *t, const lf_uuid *dept, const lf_ids *users,
                          const lf_uuid *operator_id, int64_t now)
{
    lf_arena a;
    lf_ids cur = {0};
    lf_arena_init(&a, 4096, 0);
    int rc = lf_dept_approvers(t, dept, &a, &cur);
    for (size_t i = 0; rc == LF_OK && i < cur.n; i++) {
        if (lf_ids_has(users, &cur.v[i]))
            continue;
        rc = lf_archive_link(t, "dept_approver", "dept_id", dept, "user_id", &cur.v[i],
                             operator_id, now);
        if (rc == LF_OK)
            rc = lf_link_del2(t, LF_T_DEPT_APPROVER, LF_T_APPROVER_DEPT, dept, &cur.v[i]);
    }
    for (size_t i = 0; rc == LF_OK && i < users->n; i++)
        if (!lf_ids_has(&cur, &users->v[i]))
            rc = lf_link_put2(t, LF_T_DEPT_APPROVER, LF_T_APPROVER_DEPT, dept, &users->v[i],
                              (lf_val){"", 0});
    lf_arena_free(&a);
    return rc;
}

int lf_dept_approvers_or_leader(lf_txn *t, const lf_dept *d, lf_arena *a, lf_ids *out)
{
    size_t start = out->n;
    int rc = lf_dept_approvers(t, &d->id, a, out);
    if (rc == LF_OK && out->n == start && !lf_uuid_is_zero(&d->leader_id))
        rc = lf_ids_push(out, a, &d->leader_id);
    return rc;
}

int lf_dept_users(lf_txn *t, const lf_uuid *dept, lf_arena *a, lf_ids *out)
{
    return lf_link_scan(t, LF_T_DEPT_USER, dept, a, out);
}

int lf_dept_users_deep(lf_txn *t, const lf_uuid *tenant, const lf_uuid *dept, lf_arena *a,
                       lf_ids *out)
{
    lf_ids depts = {0}, all = {0};
    int rc = lf_ids_push(&depts, a, dept);
    if (rc == LF_OK)
        rc = lf_dept_descendants(t, tenant, dept, a, &depts);
    for (size_t i = 0; rc == LF_OK && i < depts.n; i++)
        rc = lf_dept_users(t, &depts.v[i], a, &all);
    lf_ids_sort_unique(&all);
    for (size_t i = 0; rc == LF_OK && i < all.n; i++)
        rc = lf_ids_push(out, a, &all.v[i]);
    return rc;
}

int lf_dept_delete(lf_txn *t, const lf_dept *d, const lf_uuid *operator_id, int64_t now)
{
    lf_arena a;
    lf_ids ids = {0};
    lf_arena_init(&a, 4096, 0);
    int rc = lf_dept_children(t, &d->tenant_id, &d->id, &a, &ids);
    if (rc == LF_OK && ids.n)
        rc = LF_EEXIST;
    if (rc == LF_OK)
        rc = lf_archive_record(t, LF_T_DEPT, "dept", &d->id);
    if (rc == LF_OK) {
        lf_ids none = {0};
        rc = lf_dept_set_approvers(t, &d->id, &none, operator_id, now);
    }
    if (rc == LF_OK)
        rc = lf_dept_users(t, &d->id, &a, &ids);
    for (size_t i = 0; rc == LF_OK && i < ids.n; i++)
        rc = lf_user_dept_remove(t, &ids.v[i], &d->id, operator_id, now);
    if (rc == LF_OK) {
        lf_key k;
        child_key(&k, d);
        rc = lf_del(t, LF_T_DEPT_CHILD, lf_key_val(&k));
        if (rc == LF_OK || rc == LF_ENOTFOUND)
            rc = lf_del(t, LF_T_DEPT, lf_uuid_val(&d->id));
    }
    lf_arena_free(&a);
    return rc;
}
