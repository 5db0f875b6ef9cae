/* lwIP port: threads, mutexes and condition variables on lwIP's own OS
 * layer (sys_arch: sys_thread_new, sys_mutex, sys_sem), so any RTOS that
 * runs lwIP with NO_SYS=0 runs loonflowd's workers too. */
#include "loonflow/core.h"
#include "loonflow/port.h"

#include "lwip/sys.h"

#include <stdlib.h>

/* Workers hash passwords and run handlers on their own stack; an RTOS
 * sizes task stacks explicitly (the unix port ignores it). */
#ifndef LF_LWIP_THREAD_STACK
#define LF_LWIP_THREAD_STACK 16384
#endif

struct lf_thread {
    void (*fn)(void *);
    void *arg;
    sys_sem_t done; /* sys_arch has no join: the thread posts this last */
};
struct lf_mutex {
    sys_mutex_t m;
};
/* lwIP's semaphores may be binary (the unix port's are): two posts before
 * a wait leave one token. So every wakeup is a handshake: post `wake`, then
 * take `ack` from the waiter that took it. `waiters` and the handshake are
 * guarded by the caller's mutex (signal and broadcast hold it, port.h), so
 * no thread that starts waiting later can take a wakeup meant for another. */
struct lf_cond {
    sys_sem_t wake, ack;
    int waiters;
};

static void thread_main(void *p)
{
    lf_thread *t = p;
    t->fn(t->arg);
    sys_sem_signal(&t->done);
}

int lf_thread_start(lf_thread **out, void (*fn)(void *), void *arg)
{
    lf_thread *t = malloc(sizeof *t);
    if (!t)
        return LF_ENOMEM;
    t->fn = fn;
    t->arg = arg;
    if (sys_sem_new(&t->done, 0) != ERR_OK) {
        free(t);
        return LF_ENOMEM;
    }
    sys_thread_new("loonflow", thread_main, t, LF_LWIP_THREAD_STACK, DEFAULT_THREAD_PRIO);
    *out = t;
    return LF_OK;
}

void lf_thread_join(lf_thread *t)
{
    sys_sem_wait(&t->done);
    sys_sem_free(&t->done);
    free(t);
}

int lf_mutex_create(lf_mutex **out)
{
    lf_mutex *m = malloc(sizeof *m);
    if (!m)
        return LF_ENOMEM;
    if (sys_mutex_new(&m->m) != ERR_OK) {
        free(m);
        return LF_ENOMEM;
    }
    *out = m;
    return LF_OK;
}

void lf_mutex_destroy(lf_mutex *m)
{
    if (!m)
        return;
    sys_mutex_free(&m->m);
    free(m);
}

void lf_mutex_lock(lf_mutex *m)
{
    sys_mutex_lock(&m->m);
}

void lf_mutex_unlock(lf_mutex *m)
{
    sys_mutex_unlock(&m->m);
}

int lf_cond_create(lf_cond **out)
{
    lf_cond *c = malloc(sizeof *c);
    if (!c)
        return LF_ENOMEM;
    c->waiters = 0;
    if (sys_sem_new(&c->wake, 0) != ERR_OK) {
        free(c);
        return LF_ENOMEM;
    }
    if (sys_sem_new(&c->ack, 0) != ERR_OK) {
        sys_sem_free(&c->wake);
        free(c);
        return LF_ENOMEM;
    }
    *out = c;
    return LF_OK;
}

void lf_cond_destroy(lf_cond *c)
{
    if (!c)
        return;
    sys_sem_free(&c->wake);
    sys_sem_free(&c->ack);
    free(c);
}

void lf_cond_wait(lf_cond *c, lf_mutex *m)
{
    c->waiters++;
    sys_mutex_unlock(&m->m);
    sys_sem_wait(&c->wake);
    sys_sem_signal(&c->ack);
    sys_mutex_lock(&m->m);
}

void lf_cond_signal(lf_cond *c)
{
    if (c->waiters > 0) {
        c->waiters--;
        sys_sem_signal(&c->wake);
        sys_sem_wait(&c->ack);
    }
}

void lf_cond_broadcast(lf_cond *c)
{
    while (c->waiters > 0)
        lf_cond_signal(c);
}
