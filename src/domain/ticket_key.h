/* Private to the ticket store: keys "ticket id + something". */
#ifndef LF_DOMAIN_TICKET_KEY_H
#define LF_DOMAIN_TICKET_KEY_H

#include "loonflow/store.h"

static inline lf_val lf_tkey2(lf_key *k, const lf_uuid *ticket, const void *p, size_t n)
{
    lf_key_init(k);
    lf_key_uuid(k, ticket);
    lf_key_bytes(k, p, n);
    return lf_key_val(k);
}

#endif
