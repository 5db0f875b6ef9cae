/* The server's TLS configuration: certificate and key from PEM files read
 * through the port, a CTR-DRBG seeded from the port's entropy, TLS 1.2+. */
#include "tls_internal.h"
#include "loonflow/core.h"

#include <mbedtls/error.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PEM_MAX (256u << 10)

/* mbedTLS's entropy callback: the port's CSPRNG or TRNG, nothing else, so an
 * MCU needs no mbedtls_entropy sources of its own. */
static int port_entropy(void *unused, unsigned char *out, size_t n)
{
    (void)unused;
    return lf_port_random(out, n) == LF_OK ? 0 : MBEDTLS_ERR_CTR_DRBG_ENTROPY_SOURCE_FAILED;
}

static void why(char *err, size_t errcap, const char *what, const char *path, int ret)
{
    char m[128];
    mbedtls_strerror(ret, m, sizeof m);
    snprintf(err, errcap, "%s %s: %s", what, path, m);
}

/* Reads a PEM file whole; PEM parsers want the terminating NUL counted. */
static int read_pem(const char *path, char **text, size_t *n, char *err, size_t errcap)
{
    int rc = lf_port_read_file(path, PEM_MAX, text, n);
    if (rc) {
        snprintf(err, errcap, "cannot read %s: %s", path, lf_strerror(rc));
        return rc;
    }
    *n += 1;
    return LF_OK;
}

static int load(lf_tls *t, const char *cert_path, const char *key_path, char *err, size_t errcap)
{
    char *text;
    size_t n;
    int rc = read_pem(cert_path, &text, &n, err, errcap);
    if (rc)
        return rc;
    int ret = mbedtls_x509_crt_parse(&t->cert, (const unsigned char *)text, n);
    free(text);
    if (ret) {
        why(err, errcap, "bad certificate", cert_path, ret);
        return LF_EINVAL;
    }
    if ((rc = read_pem(key_path, &text, &n, err, errcap)))
        return rc;
    ret = mbedtls_pk_parse_key(&t->key, (const unsigned char *)text, n, NULL, 0);
    mbedtls_platform_zeroize(text, n);
    free(text);
    if (ret) {
        why(err, errcap, "bad private key", key_path, ret);
        return LF_EINVAL;
    }
    if ((ret = mbedtls_pk_check_pair(&t->cert.pk, &t->key))) {
        why(err, errcap, "key does not match the certificate in", cert_path, ret);
        return LF_EINVAL;
    }
    static const char pers[] = "loonflowd tls";
    if ((ret = mbedtls_ctr_drbg_seed(&t->drbg, port_entropy, NULL, (const unsigned char *)pers,
                                     sizeof pers - 1))) {
        why(err, errcap, "cannot seed the random generator for", cert_path, ret);
        return LF_EIO;
    }
    mbedtls_ssl_config *c = &t->conf;
    if ((ret = mbedtls_ssl_config_defaults(c, MBEDTLS_SSL_IS_SERVER, MBEDTLS_SSL_TRANSPORT_STREAM,
                                           MBEDTLS_SSL_PRESET_DEFAULT))) {
        why(err, errcap, "cannot configure TLS for", cert_path, ret);
        return LF_EIO;
    }
    mbedtls_ssl_conf_min_version(c, MBEDTLS_SSL_MAJOR_VERSION_3, MBEDTLS_SSL_MINOR_VERSION_3);
    mbedtls_ssl_conf_rng(c, mbedtls_ctr_drbg_random, &t->drbg);
    if ((ret = mbedtls_ssl_conf_own_cert(c, &t->cert, &t->key))) {
        why(err, errcap, "cannot use the certificate", cert_path, ret);
        return LF_EINVAL;
    }
    return LF_OK;
}

int lf_tls_create(lf_tls **out, const char *cert_path, const char *key_path, char *err,
                  size_t errcap)
{
    lf_tls *t = calloc(1, sizeof *t);
    if (!t) {
        snprintf(err, errcap, "out of memory");
        return LF_ENOMEM;
    }
    mbedtls_ssl_config_init(&t->conf);
    mbedtls_x509_crt_init(&t->cert);
    mbedtls_pk_init(&t->key);
    mbedtls_ctr_drbg_init(&t->drbg);
    int rc = load(t, cert_path, key_path, err, errcap);
    if (rc) {
        lf_tls_destroy(t);
        return rc;
    }
    *out = t;
    return LF_OK;
}

void lf_tls_destroy(lf_tls *t)
{
    if (!t)
        return;
    mbedtls_ssl_config_free(&t->conf);
    mbedtls_x509_crt_free(&t->cert);
    mbedtls_pk_free(&t->key);
    mbedtls_ctr_drbg_free(&t->drbg);
    free(t);
}
