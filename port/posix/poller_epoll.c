/* POSIX port: the readiness poller on epoll, and an eventfd waker. */
#include "loonflow/core.h"
#include "loonflow/port.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct lf_poller {
    int epfd;
    int max;
    struct epoll_event *evs;
};

struct lf_waker {
    int fd;
};

int lf_poller_create(lf_poller **out, int max_socks)
{
    lf_poller *p = calloc(1, sizeof *p);
    if (!p)
        return LF_ENOMEM;
    p->max = max_socks > 0 ? max_socks : 64;
    p->evs = calloc((size_t)p->max, sizeof *p->evs);
    p->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (!p->evs || p->epfd < 0) {
        free(p->evs);
        free(p);
        return LF_EIO;
    }
    *out = p;
    return LF_OK;
}

void lf_poller_destroy(lf_poller *p)
{
    if (!p)
        return;
    close(p->epfd);
    free(p->evs);
    free(p);
}

static int ctl(lf_poller *p, int op, lf_sock s, unsigned events, void *udata)
{
    struct epoll_event ev = {0};
    if (events & LF_POLL_IN)
        ev.events |= EPOLLIN | EPOLLRDHUP;
    if (events & LF_POLL_OUT)
        ev.events |= EPOLLOUT;
    ev.data.ptr = udata;
    return epoll_ctl(p->epfd, op, s, &ev) == 0 ? LF_OK : LF_EIO;
}

int lf_poller_add(lf_poller *p, lf_sock s, unsigned events, void *udata)
{
    return ctl(p, EPOLL_CTL_ADD, s, events, udata);
}

int lf_poller_mod(lf_poller *p, lf_sock s, unsigned events, void *udata)
{
    return ctl(p, EPOLL_CTL_MOD, s, events, udata);
}

int lf_poller_del(lf_poller *p, lf_sock s)
{
    return epoll_ctl(p->epfd, EPOLL_CTL_DEL, s, NULL) == 0 ? LF_OK : LF_EIO;
}

int lf_poller_wait(lf_poller *p, lf_poll_event *ev, int max, int timeout_ms)
{
    if (max > p->max)
        max = p->max;
    int n = epoll_wait(p->epfd, p->evs, max, timeout_ms);
    if (n < 0)
        return errno == EINTR ? 0 : LF_EIO;
    for (int i = 0; i < n; i++) {
        unsigned e = 0;
        if (p->evs[i].events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP))
            e |= LF_POLL_IN;
        if (p->evs[i].events & EPOLLOUT)
            e |= LF_POLL_OUT;
        if (p->evs[i].events & EPOLLERR)
            e |= LF_POLL_ERR;
        ev[i].udata = p->evs[i].data.ptr;
        ev[i].events = e;
    }
    return n;
}

int lf_waker_create(lf_waker **out, lf_poller *p, void *udata)
{
    lf_waker *w = malloc(sizeof *w);
    if (!w)
        return LF_ENOMEM;
    w->fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (w->fd < 0 || lf_poller_add(p, w->fd, LF_POLL_IN, udata) != LF_OK) {
        if (w->fd >= 0)
            close(w->fd);
        free(w);
        return LF_EIO;
    }
    *out = w;
    return LF_OK;
}

void lf_waker_signal(lf_waker *w)
{
    uint64_t one = 1;
    while (write(w->fd, &one, sizeof one) < 0 && errno == EINTR)
        ;
}

void lf_waker_drain(lf_waker *w)
{
    uint64_t v;
    while (read(w->fd, &v, sizeof v) < 0 && errno == EINTR)
        ;
}

void lf_waker_destroy(lf_waker *w, lf_poller *p)
{
    if (!w)
        return;
    lf_poller_del(p, w->fd);
    close(w->fd);
    free(w);
}
