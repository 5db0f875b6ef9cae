#include "domain/field_internal.h"

/* Length of the well-formed sequence at p, or 0: no overlongs, surrogates
 * or code points past U+10FFFF. */
static size_t seq_len(const unsigned char *p, size_t n)
{
    unsigned c = p[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    if (c < 0xE0) {
        len = 2;
    } else if (c < 0xF0) {
        len = 3;
        lo = c == 0xE0 ? 0xA0 : lo;
        hi = c == 0xED ? 0x9F : hi;
    } else {
        len = 4;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if (p[i] < lo || p[i] > hi)
            return 0;
        lo = 0x80;
        hi = 0xBF;
    }
    return len;
}

long lf_field_utf8_count(lf_str s)
{
    const unsigned char *p = (const unsigned char *)s.p;
    long chars = 0;
    for (size_t i = 0; i < s.n; chars++) {
        size_t l = seq_len(p + i, s.n - i);
        if (!l)
            return -1;
        i += l;
    }
    return chars;
}

size_t lf_field_utf8_prefix(lf_str s, size_t max_chars)
{
    const unsigned char *p = (const unsigned char *)s.p;
    size_t i = 0;
    for (size_t k = 0; k < max_chars && i < s.n; k++) {
        size_t l = seq_len(p + i, s.n - i);
        i += l ? l : 1;
    }
    return i;
}
