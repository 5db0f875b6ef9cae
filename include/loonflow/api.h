/* api: the loonflow REST API over a parsed HTTP request. It authenticates
 * the caller, routes, runs the handler in one store transaction, and writes
 * the JSON envelope. It knows nothing of sockets: the server feeds it
 * requests and sends what it answers. */
#ifndef LOONFLOW_API_H
#define LOONFLOW_API_H

#include "loonflow/core.h"
#include "loonflow/http.h"
#include "loonflow/store.h"

typedef struct lf_api lf_api;
typedef struct lf_call lf_call;

typedef struct lf_api_opts {
    lf_store *store;
    int64_t jwt_lifetime_s;      /* default 30 days */
    unsigned password_iterations;
    int64_t signature_window_s;  /* default 120 */
    int64_t idempotency_ttl_s;   /* default 24 h */
    int utc_offset_min;          /* the appliance's zone: naive datetimes in ticket values */
} lf_api_opts;

/* What to send back. body and extra headers live until the next request. */
typedef struct lf_api_resp {
    int status;
    const char *content_type;
    lf_buf body;
    char extra_headers[256]; /* preformatted "Name: value\r\n" lines */
    char caller[96];         /* who asked, for the access log */
    int close;               /* close the connection after this response */
} lf_api_resp;

enum { LF_API_DONE = 0, LF_API_DEFER = 1 };

int lf_api_create(lf_api **out, const lf_api_opts *opts);
void lf_api_destroy(lf_api *api);

/* Handles one request. Returns LF_API_DONE with resp filled, or LF_API_DEFER
 * with *call set: then lf_api_work(call) must run (on a worker thread: it is
 * CPU-heavy and touches no shared state), followed by lf_api_resume on the
 * loop thread, which fills resp. All memory comes from the arena, which must
 * stay alive until the response is sent. */
int lf_api_handle(lf_api *api, const lf_http_req *req, lf_arena *a, lf_api_resp *resp,
                  lf_call **call);
void lf_api_work(lf_call *call);
void lf_api_resume(lf_call *call, lf_api_resp *resp);

/* Fills resp with a JSON error envelope for a protocol-level failure. */
void lf_api_error(lf_api_resp *resp, int status, const char *msg);

#endif
