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
