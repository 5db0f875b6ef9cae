#include "loonflow/accounts.h"

#include <string.h>

int lf_archive_put(lf_txn *t, const char *kind, const lf_uuid *id, lf_val record)
{
    lf_key k;
    lf_key_init(&k);
    lf_key_bytes(&k, kind, strlen(kind) + 1); /* the NUL ends the kind */
    lf_key_uuid(&k, id);
    return k.overflow ? LF_EINVAL : lf_put(t, LF_T_ARCHIVE, lf_key_val(&k), record);
}
