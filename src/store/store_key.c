#include "loonflow/store.h"

#include <string.h>

void lf_key_init(lf_key *k)
{
    k->n = 0;
    k->overflow = 0;
}

void lf_key_bytes(lf_key *k, const void *p, size_t n)
{
    if (k->overflow || n > LF_KEY_MAX - k->n) {
        k->overflow = 1;
        return;
    }
    if (n)
        memcpy(k->b + k->n, p, n);
    k->n += n;
}

void lf_key_uuid(lf_key *k, const lf_uuid *u)
{
    lf_key_bytes(k, u->b, sizeof u->b);
}

void lf_key_be64(lf_key *k, uint64_t v)
{
    uint8_t b[8];
    for (int i = 7; i >= 0; i--, v >>= 8)
        b[i] = (uint8_t)v;
    lf_key_bytes(k, b, sizeof b);
}

void lf_key_str(lf_key *k, lf_str s)
{
    lf_key_bytes(k, s.p, s.n);
}

/* A truncated key must never reach the store: as an empty key every store
 * call rejects it with LF_EINVAL. */
lf_val lf_key_val(const lf_key *k)
{
    return (lf_val){k->b, k->overflow ? 0 : k->n};
}

uint64_t lf_be64_read(const void *p)
{
    const uint8_t *b = p;
    uint64_t v = 0;
    for (int i = 0; i < 8; i++)
        v = v << 8 | b[i];
    return v;
}
