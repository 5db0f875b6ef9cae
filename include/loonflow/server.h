/* server: the event loop. Non-blocking connections on one thread, a small
 * pool of workers for CPU-heavy steps (password hashes), limits and
 * timeouts, graceful stop. */
#ifndef LOONFLOW_SERVER_H
#define LOONFLOW_SERVER_H

#include "loonflow/api.h"
#include "loonflow/http.h"
#include "loonflow/tls.h"

typedef struct lf_server lf_server;

typedef struct lf_server_opts {
    const char *host;
    uint16_t port; /* 0: any free port (see lf_server_port) */
    lf_http_limits limits;
    int max_conns;
    int idle_timeout_ms;    /* keep-alive connection with nothing to do */
    int request_timeout_ms; /* a started request must arrive whole within this */
    int workers;
    int access_log; /* one line per request at info level */
    lf_api *api;
    lf_tls *tls; /* set: the listener speaks HTTPS only (the caller keeps it) */
} lf_server_opts;

int lf_server_create(lf_server **out, const lf_server_opts *opts);
uint16_t lf_server_port(const lf_server *s);
/* Runs until *stop becomes non-zero; then finishes in-flight requests. */
int lf_server_run(lf_server *s, volatile int *stop);
void lf_server_destroy(lf_server *s);

#endif
