/* The HTTP/1.1 request parser. It keeps no state between calls: each call
 * reads the buffer from the start, validating as far as the bytes go, so a
 * hostile request is refused as soon as it is visibly bad or too big. The
 * buffer is only rewritten once the request is complete. */
#include "loonflow/http.h"

#include <limits.h>
#include <string.h>

/* Chunk-size lines carry only a hex size and extensions nobody uses. */
#define CHUNK_LINE_MAX 1024

static const char *const METHODS[LF_M__COUNT] = {"GET",    "HEAD",    "POST",  "PUT",
                                                 "PATCH",  "DELETE",  "OPTIONS", "OTHER"};

const char *lf_method_name(lf_method m)
{
    return (unsigned)m < LF_M__COUNT ? METHODS[m] : "?";
}

static lf_method method_of(lf_str s)
{
    for (int m = 0; m < LF_M_OTHER; m++)
        if (lf_str_eqz(s, METHODS[m]))
            return (lf_method)m;
    return LF_M_OTHER;
}

static int is_tchar(unsigned char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return 1;
    return c && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

static int is_ows(char c)
{
    return c == ' ' || c == '\t';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = (char)(c | 32);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static lf_str trim(const char *p, size_t n)
{
    while (n && is_ows(*p))
        p++, n--;
    while (n && is_ows(p[n - 1]))
        n--;
    return (lf_str){p, n};
}

/* scan_line's answer when a line grows past its limit. */
#define TOO_LONG (-1)

/* Finds the end of the line starting at i. Returns 1 with *ce at the end of
 * its content and *next past its LF, 0 when the LF has not arrived, TOO_LONG
 * when content byte number max+1 shows up, or -400 on a control character.
 * Every answer is decided by the first byte that settles it, so a prefix of
 * the same bytes never gets a different error. A bare CR is refused because
 * parsers that split lines differently are how requests get smuggled. */
static int scan_line(const char *b, size_t i, size_t len, size_t max, size_t *ce, size_t *next)
{
    for (size_t s = i; i < len; i++) {
        unsigned char c = (unsigned char)b[i];
        if (c == '\n' || (c == '\r' && i + 1 < len && b[i + 1] == '\n')) {
            *ce = i;
            *next = i + 1 + (c == '\r');
            return 1;
        }
        if (c == '\r' && i + 1 == len)
            return 0;
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return -400;
        if (i - s == max)
            return TOO_LONG;
    }
    return 0;
}

/* Checks the escapes now so a bad path is refused before its body arrives;
 * the decoding itself waits until the request is complete. */
static int path_escapes_ok(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (p[i] != '%')
            continue;
        if (n - i < 3 || hexval(p[i + 1]) < 0 || hexval(p[i + 2]) < 0 ||
            (p[i + 1] == '0' && p[i + 2] == '0'))
            return 0;
        i += 2;
    }
    return 1;
}

static int parse_request_line(const char *b, size_t s, size_t e, lf_http_req *req)
{
    size_t i = s;
    while (i < e && is_tchar((unsigned char)b[i]))
        i++;
    if (i == s || i == e || b[i] != ' ')
        return -400;
    req->method_str = (lf_str){b + s, i - s};
    req->method = method_of(req->method_str);

    size_t t = ++i;
    while (i < e && (unsigned char)b[i] > 0x20 && (unsigned char)b[i] < 0x7f)
        i++;
    if (i == t || i == e || b[i] != ' ')
        return -400;
    lf_str target = {b + t, i - t};
    i++;

    const char *v = b + i;
    if (e - i != 8 || memcmp(v, "HTTP/", 5) != 0 || v[5] < '0' || v[5] > '9' || v[6] != '.' ||
        v[7] < '0' || v[7] > '9')
        return -400;
    if (v[5] != '1')
        return -505;
    req->minor = v[7] - '0';

    if (memchr(target.p, '#', target.n))
        return -400;
    if (target.p[0] != '/' && !(lf_str_eqz(target, "*") && req->method == LF_M_OPTIONS))
        return -400;
    const char *q = memchr(target.p, '?', target.n);
    size_t pn = q ? (size_t)(q - target.p) : target.n;
    if (!path_escapes_ok(target.p, pn))
        return -400;
    req->target = target;
    req->path = (lf_str){target.p, pn};
    req->query = q ? (lf_str){q + 1, target.n - pn - 1} : (lf_str){target.p + target.n, 0};
    return 0;
}

/* What the headers say about framing and the connection. */
typedef struct framing {
    size_t clen;
    int has_clen, has_te, conn_close, conn_keep;
} framing;

static int split_header(const char *b, size_t s, size_t e, lf_http_header *h)
{
    size_t i = s;
    while (i < e && is_tchar((unsigned char)b[i]))
        i++;
    /* Also refuses obs-fold and "Name :", both smuggling vectors. */
    if (i == s || i == e || b[i] != ':')
        return -400;
    h->name = (lf_str){b + s, i - s};
    h->value = trim(b + i + 1, e - i - 1);
    return 0;
}

/* Saturates instead of overflowing: any huge length is over max_body anyway. */
static int parse_clen(lf_str v, size_t *out)
{
    size_t n = 0;
    if (v.n == 0)
        return -400;
    for (size_t i = 0; i < v.n; i++) {
        if (v.p[i] < '0' || v.p[i] > '9')
            return -400;
        size_t d = (size_t)(v.p[i] - '0');
        n = n > (SIZE_MAX - d) / 10 ? SIZE_MAX : n * 10 + d;
    }
    *out = n;
    return 0;
}

static void connection_tokens(lf_str v, framing *f)
{
    size_t i = 0;
    while (i < v.n) {
        size_t j = i;
        while (j < v.n && v.p[j] != ',')
            j++;
        lf_str tok = trim(v.p + i, j - i);
        if (lf_str_ieqz(tok, "close"))
            f->conn_close = 1;
        else if (lf_str_ieqz(tok, "keep-alive"))
            f->conn_keep = 1;
        i = j + 1;
    }
}

static int header_meaning(const lf_http_header *h, lf_http_req *req, framing *f)
{
    if (lf_str_ieqz(h->name, "content-length")) {
        size_t n;
        if (parse_clen(h->value, &n) != 0 || (f->has_clen && n != f->clen))
            return -400;
        f->has_clen = 1;
        f->clen = n;
    } else if (lf_str_ieqz(h->name, "transfer-encoding")) {
        if (f->has_te)
            return -400;
        f->has_te = 1;
        if (!lf_str_ieqz(h->value, "chunked"))
            return -501;
    } else if (lf_str_ieqz(h->name, "connection")) {
        connection_tokens(h->value, f);
    } else if (lf_str_ieqz(h->name, "expect")) {
        if (lf_str_ieqz(h->value, "100-continue"))
            req->expect_continue = 1;
    }
    return 0;
}

/* Walks a chunked body from `start`. Returns the offset just past the
 * trailers, 0 when incomplete, or a negated status. With write=1 (only once
 * the walk has succeeded) each chunk's data is moved down to follow the
 * previous one; the destination always trails the bytes still to be read. */
static long chunked(char *b, size_t start, size_t len, const lf_http_limits *lim,
                    size_t header_bytes, int write, size_t *decoded)
{
    size_t i = start, n = 0, ce, nx;
    for (;;) {
        size_t d = i, sz = 0;
        int h;
        while (i < len && i - d < CHUNK_LINE_MAX && (h = hexval(b[i])) >= 0) {
            size_t room = lim->max_body - n;
            if (sz > room / 16)
                return -413;
            sz *= 16;
            if ((size_t)h > room - sz)
                return -413;
            sz += (size_t)h;
            i++;
        }
        if (i == d && i < len)
            return -400;
        int r = scan_line(b, i, len, CHUNK_LINE_MAX - (i - d), &ce, &nx);
        if (r == TOO_LONG)
            return -400;
        if (r <= 0)
            return r;
        while (i < ce && is_ows(b[i]))
            i++;
        if (i < ce && b[i] != ';')
            return -400;
        if (sz == 0) {
            i = nx;
            break;
        }
        if (len - nx < sz)
            return 0;
        if (write)
            memmove(b + start + n, b + nx, sz);
        n += sz;
        i = nx + sz;
        if (i < len && b[i] == '\r')
            i++;
        if (i == len)
            return 0;
        if (b[i++] != '\n')
            return -400;
    }
    /* Trailers share the header budget; the closing blank line is not
     * charged, as it is there without trailers too. */
    for (size_t used = header_bytes;; used += nx - i, i = nx) {
        int r = scan_line(b, i, len, lim->max_headers - used, &ce, &nx);
        if (r == TOO_LONG)
            return -431;
        if (r <= 0)
            return r;
        if (ce == i)
            break;
        if (used + (nx - i) > lim->max_headers)
            return -431;
        lf_http_header h;
        if (split_header(b, i, ce, &h) != 0)
            return -400;
    }
    *decoded = n;
    return (long)nx;
}

static void reset(lf_http_req *req)
{
    req->method = LF_M_OTHER;
    req->method_str = req->target = req->path = req->query = req->body = (lf_str){NULL, 0};
    req->minor = 0;
    req->keep_alive = 0;
    req->expect_continue = 0;
    req->nheaders = 0;
}

long lf_http_parse(char *buf, size_t len, const lf_http_limits *lim, lf_http_req *req,
                   size_t *need_hint)
{
    size_t s = 0, ce, nx;
    if (need_hint)
        *need_hint = 0;
    reset(req);
    if (len > LONG_MAX) /* the byte count must fit the return value */
        len = LONG_MAX;

    /* RFC 9112 2.2: ignore one empty line before the request-line, as some
     * clients send a stray CRLF after a body. */
    if (len && buf[0] == '\n')
        s = 1;
    else if (len > 1 && buf[0] == '\r' && buf[1] == '\n')
        s = 2;

    int r = scan_line(buf, s, len, lim->max_line, &ce, &nx);
    if (r == TOO_LONG)
        return -414;
    if (r <= 0)
        return r;
    if ((r = parse_request_line(buf, s, ce, req)) != 0)
        return r;

    framing f = {0};
    size_t hs = nx, i = nx;
    for (;;) {
        r = scan_line(buf, i, len, lim->max_headers - (i - hs), &ce, &nx);
        if (r == TOO_LONG || (r == 1 && nx - hs > lim->max_headers))
            return -431;
        if (r <= 0)
            return r;
        if (ce == i)
            break;
        if (req->nheaders == LF_HTTP_MAX_HEADERS)
            return -431;
        lf_http_header *h = &req->headers[req->nheaders];
        if ((r = split_header(buf, i, ce, h)) != 0 || (r = header_meaning(h, req, &f)) != 0)
            return r;
        req->nheaders++;
        i = nx;
    }
    size_t hdr_end = nx, total;

    /* Both framings at once, or chunked under HTTP/1.0 (RFC 9112 6.1), is
     * how requests are smuggled past a proxy: refuse rather than choose. */
    if (f.has_te && (f.has_clen || req->minor == 0))
        return -400;
    req->keep_alive = !f.conn_close && (req->minor >= 1 || f.conn_keep);

    if (f.has_te) {
        size_t n;
        long end = chunked(buf, hdr_end, len, lim, hdr_end - hs, 0, &n);
        if (end <= 0)
            return end;
        (void)chunked(buf, hdr_end, len, lim, hdr_end - hs, 1, &n);
        req->body = (lf_str){buf + hdr_end, n};
        total = (size_t)end;
    } else {
        size_t n = f.has_clen ? f.clen : 0;
        if (n > lim->max_body || n > (size_t)LONG_MAX - hdr_end)
            return -413;
        total = hdr_end + n;
        if (need_hint)
            *need_hint = total;
        if (len < total)
            return 0;
        req->body = (lf_str){buf + hdr_end, n};
    }

    /* The decoded path is written over the raw one; the query then moves
     * down behind it so target stays one contiguous "path?query". */
    size_t pn;
    char *path = buf + (req->path.p - buf);
    if (lf_http_pct_decode(req->path, path, &pn, 0) != LF_OK)
        return -400;
    size_t drop = req->path.n - pn;
    if (drop) {
        memmove(path + pn, path + req->path.n, req->target.n - req->path.n);
        req->target.n -= drop;
        req->query.p -= drop;
        req->path.n = pn;
    }
    if (need_hint)
        *need_hint = total;
    return (long)total;
}

int lf_http_header_get(const lf_http_req *req, const char *name, lf_str *out)
{
    for (int i = 0; i < req->nheaders; i++) {
        if (lf_str_ieqz(req->headers[i].name, name)) {
            *out = req->headers[i].value;
            return LF_OK;
        }
    }
    return LF_ENOTFOUND;
}
