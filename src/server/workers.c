#include "workers.h"

#include <stdlib.h>

struct lf_workers {
    lf_mutex *mu;
    lf_cond *cv;
    lf_job *todo_head, *todo_tail, *done_head, *done_tail;
    lf_waker *waker;
    int stopping;
    int n;
    lf_thread *threads[16];
};

static void push(lf_job **head, lf_job **tail, lf_job *j)
{
    j->next = NULL;
    if (*tail)
        (*tail)->next = j;
    else
        *head = j;
    *tail = j;
}

static void worker_main(void *arg)
{
    lf_workers *w = arg;
    lf_mutex_lock(w->mu);
    for (;;) {
        while (!w->todo_head && !w->stopping)
            lf_cond_wait(w->cv, w->mu);
        if (!w->todo_head)
            break;
        lf_job *j = w->todo_head;
        w->todo_head = j->next;
        if (!w->todo_head)
            w->todo_tail = NULL;
        lf_mutex_unlock(w->mu);
        lf_api_work(j->call);
        lf_mutex_lock(w->mu);
        push(&w->done_head, &w->done_tail, j);
        lf_waker_signal(w->waker);
    }
    lf_mutex_unlock(w->mu);
}

int lf_workers_start(lf_workers **out, int n, lf_waker *done_waker)
{
    lf_workers *w = calloc(1, sizeof *w);
    if (!w)
        return LF_ENOMEM;
    if (n < 1)
        n = 1;
    if (n > (int)(sizeof w->threads / sizeof *w->threads))
        n = (int)(sizeof w->threads / sizeof *w->threads);
    w->waker = done_waker;
    int rc = lf_mutex_create(&w->mu);
    if (rc == LF_OK)
        rc = lf_cond_create(&w->cv);
    while (rc == LF_OK && w->n < n) {
        rc = lf_thread_start(&w->threads[w->n], worker_main, w);
        if (rc == LF_OK)
            w->n++;
    }
    if (rc) {
        lf_workers_stop(w);
        return rc;
    }
    *out = w;
    return LF_OK;
}

void lf_workers_submit(lf_workers *w, lf_job *job)
{
    lf_mutex_lock(w->mu);
    push(&w->todo_head, &w->todo_tail, job);
    lf_cond_signal(w->cv);
    lf_mutex_unlock(w->mu);
}

lf_job *lf_workers_take_done(lf_workers *w)
{
    lf_mutex_lock(w->mu);
    lf_job *j = w->done_head;
    w->done_head = w->done_tail = NULL;
    lf_mutex_unlock(w->mu);
    return j;
}

void lf_workers_stop(lf_workers *w)
{
    if (!w)
        return;
    if (w->mu) {
        lf_mutex_lock(w->mu);
        w->stopping = 1;
        if (w->cv)
            lf_cond_broadcast(w->cv);
        lf_mutex_unlock(w->mu);
    }
    for (int i = 0; i < w->n; i++)
        lf_thread_join(w->threads[i]);
    lf_cond_destroy(w->cv);
    lf_mutex_destroy(w->mu);
    free(w);
}
