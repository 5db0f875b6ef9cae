#include "ticket_ix.h"

#include <string.h>

_Static_assert(LF_TS__COUNT <= LF_TIX_STATE_TAG, "plain tags must stay below the state tags");

int lf_tix_state_no(lf_str s)
{
    static const char *const states[] = {LF_ACT_IN_DRAFT, LF_ACT_ON_GOING, LF_ACT_REJECTED,
                                         LF_ACT_WITHDRAWN, LF_ACT_FINISHED, LF_ACT_CLOSED};
    for (size_t i = 0; i < sizeof states / sizeof *states; i++)
        if (lf_str_eqz(s, states[i]))
            return (int)i;
    return -1;
}

int lf_tix_tag(lf_ticket_source src, const char *act_state)
{
    if (src != LF_TS_STATE)
        return (int)src;
    int no = act_state ? lf_tix_state_no(lf_strz(act_state)) : -1;
    return no < 0 ? -1 : LF_TIX_STATE_TAG + no;
}

static void prefix_key(lf_key *k, uint8_t tag, const lf_uuid *owner)
{
    uint8_t b = tag;
    lf_key_init(k);
    lf_key_bytes(k, &b, 1);
    lf_key_uuid(k, owner);
}

static void entry_key(lf_key *k, uint8_t tag, const lf_uuid *owner, const lf_ticket *tk)
{
    prefix_key(k, tag, owner);
    lf_key_be64(k, (uint64_t)tk->created_at);
    lf_key_be64(k, (uint64_t)tk->seq);
}

static int bump(lf_txn *t, uint8_t tag, const lf_uuid *owner, int delta)
{
    lf_key k, v;
    lf_val cur;
    uint64_t n = 0;
    prefix_key(&k, tag, owner);
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

/* Puts (add) or removes the entry; only a real change moves the counter. */
static int change(lf_txn *t, lf_ticket_source src, const lf_uuid *owner, const lf_ticket *tk, int add)
{
    int tag = lf_tix_tag(src, tk->act_state);
    if (tag < 0)
        return LF_OK;
    lf_key k;
    entry_key(&k, (uint8_t)tag, owner, tk);
    int rc = add ? lf_put_new(t, LF_T_TICKET_LIST, lf_key_val(&k), (lf_val){tk->id.b, 16})
                 : lf_del(t, LF_T_TICKET_LIST, lf_key_val(&k));
    if (rc == (add ? LF_EEXIST : LF_ENOTFOUND))
        return LF_OK;
    return rc ? rc : bump(t, (uint8_t)tag, owner, add ? 1 : -1);
}

int lf_tix_add(lf_txn *t, lf_ticket_source src, const lf_uuid *owner, const lf_ticket *tk)
{
    return change(t, src, owner, tk, 1);
}

int lf_tix_del(lf_txn *t, lf_ticket_source src, const lf_uuid *owner, const lf_ticket *tk)
{
    return change(t, src, owner, tk, 0);
}
