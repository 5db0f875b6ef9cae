/* The event loop: accept, read, parse, hand each complete request to the
 * api, write the answer; pipelined requests are answered in order. With a
 * lf_tls every connection first runs a non-blocking TLS handshake and then
 * reads and writes through its session. */
#include "loonflow/server.h"
#include "loonflow/port.h"
#include "workers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define READ_CHUNK 16384
#define ARENA_BLOCK 16384
#define ARENA_MAX (64u << 20)
#define OUT_HIGH_WATER (1u << 20) /* stop answering pipelined requests past this */
#define KEEP_BUF_CAP (64u << 10)  /* buffers larger than this are freed when idle */
#define STOP_GRACE_MS 10000

enum conn_state { C_READ, C_BUSY, C_CLOSING, C_DEAD };

typedef struct conn {
    lf_sock sock;
    lf_tls_conn *tls; /* NULL on a plain HTTP listener */
    enum conn_state state;
    lf_buf in, out;
    size_t out_sent;
    lf_arena arena;
    lf_http_req req;
    long req_len;
    lf_api_resp resp;
    lf_job job;
    uint64_t last_ms, req_start_ms, t0_us;
    unsigned poll_mask;
    int sent_continue;
    char peer[64];
    struct conn *prev, *next;
} conn;

struct lf_server {
    lf_server_opts o;
    lf_sock listener;
    lf_poller *poller;
    lf_waker *waker;
    lf_workers *workers;
    conn *conns;
    conn *dead; /* closed this iteration; freed after its events are done */
    int nconns;
    uint16_t port;
    int listener_tag, waker_tag; /* addresses used as poll udata */
};

static void conn_close(lf_server *s, conn *c)
{
    if (c->state == C_BUSY) {
        /* A worker still holds its call: close once the job comes back. */
        c->state = C_CLOSING;
        return;
    }
    lf_poller_del(s->poller, c->sock);
    lf_tls_conn_free(c->tls);
    c->tls = NULL;
    lf_port_close(c->sock);
    if (c->prev)
        c->prev->next = c->next;
    else
        s->conns = c->next;
    if (c->next)
        c->next->prev = c->prev;
    s->nconns--;
    c->state = C_DEAD;
    c->next = s->dead;
    s->dead = c;
}

static void bury_dead(lf_server *s)
{
    while (s->dead) {
        conn *c = s->dead;
        s->dead = c->next;
        lf_buf_free(&c->in);
        lf_buf_free(&c->out);
        lf_buf_free(&c->resp.body);
        lf_arena_free(&c->arena);
        free(c);
    }
}

static long conn_recv(conn *c, void *buf, size_t n)
{
    return c->tls ? lf_tls_recv(c->tls, buf, n) : lf_port_recv(c->sock, buf, n);
}

static long conn_send(conn *c, const void *buf, size_t n)
{
    return c->tls ? lf_tls_send(c->tls, buf, n) : lf_port_send(c->sock, buf, n);
}

static int handshaking(const conn *c)
{
    return c->tls && !lf_tls_ready(c->tls);
}

static void set_interest(lf_server *s, conn *c)
{
    unsigned want = 0;
    if (handshaking(c))
        want = lf_tls_want(c->tls);
    else if (c->state == C_READ && c->out.n < OUT_HIGH_WATER)
        want |= LF_POLL_IN;
    if (c->out.n > c->out_sent)
        want |= LF_POLL_OUT;
    if (want != c->poll_mask) {
        lf_poller_mod(s->poller, c->sock, want, c);
        c->poll_mask = want;
    }
}

/* Sends what is queued. Returns 0, or -1 when the connection is gone. */
static int flush(lf_server *s, conn *c)
{
    while (c->out_sent < c->out.n) {
        long w = conn_send(c, c->out.p + c->out_sent, c->out.n - c->out_sent);
        if (w == LF_EAGAIN)
            break;
        if (w < 0) {
            conn_close(s, c);
            return -1;
        }
        c->out_sent += (size_t)w;
    }
    if (c->out_sent == c->out.n) {
        c->out_sent = 0;
        lf_buf_reset(&c->out);
        if (c->out.cap > KEEP_BUF_CAP)
            lf_buf_free(&c->out);
    }
    return 0;
}

static void access_log(lf_server *s, conn *c)
{
    if (!s->o.access_log || lf_log_level() < LF_LOG_INFO)
        return;
    double ms = (double)(lf_port_mono_us() - c->t0_us) / 1000.0;
    lf_log(LF_LOG_INFO, "%s %s %.*s %d %.3fms %s", c->peer, lf_method_name(c->req.method),
           (int)(c->req.path.n > 200 ? 200 : c->req.path.n), c->req.path.p, c->resp.status, ms,
           c->resp.caller);
}

/* Queues the response of the current request and drops its bytes. */
static void respond(lf_server *s, conn *c)
{
    lf_api_resp *r = &c->resp;
    int keep = c->req.keep_alive && !r->close && c->state != C_CLOSING;
    lf_http_write_response(&c->out, r->status, r->content_type, r->extra_headers, r->body.p,
                           r->body.n, keep, c->req.method == LF_M_HEAD);
    access_log(s, c);
    lf_buf_consume(&c->in, (size_t)c->req_len);
    c->req_len = 0;
    c->sent_continue = 0;
    lf_arena_reset(&c->arena);
    if (!keep)
        c->state = C_CLOSING;
}

static void respond_error(conn *c, int status)
{
    char msg[64];
    snprintf(msg, sizeof msg, "%s", lf_http_reason(status));
    lf_api_error(&c->resp, status, msg);
    lf_http_write_response(&c->out, status, c->resp.content_type, NULL, c->resp.body.p,
                           c->resp.body.n, 0, 0);
    lf_log(LF_LOG_INFO, "%s - - %d (protocol error)", c->peer, status);
    c->state = C_CLOSING;
}

/* Parses and answers as many complete requests as the buffer holds. */
static void process(lf_server *s, conn *c)
{
    while (c->state == C_READ && c->in.n > 0 && c->out.n < OUT_HIGH_WATER) {
        size_t need = 0;
        long n = lf_http_parse(c->in.p, c->in.n, &s->o.limits, &c->req, &need);
        if (n < 0) {
            respond_error(c, (int)-n);
            break;
        }
        if (n == 0) {
            if (need && c->req.expect_continue && !c->sent_continue) {
                lf_buf_puts(&c->out, "HTTP/1.1 100 Continue\r\n\r\n");
                c->sent_continue = 1;
            }
            break;
        }
        c->req_len = n;
        c->t0_us = lf_port_mono_us();
        if (c->req.method == LF_M_OTHER) {
            respond_error(c, 501);
            break;
        }
        lf_call *call = NULL;
        if (lf_api_handle(s->o.api, &c->req, &c->arena, &c->resp, &call) == LF_API_DEFER) {
            c->state = C_BUSY;
            c->job.call = call;
            c->job.owner = c;
            lf_workers_submit(s->workers, &c->job);
            break;
        }
        respond(s, c);
    }
    if (c->in.n == 0 && c->in.cap > KEEP_BUF_CAP)
        lf_buf_free(&c->in);
}

/* Returns -1 when the peer went away and the connection was closed. */
static int on_readable(lf_server *s, conn *c)
{
    for (;;) {
        if (lf_buf_reserve(&c->in, READ_CHUNK) != LF_OK) {
            /* The parser caps every request below the buffer's limit; a full
             * buffer means pipelined data far ahead of us. */
            respond_error(c, 413);
            return 0;
        }
        long r = conn_recv(c, c->in.p + c->in.n, c->in.cap - c->in.n - 1);
        if (r == LF_EAGAIN)
            break;
        if (r <= 0) {
            conn_close(s, c);
            return -1;
        }
        if (c->in.n == 0)
            c->req_start_ms = lf_port_mono_ms();
        c->in.n += (size_t)r;
        c->in.p[c->in.n] = 0;
        c->last_ms = lf_port_mono_ms();
        /* Bytes TLS decrypted but did not hand over yet are not reported by
         * the socket's readiness: take them now. */
        if ((size_t)r < READ_CHUNK && !(c->tls && lf_tls_pending(c->tls)))
            break;
    }
    process(s, c);
    return 0;
}

static void accept_all(lf_server *s)
{
    for (;;) {
        lf_sock fd;
        char peer[64];
        if (lf_port_accept(s->listener, &fd, peer, sizeof peer) != LF_OK)
            return;
        conn *c = s->nconns < s->o.max_conns ? calloc(1, sizeof *c) : NULL;
        if (!c && s->o.tls) {
            lf_port_close(fd); /* no plain-text answer on an HTTPS port */
            lf_log(LF_LOG_WARN, "refused %s: %d connections open", peer, s->nconns);
            continue;
        }
        if (!c) {
            static const char busy[] =
                "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                "Content-Length: 57\r\nConnection: close\r\n\r\n"
                "{\"code\":-1,\"data\":{},\"msg\":\"too many connections, retry\"}";
            lf_port_send(fd, busy, sizeof busy - 1);
            lf_port_close(fd);
            lf_log(LF_LOG_WARN, "refused %s: %d connections open", peer, s->nconns);
            continue;
        }
        c->sock = fd;
        snprintf(c->peer, sizeof c->peer, "%s", peer);
        if (s->o.tls && lf_tls_conn_new(s->o.tls, fd, &c->tls) != LF_OK) {
            lf_log(LF_LOG_WARN, "refused %s: no memory for a TLS session", peer);
            lf_port_close(fd);
            free(c);
            continue;
        }
        const lf_http_limits *l = &s->o.limits;
        lf_buf_init(&c->in, l->max_line + l->max_headers + l->max_body + 4 * READ_CHUNK);
        lf_buf_init(&c->out, 0);
        lf_buf_init(&c->resp.body, 0);
        lf_arena_init(&c->arena, ARENA_BLOCK, ARENA_MAX);
        c->last_ms = c->req_start_ms = lf_port_mono_ms();
        c->poll_mask = LF_POLL_IN;
        if (lf_poller_add(s->poller, fd, LF_POLL_IN, c) != LF_OK) {
            lf_tls_conn_free(c->tls);
            lf_port_close(fd);
            free(c);
            continue;
        }
        c->next = s->conns;
        if (s->conns)
            s->conns->prev = c;
        s->conns = c;
        s->nconns++;
    }
}

/* Drives a TLS handshake; returns -1 when it failed and the connection was
 * closed, 1 while it goes on, 0 once it is done. */
static int on_handshake(lf_server *s, conn *c)
{
    int rc = lf_tls_handshake(c->tls);
    if (rc == LF_EAGAIN) {
        set_interest(s, c);
        return 1;
    }
    if (rc != LF_OK) {
        lf_log(LF_LOG_INFO, "%s tls handshake failed: %s", c->peer, lf_tls_error(c->tls));
        conn_close(s, c);
        return -1;
    }
    c->last_ms = lf_port_mono_ms();
    return 0;
}

static void after_io(lf_server *s, conn *c)
{
    if (flush(s, c) != 0)
        return;
    if (c->state == C_CLOSING && c->out.n == 0) {
        conn_close(s, c);
        return;
    }
    set_interest(s, c);
}

static void on_jobs_done(lf_server *s)
{
    lf_waker_drain(s->waker);
    for (lf_job *j = lf_workers_take_done(s->workers), *next; j; j = next) {
        next = j->next;
        conn *c = j->owner;
        int gone = c->state == C_CLOSING;
        c->state = C_READ;
        lf_api_resume(j->call, &c->resp);
        if (gone) {
            conn_close(s, c);
            continue;
        }
        respond(s, c);
        process(s, c);
        after_io(s, c);
    }
}

static void sweep_timeouts(lf_server *s, int stopping)
{
    uint64_t now = lf_port_mono_ms();
    for (conn *c = s->conns, *next; c; c = next) {
        next = c->next;
        if (c->state != C_READ)
            continue;
        if (handshaking(c)) {
            if (stopping || now - c->req_start_ms > (uint64_t)s->o.request_timeout_ms) {
                lf_log(LF_LOG_INFO, "%s tls handshake %s", c->peer,
                       stopping ? "dropped: stopping" : "timed out");
                conn_close(s, c);
            }
            continue;
        }
        if (c->in.n > 0 && now - c->req_start_ms > (uint64_t)s->o.request_timeout_ms) {
            respond_error(c, 408);
            after_io(s, c);
        } else if (c->in.n == 0 && c->out.n == 0 &&
                   (stopping || now - c->last_ms > (uint64_t)s->o.idle_timeout_ms)) {
            conn_close(s, c);
        }
    }
}

int lf_server_create(lf_server **out, const lf_server_opts *opts)
{
    lf_server *s = calloc(1, sizeof *s);
    if (!s)
        return LF_ENOMEM;
    s->o = *opts;
    s->listener = LF_SOCK_NONE;
    int rc = lf_port_listen(opts->host, opts->port, 512, &s->listener);
    if (rc) {
        lf_log(LF_LOG_ERROR, "cannot listen on %s:%u", opts->host, opts->port);
        free(s);
        return rc;
    }
    lf_port_sock_port(s->listener, &s->port);
    rc = lf_poller_create(&s->poller, 256);
    if (rc == LF_OK)
        rc = lf_poller_add(s->poller, s->listener, LF_POLL_IN, &s->listener_tag);
    if (rc == LF_OK)
        rc = lf_waker_create(&s->waker, s->poller, &s->waker_tag);
    if (rc == LF_OK)
        rc = lf_workers_start(&s->workers, opts->workers, s->waker);
    if (rc) {
        lf_server_destroy(s);
        return rc;
    }
    *out = s;
    return LF_OK;
}

uint16_t lf_server_port(const lf_server *s)
{
    return s->port;
}

static int busy_conns(const lf_server *s)
{
    int n = 0;
    for (const conn *c = s->conns; c; c = c->next)
        n += c->state == C_BUSY || c->out.n > 0;
    return n;
}

int lf_server_run(lf_server *s, volatile int *stop)
{
    lf_poll_event ev[128];
    uint64_t last_sweep = lf_port_mono_ms(), stop_at = 0;
    for (;;) {
        if (*stop && !stop_at) {
            stop_at = lf_port_mono_ms();
            lf_poller_del(s->poller, s->listener);
            lf_port_close(s->listener);
            s->listener = LF_SOCK_NONE;
            lf_log(LF_LOG_INFO, "stopping: finishing %d busy connection(s)", busy_conns(s));
        }
        if (stop_at) {
            sweep_timeouts(s, 1);
            if (busy_conns(s) == 0 || lf_port_mono_ms() - stop_at > STOP_GRACE_MS)
                break;
        }
        int n = lf_poller_wait(s->poller, ev, 128, stop_at ? 50 : 1000);
        if (n < 0)
            return n;
        for (int i = 0; i < n; i++) {
            if (ev[i].udata == &s->listener_tag) {
                accept_all(s);
                continue;
            }
            if (ev[i].udata == &s->waker_tag) {
                on_jobs_done(s);
                continue;
            }
            conn *c = ev[i].udata;
            if (c->state == C_BUSY || c->state == C_DEAD)
                continue;
            if (ev[i].events & LF_POLL_ERR) {
                conn_close(s, c);
                continue;
            }
            if (handshaking(c)) {
                if (on_handshake(s, c) != 0)
                    continue;
                ev[i].events |= LF_POLL_IN; /* a request may follow the handshake at once */
            }
            if ((ev[i].events & LF_POLL_IN) && c->state == C_READ && on_readable(s, c) < 0)
                continue;
            after_io(s, c);
        }
        uint64_t now = lf_port_mono_ms();
        if (now - last_sweep >= 1000) {
            sweep_timeouts(s, 0);
            last_sweep = now;
        }
        bury_dead(s);
    }
    bury_dead(s);
    return LF_OK;
}

void lf_server_destroy(lf_server *s)
{
    if (!s)
        return;
    lf_workers_stop(s->workers);
    s->workers = NULL;
    while (s->conns) {
        s->conns->state = C_READ;
        conn_close(s, s->conns);
    }
    bury_dead(s);
    lf_waker_destroy(s->waker, s->poller);
    if (s->listener != LF_SOCK_NONE)
        lf_port_close(s->listener);
    lf_poller_destroy(s->poller);
    free(s);
}
