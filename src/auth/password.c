#include "loonflow/auth.h"

#include <mbedtls/md.h>
#include <mbedtls/pkcs5.h>
#include <stdio.h>
#include <string.h>

/* Django's format, so hashes imported from a loonflow database verify. */
#define ALG "pbkdf2_sha256"
#define SALT_LEN 22
#define MAX_ITERATIONS 10000000u
#define DK_LEN 32
#define DK_B64_LEN 44

static int derive(lf_str password, lf_str salt, unsigned iterations, char out[DK_B64_LEN + 1])
{
    /* HMAC replaces a key longer than its block by the key's hash, so doing
     * it once here gives the same key while sparing PBKDF2 from re-hashing
     * a long password on every iteration (a cheap DoS otherwise). */
    uint8_t short_pw[32];
    const unsigned char *pw = (const unsigned char *)password.p;
    size_t pwlen = password.n;
    if (pwlen > 64) {
        lf_sha256(pw, pwlen, short_pw);
        pw = short_pw;
        pwlen = sizeof short_pw;
    }
    uint8_t dk[DK_LEN];
    mbedtls_md_context_t c;
    mbedtls_md_init(&c);
    int rc = mbedtls_md_setup(&c, mbedtls_md_info_from_type(MBEDTLS_MD_SHA256), 1);
    if (rc == 0)
        rc = mbedtls_pkcs5_pbkdf2_hmac(&c, pw, pwlen, (const unsigned char *)salt.p, salt.n,
                                       iterations, DK_LEN, dk);
    mbedtls_md_free(&c);
    if (rc)
        return rc == MBEDTLS_ERR_MD_ALLOC_FAILED ? LF_ENOMEM : LF_EINVAL;
    lf_b64_encode(dk, sizeof dk, out, 0);
    return LF_OK;
}

/* Django's get_random_string alphabet. */
static int random_salt(char out[SALT_LEN + 1])
{
    static const char al[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    uint8_t r[32];
    size_t n = 0;
    while (n < SALT_LEN) {
        int rc = lf_random(r, sizeof r);
        if (rc)
            return rc;
        for (size_t i = 0; i < sizeof r && n < SALT_LEN; i++)
            if (r[i] < 4 * 62) /* rejecting the top 8 values keeps all 62 equally likely */
                out[n++] = al[r[i] % 62];
    }
    out[n] = 0;
    return LF_OK;
}

int lf_password_hash(lf_str password, unsigned iterations, char out[LF_PASSWORD_HASH_MAX])
{
    if (iterations == 0 || iterations > MAX_ITERATIONS)
        return LF_EINVAL;
    char salt[SALT_LEN + 1], dk[DK_B64_LEN + 1];
    int rc = random_salt(salt);
    if (rc == LF_OK)
        rc = derive(password, (lf_str){salt, SALT_LEN}, iterations, dk);
    if (rc)
        return rc;
    snprintf(out, LF_PASSWORD_HASH_MAX, ALG "$%u$%s$%s", iterations, salt, dk);
    return LF_OK;
}

/* Canonical decimal only: Django re-encodes and compares the whole string,
 * so "01000" never verified there either. */
static int parse_iterations(lf_str s, unsigned *out)
{
    if (s.n == 0 || s.n > 8 || s.p[0] == '0')
        return LF_EINVAL;
    unsigned v = 0;
    for (size_t i = 0; i < s.n; i++) {
        if (s.p[i] < '0' || s.p[i] > '9')
            return LF_EINVAL;
        v = v * 10 + (unsigned)(s.p[i] - '0');
    }
    if (v > MAX_ITERATIONS)
        return LF_EINVAL;
    *out = v;
    return LF_OK;
}

/* Cuts s at the next '$'; LF_EINVAL when there is none. */
static int next_field(lf_str *s, lf_str *field)
{
    const char *d = memchr(s->p, '$', s->n);
    if (!d)
        return LF_EINVAL;
    *field = (lf_str){s->p, (size_t)(d - s->p)};
    s->n -= field->n + 1;
    s->p = d + 1;
    return LF_OK;
}

int lf_password_verify(lf_str password, lf_str encoded)
{
    /* An unusable hash ("!...") fails the algorithm check like any other. */
    lf_str alg, iter, salt;
    unsigned iterations;
    char dk[DK_B64_LEN + 1];
    if (encoded.n == 0 || next_field(&encoded, &alg) || !lf_str_eqz(alg, ALG) ||
        next_field(&encoded, &iter) || parse_iterations(iter, &iterations) ||
        next_field(&encoded, &salt) || salt.n == 0 || encoded.n != DK_B64_LEN ||
        derive(password, salt, iterations, dk))
        return 0;
    /* The remainder is compared as text: a '$' in it, or another base64
     * spelling of the same key, simply does not match. */
    return lf_ct_eq(dk, DK_B64_LEN, encoded.p, encoded.n);
}
