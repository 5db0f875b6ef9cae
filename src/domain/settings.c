#include "loonflow/accounts.h"

#include <string.h>

int lf_setting_get(lf_txn *t, const char *name, lf_val *out)
{
    return lf_get(t, LF_T_CONFIG, (lf_val){name, strlen(name)}, out);
}

int lf_setting_put(lf_txn *t, const char *name, lf_val v)
{
    return lf_put(t, LF_T_CONFIG, (lf_val){name, strlen(name)}, v);
}

int lf_next_seq(lf_txn *t, const char *name, uint64_t *out)
{
    lf_val v;
    uint64_t n = 0;
    int rc = lf_setting_get(t, name, &v);
    if (rc == LF_OK && v.n == 8)
        n = lf_be64_read(v.p);
    else if (rc != LF_ENOTFOUND && rc != LF_OK)
        return rc;
    lf_key k;
    lf_key_init(&k);
    lf_key_be64(&k, ++n);
    rc = lf_setting_put(t, name, lf_key_val(&k));
    if (rc == LF_OK)
        *out = n;
    return rc;
}
