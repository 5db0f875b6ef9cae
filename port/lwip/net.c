/* lwIP port: non-blocking TCP sockets on lwIP's socket API (lwip_*). The
 * stack must be running (tcpip_init, a netif up) before the first call;
 * that is the board's job. */
#include "loonflow/core.h"
#include "loonflow/port.h"

#include "lwip/def.h"
#include "lwip/sockets.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int set_nonblock(int s)
{
    int fl = lwip_fcntl(s, F_GETFL, 0);
    return fl < 0 ? -1 : lwip_fcntl(s, F_SETFL, fl | O_NONBLOCK);
}

static void set_nodelay(int s)
{
    int one = 1;
    lwip_setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

static int would_block(void)
{
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
}

/* Numeric addresses only, like the POSIX port ("localhost" is 127.0.0.1,
 * which lwIP loops back through its default interface). */
static int resolve(const char *host, uint16_t port, struct sockaddr_storage *ss, socklen_t *len)
{
    memset(ss, 0, sizeof *ss);
    if (strcmp(host, "localhost") == 0)
        host = "127.0.0.1";
    struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
    if (lwip_inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = lwip_htons(port);
        *len = sizeof *v4;
    } else if (lwip_inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = lwip_htons(port);
        *len = sizeof *v6;
    } else {
        return LF_EINVAL;
    }
    return LF_OK;
}

int lf_port_listen(const char *host, uint16_t port, int backlog, lf_sock *out)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int rc = resolve(host, port, &ss, &len);
    if (rc)
        return rc;
    int s = lwip_socket(ss.ss_family, SOCK_STREAM, 0);
    if (s < 0)
        return LF_EIO;
    int one = 1;
    lwip_setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (lwip_bind(s, (struct sockaddr *)&ss, len) != 0 || lwip_listen(s, backlog) != 0 ||
        set_nonblock(s) != 0) {
        lwip_close(s);
        return LF_EIO;
    }
    *out = s;
    return LF_OK;
}

int lf_port_sock_port(lf_sock s, uint16_t *port)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (lwip_getsockname(s, (struct sockaddr *)&ss, &len) != 0)
        return LF_EIO;
    if (ss.ss_family == AF_INET6)
        *port = lwip_ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
    else
        *port = lwip_ntohs(((struct sockaddr_in *)&ss)->sin_port);
    return LF_OK;
}

int lf_port_accept(lf_sock listener, lf_sock *out, char *peer, size_t peercap)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int s = lwip_accept(listener, (struct sockaddr *)&ss, &len);
    if (s < 0)
        return (would_block() || errno == ECONNABORTED) ? LF_EAGAIN : LF_EIO;
    if (set_nonblock(s) != 0) {
        lwip_close(s);
        return LF_EIO;
    }
    set_nodelay(s);
    if (peer && peercap) {
        char host[46] = "?";
        unsigned p = 0;
        if (ss.ss_family == AF_INET6) {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
            lwip_inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof host);
            p = lwip_ntohs(a->sin6_port);
        } else if (ss.ss_family == AF_INET) {
            struct sockaddr_in *a = (struct sockaddr_in *)&ss;
            lwip_inet_ntop(AF_INET, &a->sin_addr, host, sizeof host);
            p = lwip_ntohs(a->sin_port);
        }
        snprintf(peer, peercap, "%s:%u", host, p);
    }
    *out = s;
    return LF_OK;
}

long lf_port_recv(lf_sock s, void *buf, size_t n)
{
    for (;;) {
        ssize_t r = lwip_recv(s, buf, n, 0);
        if (r >= 0)
            return (long)r;
        if (errno == EINTR)
            continue;
        return would_block() ? LF_EAGAIN : LF_EIO;
    }
}

long lf_port_send(lf_sock s, const void *buf, size_t n)
{
    /* lwIP raises no SIGPIPE: a reset peer is an error return. */
    for (;;) {
        ssize_t r = lwip_send(s, buf, n, 0);
        if (r >= 0)
            return (long)r;
        if (errno == EINTR)
            continue;
        return would_block() ? LF_EAGAIN : LF_EIO;
    }
}

void lf_port_close(lf_sock s)
{
    if (s >= 0)
        lwip_close(s);
}

int lf_port_connect(const char *host, uint16_t port, int timeout_ms, lf_sock *out)
{
    struct sockaddr_storage ss;
    socklen_t len;
    int rc = resolve(host, port, &ss, &len);
    if (rc)
        return rc;
    int s = lwip_socket(ss.ss_family, SOCK_STREAM, 0);
    if (s < 0)
        return LF_EIO;
    if (set_nonblock(s) != 0) {
        lwip_close(s);
        return LF_EIO;
    }
    if (lwip_connect(s, (struct sockaddr *)&ss, len) != 0) {
        if (errno != EINPROGRESS) {
            lwip_close(s);
            return LF_EIO;
        }
        struct pollfd pfd = {.fd = s, .events = POLLOUT};
        int err = 0;
        socklen_t elen = sizeof err;
        if (lwip_poll(&pfd, 1, timeout_ms) != 1 ||
            lwip_getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &elen) != 0 || err != 0) {
            lwip_close(s);
            return LF_EIO;
        }
    }
    set_nodelay(s);
    *out = s;
    return LF_OK;
}
