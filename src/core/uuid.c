#include "loonflow/core.h"

#include <string.h>

/* The byte groups of the hyphenated form 8-4-4-4-12. */
static const size_t groups[] = {4, 2, 2, 2, 6};

int lf_uuid_parse(lf_str s, lf_uuid *out)
{
    /* Hyphenated form only: that is what every client sends and echoes. */
    if (s.n != LF_UUID_STRLEN)
        return LF_EINVAL;
    size_t i = 0, b = 0, n;
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        if (g && s.p[i++] != '-')
            return LF_EINVAL;
        if (lf_hex_decode((lf_str){s.p + i, 2 * groups[g]}, out->b + b, groups[g], &n))
            return LF_EINVAL;
        i += 2 * groups[g];
        b += groups[g];
    }
    return LF_OK;
}

void lf_uuid_format(const lf_uuid *u, char out[LF_UUID_STRLEN + 1])
{
    size_t o = 0, b = 0;
    for (size_t g = 0; g < sizeof groups / sizeof *groups; g++) {
        if (g)
            out[o++] = '-';
        lf_hex_encode(u->b + b, groups[g], out + o);
        o += 2 * groups[g];
        b += groups[g];
    }
}

int lf_uuid_v4(lf_uuid *out)
{
    int rc = lf_random(out->b, sizeof out->b);
    if (rc)
        return rc;
    out->b[6] = (uint8_t)((out->b[6] & 0x0f) | 0x40);
    out->b[8] = (uint8_t)((out->b[8] & 0x3f) | 0x80);
    return LF_OK;
}

int lf_uuid_eq(const lf_uuid *a, const lf_uuid *b)
{
    return memcmp(a->b, b->b, 16) == 0;
}

int lf_uuid_is_zero(const lf_uuid *u)
{
    static const lf_uuid zero;
    return lf_uuid_eq(u, &zero);
}
