#include "rec_io.h"

#include <string.h>

lf_val lf_uuid_val(const lf_uuid *u)
{
    return (lf_val){u->b, sizeof u->b};
}

int lf_rec_get(lf_txn *t, lf_table tb, lf_val key, const lf_record_type *rt, lf_arena *a,
               void *out)
{
    lf_val v;
    int rc = lf_get(t, tb, key, &v);
    if (rc)
        return rc;
    rc = lf_record_decode(rt, v.p, v.n, a, out);
    if (rc)
        lf_log(LF_LOG_ERROR, "corrupt record in table %s", lf_table_name(tb));
    return rc;
}

int lf_rec_put(lf_txn *t, lf_table tb, lf_val key, const lf_record_type *rt, const void *rec)
{
    lf_buf b;
    lf_buf_init(&b, 1 << 24);
    lf_record_encode(rt, rec, &b);
    int rc = b.oom ? LF_ENOMEM : lf_put(t, tb, key, (lf_val){b.p, b.n}); /* put copies */
    lf_buf_free(&b);
    return rc;
}

int lf_rec_get_via(lf_txn *t, lf_table index, lf_val ikey, lf_table tb, const lf_record_type *rt,
                   lf_arena *a, void *out)
{
    lf_val id;
    int rc = lf_get(t, index, ikey, &id);
    if (rc)
        return rc;
    if (id.n != sizeof(lf_uuid))
        return LF_EINVAL;
    return lf_rec_get(t, tb, id, rt, a, out);
}

int lf_rec_scan(lf_txn *t, lf_table tb, lf_val prefix, const lf_record_type *rt, size_t size,
                lf_arena *a, void **out, size_t *n)
{
    lf_cursor *c;
    lf_val k, v;
    size_t cap = 4, cnt = 0;
    char *rows = lf_arena_alloc(a, cap * size);
    int rc = rows ? lf_cursor_open(t, tb, &c) : LF_ENOMEM;
    if (rc)
        return rc;
    for (rc = lf_cursor_seek(c, prefix, &k, &v);
         rc == LF_OK && k.n >= prefix.n && memcmp(k.p, prefix.p, prefix.n) == 0;
         rc = lf_cursor_next(c, &k, &v)) {
        if (cnt == cap) { /* arena memory is not freed: doubling keeps the waste bounded */
            char *more = lf_arena_alloc(a, 2 * cap * size);
            if (!more) {
                rc = LF_ENOMEM;
                break;
            }
            memcpy(more, rows, cnt * size);
            rows = more;
            cap *= 2;
        }
        if ((rc = lf_record_decode(rt, v.p, v.n, a, rows + cnt * size)))
            break;
        cnt++;
    }
    lf_cursor_close(c);
    if (rc != LF_OK && rc != LF_ENOTFOUND)
        return rc;
    *out = rows;
    *n = cnt;
    return LF_OK;
}

int lf_rec_ids(lf_txn *t, lf_table index, lf_val prefix, int newest_first, lf_arena *a,
               lf_ids *out)
{
    lf_cursor *c;
    lf_val k, v;
    int rc = lf_cursor_open(t, index, &c);
    if (rc)
        return rc;
    rc = newest_first ? lf_cursor_seek_last_prefix(c, prefix, &k, &v)
                      : lf_cursor_seek(c, prefix, &k, &v);
    while (rc == LF_OK && k.n >= prefix.n + sizeof(lf_uuid) &&
           memcmp(k.p, prefix.p, prefix.n) == 0) {
        lf_uuid id;
        memcpy(id.b, (const uint8_t *)k.p + k.n - sizeof id.b, sizeof id.b);
        if ((rc = lf_ids_push(out, a, &id)))
            break;
        rc = newest_first ? lf_cursor_prev(c, &k, &v) : lf_cursor_next(c, &k, &v);
    }
    lf_cursor_close(c);
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}
