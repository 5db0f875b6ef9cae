/* POSIX port: threads, mutexes, condition variables. */
#include "loonflow/core.h"
#include "loonflow/port.h"

#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

struct lf_thread {
    pthread_t t;
    void (*fn)(void *);
    void *arg;
};
struct lf_mutex {
    pthread_mutex_t m;
};
struct lf_cond {
    pthread_cond_t c;
};

static void *thread_main(void *p)
{
    lf_thread *t = p;
    t->fn(t->arg);
    return NULL;
}

int lf_thread_start(lf_thread **out, void (*fn)(void *), void *arg)
{
    lf_thread *t = malloc(sizeof *t);
    if (!t)
        return LF_ENOMEM;
    t->fn = fn;
    t->arg = arg;
    /* Workers must not take the stop signals: the event loop handles them. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&t->t, NULL, thread_main, t);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc) {
        free(t);
        return LF_EIO;
    }
    *out = t;
    return LF_OK;
}

void lf_thread_join(lf_thread *t)
{
    pthread_join(t->t, NULL);
    free(t);
}

int lf_mutex_create(lf_mutex **out)
{
    lf_mutex *m = malloc(sizeof *m);
    if (!m)
        return LF_ENOMEM;
    pthread_mutex_init(&m->m, NULL);
    *out = m;
    return LF_OK;
}

void lf_mutex_destroy(lf_mutex *m)
{
    if (!m)
        return;
    pthread_mutex_destroy(&m->m);
    free(m);
}

void lf_mutex_lock(lf_mutex *m)
{
    pthread_mutex_lock(&m->m);
}

void lf_mutex_unlock(lf_mutex *m)
{
    pthread_mutex_unlock(&m->m);
}

int lf_cond_create(lf_cond **out)
{
    lf_cond *c = malloc(sizeof *c);
    if (!c)
        return LF_ENOMEM;
    pthread_cond_init(&c->c, NULL);
    *out = c;
    return LF_OK;
}

void lf_cond_destroy(lf_cond *c)
{
    if (!c)
        return;
    pthread_cond_destroy(&c->c);
    free(c);
}

void lf_cond_wait(lf_cond *c, lf_mutex *m)
{
    pthread_cond_wait(&c->c, &m->m);
}

void lf_cond_signal(lf_cond *c)
{
    pthread_cond_signal(&c->c);
}

void lf_cond_broadcast(lf_cond *c)
{
    pthread_cond_broadcast(&c->c);
}
