#include "loonflow/accounts.h"

#include <stdlib.h>
#include <string.h>

int lf_archive_put(lf_txn *t, const char *kind, const lf_uuid *id, lf_val record)
{
    lf_key k;
    lf_key_init(&k);
    lf_key_bytes(&k, kind, strlen(kind) + 1); /* the NUL ends the kind */
    lf_key_uuid(&k, id);
    if (k.overflow)
        return LF_EINVAL;
    /* The record is most often a value just read in this transaction, and
     * store values may move once a write starts: the put gets a copy. */
    void *copy = malloc(record.n ? record.n : 1);
    if (!copy)
        return LF_ENOMEM;
    memcpy(copy, record.p, record.n);
    int rc = lf_put(t, LF_T_ARCHIVE, lf_key_val(&k), (lf_val){copy, record.n});
    free(copy);
    return rc;
}
