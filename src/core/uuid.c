#include "loonflow/core.h"

#include <string.h>

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int lf_uuid_parse(lf_str s, lf_uuid *out)
{
    /* Hyphenated form only: that is what every client sends and echoes. */
    if (s.n != LF_UUID_STRLEN)
        return LF_EINVAL;
    size_t j = 0;
    for (size_t i = 0; i < s.n;) {
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (s.p[i] != '-')
                return LF_EINVAL;
            i++;
            continue;
        }
        int hi = hexval(s.p[i]), lo = hexval(s.p[i + 1]);
        if (hi < 0 || lo < 0)
            return LF_EINVAL;
        out->b[j++] = (uint8_t)(hi << 4 | lo);
        i += 2;
    }
    return LF_OK;
}

void lf_uuid_format(const lf_uuid *u, char out[LF_UUID_STRLEN + 1])
{
    static const char hx[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            out[o++] = '-';
        out[o++] = hx[u->b[i] >> 4];
        out[o++] = hx[u->b[i] & 15];
    }
    out[o] = 0;
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
