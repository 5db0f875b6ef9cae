/* The HTTP/1.1 request parser on arbitrary bytes: every answer is complete
 * within the buffer, incomplete, or an error status, and slices point into
 * the buffer. A prefix of the input is parsed too (partial reads). */
#include "fuzz.h"
#include "loonflow/http.h"

#include <string.h>

static const lf_http_limits lim = {1024, 2048, 4096};

static int inside(lf_str s, const char *buf, size_t len)
{
    return s.n == 0 || (s.p >= buf && s.p + s.n <= buf + len);
}

static void check_req(const lf_http_req *r, const char *buf, size_t len)
{
    FUZZ_ASSERT(r->method >= 0 && r->method < LF_M__COUNT);
    FUZZ_ASSERT(inside(r->path, buf, len) && inside(r->query, buf, len));
    FUZZ_ASSERT(inside(r->body, buf, len) && inside(r->method_str, buf, len));
    FUZZ_ASSERT(r->nheaders >= 0 && r->nheaders <= LF_HTTP_MAX_HEADERS);
    FUZZ_ASSERT(r->body.n <= lim.max_body);
    for (int i = 0; i < r->nheaders; i++)
        FUZZ_ASSERT(inside(r->headers[i].name, buf, len) && inside(r->headers[i].value, buf, len));
    lf_str v;
    lf_http_header_get(r, "content-type", &v);
    lf_http_header_get(r, "Authorization", &v);
}

static void parse_all(const uint8_t *data, size_t size)
{
    char *buf = malloc(size ? size : 1);
    if (!buf)
        return;
    memcpy(buf, data, size);
    size_t off = 0;
    while (off < size) {
        lf_http_req req;
        size_t need = 0;
        long rc = lf_http_parse(buf + off, size - off, &lim, &req, &need);
        if (rc <= 0) {
            FUZZ_ASSERT(rc == 0 || rc == -400 || rc == -413 || rc == -414 || rc == -431 ||
                        rc == -501 || rc == -505);
            break;
        }
        FUZZ_ASSERT((size_t)rc <= size - off);
        check_req(&req, buf + off, size - off);
        off += (size_t)rc;
    }
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse_all(data, size);
    parse_all(data, size / 2);
    return 0;
}
