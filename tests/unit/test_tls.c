/* The TLS module over the port's real sockets: the bio's mapping of the
 * port's results to mbedTLS's, loading certificates, and a session against
 * an in-process mbedTLS client, including a write that blocks midway. */
#include "check.h"
#include "loonflow/core.h"
#include "loonflow/port.h"
#include "loonflow/tls.h"

#include <mbedtls/certs.h>
#include <mbedtls/ctr_drbg.h>
#include <mbedtls/net_sockets.h>
#include <mbedtls/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64], cert_path[128], key_path[128], rsa_key_path[128], junk_path[128];

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

static void make_files(void)
{
    snprintf(dir, sizeof dir, "/tmp/lf-tls-unit-XXXXXX");
    if (!mkdtemp(dir))
        return;
    snprintf(cert_path, sizeof cert_path, "%s/cert.pem", dir);
    snprintf(key_path, sizeof key_path, "%s/key.pem", dir);
    snprintf(rsa_key_path, sizeof rsa_key_path, "%s/rsa.pem", dir);
    snprintf(junk_path, sizeof junk_path, "%s/junk.pem", dir);
    write_file(cert_path, mbedtls_test_srv_crt_ec);
    write_file(key_path, mbedtls_test_srv_key_ec);
    write_file(rsa_key_path, mbedtls_test_srv_key_rsa);
    write_file(junk_path, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
}

static void remove_files(void)
{
    remove(cert_path);
    remove(key_path);
    remove(rsa_key_path);
    remove(junk_path);
    rmdir(dir);
}

/* A connected pair over loopback: c the client, s the accepted side. */
static int pair(lf_sock *c, lf_sock *s)
{
    lf_sock l;
    uint16_t port;
    char peer[64];
    if (lf_port_listen("127.0.0.1", 0, 4, &l) || lf_port_sock_port(l, &port) ||
        lf_port_connect("127.0.0.1", port, 2000, c))
        return -1;
    int rc = LF_EAGAIN;
    for (int i = 0; i < 2000 && rc == LF_EAGAIN; i++) {
        rc = lf_port_accept(l, s, peer, sizeof peer);
        if (rc == LF_EAGAIN)
            usleep(1000);
    }
    lf_port_close(l);
    return rc;
}

/* bio_recv until it stops saying WANT_READ (2 s at most). */
static int recv_wait(lf_sock *s, unsigned char *buf, size_t n)
{
    int r = MBEDTLS_ERR_SSL_WANT_READ;
    for (int i = 0; i < 2000 && r == MBEDTLS_ERR_SSL_WANT_READ; i++) {
        r = lf_tls_bio_recv(s, buf, n);
        if (r == MBEDTLS_ERR_SSL_WANT_READ)
            usleep(1000);
    }
    return r;
}

static void bio_maps_port_results(void)
{
    lf_sock c, s;
    CHECK_EQ_INT(pair(&c, &s), LF_OK);
    unsigned char buf[64];
    CHECK_EQ_INT(lf_tls_bio_recv(&s, buf, sizeof buf), MBEDTLS_ERR_SSL_WANT_READ);
    CHECK_EQ_INT(lf_tls_bio_send(&c, (const unsigned char *)"hello", 5), 5);
    CHECK_EQ_INT(recv_wait(&s, buf, sizeof buf), 5);
    CHECK(memcmp(buf, "hello", 5) == 0);

    /* the peer reads nothing: the send buffers fill up */
    static unsigned char big[65536];
    int ret = 1;
    for (int i = 0; i < 100000 && ret > 0; i++)
        ret = lf_tls_bio_send(&s, big, sizeof big);
    CHECK_EQ_INT(ret, MBEDTLS_ERR_SSL_WANT_WRITE);

    /* a reset peer (closed with unread data) is a send failure, not a retry */
    lf_port_close(c);
    for (int i = 0; i < 2000 && (ret == MBEDTLS_ERR_SSL_WANT_WRITE || ret > 0); i++) {
        ret = lf_tls_bio_send(&s, big, sizeof big);
        if (ret == MBEDTLS_ERR_SSL_WANT_WRITE)
            usleep(1000);
    }
    CHECK_EQ_INT(ret, MBEDTLS_ERR_NET_SEND_FAILED);
    lf_port_close(s);

    /* an orderly close reads as 0, which mbedTLS takes for end of stream */
    CHECK_EQ_INT(pair(&c, &s), LF_OK);
    lf_port_close(c);
    CHECK_EQ_INT(recv_wait(&s, buf, sizeof buf), 0);
    lf_port_close(s);
}

static void loading_certificates(void)
{
    lf_tls *t = NULL;
    char err[256] = "";
    char missing[160];
    snprintf(missing, sizeof missing, "%s/missing.pem", dir);
    CHECK(lf_tls_create(&t, missing, key_path, err, sizeof err) != LF_OK);
    CHECK(strstr(err, "missing.pem") != NULL);
    CHECK_EQ_INT(lf_tls_create(&t, junk_path, key_path, err, sizeof err), LF_EINVAL);
    CHECK(strstr(err, "bad certificate") != NULL);
    CHECK_EQ_INT(lf_tls_create(&t, cert_path, junk_path, err, sizeof err), LF_EINVAL);
    CHECK(strstr(err, "bad private key") != NULL);
    CHECK_EQ_INT(lf_tls_create(&t, cert_path, rsa_key_path, err, sizeof err), LF_EINVAL);
    CHECK(strstr(err, "does not match") != NULL);
    CHECK_EQ_INT(lf_tls_create(&t, cert_path, key_path, err, sizeof err), LF_OK);
    lf_tls_destroy(t);
}

typedef struct client {
    mbedtls_ssl_config conf;
    mbedtls_ssl_context ssl;
    mbedtls_ctr_drbg_context drbg;
    lf_sock sock;
} client;

static int port_entropy(void *unused, unsigned char *out, size_t n)
{
    (void)unused;
    return lf_port_random(out, n) == LF_OK ? 0 : -1;
}

static int client_init(client *k, lf_sock s, int minor_version)
{
    mbedtls_ssl_config_init(&k->conf);
    mbedtls_ssl_init(&k->ssl);
    mbedtls_ctr_drbg_init(&k->drbg);
    k->sock = s;
    if (mbedtls_ctr_drbg_seed(&k->drbg, port_entropy, NULL, NULL, 0) ||
        mbedtls_ssl_config_defaults(&k->conf, MBEDTLS_SSL_IS_CLIENT, MBEDTLS_SSL_TRANSPORT_STREAM,
                                    MBEDTLS_SSL_PRESET_DEFAULT))
        return -1;
    mbedtls_ssl_conf_min_version(&k->conf, MBEDTLS_SSL_MAJOR_VERSION_3, minor_version);
    mbedtls_ssl_conf_max_version(&k->conf, MBEDTLS_SSL_MAJOR_VERSION_3, minor_version);
    /* mbedTLS's test certificate expired in 2023; the API tests verify a
     * fresh one with Python's ssl module. */
    mbedtls_ssl_conf_authmode(&k->conf, MBEDTLS_SSL_VERIFY_NONE);
    mbedtls_ssl_conf_rng(&k->conf, mbedtls_ctr_drbg_random, &k->drbg);
    if (mbedtls_ssl_setup(&k->ssl, &k->conf))
        return -1;
    mbedtls_ssl_set_bio(&k->ssl, &k->sock, lf_tls_bio_send, lf_tls_bio_recv, NULL);
    return 0;
}

static void client_free(client *k)
{
    mbedtls_ssl_free(&k->ssl);
    mbedtls_ssl_config_free(&k->conf);
    mbedtls_ctr_drbg_free(&k->drbg);
}

/* Steps both sides until both are done: 0, or which side failed. */
static int handshake(lf_tls_conn *sc, client *k)
{
    int sdone = 0, cdone = 0;
    for (int i = 0; i < 20000 && !(sdone && cdone); i++) {
        if (!sdone) {
            int rc = lf_tls_handshake(sc);
            if (rc == LF_OK)
                sdone = 1;
            else if (rc != LF_EAGAIN)
                return 1;
            CHECK(rc == LF_OK || lf_tls_want(sc) != 0);
        }
        if (!cdone) {
            int r = mbedtls_ssl_handshake(&k->ssl);
            if (r == 0)
                cdone = 1;
            else if (r != MBEDTLS_ERR_SSL_WANT_READ && r != MBEDTLS_ERR_SSL_WANT_WRITE)
                return 2;
        }
        if (i > 100)
            usleep(100);
    }
    return sdone && cdone ? 0 : 3;
}

static void session_round_trip(void)
{
    lf_tls *t;
    char err[256];
    lf_sock c, s;
    lf_tls_conn *sc;
    client k;
    CHECK_EQ_INT(lf_tls_create(&t, cert_path, key_path, err, sizeof err), LF_OK);
    CHECK_EQ_INT(pair(&c, &s), LF_OK);
    CHECK_EQ_INT(lf_tls_conn_new(t, s, &sc), LF_OK);
    CHECK_EQ_INT(client_init(&k, c, MBEDTLS_SSL_MINOR_VERSION_3), 0);
    CHECK(!lf_tls_ready(sc));
    CHECK_EQ_INT(handshake(sc, &k), 0);
    CHECK(lf_tls_ready(sc));

    /* a record larger than the reader's buffer: the rest waits inside */
    static unsigned char msg[10000], got[10000];
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)(i * 7);
    CHECK_EQ_INT(mbedtls_ssl_write(&k.ssl, msg, sizeof msg), (int)sizeof msg);
    long r = LF_EAGAIN;
    for (int i = 0; i < 2000 && r == LF_EAGAIN; i++) {
        r = lf_tls_recv(sc, got, 100);
        if (r == LF_EAGAIN)
            usleep(1000);
    }
    CHECK_EQ_INT(r, 100);
    CHECK_EQ_INT(lf_tls_pending(sc), sizeof msg - 100);
    CHECK_EQ_INT(lf_tls_recv(sc, got + 100, sizeof got), (long)(sizeof msg - 100));
    CHECK(memcmp(got, msg, sizeof msg) == 0);
    CHECK_EQ_INT(lf_tls_recv(sc, got, sizeof got), LF_EAGAIN);

    /* the client says close_notify: the server reads the end of stream */
    mbedtls_ssl_close_notify(&k.ssl);
    r = LF_EAGAIN;
    for (int i = 0; i < 2000 && r == LF_EAGAIN; i++) {
        r = lf_tls_recv(sc, got, sizeof got);
        if (r == LF_EAGAIN)
            usleep(1000);
    }
    CHECK_EQ_INT(r, 0);
    lf_tls_conn_free(sc);
    client_free(&k);
    lf_port_close(c);
    lf_port_close(s);
    lf_tls_destroy(t);
}

/* The server writes small pieces into a reader that does not read until
 * a write blocks; then it offers more than it offered before (the loop's
 * output buffer grew meanwhile). The stream must arrive exactly. */
static void blocked_write_then_more(void)
{
    lf_tls *t;
    char err[256];
    lf_sock c, s;
    lf_tls_conn *sc;
    client k;
    CHECK_EQ_INT(lf_tls_create(&t, cert_path, key_path, err, sizeof err), LF_OK);
    CHECK_EQ_INT(pair(&c, &s), LF_OK);
    CHECK_EQ_INT(lf_tls_conn_new(t, s, &sc), LF_OK);
    CHECK_EQ_INT(client_init(&k, c, MBEDTLS_SSL_MINOR_VERSION_3), 0);
    CHECK_EQ_INT(handshake(sc, &k), 0);

    size_t len = 48u << 20, sent = 0, received = 0;
    unsigned char *pat = malloc(len), *got = malloc(len);
    for (size_t i = 0; pat && i < len; i++)
        pat[i] = (unsigned char)(i % 251);
    int blocked = 0;
    for (int i = 0; pat && got && i < 1000000 && received < len; i++) {
        if (sent < len) {
            size_t offer = blocked ? len - sent : 4096;
            if (offer > len - sent)
                offer = len - sent;
            long w = lf_tls_send(sc, pat + sent, offer);
            if (w == LF_EAGAIN) {
                blocked = 1;
            } else if (w > 0) {
                sent += (size_t)w;
            } else {
                break;
            }
        }
        if (blocked) {
            int r = mbedtls_ssl_read(&k.ssl, got + received, len - received);
            if (r > 0)
                received += (size_t)r;
            else if (r != MBEDTLS_ERR_SSL_WANT_READ)
                break;
        }
    }
    CHECK(blocked);
    CHECK_EQ_INT(received, len);
    CHECK(pat && got && memcmp(pat, got, len) == 0);
    free(pat);
    free(got);
    lf_tls_conn_free(sc);
    client_free(&k);
    lf_port_close(c);
    lf_port_close(s);
    lf_tls_destroy(t);
}

static void tls_1_1_refused(void)
{
    lf_tls *t;
    char err[256];
    lf_sock c, s;
    lf_tls_conn *sc;
    client k;
    CHECK_EQ_INT(lf_tls_create(&t, cert_path, key_path, err, sizeof err), LF_OK);
    CHECK_EQ_INT(pair(&c, &s), LF_OK);
    CHECK_EQ_INT(lf_tls_conn_new(t, s, &sc), LF_OK);
    CHECK_EQ_INT(client_init(&k, c, MBEDTLS_SSL_MINOR_VERSION_2), 0);
    CHECK_EQ_INT(handshake(sc, &k), 1);
    CHECK(strstr(lf_tls_error(sc), "min/max") != NULL);
    lf_tls_conn_free(sc);
    client_free(&k);
    lf_port_close(c);
    lf_port_close(s);
    lf_tls_destroy(t);
}

int main(void)
{
    make_files();
    RUN(bio_maps_port_results);
    RUN(loading_certificates);
    RUN(session_round_trip);
    RUN(blocked_write_then_more);
    RUN(tls_1_1_refused);
    remove_files();
    return CHECK_DONE();
}
