/* Private to the ticket store: the list index shared by every source. */
#ifndef LF_DOMAIN_TICKET_IX_H
#define LF_DOMAIN_TICKET_IX_H

#include "loonflow/ticket.h"

/* Key of a list entry: source byte, owner id, created_at, seq. */
#define LF_TIX_PREFIX 17
#define LF_TIX_KEY (LF_TIX_PREFIX + 16)

/* Adds or removes the entry of ticket tk under (source, owner), keeping the
 * prefix's counter; adding an existing entry or removing an absent one
 * changes nothing. */
int lf_tix_add(lf_txn *t, lf_ticket_source src, const lf_uuid *owner, const lf_ticket *tk);
int lf_tix_del(lf_txn *t, lf_ticket_source src, const lf_uuid *owner, const lf_ticket *tk);

#endif
