/* Percent-decoding and application/x-www-form-urlencoded query strings. */
#include "loonflow/http.h"

#include <string.h>

/* The two hex digits after a '%'; LF_EINVAL when missing, bad, or NUL (a
 * decoded NUL would cut C strings short further down). */
static int escape(const char *p, size_t left, char *out)
{
    unsigned char v;
    size_t n;
    if (left < 2 || lf_hex_decode((lf_str){p, 2}, &v, 1, &n) != LF_OK || v == 0)
        return LF_EINVAL;
    *out = (char)v;
    return LF_OK;
}

/* Reads only ahead of where it writes, so out may be s.p (in-place). */
int lf_http_pct_decode(lf_str s, char *out, size_t *outlen, int plus)
{
    size_t j = 0;
    for (size_t i = 0; i < s.n; i++) {
        char c = s.p[i];
        if (c == '%') {
            if (escape(s.p + i + 1, s.n - i - 1, &c) != LF_OK)
                return LF_EINVAL;
            i += 2;
        } else if (c == '+' && plus) {
            c = ' ';
        } else if (c == 0) {
            return LF_EINVAL; /* raw, as decoded: a NUL would cut C strings short */
        }
        out[j++] = c;
    }
    *outlen = j;
    return LF_OK;
}

/* The next non-empty '&'-separated pair, split at its first '='; 0 at the end. */
static int next_pair(lf_str *rest, lf_str *key, lf_str *val)
{
    while (rest->n) {
        const char *amp = memchr(rest->p, '&', rest->n);
        size_t n = amp ? (size_t)(amp - rest->p) : rest->n;
        lf_str pair = {rest->p, n};
        rest->p += n + (amp != NULL);
        rest->n -= n + (amp != NULL);
        if (n == 0)
            continue;
        const char *eq = memchr(pair.p, '=', n);
        size_t kn = eq ? (size_t)(eq - pair.p) : n;
        *key = (lf_str){pair.p, kn};
        *val = eq ? (lf_str){eq + 1, n - kn - 1} : (lf_str){pair.p + n, 0};
        return 1;
    }
    return 0;
}

static int decode_dup(lf_arena *a, lf_str s, lf_str *out)
{
    char *p = lf_arena_alloc(a, s.n + 1);
    size_t n;
    if (!p)
        return LF_ENOMEM;
    if (lf_http_pct_decode(s, p, &n, 1) != LF_OK)
        return LF_EINVAL;
    p[n] = 0;
    *out = (lf_str){p, n};
    return LF_OK;
}

void lf_query_iter_init(lf_query_iter *it, lf_str query)
{
    it->rest = query;
}

int lf_query_next(lf_query_iter *it, lf_arena *a, lf_str *key, lf_str *val)
{
    lf_str k, v;
    int rc;
    if (!next_pair(&it->rest, &k, &v))
        return 0;
    if ((rc = decode_dup(a, k, key)) != LF_OK || (rc = decode_dup(a, v, val)) != LF_OK)
        return rc;
    return 1;
}

/* Compares a raw key with name as if decoded, so lookups allocate nothing
 * for the keys they skip. A key with a bad escape matches no name. */
static int key_is(lf_str raw, const char *name)
{
    size_t j = 0;
    for (size_t i = 0; i < raw.n; i++, j++) {
        char c = raw.p[i];
        if (c == '%') {
            if (escape(raw.p + i + 1, raw.n - i - 1, &c) != LF_OK)
                return 0;
            i += 2;
        } else if (c == '+') {
            c = ' ';
        }
        if (c == 0 || name[j] != c)
            return 0;
    }
    return name[j] == 0;
}

int lf_query_get(lf_str query, const char *name, lf_arena *a, lf_str *out)
{
    lf_str rest = query, k, v;
    size_t cap = 0;
    while (next_pair(&rest, &k, &v))
        if (key_is(k, name))
            cap += v.n + 1;
    if (cap == 0)
        return LF_ENOTFOUND;

    /* Decoding never grows a value, so the raw sizes bound the result. */
    char *p = lf_arena_alloc(a, cap);
    size_t n = 0;
    if (!p)
        return LF_ENOMEM;
    rest = query;
    while (next_pair(&rest, &k, &v)) {
        size_t vn;
        if (!key_is(k, name))
            continue;
        if (n)
            p[n++] = ',';
        if (lf_http_pct_decode(v, p + n, &vn, 1) != LF_OK)
            return LF_EINVAL;
        n += vn;
    }
    p[n] = 0;
    *out = (lf_str){p, n};
    return LF_OK;
}
