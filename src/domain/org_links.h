/* Private to the domain: two-id link rows ("a + b -> value") and the
 * range scans over them that every organisation list is built from. */
#ifndef LF_DOMAIN_ORG_LINKS_H
#define LF_DOMAIN_ORG_LINKS_H

#include "loonflow/accounts.h"

void lf_link_key(lf_key *k, const lf_uuid *a, const lf_uuid *b);
/* Every b of the rows that start with a, in key order. */
int lf_link_scan(lf_txn *t, lf_table tb, const lf_uuid *a, lf_arena *arena, lf_ids *out);
/* Writes a link in both directions (forward value fv). */
int lf_link_put2(lf_txn *t, lf_table fwd, lf_table back, const lf_uuid *a, const lf_uuid *b,
                 lf_val fv);
/* Deletes both directions; LF_ENOTFOUND if the forward row is absent. */
int lf_link_del2(lf_txn *t, lf_table fwd, lf_table back, const lf_uuid *a, const lf_uuid *b);

/* Archives and removes one membership; when it was the primary one, the
 * user's next department becomes primary so every member keeps exactly one. */
int lf_user_dept_remove(lf_txn *t, const lf_uuid *user, const lf_uuid *dept,
                        const lf_uuid *operator_id, int64_t now);

#endif
