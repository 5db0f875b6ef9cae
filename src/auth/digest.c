#include "loonflow/auth.h"

#include <mbedtls/md5.h>
#include <mbedtls/sha256.h>
#include <string.h>

/* The software MD5/SHA-256 of mbedTLS cannot fail (the _ret codes exist for
 * hardware back ends), which is why these digests return nothing. */

void lf_md5_hex(const void *p, size_t n, char out[33])
{
    uint8_t d[16];
    mbedtls_md5_ret(p, n, d);
    lf_hex_encode(d, sizeof d, out);
}

void lf_sha256(const void *p, size_t n, uint8_t out[32])
{
    mbedtls_sha256_ret(p, n, out, 0);
}

/* HMAC (RFC 2104) over stack SHA-256 contexts rather than mbedtls_md_hmac:
 * that one allocates its context and can fail, and a MAC that silently
 * comes out as zeros on failure would be forgeable. */
void lf_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen, uint8_t out[32])
{
    uint8_t k[64] = {0}, pad[64], inner[32];
    if (klen > sizeof k)
        lf_sha256(key, klen, k);
    else if (klen)
        memcpy(k, key, klen);

    mbedtls_sha256_context c;
    mbedtls_sha256_init(&c);
    for (size_t i = 0; i < sizeof pad; i++)
        pad[i] = k[i] ^ 0x36;
    mbedtls_sha256_starts_ret(&c, 0);
    mbedtls_sha256_update_ret(&c, pad, sizeof pad);
    mbedtls_sha256_update_ret(&c, msg, mlen);
    mbedtls_sha256_finish_ret(&c, inner);

    for (size_t i = 0; i < sizeof pad; i++)
        pad[i] = k[i] ^ 0x5c;
    mbedtls_sha256_starts_ret(&c, 0);
    mbedtls_sha256_update_ret(&c, pad, sizeof pad);
    mbedtls_sha256_update_ret(&c, inner, sizeof inner);
    mbedtls_sha256_finish_ret(&c, out);
    mbedtls_sha256_free(&c);
}
