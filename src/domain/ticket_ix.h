/* Private to the ticket store: the list index shared by every source. */
#ifndef LF_DOMAIN_TICKET_IX_H
#define LF_DOMAIN_TICKET_IX_H

#include "loonflow/ticket.h"

/* Key of a list entry: tag byte, owner id, created_at, seq. The tag is the
 * source, except for LF_TS_STATE, whose tag is LF_TIX_STATE_TAG plus the
 * number of the act_state: the owner stays the plain tenant id, so the state
 * lists need no derived owner key and cannot meet any other list's entries
 * (plain tags stay below LF_TIX_STATE_TAG). */
#define LF_TIX_PREFIX 17
#define LF_TIX_KEY (LF_TIX_PREFIX + 16)

#define LF_TIX_STATE_TAG 0x80

/* The number of an act_state (DECISIONS.md §3), -1 for anything else. */
int lf_tix_state_no(lf_str s);
/* The tag of a source; for LF_TS_STATE the tag of act_state, -1 when that
 * is not a known state. */
int lf_tix_tag(lf_ticket_source src, const char *act_state);

/* Adds or removes the entry of ticket tk under (source, owner), keeping the
 * prefix's counter; LF_TS_STATE files it under tk's act_state (a ticket
 * whose state is unknown is in no state list). Adding an existing entry or
 * removing an absent one changes nothing. */
int lf_tix_add(lf_txn *t, lf_ticket_source src, const lf_uuid *owner, const lf_ticket *tk);
int lf_tix_del(lf_txn *t, lf_ticket_source src, const lf_uuid *owner, const lf_ticket *tk);

#endif
