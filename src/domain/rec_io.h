/* Private to the domain: read and write one record by key. */
#ifndef LF_DOMAIN_REC_IO_H
#define LF_DOMAIN_REC_IO_H

#include "loonflow/accounts.h"
#include "loonflow/record.h"
#include "loonflow/store.h"

int lf_rec_get(lf_txn *t, lf_table tb, lf_val key, const lf_record_type *rt, lf_arena *a,
               void *out);
int lf_rec_put(lf_txn *t, lf_table tb, lf_val key, const lf_record_type *rt, const void *rec);
lf_val lf_uuid_val(const lf_uuid *u);
/* Looks an index up (value = a uuid) and loads the record it points at. */
int lf_rec_get_via(lf_txn *t, lf_table index, lf_val ikey, lf_table tb, const lf_record_type *rt,
                   lf_arena *a, void *out);
/* Decodes every record whose key starts with prefix, in key order, into an
 * arena array of elements of `size` bytes. */
int lf_rec_scan(lf_txn *t, lf_table tb, lf_val prefix, const lf_record_type *rt, size_t size,
                lf_arena *a, void **out, size_t *n);
/* Appends the id that ends each key starting with prefix (an index row
 * "prefix ... id"), in key order or, with newest_first, in reverse. */
int lf_rec_ids(lf_txn *t, lf_table index, lf_val prefix, int newest_first, lf_arena *a,
               lf_ids *out);

#endif
