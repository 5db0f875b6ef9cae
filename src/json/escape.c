/* String escaping byte-for-byte like Python's json.dumps(ensure_ascii=True),
 * which is what upstream sends: everything outside ' '..'~' (DEL included)
 * becomes \uXXXX in lowercase hex unless it has a short escape, and bytes
 * that are not UTF-8 become \ufffd. */
#include "loonflow/json.h"

static const char hexd[] = "0123456789abcdef";

static void put_u(lf_buf *b, unsigned cp)
{
    char e[6] = {'\\', 'u', hexd[cp >> 12 & 15], hexd[cp >> 8 & 15], hexd[cp >> 4 & 15],
                 hexd[cp & 15]};
    lf_buf_append(b, e, sizeof e);
}

/* Decodes one UTF-8 sequence per RFC 3629 (no overlongs, no surrogates,
 * nothing past U+10FFFF). On bad input it yields U+FFFD for the longest
 * valid-looking prefix, one replacement per maximal subpart like Python. */
static size_t utf8_get(const unsigned char *p, size_t n, unsigned *cp)
{
    unsigned c = p[0], lo = 0x80, hi = 0xBF, v;
    size_t len;
    *cp = 0xFFFD;
    if (c < 0xC2 || c > 0xF4)
        return 1;
    if (c < 0xE0) {
        len = 2;
        v = c & 0x1F;
    } else if (c < 0xF0) {
        len = 3;
        v = c & 0x0F;
        lo = c == 0xE0 ? 0xA0 : lo;
        hi = c == 0xED ? 0x9F : hi;
    } else {
        len = 4;
        v = c & 0x07;
        lo = c == 0xF0 ? 0x90 : lo;
        hi = c == 0xF4 ? 0x8F : hi;
    }
    for (size_t i = 1; i < len; i++) {
        if (i == n || p[i] < lo || p[i] > hi)
            return i;
        v = v << 6 | (p[i] & 0x3F);
        lo = 0x80;
        hi = 0xBF;
    }
    *cp = v;
    return len;
}

static void put_special(lf_buf *b, unsigned c)
{
    const char *e;
    switch (c) {
    case '"': e = "\\\""; break;
    case '\\': e = "\\\\"; break;
    case '\n': e = "\\n"; break;
    case '\r': e = "\\r"; break;
    case '\t': e = "\\t"; break;
    case '\b': e = "\\b"; break;
    case '\f': e = "\\f"; break;
    default: put_u(b, c); return;
    }
    lf_buf_append(b, e, 2);
}

void lf_json_escape(lf_buf *b, lf_str s)
{
    if (!s.n) {
        lf_buf_append(b, "\"\"", 2);
        return;
    }
    const unsigned char *p = (const unsigned char *)s.p, *end = p + s.n, *run = p;
    lf_buf_reserve(b, s.n + 2);
    lf_buf_putc(b, '"');
    while (p < end) {
        unsigned c = *p;
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            p++;
            continue;
        }
        lf_buf_append(b, run, (size_t)(p - run));
        if (c < 0x80) {
            put_special(b, c);
            p++;
        } else {
            unsigned cp;
            p += utf8_get(p, (size_t)(end - p), &cp);
            if (cp >= 0x10000) {
                put_u(b, 0xD800 + ((cp - 0x10000) >> 10));
                put_u(b, 0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else {
                put_u(b, cp);
            }
        }
        run = p;
    }
    lf_buf_append(b, run, (size_t)(p - run));
    lf_buf_putc(b, '"');
}
