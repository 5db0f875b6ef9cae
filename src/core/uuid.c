#include "loonflow/core.h"

#include <string.h>

/* The byte groups of the hyphenated form 8-4-4-4-12. */
static const size_t groups[] = {4, 2, 2, 2, 6};

/* Nibble value + 1 of each hex digit, 0 for any other byte: record decodes
 * parse several ids per record, so this is one load per character. */
static const uint8_t nib1[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,
    ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14,
    ['e'] = 15, ['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15,
    ['F'] = 16,
};

int lf_uuid_parse(lf_str s, lf_uuid *out)
{
    /* Hyphenated form only: that is what every client sends and echoes. */
    if (s.n != LF_UUID_STRLEN || s.p[8] != '-' || s.p[13] != '-' || s.p[18] != '-' ||
        s.p[23] != '-')
        return LF_EINVAL;
    lf_uuid u;
    size_t i = 0;
    for (size_t b = 0; b < sizeof u.b; b++) {
        if (i == 8 || i == 13 || i == 18 || i == 23)
            i++;
        unsigned hi = nib1[(unsigned char)s.p[i]], lo = nib1[(unsigned char)s.p[i + 1]];
        if (!hi || !lo)
            return LF_EINVAL;
        u.b[b] = (uint8_t)((hi - 1) << 4 | (lo - 1));
        i += 2;
    }
    *out = u;
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
