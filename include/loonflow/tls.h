/* tls: HTTPS for the server with mbedTLS, over the port's sockets (so the
 * same code runs over BSD sockets and lwIP). One lf_tls holds the server's
 * certificate, key and random generator; each connection gets a
 * lf_tls_conn whose I/O goes through lf_port_send/lf_port_recv. TLS 1.2 and
 * later only. Used by the event loop's thread alone.
 *
 * Memory: every connection owns mbedTLS's input and output record buffers
 * (about 16.3 KiB each in Debian's build), so cap max_connections with
 * about 33 KiB plus the handshake's temporaries per connection in mind. */
#ifndef LOONFLOW_TLS_H
#define LOONFLOW_TLS_H

#include "loonflow/port.h"

#include <stddef.h>

typedef struct lf_tls lf_tls;
typedef struct lf_tls_conn lf_tls_conn;

/* Loads a PEM certificate (chain: the server's first) and its private key
 * through lf_port_read_file. On failure err says which file and why. */
int lf_tls_create(lf_tls **out, const char *cert_path, const char *key_path, char *err,
                  size_t errcap);
void lf_tls_destroy(lf_tls *t);

/* A server-side session on an accepted non-blocking socket. */
int lf_tls_conn_new(lf_tls *t, lf_sock s, lf_tls_conn **out);
/* Sends a close_notify if the socket takes it at once, then frees. The
 * socket itself stays open (the caller closes it). */
void lf_tls_conn_free(lf_tls_conn *c);

/* Advances the handshake: LF_OK once it is done, LF_EAGAIN while it waits
 * for the socket (lf_tls_want says for what), LF_EIO when it failed
 * (lf_tls_error says why). */
int lf_tls_handshake(lf_tls_conn *c);
int lf_tls_ready(const lf_tls_conn *c);
unsigned lf_tls_want(const lf_tls_conn *c); /* LF_POLL_IN and/or LF_POLL_OUT */
const char *lf_tls_error(const lf_tls_conn *c);

/* As lf_port_recv/lf_port_send, on the decrypted stream: >0 bytes, 0 when
 * the peer closed (recv), LF_EAGAIN, or LF_EIO. After a send returned
 * LF_EAGAIN the next send must offer at least the same bytes again. */
long lf_tls_recv(lf_tls_conn *c, void *buf, size_t n);
long lf_tls_send(lf_tls_conn *c, const void *buf, size_t n);
/* Decrypted bytes held inside the session, which the socket's readiness
 * no longer reports: read them before waiting again. */
size_t lf_tls_pending(const lf_tls_conn *c);

/* The bio callbacks mbedTLS calls (ctx points at an lf_sock): the port's
 * LF_EAGAIN becomes MBEDTLS_ERR_SSL_WANT_READ / _WANT_WRITE. Exported for
 * the unit tests. */
int lf_tls_bio_send(void *ctx, const unsigned char *buf, size_t len);
int lf_tls_bio_recv(void *ctx, unsigned char *buf, size_t len);

#endif
