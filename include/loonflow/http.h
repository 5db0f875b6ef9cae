/* http: an HTTP/1.1 request parser that works on the caller's buffer and never
 * allocates, a response writer, query-string helpers, and a route matcher. */
#ifndef LOONFLOW_HTTP_H
#define LOONFLOW_HTTP_H

#include "loonflow/core.h"

typedef enum lf_method {
    LF_M_GET, LF_M_HEAD, LF_M_POST, LF_M_PUT, LF_M_PATCH, LF_M_DELETE, LF_M_OPTIONS,
    LF_M_OTHER, /* syntactically valid but not one we route (501 from the server) */
    LF_M__COUNT
} lf_method;
const char *lf_method_name(lf_method m);

#define LF_HTTP_MAX_HEADERS 64

typedef struct lf_http_header {
    lf_str name, value; /* value has surrounding whitespace trimmed */
} lf_http_header;

typedef struct lf_http_limits {
    size_t max_line;    /* request line (414 when exceeded) */
    size_t max_headers; /* all header bytes (431) */
    size_t max_body;    /* decoded body (413) */
} lf_http_limits;

typedef struct lf_http_req {
    lf_method method;
    lf_str method_str;
    lf_str target;       /* request-target; once complete its path part is decoded */
    lf_str path;         /* percent-decoded path, no query */
    lf_str query;        /* raw query string after '?', may be empty */
    int minor;           /* HTTP/1.<minor> */
    int keep_alive;      /* after this request, per version and Connection */
    int expect_continue; /* "Expect: 100-continue" was sent */
    lf_http_header headers[LF_HTTP_MAX_HEADERS];
    int nheaders;
    lf_str body; /* Content-Length or de-chunked body */
} lf_http_req;

/* Parses one request from buf[0..len). Returns:
 *   > 0  complete: the number of bytes this request used (the next pipelined
 *        request starts there). The buffer is rewritten in place (path
 *        decoding, de-chunking), so call it once per complete request.
 *   0    incomplete: call again with more data. *need_hint, when non-NULL, is
 *        set to the known total size once the headers are in (for buffers).
 *   < 0  the negated HTTP status to answer before closing: -400, -413, -414,
 *        -431, -501 (unsupported transfer coding), -505 (HTTP version).
 * The parser re-reads from the start on each call until the request is
 * complete; header blocks are small, so this keeps it free of state. */
long lf_http_parse(char *buf, size_t len, const lf_http_limits *lim, lf_http_req *req,
                   size_t *need_hint);

/* Case-insensitive header lookup; LF_ENOTFOUND when absent. */
int lf_http_header_get(const lf_http_req *req, const char *name, lf_str *out);

/* Percent-decodes s into out (capacity >= s.n); plus=1 turns '+' into ' '.
 * LF_EINVAL on a bad escape or a NUL, raw or decoded. */
int lf_http_pct_decode(lf_str s, char *out, size_t *outlen, int plus);

/* Query iteration over "a=1&b=2": each call yields one decoded pair, copied
 * into the arena. Returns 1 while pairs remain, 0 at the end, LF_EINVAL or
 * LF_ENOMEM on failure. */
typedef struct lf_query_iter {
    lf_str rest;
} lf_query_iter;
void lf_query_iter_init(lf_query_iter *it, lf_str query);
int lf_query_next(lf_query_iter *it, lf_arena *a, lf_str *key, lf_str *val);
/* First value of `name`; when repeated, all values joined with ','
 * (upstream's GET-schema behaviour). LF_ENOTFOUND when absent. */
int lf_query_get(lf_str query, const char *name, lf_arena *a, lf_str *out);

const char *lf_http_reason(int status);

/* Appends a complete response. extra_headers is preformatted "Name: v\r\n"
 * lines (or NULL). head_only writes the headers of the body but not it. */
void lf_http_write_response(lf_buf *out, int status, const char *content_type,
                            const char *extra_headers, const void *body, size_t body_len,
                            int keep_alive, int head_only);

/* ---- routes: patterns of '/'-separated segments; "<name>" matches any
 * non-empty segment; literal segments win over "<...>" at the first
 * position where two candidates differ. No trailing-slash matching. ---- */
#define LF_ROUTE_MAX_PARAMS 4
typedef struct lf_route_match {
    int index; /* index of the matched pattern */
    lf_str params[LF_ROUTE_MAX_PARAMS];
    int nparams;
} lf_route_match;

/* patterns[i] for i < n; stride is the byte distance between consecutive
 * pattern pointers, so a table of structs whose first member is the pattern
 * can be matched directly. LF_ENOTFOUND when nothing matches. */
int lf_route_find(const void *table, size_t n, size_t stride, lf_str path, lf_route_match *m);

#endif
