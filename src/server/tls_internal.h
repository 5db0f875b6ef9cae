/* What the TLS files share: the server-wide mbedTLS state. */
#ifndef LOONFLOW_TLS_INTERNAL_H
#define LOONFLOW_TLS_INTERNAL_H

#include "loonflow/tls.h"

#include <mbedtls/ctr_drbg.h>
#include <mbedtls/pk.h>
#include <mbedtls/ssl.h>
#include <mbedtls/x509_crt.h>

struct lf_tls {
    mbedtls_ssl_config conf;
    mbedtls_x509_crt cert;
    mbedtls_pk_context key;
    mbedtls_ctr_drbg_context drbg;
};

#endif
