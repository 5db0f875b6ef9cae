#include "loonflow/core.h"

#include <string.h>

lf_str lf_strz(const char *s)
{
    return (lf_str){s, s ? strlen(s) : 0};
}

int lf_str_eq(lf_str a, lf_str b)
{
    return a.n == b.n && (a.n == 0 || memcmp(a.p, b.p, a.n) == 0);
}

int lf_str_eqz(lf_str a, const char *z)
{
    return lf_str_eq(a, lf_strz(z));
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
}

int lf_str_ieqz(lf_str a, const char *z)
{
    size_t zn = strlen(z);
    if (zn != a.n)
        return 0;
    for (size_t i = 0; i < zn; i++)
        if (lower(a.p[i]) != lower(z[i]))
            return 0;
    return 1;
}

int lf_str_has_prefix(lf_str s, const char *prefix)
{
    size_t pn = strlen(prefix);
    return s.n >= pn && memcmp(s.p, prefix, pn) == 0;
}

int lf_str_to_i64(lf_str s, int64_t *out)
{
    size_t i = 0;
    int neg = 0;
    uint64_t v = 0;
    if (s.n && (s.p[0] == '-' || s.p[0] == '+')) {
        neg = s.p[0] == '-';
        i = 1;
    }
    if (i == s.n)
        return LF_EINVAL;
    for (; i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return LF_EINVAL;
        uint64_t d = (uint64_t)(s.p[i] - '0');
        if (v > (UINT64_C(9223372036854775808) - d) / 10)
            return LF_EINVAL;
        v = v * 10 + d;
    }
    if (!neg && v > INT64_MAX)
        return LF_EINVAL;
    *out = neg ? (int64_t)(0 - v) : (int64_t)v;
    return LF_OK;
}

int lf_ct_eq(const void *a, size_t an, const void *b, size_t bn)
{
    if (an != bn)
        return 0;
    const volatile unsigned char *x = a, *y = b;
    unsigned char d = 0;
    for (size_t i = 0; i < an; i++)
        d |= (unsigned char)(x[i] ^ y[i]);
    return d == 0;
}
