#include "loonflow/auth.h"

#include <mbedtls/md5.h>
#include <stdio.h>

/* lowercase_hex(md5(timestamp + token)) without joining the two first. */
static void sig_digest(lf_str ts, lf_str token, char out[33])
{
    uint8_t d[16];
    mbedtls_md5_context c;
    mbedtls_md5_init(&c);
    mbedtls_md5_starts_ret(&c);
    mbedtls_md5_update_ret(&c, (const unsigned char *)ts.p, ts.n);
    mbedtls_md5_update_ret(&c, (const unsigned char *)token.p, token.n);
    mbedtls_md5_finish_ret(&c, d);
    mbedtls_md5_free(&c);
    lf_hex_encode(d, sizeof d, out);
}

lf_sig_result lf_sig_check(lf_str timestamp, lf_str signature, lf_str token, int64_t now,
                           int64_t window)
{
    /* Digits only: upstream's int() would also take signs and spaces, but
     * no client sends them and the digest is over the text as sent. */
    if (timestamp.n == 0 || timestamp.n > 19)
        return LF_SIG_BAD_TIMESTAMP;
    for (size_t i = 0; i < timestamp.n; i++)
        if (timestamp.p[i] < '0' || timestamp.p[i] > '9')
            return LF_SIG_BAD_TIMESTAMP;
    int64_t ts;
    if (lf_str_to_i64(timestamp, &ts) != LF_OK) /* 19 digits may overflow */
        return LF_SIG_BAD_TIMESTAMP;

    char want[33];
    sig_digest(timestamp, token, want);
    if (!lf_ct_eq(want, 32, signature.p, signature.n))
        return LF_SIG_INVALID;

    /* Unsigned wrap-around gives the exact distance for any two int64s. */
    uint64_t d = ts > now ? (uint64_t)ts - (uint64_t)now : (uint64_t)now - (uint64_t)ts;
    if (window < 0 || d > (uint64_t)window)
        return LF_SIG_EXPIRED;
    return LF_SIG_OK;
}

void lf_sig_make(int64_t timestamp, lf_str token, char ts_out[24], char sig_out[33])
{
    int n = snprintf(ts_out, 24, "%lld", (long long)timestamp);
    sig_digest((lf_str){ts_out, (size_t)n}, token, sig_out);
}
