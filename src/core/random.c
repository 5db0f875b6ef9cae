#include "loonflow/core.h"
#include "loonflow/port.h"

int lf_random(void *buf, size_t n)
{
    return lf_port_random(buf, n);
}

int lf_random_token(char *out, size_t n)
{
    static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    uint8_t r[64];
    size_t done = 0;
    while (done < n) {
        size_t chunk = n - done < sizeof r ? n - done : sizeof r;
        int rc = lf_random(r, chunk);
        if (rc)
            return rc;
        for (size_t i = 0; i < chunk; i++)
            out[done + i] = al[r[i] & 63]; /* 64 symbols: no modulo bias */
        done += chunk;
    }
    out[n] = 0;
    return LF_OK;
}
