/* Link rows, id lists and archiving of links: the pieces the department,
 * membership and role code share. */
#include "org_links.h"
#include "loonflow/json.h"
#include "rec_io.h"

#include <stdlib.h>
#include <string.h>

int lf_ids_push(lf_ids *l, lf_arena *a, const lf_uuid *id)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        lf_uuid *v = lf_arena_alloc(a, cap * sizeof *v);
        if (!v)
            return LF_ENOMEM;
        if (l->n)
            memcpy(v, l->v, l->n * sizeof *v);
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = *id;
    return LF_OK;
}

int lf_ids_has(const lf_ids *l, const lf_uuid *id)
{
    for (size_t i = 0; i < l->n; i++)
        if (lf_uuid_eq(&l->v[i], id))
            return 1;
    return 0;
}

static int cmp_uuid(const void *a, const void *b)
{
    return memcmp(a, b, sizeof(lf_uuid));
}

void lf_ids_sort_unique(lf_ids *l)
{
    if (l->n < 2)
        return;
    qsort(l->v, l->n, sizeof *l->v, cmp_uuid);
    size_t k = 1;
    for (size_t i = 1; i < l->n; i++)
        if (!lf_uuid_eq(&l->v[i], &l->v[k - 1]))
            l->v[k++] = l->v[i];
    l->n = k;
}

void lf_link_key(lf_key *k, const lf_uuid *a, const lf_uuid *b)
{
    lf_key_init(k);
    lf_key_uuid(k, a);
    lf_key_uuid(k, b);
}

int lf_link_scan(lf_txn *t, lf_table tb, const lf_uuid *a, lf_arena *arena, lf_ids *out)
{
    return lf_rec_ids(t, tb, lf_uuid_val(a), 0, arena, out);
}

int lf_link_put2(lf_txn *t, lf_table fwd, lf_table back, const lf_uuid *a, const lf_uuid *b,
                 lf_val fv)
{
    lf_key k;
    lf_link_key(&k, a, b);
    int rc = lf_put(t, fwd, lf_key_val(&k), fv);
    if (rc == LF_OK) {
        lf_link_key(&k, b, a);
        rc = lf_put(t, back, lf_key_val(&k), (lf_val){"", 0});
    }
    return rc;
}

int lf_link_del2(lf_txn *t, lf_table fwd, lf_table back, const lf_uuid *a, const lf_uuid *b)
{
    lf_key k;
    lf_link_key(&k, a, b);
    int rc = lf_del(t, fwd, lf_key_val(&k));
    if (rc == LF_OK) {
        lf_link_key(&k, b, a);
        rc = lf_del(t, back, lf_key_val(&k));
        if (rc == LF_ENOTFOUND) /* a half-written pair heals here */
            rc = LF_OK;
    }
    return rc;
}

int lf_archive_link(lf_txn *t, const char *kind, const char *a_name, const lf_uuid *a_id,
                    const char *b_name, const lf_uuid *b_id, const lf_uuid *operator_id,
                    int64_t now)
{
    /* Link rows have no id of their own: each archived copy gets one. */
    lf_uuid id;
    int rc = lf_uuid_v4(&id);
    if (rc)
        return rc;
    lf_buf b;
    lf_buf_init(&b, 1024);
    lf_jw w;
    lf_jw_init(&w, &b);
    lf_jw_obj(&w);
    char s[LF_UUID_STRLEN + 1];
    lf_uuid_format(a_id, s);
    lf_jw_kstrz(&w, a_name, s);
    lf_uuid_format(b_id, s);
    lf_jw_kstrz(&w, b_name, s);
    lf_uuid_format(operator_id, s);
    lf_jw_kstrz(&w, "archived_by", s);
    lf_jw_ki64(&w, "archived_at", now);
    lf_jw_obj_end(&w);
    rc = b.oom || w.err ? LF_ENOMEM : lf_archive_put(t, kind, &id, (lf_val){b.p, b.n});
    lf_buf_free(&b);
    return rc;
}

int lf_archive_record(lf_txn *t, lf_table tb, const char *kind, const lf_uuid *id)
{
    lf_val v;
    int rc = lf_get(t, tb, lf_uuid_val(id), &v);
    return rc ? rc : lf_archive_put(t, kind, id, v);
}
