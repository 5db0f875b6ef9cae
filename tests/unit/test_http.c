/* http: request parser (framing, limits, smuggling defences, incremental
 * feeding), percent/query helpers, response writer, route matcher. */
#include "check.h"
#include "loonflow/http.h"

#include <stdlib.h>

static const lf_http_limits LIM = {8192, 16384, 1 << 20};

/* Each parse gets an exact-size heap copy so ASan catches any read past len. */
static char *held;

static long parse_n(const char *s, size_t n, const lf_http_limits *lim, lf_http_req *req,
                    size_t *hint)
{
    free(held);
    held = malloc(n ? n : 1);
    if (n)
        memcpy(held, s, n);
    return lf_http_parse(held, n, lim, req, hint);
}

#define PARSE(lit, req) parse_n((lit), sizeof(lit) - 1, &LIM, (req), NULL)
#define PARSE_LIM(lit, lim, req) parse_n((lit), sizeof(lit) - 1, (lim), (req), NULL)

/* A NUL-terminated copy of a slice, for CHECK_STR (a ring, so several fit in
 * one expression). */
static const char *z(lf_str s)
{
    static char ring[8][4096];
    static int k;
    char *o = ring[k++ % 8];
    size_t n = s.n < 4095 ? s.n : 4095;
    if (n)
        memcpy(o, s.p, n);
    o[n] = 0;
    return o;
}

/* Feeds raw growing one byte at a time; returns the first non-zero result
 * and sets *at to the length that produced it. */
static long feed_bytewise(const char *raw, size_t n, const lf_http_limits *lim, lf_http_req *req,
                          size_t *at)
{
    long rc = 0;
    for (*at = 0; *at <= n; ++*at)
        if ((rc = parse_n(raw, *at, lim, req, NULL)) != 0 || *at == n)
            break;
    return rc;
}

static void test_simple_get(void)
{
    static const char r[] = "GET /api/v1.0/tickets HTTP/1.1\r\n"
                            "Host: example\r\nAccept: */*\r\n\r\n";
    lf_http_req q;
    CHECK_EQ_INT(PARSE(r, &q), sizeof r - 1);
    CHECK_EQ_INT(q.method, LF_M_GET);
    CHECK_STR(z(q.method_str), "GET");
    CHECK_STR(z(q.target), "/api/v1.0/tickets");
    CHECK_STR(z(q.path), "/api/v1.0/tickets");
    CHECK_EQ_INT(q.query.n, 0);
    CHECK_EQ_INT(q.minor, 1);
    CHECK_EQ_INT(q.keep_alive, 1);
    CHECK_EQ_INT(q.expect_continue, 0);
    CHECK_EQ_INT(q.nheaders, 2);
    CHECK_STR(z(q.headers[0].name), "Host");
    CHECK_STR(z(q.headers[0].value), "example");
    CHECK_STR(z(q.headers[1].name), "Accept");
    CHECK_STR(z(q.headers[1].value), "*/*");
    CHECK_EQ_INT(q.body.n, 0);
}

static void test_bare_lf_and_leading_crlf(void)
{
    static const char r[] = "GET /x HTTP/1.0\nA:1\nB:  two words \t\n\n";
    lf_http_req q;
    CHECK_EQ_INT(PARSE(r, &q), sizeof r - 1);
    CHECK_EQ_INT(q.minor, 0);
    CHECK_EQ_INT(q.nheaders, 2);
    CHECK_STR(z(q.headers[0].value), "1");
    CHECK_STR(z(q.headers[1].value), "two words");

    /* One stray CRLF before the request line is skipped and counted. */
    static const char r2[] = "\r\nGET /y HTTP/1.1\r\n\r\n";
    CHECK_EQ_INT(PARSE(r2, &q), sizeof r2 - 1);
    CHECK_STR(z(q.path), "/y");
    static const char r3[] = "\nGET /z HTTP/1.1\r\n\r\n";
    CHECK_EQ_INT(PARSE(r3, &q), sizeof r3 - 1);
    CHECK_STR(z(q.path), "/z");
    CHECK_EQ_INT(PARSE("\r\n\r\nGET /y HTTP/1.1\r\n\r\n", &q), -400);
}

static void test_methods(void)
{
    static const struct {
        const char *req;
        lf_method m;
    } cases[] = {
        {"GET / HTTP/1.1\r\n\r\n", LF_M_GET},         {"HEAD / HTTP/1.1\r\n\r\n", LF_M_HEAD},
        {"POST / HTTP/1.1\r\n\r\n", LF_M_POST},       {"PUT / HTTP/1.1\r\n\r\n", LF_M_PUT},
        {"PATCH / HTTP/1.1\r\n\r\n", LF_M_PATCH},     {"DELETE / HTTP/1.1\r\n\r\n", LF_M_DELETE},
        {"OPTIONS / HTTP/1.1\r\n\r\n", LF_M_OPTIONS}, {"get / HTTP/1.1\r\n\r\n", LF_M_OTHER},
        {"PROPFIND / HTTP/1.1\r\n\r\n", LF_M_OTHER},  {"GETX / HTTP/1.1\r\n\r\n", LF_M_OTHER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_http_req q;
        size_t n = strlen(cases[i].req);
        CHECK_EQ_INT(parse_n(cases[i].req, n, &LIM, &q, NULL), n);
        CHECK_EQ_INT(q.method, cases[i].m);
        CHECK_EQ_INT(q.method_str.n, strchr(cases[i].req, ' ') - cases[i].req);
    }
    CHECK_STR(lf_method_name(LF_M_GET), "GET");
    CHECK_STR(lf_method_name(LF_M_PATCH), "PATCH");
    CHECK_STR(lf_method_name(LF_M_OPTIONS), "OPTIONS");

    lf_http_req q;
    static const char star[] = "OPTIONS * HTTP/1.1\r\n\r\n";
    CHECK_EQ_INT(PARSE(star, &q), sizeof star - 1);
    CHECK_STR(z(q.path), "*");
    CHECK_EQ_INT(PARSE("GET * HTTP/1.1\r\n\r\n", &q), -400);
}

static void test_query_split(void)
{
    static const char r[] = "GET /api/v1.0/tickets?page=2&per_page=10&title=a%20b HTTP/1.1\r\n\r\n";
    lf_http_req q;
    CHECK_EQ_INT(PARSE(r, &q), sizeof r - 1);
    CHECK_STR(z(q.path), "/api/v1.0/tickets");
    CHECK_STR(z(q.query), "page=2&per_page=10&title=a%20b");

    static const char r2[] = "GET /a? HTTP/1.1\r\n\r\n";
    CHECK_EQ_INT(PARSE(r2, &q), sizeof r2 - 1);
    CHECK_STR(z(q.path), "/a");
    CHECK_EQ_INT(q.query.n, 0);
    CHECK_STR(z(q.target), "/a?");
}

static void test_path_decoding(void)
{
    static const char r[] = "GET /a%20b/%E4%B8%AD/x%2Fy+z?k=%41+b HTTP/1.1\r\nH: v\r\n\r\n";
    lf_http_req q;
    CHECK_EQ_INT(PARSE(r, &q), sizeof r - 1);
    CHECK_STR(z(q.path), "/a b/\xE4\xB8\xAD/x/y+z");
    /* The query stays raw and the target stays contiguous after the path. */
    CHECK_STR(z(q.query), "k=%41+b");
    CHECK_STR(z(q.target), "/a b/\xE4\xB8\xAD/x/y+z?k=%41+b");
    CHECK(q.path.p == q.target.p);
    CHECK(q.query.p == q.target.p + q.path.n + 1);
    CHECK_STR(z(q.headers[0].value), "v");

    CHECK_EQ_INT(PARSE("GET /a%zz HTTP/1.1\r\n\r\n", &q), -400);
    CHECK_EQ_INT(PARSE("GET /a%2 HTTP/1.1\r\n\r\n", &q), -400);
    CHECK_EQ_INT(PARSE("GET /a% HTTP/1.1\r\n\r\n", &q), -400);
    CHECK_EQ_INT(PARSE("GET /a%00b HTTP/1.1\r\n\r\n", &q), -400);
    /* Refused from the request line, before the announced body arrives. */
    CHECK_EQ_INT(PARSE("POST /a%00 HTTP/1.1\r\nContent-Length: 5\r\n\r\n", &q), -400);
    CHECK_EQ_INT(PARSE("POST /a%zz HTTP/1.1\r\n", &q), -400);
    /* Escapes in the query are not the parser's business. */
    static const char r3[] = "GET /a?%zz HTTP/1.1\r\n\r\n";
    CHECK_EQ_INT(PARSE(r3, &q), sizeof r3 - 1);
}

static void test_pipelined(void)
{
    static const char r[] = "POST /a HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                            "GET /b?x=1 HTTP/1.1\r\nConnection: close\r\n\r\n"
                            "POST /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "2\r\nhi\r\n0\r\n\r\n"
                            "GET /d HTTP/1.1\r\n\r\n";
    char buf[sizeof r];
    memcpy(buf, r, sizeof r);
    size_t len = sizeof r - 1, off = 0;
    lf_http_req q;

    long n = lf_http_parse(buf, len, &LIM, &q, NULL);
    CHECK_EQ_INT(n, strstr(r, "GET /b") - r);
    CHECK_STR(z(q.path), "/a");
    CHECK_STR(z(q.body), "abc");
    CHECK_EQ_INT(q.keep_alive, 1);
    off += (size_t)n;

    n = lf_http_parse(buf + off, len - off, &LIM, &q, NULL);
    CHECK_EQ_INT(off + (size_t)n, strstr(r, "POST /c") - r);
    CHECK_STR(z(q.path), "/b");
    CHECK_STR(z(q.query), "x=1");
    CHECK_EQ_INT(q.keep_alive, 0);
    off += (size_t)n;

    n = lf_http_parse(buf + off, len - off, &LIM, &q, NULL);
    CHECK_EQ_INT(off + (size_t)n, strstr(r, "GET /d") - r);
    CHECK_STR(z(q.body), "hi");
    off += (size_t)n;

    n = lf_http_parse(buf + off, len - off, &LIM, &q, NULL);
    CHECK_EQ_INT(off + (size_t)n, len);
    CHECK_STR(z(q.path), "/d");
}

static void check_same(const lf_http_req *a, const char *abuf, const lf_http_req *b,
                       const char *bbuf)
{
    CHECK_EQ_INT(a->method, b->method);
    CHECK_EQ_INT(a->minor, b->minor);
    CHECK_EQ_INT(a->keep_alive, b->keep_alive);
    CHECK_EQ_INT(a->expect_continue, b->expect_continue);
    CHECK(lf_str_eq(a->method_str, b->method_str));
    CHECK(lf_str_eq(a->target, b->target));
    CHECK(lf_str_eq(a->path, b->path));
    CHECK(lf_str_eq(a->query, b->query));
    CHECK(lf_str_eq(a->body, b->body));
    CHECK_EQ_INT(a->body.p - abuf, b->body.p - bbuf);
    CHECK_EQ_INT(a->nheaders, b->nheaders);
    for (int i = 0; i < a->nheaders && i < b->nheaders; i++) {
        CHECK(lf_str_eq(a->headers[i].name, b->headers[i].name));
        CHECK(lf_str_eq(a->headers[i].value, b->headers[i].value));
    }
}

static void test_bytewise_matches_whole(void)
{
    static const char *const reqs[] = {
        "GET /a%20b/c?x=1&y=2 HTTP/1.1\r\nHost: h\r\nX-A:  1 \r\n\r\n",
        "GET /lf HTTP/1.0\nConnection: keep-alive\n\n",
        "POST /p HTTP/1.1\r\nContent-Length: 11\r\nExpect: 100-continue\r\n\r\nhello world",
        ("POST /c HTTP/1.1\r\nTransfer-Encoding: Chunked\r\nX: y\r\n\r\n"
         "5;ext=1;q=\"a b\"\r\nhello\r\nB\r\n 0123456789\r\n00 ; last\r\n"
         "X-Sum: 1\r\nX-T: 2\r\n\r\n"),
        "PUT /lfc HTTP/1.1\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n",
    };
    static const char *const bodies[] = {"", "", "hello world", "hello 0123456789", "abc"};
    for (size_t i = 0; i < sizeof reqs / sizeof reqs[0]; i++) {
        size_t n = strlen(reqs[i]), at;
        lf_http_req whole, step;
        char *wbuf = malloc(n);
        memcpy(wbuf, reqs[i], n);
        CHECK_EQ_INT(lf_http_parse(wbuf, n, &LIM, &whole, NULL), n);
        CHECK_STR(z(whole.body), bodies[i]);
        CHECK_EQ_INT(feed_bytewise(reqs[i], n, &LIM, &step, &at), n);
        CHECK_EQ_INT(at, n);
        check_same(&whole, wbuf, &step, held);
        free(wbuf);
    }
}

static void test_content_length(void)
{
    static const char r[] = "POST /x HTTP/1.1\r\nContent-Length: 5\r\n\r\nhelloEXTRA";
    lf_http_req q;
    size_t hint = 99;
    CHECK_EQ_INT(parse_n(r, sizeof r - 1, &LIM, &q, &hint), sizeof r - 1 - 5);
    CHECK_STR(z(q.body), "hello");
    CHECK_EQ_INT(hint, sizeof r - 1 - 5);

    /* need_hint is 0 until the headers are in, then headers + body. */
    size_t hdr = strstr(r, "hello") - r;
    CHECK_EQ_INT(parse_n(r, hdr - 1, &LIM, &q, &hint), 0);
    CHECK_EQ_INT(hint, 0);
    CHECK_EQ_INT(parse_n(r, hdr + 2, &LIM, &q, &hint), 0);
    CHECK_EQ_INT(hint, hdr + 5);

    /* Repeating the same length is harmless. */
    static const char r2[] = "POST /x HTTP/1.1\r\nContent-Length: 2\r\n"
                             "content-length: 02\r\n\r\nok";
    CHECK_EQ_INT(PARSE(r2, &q), sizeof r2 - 1);
    CHECK_STR(z(q.body), "ok");

    static const char r3[] = "POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
    CHECK_EQ_INT(PARSE(r3, &q), sizeof r3 - 1);
    CHECK_EQ_INT(q.body.n, 0);
}

static void test_chunked(void)
{
    static const char r[] = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nX-After: 1\r\n\r\n"
                            "5;name=val\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\nNEXT";
    lf_http_req q;
    CHECK_EQ_INT(PARSE(r, &q), sizeof r - 1 - 4);
    CHECK_STR(z(q.body), "hello world");
    CHECK(q.body.p == held + (strstr(r, "5;name") - r));
    CHECK_EQ_INT(q.nheaders, 2); /* trailers are skipped */
    CHECK_STR(z(q.headers[1].name), "X-After");

    static const char r2[] = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
    CHECK_EQ_INT(PARSE(r2, &q), sizeof r2 - 1);
    CHECK_EQ_INT(q.body.n, 0);

    static const char r3[] = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                             "1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n";
    CHECK_EQ_INT(PARSE(r3, &q), sizeof r3 - 1);
    CHECK_STR(z(q.body), "abcdefghijklmnopqrstuvwxyz");

    /* need_hint stays 0: the size of a chunked body is not known upfront. */
    size_t hint = 7;
    CHECK_EQ_INT(parse_n(r, 70, &LIM, &q, &hint), 0);
    CHECK_EQ_INT(hint, 0);
}

static void test_chunked_errors(void)
{
#define TE "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
    lf_http_req q;
    CHECK_EQ_INT(PARSE(TE "zz\r\nhello\r\n0\r\n\r\n", &q), -400);
    CHECK_EQ_INT(PARSE(TE ";x\r\n", &q), -400);
    CHECK_EQ_INT(PARSE(TE "\r\n", &q), -400);
    CHECK_EQ_INT(PARSE(TE "5 x\r\nhello\r\n0\r\n\r\n", &q), -400);
    CHECK_EQ_INT(PARSE(TE "5\r\nhelloX\r\n0\r\n\r\n", &q), -400);
    CHECK_EQ_INT(PARSE(TE "5\r\nhello\rX0\r\n\r\n", &q), -400);
    CHECK_EQ_INT(PARSE(TE "5\r\nhello\r\n0\r\nbad trailer\r\n\r\n", &q), -400);
    CHECK_EQ_INT(PARSE(TE "5\r\nhello\r\n0\r\n folded\r\n\r\n", &q), -400);
    /* Endless leading zeros are cut off by the chunk-line cap. */
    char big[2200];
    size_t n = (size_t)snprintf(big, sizeof big, "%s", TE);
    memset(big + n, '0', sizeof big - n);
    CHECK_EQ_INT(parse_n(big, sizeof big, &LIM, &q, NULL), -400);
    /* Incomplete but valid so far. */
    CHECK_EQ_INT(PARSE(TE "5;ext\r\nhel", &q), 0);
    CHECK_EQ_INT(PARSE(TE "5\r\nhello\r", &q), 0);
    CHECK_EQ_INT(PARSE(TE "5\r\nhello\r\n0\r\nX: 1\r\n", &q), 0);
#undef TE
}

static void test_errors_400(void)
{
    static const char *const bad[] = {
        "GET / HTTP/1.1\r\nHost : x\r\n\r\n",               /* space before ':' */
        "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n",             /* obs-fold */
        "GET / HTTP/1.1\r\n\tX: a\r\n\r\n",                 /* leading whitespace */
        "GET / HTTP/1.1\r\nNoColon\r\n\r\n",                /* no ':' */
        "GET / HTTP/1.1\r\n: v\r\n\r\n",                    /* empty name */
        "GET / HTTP/1.1\r\nX(y): v\r\n\r\n",                /* non-token name */
        "GET / HTTP/1.1\r\nX: a\x01z\r\n\r\n",              /* control char */
        "GET / HTTP/1.1\r\nX: a\x7fz\r\n\r\n",              /* DEL */
        "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n",                /* bare CR */
        "GET / HTTP/1.1\r\r\n\r\n",                         /* bare CR in request line */
        "G(T / HTTP/1.1\r\n\r\n",                           /* non-token method */
        " GET / HTTP/1.1\r\n\r\n",                          /* leading space */
        "GET  / HTTP/1.1\r\n\r\n",                          /* two spaces */
        "GET / HTTP/1.1 \r\n\r\n",                          /* trailing space */
        "GET\t/ HTTP/1.1\r\n\r\n",                          /* tab separator */
        "GET x HTTP/1.1\r\n\r\n",                           /* relative target */
        "GET http://h/ HTTP/1.1\r\n\r\n",                   /* absolute form */
        "GET /a#f HTTP/1.1\r\n\r\n",                        /* fragment */
        "GET /\xc3\xa9 HTTP/1.1\r\n\r\n",                   /* raw non-ASCII target */
        "GET / HTTP/1.1x\r\n\r\n",                          /* version garbage */
        "GET / HTTP/1\r\n\r\n",                             /* short version */
        "GET / http/1.1\r\n\r\n",                           /* lowercase */
        "GET / HTTP/11.1\r\n\r\n",                          /* two-digit major */
        "GET / HTTP/1.x\r\n\r\n",                           /* non-digit minor */
        "GET /\r\n\r\n",                                    /* HTTP/0.9 form */
        "GET\r\n\r\n",                                      /* method only */
        "POST / HTTP/1.1\r\nContent-Length: 5a\r\n\r\n",    /* junk in length */
        "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n",    /* sign */
        "POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\n",    /* sign */
        "POST / HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n",   /* inner space */
        "POST / HTTP/1.1\r\nContent-Length: 1,1\r\n\r\n",   /* list */
        "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n",       /* empty */
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
        "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n",
        "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        lf_http_req q;
        long rc = parse_n(bad[i], strlen(bad[i]), &LIM, &q, NULL);
        if (rc != -400)
            printf("    case %zu: %ld\n", i, rc);
        CHECK_EQ_INT(rc, -400);
    }
    /* NUL bytes need an explicit length. */
    lf_http_req q;
    CHECK_EQ_INT(PARSE("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", &q), -400);
    CHECK_EQ_INT(PARSE("GET /\0 HTTP/1.1\r\n\r\n", &q), -400);
    /* A bad header is refused before the header block ends. */
    CHECK_EQ_INT(PARSE("GET / HTTP/1.1\r\nBad Header: x\r\n", &q), -400);
    CHECK_EQ_INT(PARSE("\x16\x03\x01\x02", &q), -400); /* TLS hello on a plain port */
}

static void test_errors_version_and_coding(void)
{
    lf_http_req q;
    CHECK_EQ_INT(PARSE("GET / HTTP/2.0\r\n\r\n", &q), -505);
    CHECK_EQ_INT(PARSE("GET / HTTP/0.9\r\n\r\n", &q), -505);
    CHECK_EQ_INT(PARSE("GET / HTTP/3.1\r\n\r\n", &q), -505);
    CHECK_EQ_INT(PARSE("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", &q), -501);
    CHECK_EQ_INT(PARSE("POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", &q), -501);
    CHECK_EQ_INT(PARSE("POST / HTTP/1.1\r\nTransfer-Encoding: identity\r\n\r\n", &q), -501);
    /* Decided as soon as the header is seen. */
    CHECK_EQ_INT(PARSE("POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\nX", &q), -501);
}

static void test_error_413(void)
{
    const lf_http_limits lim = {8192, 16384, 10};
    lf_http_req q;
    static const char ok[] = "POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\n0123456789";
    CHECK_EQ_INT(PARSE_LIM(ok, &lim, &q), sizeof ok - 1);
    /* Refused from the header alone, before any body byte. */
    CHECK_EQ_INT(PARSE_LIM("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", &lim, &q), -413);
    CHECK_EQ_INT(PARSE_LIM("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
                           &lim, &q),
                 -413);

    static const char cok[] = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "5\r\n01234\r\n5\r\n56789\r\n0\r\n\r\n";
    CHECK_EQ_INT(PARSE_LIM(cok, &lim, &q), sizeof cok - 1);
    CHECK_STR(z(q.body), "0123456789");
    /* Refused once the decoded size would pass the limit, data still missing. */
    static const char cbig[] = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "5\r\n01234\r\n6\r\n567890\r\n0\r\n\r\n";
    size_t at;
    CHECK_EQ_INT(feed_bytewise(cbig, sizeof cbig - 1, &lim, &q, &at), -413);
    CHECK_EQ_INT(at, strstr(cbig, "6\r\n") - cbig + 1);
    CHECK_EQ_INT(PARSE_LIM("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "ffffffffffffffffffffffff",
                           &lim, &q),
                 -413);
    const lf_http_limits huge = {8192, 16384, (size_t)-1};
    CHECK_EQ_INT(PARSE_LIM("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "ffffffffffffffffffffffff",
                           &huge, &q),
                 -413);
}

static void test_error_414(void)
{
    const lf_http_limits lim = {20, 16384, 1024};
    lf_http_req q;
    static const char ok[] = "GET /012345 HTTP/1.1\r\n\r\n"; /* line is exactly 20 */
    CHECK_EQ_INT(PARSE_LIM(ok, &lim, &q), sizeof ok - 1);
    CHECK_EQ_INT(PARSE_LIM("GET /0123456 HTTP/1.1\r\n\r\n", &lim, &q), -414);
    CHECK_EQ_INT(PARSE_LIM("GET /012345 HTTP/1.1\r", &lim, &q), 0);
    CHECK_EQ_INT(PARSE_LIM("GET /012345 HTTP/1.1", &lim, &q), 0);
    /* Known to be too long before the line ends. */
    CHECK_EQ_INT(PARSE_LIM("GET /0123456 HTTP/1.1", &lim, &q), -414);
    CHECK_EQ_INT(PARSE_LIM("GET /aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", &lim, &q), -414);
}

static void test_error_431(void)
{
    static const char r[] = "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n";
    size_t hbytes = sizeof r - 1 - strlen("GET / HTTP/1.1\r\n");
    lf_http_limits lim = {8192, hbytes, 1024};
    lf_http_req q;
    CHECK_EQ_INT(PARSE_LIM(r, &lim, &q), sizeof r - 1);
    lim.max_headers = hbytes - 1;
    CHECK_EQ_INT(PARSE_LIM(r, &lim, &q), -431);
    /* Known to be too big before the blank line arrives. */
    lim.max_headers = 8;
    CHECK_EQ_INT(PARSE_LIM("GET / HTTP/1.1\r\nA: 1\r\nB: 2", &lim, &q), -431);
    CHECK_EQ_INT(PARSE_LIM("GET / HTTP/1.1\r\nA: 1\r\n", &lim, &q), 0);
    /* Trailers count against the same budget. */
    lim.max_headers = 64;
    CHECK_EQ_INT(PARSE_LIM("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n"
                           "X-Long-Trailer: 0123456789012345678901234567890\r\n\r\n",
                           &lim, &q),
                 -431);

    /* By count: LF_HTTP_MAX_HEADERS fit, one more does not. */
    char buf[4096];
    size_t n = (size_t)snprintf(buf, sizeof buf, "GET / HTTP/1.1\r\n");
    for (int i = 0; i < LF_HTTP_MAX_HEADERS; i++)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "H%d: %d\r\n", i, i);
    memcpy(buf + n, "\r\n", 2);
    CHECK_EQ_INT(parse_n(buf, n + 2, &LIM, &q, NULL), n + 2);
    CHECK_EQ_INT(q.nheaders, LF_HTTP_MAX_HEADERS);
    CHECK_STR(z(q.headers[LF_HTTP_MAX_HEADERS - 1].value), "63");
    n += (size_t)snprintf(buf + n, sizeof buf - n, "Extra: x\r\n\r\n");
    CHECK_EQ_INT(parse_n(buf, n, &LIM, &q, NULL), -431);
}

static void test_keep_alive(void)
{
    static const struct {
        const char *req;
        int ka;
    } cases[] = {
        {"GET / HTTP/1.1\r\n\r\n", 1},
        {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 0},
        {"GET / HTTP/1.1\r\nConnection: Keep-Alive, CLOSE\r\n\r\n", 0},
        {"GET / HTTP/1.1\r\nConnection: upgrade\r\nConnection: Close\r\n\r\n", 0},
        {"GET / HTTP/1.1\r\nConnection: closed\r\n\r\n", 1},
        {"GET / HTTP/1.0\r\n\r\n", 0},
        {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", 1},
        {"GET / HTTP/1.0\r\nConnection: foo ,  Keep-Alive \r\n\r\n", 1},
        {"GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", 0},
        {"GET / HTTP/1.0\r\nKeep-Alive: 1\r\n\r\n", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_http_req q;
        size_t n = strlen(cases[i].req);
        CHECK_EQ_INT(parse_n(cases[i].req, n, &LIM, &q, NULL), n);
        if (q.keep_alive != cases[i].ka)
            printf("    case %zu\n", i);
        CHECK_EQ_INT(q.keep_alive, cases[i].ka);
    }
}

static void test_expect_continue(void)
{
    static const char r[] = "POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 4\r\n\r\n";
    lf_http_req q;
    size_t hint;
    CHECK_EQ_INT(parse_n(r, sizeof r - 1, &LIM, &q, &hint), 0);
    CHECK_EQ_INT(q.expect_continue, 1);
    CHECK_EQ_INT(hint, sizeof r - 1 + 4);
    static const char r2[] = "POST / HTTP/1.1\r\nExpect: 200-ok\r\n\r\n";
    CHECK_EQ_INT(PARSE(r2, &q), sizeof r2 - 1);
    CHECK_EQ_INT(q.expect_continue, 0);
}

static void test_header_get(void)
{
    static const char r[] = "GET / HTTP/1.1\r\nContent-Type:application/json \r\n"
                            "X-Dup: first\r\nx-dup: second\r\nEmpty:\r\n\r\n";
    lf_http_req q;
    lf_str v;
    CHECK_EQ_INT(PARSE(r, &q), sizeof r - 1);
    CHECK_EQ_INT(lf_http_header_get(&q, "content-type", &v), LF_OK);
    CHECK_STR(z(v), "application/json");
    CHECK_EQ_INT(lf_http_header_get(&q, "CONTENT-TYPE", &v), LF_OK);
    CHECK_EQ_INT(lf_http_header_get(&q, "X-DUP", &v), LF_OK);
    CHECK_STR(z(v), "first");
    CHECK_EQ_INT(lf_http_header_get(&q, "empty", &v), LF_OK);
    CHECK_EQ_INT(v.n, 0);
    CHECK_EQ_INT(lf_http_header_get(&q, "content-typ", &v), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_http_header_get(&q, "authorization", &v), LF_ENOTFOUND);
}

static void test_pct_decode(void)
{
    char out[64];
    size_t n;
    CHECK_EQ_INT(lf_http_pct_decode(LF_STR("a%41+b%2f%e4%B8%ad"), out, &n, 1), LF_OK);
    CHECK_EQ_INT(n, 8);
    CHECK(memcmp(out, "aA b/\xE4\xB8\xAD", 8) == 0);
    CHECK_EQ_INT(lf_http_pct_decode(LF_STR("a+b"), out, &n, 0), LF_OK);
    CHECK(n == 3 && memcmp(out, "a+b", 3) == 0);
    CHECK_EQ_INT(lf_http_pct_decode(LF_STR(""), out, &n, 1), LF_OK);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(lf_http_pct_decode(LF_STR("%4"), out, &n, 1), LF_EINVAL);
    CHECK_EQ_INT(lf_http_pct_decode(LF_STR("%"), out, &n, 1), LF_EINVAL);
    CHECK_EQ_INT(lf_http_pct_decode(LF_STR("%g0"), out, &n, 1), LF_EINVAL);
    CHECK_EQ_INT(lf_http_pct_decode(LF_STR("x%00"), out, &n, 1), LF_EINVAL);
    CHECK_EQ_INT(lf_http_pct_decode(LF_STR("x\0y"), out, &n, 1), LF_EINVAL);

    char inplace[] = "%7Bx%7D";
    CHECK_EQ_INT(lf_http_pct_decode(lf_strz(inplace), inplace, &n, 0), LF_OK);
    CHECK(n == 3 && memcmp(inplace, "{x}", 3) == 0);
}

static void test_query_iter(void)
{
    lf_arena a;
    lf_arena_init(&a, 1024, 0);
    lf_query_iter it;
    lf_str k, v;
    static const char *const want[][2] = {
        {"a", "1"}, {"b", "x y"}, {"c", ""}, {"", "z"}, {"d", "+"}, {"user_ids[]", "u=1"},
    };
    lf_query_iter_init(&it, LF_STR("&a=1&&b=x+y&c&=z&d=%2B&user_ids%5B%5D=u=1&"));
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        CHECK_EQ_INT(lf_query_next(&it, &a, &k, &v), 1);
        CHECK_STR(k.p, want[i][0]); /* arena copies are NUL-terminated */
        CHECK_STR(v.p, want[i][1]);
        CHECK_EQ_INT(k.n, strlen(want[i][0]));
        CHECK_EQ_INT(v.n, strlen(want[i][1]));
    }
    CHECK_EQ_INT(lf_query_next(&it, &a, &k, &v), 0);
    CHECK_EQ_INT(lf_query_next(&it, &a, &k, &v), 0);

    lf_query_iter_init(&it, (lf_str){NULL, 0});
    CHECK_EQ_INT(lf_query_next(&it, &a, &k, &v), 0);
    lf_query_iter_init(&it, LF_STR("ok=1&bad=%zz"));
    CHECK_EQ_INT(lf_query_next(&it, &a, &k, &v), 1);
    CHECK_EQ_INT(lf_query_next(&it, &a, &k, &v), LF_EINVAL);
    lf_arena_free(&a);

    lf_arena tiny;
    lf_arena_init(&tiny, 16, 16);
    lf_query_iter_init(&it, LF_STR("k=0123456789012345678901234567890123456789"));
    CHECK_EQ_INT(lf_query_next(&it, &tiny, &k, &v), LF_ENOMEM);
    lf_arena_free(&tiny);
}

static void test_query_get(void)
{
    lf_arena a;
    lf_arena_init(&a, 1024, 0);
    lf_str out;
    lf_str q = LF_STR("user_ids[]=a&x=1&user_ids%5B%5D=b&user_ids[]=c+d&name=J%C3%B6rg&e=&f");
    CHECK_EQ_INT(lf_query_get(q, "user_ids[]", &a, &out), LF_OK);
    CHECK_STR(out.p, "a,b,c d");
    CHECK_EQ_INT(out.n, 7);
    CHECK_EQ_INT(lf_query_get(q, "x", &a, &out), LF_OK);
    CHECK_STR(out.p, "1");
    CHECK_EQ_INT(lf_query_get(q, "name", &a, &out), LF_OK);
    CHECK_STR(out.p, "J\xC3\xB6rg");
    CHECK_EQ_INT(lf_query_get(q, "e", &a, &out), LF_OK);
    CHECK_EQ_INT(out.n, 0);
    CHECK_EQ_INT(lf_query_get(q, "f", &a, &out), LF_OK);
    CHECK_EQ_INT(out.n, 0);
    CHECK_EQ_INT(lf_query_get(q, "user_ids", &a, &out), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_query_get(q, "user_ids[", &a, &out), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_query_get(q, "X", &a, &out), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_query_get(q, "xy", &a, &out), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_query_get(LF_STR(""), "x", &a, &out), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_query_get(LF_STR("user_ids=a,b"), "user_ids", &a, &out), LF_OK);
    CHECK_STR(out.p, "a,b");
    CHECK_EQ_INT(lf_query_get(LF_STR("t=a&t=&t=b"), "t", &a, &out), LF_OK);
    CHECK_STR(out.p, "a,,b");
    CHECK_EQ_INT(lf_query_get(LF_STR("a+b=1"), "a b", &a, &out), LF_OK);
    CHECK_STR(out.p, "1");
    /* A bad escape only matters in a value that is asked for. */
    CHECK_EQ_INT(lf_query_get(LF_STR("t=%zz&u=1"), "t", &a, &out), LF_EINVAL);
    CHECK_EQ_INT(lf_query_get(LF_STR("t=%zz&u=1"), "u", &a, &out), LF_OK);
    CHECK_EQ_INT(lf_query_get(LF_STR("%zz=1&u=2"), "u", &a, &out), LF_OK);
    CHECK_STR(out.p, "2");
    CHECK_EQ_INT(lf_query_get(LF_STR("t%00=1"), "t", &a, &out), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_query_get(LF_STR("t\0=1"), "t", &a, &out), LF_ENOTFOUND);
    lf_arena_free(&a);
}

static void test_reason(void)
{
    static const int codes[] = {100, 200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 405,
                                408, 409, 413, 414, 422, 429, 431, 500, 501, 503, 505};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const char *r = lf_http_reason(codes[i]);
        CHECK(r && *r && strcmp(r, "Unknown") != 0);
    }
    CHECK_STR(lf_http_reason(200), "OK");
    CHECK_STR(lf_http_reason(404), "Not Found");
    CHECK_STR(lf_http_reason(405), "Method Not Allowed");
    CHECK_STR(lf_http_reason(431), "Request Header Fields Too Large");
    CHECK_STR(lf_http_reason(505), "HTTP Version Not Supported");
    CHECK_STR(lf_http_reason(799), "Unknown");
}

static void check_response(int status, const char *ct, const char *extra, const char *body,
                           int ka, int head, const char *want)
{
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_http_write_response(&b, status, ct, extra, body, body ? strlen(body) : 0, ka, head);
    CHECK(!b.oom);
    CHECK_EQ_INT(b.n, strlen(want));
    CHECK_STR(b.p, want);
    lf_buf_free(&b);
}

static void test_response_writer(void)
{
    check_response(200, "application/json", NULL, "{\"code\":0}", 1, 0,
                   "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                   "Content-Length: 10\r\n\r\n{\"code\":0}");
    check_response(404, "application/json", NULL, "{}", 0, 0,
                   "HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\n"
                   "Content-Length: 2\r\nConnection: close\r\n\r\n{}");
    check_response(405, NULL, "Allow: GET, POST\r\nX-Request-Id: 7\r\n", "", 1, 0,
                   "HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n"
                   "Allow: GET, POST\r\nX-Request-Id: 7\r\n\r\n");
    check_response(200, "text/plain", NULL, "hello", 1, 1,
                   "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n");
    check_response(413, NULL, NULL, NULL, 0, 0,
                   "HTTP/1.1 413 Content Too Large\r\nContent-Length: 0\r\n"
                   "Connection: close\r\n\r\n");
    check_response(100, NULL, NULL, NULL, 1, 0, "HTTP/1.1 100 Continue\r\n\r\n");
    check_response(100, NULL, NULL, NULL, 0, 0, "HTTP/1.1 100 Continue\r\n\r\n");
    check_response(204, NULL, NULL, "x", 0, 0,
                   "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");

    /* Appends after what is already there; the body may hold NULs. */
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_buf_puts(&b, "X");
    lf_http_write_response(&b, 201, "application/octet-stream", NULL, "a\0b", 3, 1, 0);
    static const char want[] = "XHTTP/1.1 201 Created\r\nContent-Type: application/octet-stream\r\n"
                               "Content-Length: 3\r\n\r\na\0b";
    CHECK_EQ_INT(b.n, sizeof want - 1);
    CHECK(b.n == sizeof want - 1 && memcmp(b.p, want, b.n) == 0);
    lf_buf_free(&b);
}

typedef struct route {
    const char *pattern;
    int methods;
} route;

static int find(const route *t, size_t n, const char *path, lf_route_match *m)
{
    return lf_route_find(t, n, sizeof *t, lf_strz(path), m);
}

static void test_routes(void)
{
    /* Parameter rows first, so "first match wins" would fail these. */
    static const route t[] = {
        {"/api/v1.0/accounts/users/<user_id>", 1},
        {"/api/v1.0/accounts/users/change_password", 2},
        {"/api/v1.0/tickets/<ticket_id>/<what>/files", 3},
        {"/api/v1.0/tickets/<ticket_id>/draft/files", 4},
        {"/api/v1.0/tickets/<ticket_id>/draft/<file_id>", 5},
        {"/api/v1.0/tickets", 6},
        {"/api/v1.0/workflows/<workflow_id>/versions/<version_id>", 7},
        {"/", 8},
        {"/a/<p1>/<p2>/<p3>/<p4>/<p5>", 9},
    };
    size_t n = sizeof t / sizeof t[0];
    lf_route_match m;

    CHECK_EQ_INT(find(t, n, "/api/v1.0/accounts/users/1234", &m), LF_OK);
    CHECK_EQ_INT(m.index, 0);
    CHECK_EQ_INT(m.nparams, 1);
    CHECK_STR(z(m.params[0]), "1234");

    /* The literal wins, even when the handler there lacks the method: that
     * is a 405, never a lookup of user "change_password". */
    CHECK_EQ_INT(find(t, n, "/api/v1.0/accounts/users/change_password", &m), LF_OK);
    CHECK_EQ_INT(m.index, 1);
    CHECK_EQ_INT(m.nparams, 0);

    CHECK_EQ_INT(find(t, n, "/api/v1.0/tickets/t1/draft/files", &m), LF_OK);
    CHECK_EQ_INT(m.index, 3);
    CHECK_EQ_INT(m.nparams, 1);
    CHECK_STR(z(m.params[0]), "t1");
    CHECK_EQ_INT(find(t, n, "/api/v1.0/tickets/t1/draft/f9", &m), LF_OK);
    CHECK_EQ_INT(m.index, 4);
    CHECK_STR(z(m.params[1]), "f9");
    CHECK_EQ_INT(find(t, n, "/api/v1.0/tickets/t1/final/files", &m), LF_OK);
    CHECK_EQ_INT(m.index, 2);
    CHECK_EQ_INT(m.nparams, 2);
    CHECK_STR(z(m.params[1]), "final");

    CHECK_EQ_INT(find(t, n, "/api/v1.0/workflows/w/versions/v", &m), LF_OK);
    CHECK_EQ_INT(m.index, 6);
    CHECK_STR(z(m.params[0]), "w");
    CHECK_STR(z(m.params[1]), "v");

    CHECK_EQ_INT(find(t, n, "/api/v1.0/tickets", &m), LF_OK);
    CHECK_EQ_INT(m.index, 5);
    CHECK_EQ_INT(find(t, n, "/", &m), LF_OK);
    CHECK_EQ_INT(m.index, 7);

    /* Same result whatever the table order. */
    route rev[sizeof t / sizeof t[0]];
    for (size_t i = 0; i < n; i++)
        rev[i] = t[n - 1 - i];
    CHECK_EQ_INT(find(rev, n, "/api/v1.0/accounts/users/change_password", &m), LF_OK);
    CHECK_EQ_INT(rev[m.index].methods, 2);
    CHECK_EQ_INT(find(rev, n, "/api/v1.0/tickets/t1/draft/files", &m), LF_OK);
    CHECK_EQ_INT(rev[m.index].methods, 4);
    CHECK_EQ_INT(find(rev, n, "/api/v1.0/accounts/users/u7", &m), LF_OK);
    CHECK_EQ_INT(rev[m.index].methods, 1);

    static const char *const misses[] = {
        "/api/v1.0/tickets/",              /* trailing slash */
        "/api/v1.0/accounts/users/",       /* empty parameter */
        "/api/v1.0/accounts/users//",      /* empty segments */
        "/api/v1.0/tickets//draft/files",  /* empty parameter in the middle */
        "/api/v1.0/accounts/users/1/x",    /* extra segment */
        "/api/v1.0/accounts",              /* too few */
        "/api/v1.0/Tickets",               /* case matters */
        "/api/v1.0/ticketsx",              /* prefix only */
        "api/v1.0/tickets",                /* not absolute */
        "",                                /* empty */
        "/a/1/2/3/4/5",                    /* more params than a match holds */
    };
    for (size_t i = 0; i < sizeof misses / sizeof misses[0]; i++) {
        int rc = find(t, n, misses[i], &m);
        if (rc != LF_ENOTFOUND)
            printf("    miss %zu matched %d\n", i, m.index);
        CHECK_EQ_INT(rc, LF_ENOTFOUND);
        CHECK_EQ_INT(m.index, -1);
    }
    CHECK_EQ_INT(find(t, 0, "/", &m), LF_ENOTFOUND);
}

/* A full request through parser and router, as the server will use them. */
static void test_parse_then_route(void)
{
    static const route t[] = {
        {"/api/v1.0/accounts/users/<user_id>", 1},
        {"/api/v1.0/tickets/<ticket_id>", 2},
    };
    static const char r[] = "GET /api/v1.0/tickets/a%2Db?x=1 HTTP/1.1\r\n\r\n";
    lf_http_req q;
    lf_route_match m;
    CHECK_EQ_INT(PARSE(r, &q), sizeof r - 1);
    CHECK_EQ_INT(lf_route_find(t, 2, sizeof t[0], q.path, &m), LF_OK);
    CHECK_EQ_INT(m.index, 1);
    CHECK_STR(z(m.params[0]), "a-b");
}

int main(void)
{
    RUN(test_simple_get);
    RUN(test_bare_lf_and_leading_crlf);
    RUN(test_methods);
    RUN(test_query_split);
    RUN(test_path_decoding);
    RUN(test_pipelined);
    RUN(test_bytewise_matches_whole);
    RUN(test_content_length);
    RUN(test_chunked);
    RUN(test_chunked_errors);
    RUN(test_errors_400);
    RUN(test_errors_version_and_coding);
    RUN(test_error_413);
    RUN(test_error_414);
    RUN(test_error_431);
    RUN(test_keep_alive);
    RUN(test_expect_continue);
    RUN(test_header_get);
    RUN(test_pct_decode);
    RUN(test_query_iter);
    RUN(test_query_get);
    RUN(test_reason);
    RUN(test_response_writer);
    RUN(test_routes);
    RUN(test_parse_then_route);
    free(held);
    return CHECK_DONE();
}
