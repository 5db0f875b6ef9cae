#include "ticket_ix.h"

#include <string.h>

static void prefix_key(lf_key *k, lf_ticket_source src, const lf_uuid *owner)
{
    uint8_t b = (uint8_t)src;
    lf_key_init(k);
    lf_key_bytes(k, &b, 1);
    lf_key_uuid(k, owner);
}

static void entry_key(lf_key *k, lf_ticket_source src, const lf_uuid *owner, const lf_ticket *tk)
{
    prefix_key(k, src, owner);
    lf_key_be64(k, (uint64_t)tk->created_at);
    lf_key_be64(k, (uint64_t)tk->seq);
}

static int bump(lf_txn *t, lf_ticket_source src, const lf_uuid *owner, int delta)
{
    lf_key k, v;
    lf_val cur;
    uint64_t n = 0;
    prefix_key(&k, src, owner);
    int rc = lf_get(t, LF_T_TICKET_COUNT, lf_key_val(&k), &cur);
    if (rc == LF_OK && cur.n == 8)
        n = lf_be64_read(cur.p);
    else if (rc != LF_ENOTFOUND && rc != LF_OK)
        return rc;
    n = delta > 0 ? n + 1 : (n ? n - 1 : 0);
    if (n == 0)
        return rc == LF_OK ? lf_del(t, LF_T_TICKET_COUNT, lf_key_val(&k)) : LF_OK;
    lf_key_init(&v);
    lf_key_be64(&v, n);
    return lf_put(t, LF_T_TICKET_COUNT, lf_key_val(&k), lf_key_val(&v));
}

int lf_tix_add(lf_txn *t, lf_ticket_source src, const lf_uuid *owner, const lf_ticket *tk)
{
    lf_key k;
    entry_key(&k, src, owner, tk);
    int rc = lf_put_new(t, LF_T_TICKET_LIST, lf_key_val(&k), (lf_val){tk->id.b, 16});
    if (rc == LF_EEXIST)
        return LF_OK;
    return rc ? rc : bump(t, src, owner, 1);
}

int lf_tix_del(lf_txn *t, lf_ticket_source src, const lf_uuid *owner, const lf_ticket *tk)
{
    lf_key k;
    entry_key(&k, src, owner, tk);
    int rc = lf_del(t, LF_T_TICKET_LIST, lf_key_val(&k));
    if (rc == LF_ENOTFOUND)
        return LF_OK;
    return rc ? rc : bump(t, src, owner, -1);
}
