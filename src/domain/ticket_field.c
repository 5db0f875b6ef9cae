#include "loonflow/ticket.h"
#include "ticket_key.h"

#include <string.h>

#define FIELD_KEY_MAX 100

static int field_key(lf_key *k, const lf_uuid *ticket, lf_str key, lf_val *out)
{
    if (key.n == 0 || key.n > FIELD_KEY_MAX)
        return LF_EINVAL;
    *out = lf_tkey2(k, ticket, key.p, key.n);
    return LF_OK;
}

int lf_ticket_field_get(lf_txn *t, const lf_uuid *ticket, lf_str key, lf_val *json)
{
    lf_key k;
    lf_val kv;
    int rc = field_key(&k, ticket, key, &kv);
    return rc ? LF_ENOTFOUND : lf_get(t, LF_T_TICKET_FIELD, kv, json);
}

int lf_ticket_field_put(lf_txn *t, const lf_uuid *ticket, lf_str key, lf_str json)
{
    lf_key k;
    lf_val kv;
    int rc = field_key(&k, ticket, key, &kv);
    return rc ? rc : lf_put(t, LF_T_TICKET_FIELD, kv, (lf_val){json.p, json.n});
}

int lf_ticket_field_del(lf_txn *t, const lf_uuid *ticket, lf_str key)
{
    lf_key k;
    lf_val kv;
    int rc = field_key(&k, ticket, key, &kv);
    if (rc == LF_OK && (rc = lf_del(t, LF_T_TICKET_FIELD, kv)) == LF_ENOTFOUND)
        rc = LF_OK;
    return rc;
}

int lf_ticket_field_each(lf_txn *t, const lf_uuid *ticket,
                         int (*fn)(lf_str key, lf_str json, void *ctx), void *ctx)
{
    lf_cursor *c;
    lf_val k, v;
    int rc = lf_cursor_open(t, LF_T_TICKET_FIELD, &c);
    if (rc)
        return rc;
    for (rc = lf_cursor_seek(c, (lf_val){ticket->b, 16}, &k, &v);
         rc == LF_OK && k.n > 16 && memcmp(k.p, ticket->b, 16) == 0;
         rc = lf_cursor_next(c, &k, &v)) {
        lf_str key = {(const char *)k.p + 16, k.n - 16};
        if (fn(key, (lf_str){v.p, v.n}, ctx))
            break;
    }
    lf_cursor_close(c);
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}
