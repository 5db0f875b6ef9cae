/* String values: unescaping to UTF-8 and comparison without allocating.
 * The parser has already validated every escape, so decoding never fails. */
#include "json/unescape.h"

#include <string.h>

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        v = v << 4 | (unsigned)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return v;
}

static size_t utf8_put(unsigned cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the escape at *pp (a backslash) into out, which never needs more
 * bytes than the escape occupies; a surrogate without its partner becomes
 * U+FFFD. */
static size_t unescape_one(const char **pp, const char *end, char out[4])
{
    const char *p = *pp;
    char c = p[1];
    *pp = p + 2;
    switch (c) {
    case 'b': out[0] = '\b'; return 1;
    case 'f': out[0] = '\f'; return 1;
    case 'n': out[0] = '\n'; return 1;
    case 'r': out[0] = '\r'; return 1;
    case 't': out[0] = '\t'; return 1;
    case 'u': break;
    default: out[0] = c; return 1; /* " \ / */
    }
    unsigned cp = hex4(p + 2);
    *pp = p + 6;
    if (cp >= 0xD800 && cp < 0xDC00) {
        unsigned lo;
        if (end - *pp >= 6 && (*pp)[0] == '\\' && (*pp)[1] == 'u' &&
            (lo = hex4(*pp + 2)) >= 0xDC00 && lo < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            *pp += 6;
        } else {
            cp = 0xFFFD;
        }
    } else if (cp >= 0xDC00 && cp < 0xE000) {
        cp = 0xFFFD;
    }
    return utf8_put(cp, out);
}

int lf_json_str(const lf_json *j, int v, lf_arena *a, lf_str *out)
{
    lf_json_type t = lf_json_type_of(j, v);
    if (t != LF_JSON_STRING)
        return t == LF_JSON_NONE ? LF_ENOTFOUND : LF_ETYPE;
    lf_str raw = lf_json_raw(j, v);
    const char *p = raw.p + 1, *end = raw.p + raw.n - 1;
    char *d = lf_arena_alloc(a, (size_t)(end - p) + 1);
    if (!d)
        return LF_ENOMEM;
    size_t n = 0;
    while (p < end) {
        const char *bs = memchr(p, '\\', (size_t)(end - p));
        size_t run = (size_t)((bs ? bs : end) - p);
        memcpy(d + n, p, run);
        n += run;
        p += run;
        if (bs)
            n += unescape_one(&p, end, d + n);
    }
    /* A \u0000 stays inside n, so C-string users see a shorter value. */
    d[n] = 0;
    *out = (lf_str){d, n};
    return LF_OK;
}

int lf_json_str_eqn(const lf_json *j, int v, const char *z, size_t zn)
{
    if (lf_json_type_of(j, v) != LF_JSON_STRING)
        return 0;
    lf_str raw = lf_json_raw(j, v);
    const char *p = raw.p + 1, *end = raw.p + raw.n - 1;
    size_t n = (size_t)(end - p);
    if (!memchr(p, '\\', n))
        return n == zn && memcmp(p, z, n) == 0;
    size_t k = 0;
    while (p < end) {
        if (*p != '\\') {
            if (k == zn || *p++ != z[k++])
                return 0;
            continue;
        }
        char u[4];
        size_t m = unescape_one(&p, end, u);
        if (zn - k < m || memcmp(u, z + k, m) != 0)
            return 0;
        k += m;
    }
    return k == zn;
}

int lf_json_str_eqz(const lf_json *j, int v, const char *z)
{
    return lf_json_str_eqn(j, v, z, strlen(z));
}
