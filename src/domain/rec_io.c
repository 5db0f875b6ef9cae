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
