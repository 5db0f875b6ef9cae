/* The port contract (port.h) as the platform must keep it: what the event
 * loop and the worker pool rely on. Runs against the board's port. */
#include "check.h"
#include "loonflow/core.h"
#include "loonflow/port.h"

#include <stdlib.h>

static void clocks_and_entropy(void)
{
    CHECK(lf_port_time_s() > 1600000000); /* after 2020: a wall clock, not an uptime */
    uint64_t a = lf_port_mono_us(), b = lf_port_mono_us();
    CHECK(b >= a);
    CHECK(lf_port_mono_ms() <= lf_port_mono_us() / 1000 + 1);
    unsigned char x[32], y[32];
    CHECK_EQ_INT(lf_port_random(x, sizeof x), LF_OK);
    CHECK_EQ_INT(lf_port_random(y, sizeof y), LF_OK);
    CHECK(memcmp(x, y, sizeof x) != 0);
}

typedef struct shared {
    lf_mutex *mu;
    lf_cond *cv;
    int counter, go, woken;
} shared;

static void count_up(void *arg)
{
    shared *s = arg;
    for (int i = 0; i < 2000; i++) {
        lf_mutex_lock(s->mu);
        s->counter++;
        lf_mutex_unlock(s->mu);
    }
}

static void wait_for_go(void *arg)
{
    shared *s = arg;
    lf_mutex_lock(s->mu);
    s->counter++; /* "I am about to wait": to main, not to the other waiters */
    lf_cond_broadcast(s->cv);
    while (s->go == 0)
        lf_cond_wait(s->cv, s->mu);
    s->go--; /* consumes one go: each waiter needs its own wakeup */
    s->woken++;
    lf_mutex_unlock(s->mu);
}

static void threads_mutexes_conds(void)
{
    shared s = {0};
    CHECK_EQ_INT(lf_mutex_create(&s.mu), LF_OK);
    CHECK_EQ_INT(lf_cond_create(&s.cv), LF_OK);
    lf_thread *t[4];
    for (int i = 0; i < 4; i++)
        CHECK_EQ_INT(lf_thread_start(&t[i], count_up, &s), LF_OK);
    for (int i = 0; i < 4; i++)
        lf_thread_join(t[i]);
    CHECK_EQ_INT(s.counter, 8000);

    /* Two signals in a row wake two waiters (a binary semaphore would lose one). */
    s.counter = 0;
    for (int i = 0; i < 2; i++)
        CHECK_EQ_INT(lf_thread_start(&t[i], wait_for_go, &s), LF_OK);
    lf_mutex_lock(s.mu);
    while (s.counter < 2)
        lf_cond_wait(s.cv, s.mu);
    s.go = 2;
    lf_cond_signal(s.cv);
    lf_cond_signal(s.cv);
    lf_mutex_unlock(s.mu);
    for (int i = 0; i < 2; i++)
        lf_thread_join(t[i]);
    CHECK_EQ_INT(s.woken, 2);

    /* A broadcast wakes every waiter. */
    s.counter = s.woken = 0;
    for (int i = 0; i < 3; i++)
        CHECK_EQ_INT(lf_thread_start(&t[i], wait_for_go, &s), LF_OK);
    lf_mutex_lock(s.mu);
    while (s.counter < 3)
        lf_cond_wait(s.cv, s.mu);
    s.go = 3;
    lf_cond_broadcast(s.cv);
    lf_mutex_unlock(s.mu);
    for (int i = 0; i < 3; i++)
        lf_thread_join(t[i]);
    CHECK_EQ_INT(s.woken, 3);
    lf_cond_destroy(s.cv);
    lf_mutex_destroy(s.mu);
}

/* Waits up to 2 s for an event on `udata`; returns its events, or 0. */
static unsigned wait_for(lf_poller *p, void *udata)
{
    uint64_t end = lf_port_mono_ms() + 2000;
    while (lf_port_mono_ms() < end) {
        lf_poll_event ev[8];
        int n = lf_poller_wait(p, ev, 8, 100);
        for (int i = 0; i < n; i++)
            if (ev[i].udata == udata)
                return ev[i].events;
    }
    return 0;
}

static void sockets_and_poller(void)
{
    lf_sock l, c, s;
    uint16_t port = 0;
    char peer[64] = "";
    int tag_l, tag_s;
    CHECK_EQ_INT(lf_port_listen("not-an-address", 0, 8, &l), LF_EINVAL);
    CHECK_EQ_INT(lf_port_listen("127.0.0.1", 0, 8, &l), LF_OK);
    CHECK_EQ_INT(lf_port_sock_port(l, &port), LF_OK);
    CHECK(port != 0);
    CHECK_EQ_INT(lf_port_accept(l, &s, peer, sizeof peer), LF_EAGAIN);

    lf_poller *p;
    CHECK_EQ_INT(lf_poller_create(&p, 4), LF_OK);
    CHECK_EQ_INT(lf_poller_add(p, l, LF_POLL_IN, &tag_l), LF_OK);
    CHECK_EQ_INT(lf_port_connect("localhost", port, 2000, &c), LF_OK);
    CHECK(wait_for(p, &tag_l) & LF_POLL_IN);
    CHECK_EQ_INT(lf_port_accept(l, &s, peer, sizeof peer), LF_OK);
    CHECK(strncmp(peer, "127.0.0.1:", 10) == 0);

    char buf[16];
    CHECK_EQ_INT(lf_port_recv(s, buf, sizeof buf), LF_EAGAIN);
    CHECK_EQ_INT(lf_poller_add(p, s, LF_POLL_OUT, &tag_s), LF_OK);
    CHECK(wait_for(p, &tag_s) & LF_POLL_OUT);
    CHECK_EQ_INT(lf_poller_mod(p, s, LF_POLL_IN, &tag_s), LF_OK);
    CHECK_EQ_INT(lf_port_send(c, "ping", 4), 4);
    CHECK(wait_for(p, &tag_s) & LF_POLL_IN);
    CHECK_EQ_INT(lf_port_recv(s, buf, sizeof buf), 4);
    CHECK(memcmp(buf, "ping", 4) == 0);
    lf_port_close(c);
    CHECK(wait_for(p, &tag_s) & LF_POLL_IN); /* the peer's close is readable */
    CHECK_EQ_INT(lf_port_recv(s, buf, sizeof buf), 0);

    CHECK_EQ_INT(lf_poller_del(p, s), LF_OK);
    lf_port_close(s);
    lf_poller_destroy(p);
    lf_port_close(l);
}

typedef struct waker_job {
    lf_waker *w;
} waker_job;

static void signal_many(void *arg)
{
    waker_job *j = arg;
    for (int i = 0; i < 200; i++)
        lf_waker_signal(j->w);
}

static void waker_from_threads(void)
{
    lf_poller *p;
    int tag;
    CHECK_EQ_INT(lf_poller_create(&p, 4), LF_OK);
    waker_job j;
    CHECK_EQ_INT(lf_waker_create(&j.w, p, &tag), LF_OK);
    lf_poll_event ev[4];
    CHECK_EQ_INT(lf_poller_wait(p, ev, 4, 0), 0);
    lf_thread *t[3];
    for (int i = 0; i < 3; i++)
        CHECK_EQ_INT(lf_thread_start(&t[i], signal_many, &j), LF_OK);
    for (int i = 0; i < 3; i++)
        lf_thread_join(t[i]);
    CHECK(wait_for(p, &tag) & LF_POLL_IN);
    lf_waker_drain(j.w); /* one drain answers all 600 signals */
    CHECK_EQ_INT(lf_poller_wait(p, ev, 4, 0), 0);
    lf_waker_signal(j.w);
    CHECK(wait_for(p, &tag) & LF_POLL_IN);
    lf_waker_destroy(j.w, p);
    lf_poller_destroy(p);
}

int main(void)
{
    RUN(clocks_and_entropy);
    RUN(threads_mutexes_conds);
    RUN(sockets_and_poller);
    RUN(waker_from_threads);
    return CHECK_DONE();
}
