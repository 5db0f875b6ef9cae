/* One TLS session per connection, non-blocking: mbedTLS reads and writes
 * the socket through the port's calls, and a would-block becomes mbedTLS's
 * WANT_READ/WANT_WRITE, which the event loop turns into poll interest. */
#include "tls_internal.h"
#include "loonflow/core.h"

#include <limits.h>
#include <mbedtls/error.h>
#include <mbedtls/net_sockets.h>
#include <stdlib.h>
#include <string.h>

struct lf_tls_conn {
    mbedtls_ssl_context ssl;
    lf_sock sock;
    int ready;
    unsigned want;
    /* mbedTLS keeps a record it could not send whole and on the next write
     * only flushes it, answering with the new call's length: offer exactly
     * the length of that record again, whatever was queued since. */
    size_t write_pending;
    char error[96];
};

int lf_tls_bio_send(void *ctx, const unsigned char *buf, size_t len)
{
    long w = lf_port_send(*(lf_sock *)ctx, buf, len > INT_MAX ? INT_MAX : len);
    if (w == LF_EAGAIN)
        return MBEDTLS_ERR_SSL_WANT_WRITE;
    return w < 0 ? MBEDTLS_ERR_NET_SEND_FAILED : (int)w;
}

int lf_tls_bio_recv(void *ctx, unsigned char *buf, size_t len)
{
    long r = lf_port_recv(*(lf_sock *)ctx, buf, len > INT_MAX ? INT_MAX : len);
    if (r == LF_EAGAIN)
        return MBEDTLS_ERR_SSL_WANT_READ;
    return r < 0 ? MBEDTLS_ERR_NET_RECV_FAILED : (int)r;
}

int lf_tls_conn_new(lf_tls *t, lf_sock s, lf_tls_conn **out)
{
    lf_tls_conn *c = calloc(1, sizeof *c);
    if (!c)
        return LF_ENOMEM;
    c->sock = s;
    c->want = LF_POLL_IN;
    mbedtls_ssl_init(&c->ssl);
    if (mbedtls_ssl_setup(&c->ssl, &t->conf) != 0) {
        mbedtls_ssl_free(&c->ssl);
        free(c);
        return LF_ENOMEM;
    }
    mbedtls_ssl_set_bio(&c->ssl, &c->sock, lf_tls_bio_send, lf_tls_bio_recv, NULL);
    *out = c;
    return LF_OK;
}

void lf_tls_conn_free(lf_tls_conn *c)
{
    if (!c)
        return;
    if (c->ready)
        mbedtls_ssl_close_notify(&c->ssl);
    mbedtls_ssl_free(&c->ssl);
    free(c);
}

static void set_error(lf_tls_conn *c, int ret)
{
    mbedtls_strerror(ret, c->error, sizeof c->error);
}

int lf_tls_handshake(lf_tls_conn *c)
{
    if (c->ready)
        return LF_OK;
    int ret = mbedtls_ssl_handshake(&c->ssl);
    if (ret == 0) {
        c->ready = 1;
        c->want = 0;
        return LF_OK;
    }
    if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) {
        c->want = ret == MBEDTLS_ERR_SSL_WANT_READ ? LF_POLL_IN : LF_POLL_OUT;
        return LF_EAGAIN;
    }
    set_error(c, ret);
    return LF_EIO;
}

int lf_tls_ready(const lf_tls_conn *c)
{
    return c->ready;
}

unsigned lf_tls_want(const lf_tls_conn *c)
{
    return c->want;
}

const char *lf_tls_error(const lf_tls_conn *c)
{
    return c->error[0] ? c->error : "no error";
}

long lf_tls_recv(lf_tls_conn *c, void *buf, size_t n)
{
    int ret = mbedtls_ssl_read(&c->ssl, buf, n);
    if (ret > 0)
        return ret;
    if (ret == 0 || ret == MBEDTLS_ERR_SSL_PEER_CLOSE_NOTIFY || ret == MBEDTLS_ERR_SSL_CONN_EOF)
        return 0;
    if (ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE)
        return LF_EAGAIN;
    set_error(c, ret);
    return LF_EIO;
}

long lf_tls_send(lf_tls_conn *c, const void *buf, size_t n)
{
    if (c->write_pending && n > c->write_pending)
        n = c->write_pending;
    int ret = mbedtls_ssl_write(&c->ssl, buf, n);
    if (ret >= 0) {
        c->write_pending = 0;
        return ret;
    }
    if (ret == MBEDTLS_ERR_SSL_WANT_WRITE || ret == MBEDTLS_ERR_SSL_WANT_READ) {
        c->write_pending = n;
        return LF_EAGAIN;
    }
    set_error(c, ret);
    return LF_EIO;
}

size_t lf_tls_pending(const lf_tls_conn *c)
{
    return mbedtls_ssl_get_bytes_avail(&c->ssl);
}
