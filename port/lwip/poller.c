/* lwIP port: the readiness poller on lwip_poll, and a waker made of a UDP
 * datagram sent to a socket of our own on the loopback address (lwIP has
 * no eventfd or pipe; a datagram is the one thing lwip_poll can wait on). */
#include "loonflow/core.h"
#include "loonflow/port.h"

#include "lwip/def.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

struct lf_poller {
    struct pollfd *pfd;
    void **udata;
    int n, max;
    int next; /* where the next report starts, so no socket starves */
};

struct lf_waker {
    int rx, tx;
    struct sockaddr_in to;
    sys_mutex_t send_lock; /* workers signal concurrently; an lwIP socket is not shared */
};

int lf_poller_create(lf_poller **out, int max_socks)
{
    lf_poller *p = calloc(1, sizeof *p);
    if (!p)
        return LF_ENOMEM;
    p->max = max_socks > 0 ? max_socks : 64;
    p->pfd = calloc((size_t)p->max, sizeof *p->pfd);
    p->udata = calloc((size_t)p->max, sizeof *p->udata);
    if (!p->pfd || !p->udata) {
        free(p->pfd);
        free(p->udata);
        free(p);
        return LF_ENOMEM;
    }
    *out = p;
    return LF_OK;
}

void lf_poller_destroy(lf_poller *p)
{
    if (!p)
        return;
    free(p->pfd);
    free(p->udata);
    free(p);
}

static short to_poll(unsigned events)
{
    short e = 0;
    if (events & LF_POLL_IN)
        e |= POLLIN;
    if (events & LF_POLL_OUT)
        e |= POLLOUT;
    return e;
}

static int find(const lf_poller *p, lf_sock s)
{
    for (int i = 0; i < p->n; i++)
        if (p->pfd[i].fd == s)
            return i;
    return -1;
}

int lf_poller_add(lf_poller *p, lf_sock s, unsigned events, void *udata)
{
    if (find(p, s) >= 0)
        return LF_EEXIST;
    if (p->n == p->max)
        return LF_ELIMIT;
    p->pfd[p->n] = (struct pollfd){.fd = s, .events = to_poll(events)};
    p->udata[p->n] = udata;
    p->n++;
    return LF_OK;
}

int lf_poller_mod(lf_poller *p, lf_sock s, unsigned events, void *udata)
{
    int i = find(p, s);
    if (i < 0)
        return LF_ENOTFOUND;
    p->pfd[i].events = to_poll(events);
    p->udata[i] = udata;
    return LF_OK;
}

int lf_poller_del(lf_poller *p, lf_sock s)
{
    int i = find(p, s);
    if (i < 0)
        return LF_ENOTFOUND;
    p->n--;
    p->pfd[i] = p->pfd[p->n];
    p->udata[i] = p->udata[p->n];
    return LF_OK;
}

int lf_poller_wait(lf_poller *p, lf_poll_event *ev, int max, int timeout_ms)
{
    for (int i = 0; i < p->n; i++)
        p->pfd[i].revents = 0;
    int r = lwip_poll(p->pfd, (nfds_t)p->n, timeout_ms);
    if (r < 0)
        return errno == EINTR ? 0 : LF_EIO;
    int got = 0;
    for (int k = 0; k < p->n && got < max; k++) {
        int i = (p->next + k) % p->n;
        short re = p->pfd[i].revents;
        if (!re)
            continue;
        unsigned e = 0;
        if (re & (POLLIN | POLLHUP))
            e |= LF_POLL_IN;
        if (re & POLLOUT)
            e |= LF_POLL_OUT;
        if (re & (POLLERR | POLLNVAL))
            e |= LF_POLL_ERR;
        ev[got].udata = p->udata[i];
        ev[got].events = e;
        got++;
    }
    if (p->n)
        p->next = (p->next + 1) % p->n;
    return got;
}

static void close_waker(lf_waker *w)
{
    if (w->rx >= 0)
        lwip_close(w->rx);
    if (w->tx >= 0)
        lwip_close(w->tx);
    free(w);
}

int lf_waker_create(lf_waker **out, lf_poller *p, void *udata)
{
    lf_waker *w = calloc(1, sizeof *w);
    if (!w)
        return LF_ENOMEM;
    w->rx = lwip_socket(AF_INET, SOCK_DGRAM, 0);
    w->tx = lwip_socket(AF_INET, SOCK_DGRAM, 0);
    w->to.sin_family = AF_INET;
    w->to.sin_addr.s_addr = lwip_htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof w->to;
    if (w->rx < 0 || w->tx < 0 || lwip_bind(w->rx, (struct sockaddr *)&w->to, len) != 0 ||
        lwip_getsockname(w->rx, (struct sockaddr *)&w->to, &len) != 0 ||
        lwip_fcntl(w->rx, F_SETFL, O_NONBLOCK) != 0) {
        close_waker(w);
        return LF_EIO;
    }
    if (sys_mutex_new(&w->send_lock) != ERR_OK) {
        close_waker(w);
        return LF_ENOMEM;
    }
    int rc = lf_poller_add(p, w->rx, LF_POLL_IN, udata);
    if (rc) {
        sys_mutex_free(&w->send_lock);
        close_waker(w);
        return rc;
    }
    *out = w;
    return LF_OK;
}

void lf_waker_signal(lf_waker *w)
{
    sys_mutex_lock(&w->send_lock);
    lwip_sendto(w->tx, "w", 1, 0, (struct sockaddr *)&w->to, sizeof w->to);
    sys_mutex_unlock(&w->send_lock);
}

void lf_waker_drain(lf_waker *w)
{
    char buf[16];
    while (lwip_recv(w->rx, buf, sizeof buf, 0) > 0)
        ;
}

void lf_waker_destroy(lf_waker *w, lf_poller *p)
{
    if (!w)
        return;
    lf_poller_del(p, w->rx);
    sys_mutex_free(&w->send_lock);
    close_waker(w);
}
