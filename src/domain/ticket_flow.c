#include "loonflow/ticket.h"
#include "rec_io.h"
#include "ticket_key.h"

#include <string.h>

static const lf_field flow_fields[] = {
    LF_FIELD(lf_flow, id, LF_F_UUID),
    LF_FIELD(lf_flow, ticket_id, LF_F_UUID),
    LF_FIELD(lf_flow, creator_id, LF_F_UUID),
    LF_FIELD(lf_flow, created_at, LF_F_I64),
    LF_FIELD(lf_flow, seq, LF_F_I64),
    LF_FIELD(lf_flow, node_id, LF_F_UUID),
    LF_FIELD(lf_flow, action_id, LF_F_UUID),
    LF_FIELD(lf_flow, action_type, LF_F_STR),
    LF_FIELD(lf_flow, comment, LF_F_STR),
    LF_FIELD(lf_flow, processor_type, LF_F_STR),
    LF_FIELD(lf_flow, processor, LF_F_STR),
    LF_FIELD(lf_flow, ticket_data, LF_F_JSON),
};
static const lf_record_type flow_rt = {flow_fields, sizeof flow_fields / sizeof *flow_fields};

static lf_val seq_key(lf_key *k, const lf_uuid *ticket, uint64_t seq)
{
    lf_key_init(k);
    lf_key_uuid(k, ticket);
    lf_key_be64(k, seq);
    return lf_key_val(k);
}

/* History is append-only and numbered 1..n per ticket, so the last number
 * is also the count. */
static int last_seq(lf_txn *t, const lf_uuid *ticket, uint64_t *out)
{
    lf_cursor *c;
    lf_val k, v;
    int rc = lf_cursor_open(t, LF_T_FLOW, &c);
    if (rc)
        return rc;
    rc = lf_cursor_seek_last_prefix(c, (lf_val){ticket->b, 16}, &k, &v);
    *out = rc == LF_OK && k.n == 24 ? lf_be64_read((const uint8_t *)k.p + 16) : 0;
    lf_cursor_close(c);
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}

int lf_flow_append(lf_txn *t, lf_flow *f)
{
    uint64_t seq;
    lf_key k;
    int rc = last_seq(t, &f->ticket_id, &seq);
    if (rc == LF_OK && lf_uuid_is_zero(&f->id))
        rc = lf_uuid_v4(&f->id);
    if (rc)
        return rc;
    f->seq = (int64_t)seq + 1;
    return lf_rec_put(t, LF_T_FLOW, seq_key(&k, &f->ticket_id, (uint64_t)f->seq), &flow_rt, f);
}

int lf_flow_page(lf_txn *t, const lf_uuid *ticket, int oldest_first, int64_t page,
                 int64_t per_page, lf_arena *a, lf_flow **out, size_t *n, int64_t *total)
{
    uint64_t last;
    int rc = last_seq(t, ticket, &last);
    if (rc)
        return rc;
    *total = (int64_t)last;
    *n = 0;
    *out = NULL;
    if (page < 1 || per_page < 1 || (uint64_t)(page - 1) > last / (uint64_t)per_page)
        return LF_OK; /* also keeps the product below from overflowing */
    uint64_t skip = (uint64_t)(page - 1) * (uint64_t)per_page;
    if (skip >= last)
        return LF_OK;
    uint64_t count = last - skip < (uint64_t)per_page ? last - skip : (uint64_t)per_page;
    lf_flow *rows = lf_arena_alloc(a, count * sizeof *rows);
    if (!rows)
        return LF_ENOMEM;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t seq = oldest_first ? skip + i + 1 : last - skip - i;
        lf_key k;
        if ((rc = lf_rec_get(t, LF_T_FLOW, seq_key(&k, ticket, seq), &flow_rt, a, &rows[i])))
            return rc;
    }
    *out = rows;
    *n = (size_t)count;
    return LF_OK;
}
