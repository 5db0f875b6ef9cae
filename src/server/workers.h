/* Private to the server: a fixed pool of threads running deferred calls. */
#ifndef LF_SERVER_WORKERS_H
#define LF_SERVER_WORKERS_H

#include "loonflow/api.h"
#include "loonflow/port.h"

typedef struct lf_job {
    struct lf_job *next;
    lf_call *call;
    void *owner; /* the connection, returned with the finished job */
} lf_job;

typedef struct lf_workers lf_workers;

int lf_workers_start(lf_workers **out, int n, lf_waker *done_waker);
void lf_workers_submit(lf_workers *w, lf_job *job);
/* Takes every finished job (in completion order); NULL when none. */
lf_job *lf_workers_take_done(lf_workers *w);
void lf_workers_stop(lf_workers *w);

#endif
