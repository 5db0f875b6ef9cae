#include "loonflow/auth.h"

#include <string.h>

#define PAT_PREFIX "lfpat."
#define PAT_PREFIX_LEN 6
#define PAT_SECRET_MAX 128

int lf_pat_parse(lf_str token, lf_uuid *id, lf_str *secret)
{
    if (!lf_str_has_prefix(token, PAT_PREFIX))
        return LF_EINVAL;
    lf_str rest = {token.p + PAT_PREFIX_LEN, token.n - PAT_PREFIX_LEN};
    const char *dot = memchr(rest.p, '.', rest.n);
    if (!dot)
        return LF_EINVAL;
    lf_str uuid = {rest.p, (size_t)(dot - rest.p)};
    lf_str s = {dot + 1, rest.n - uuid.n - 1};
    if (s.n == 0 || s.n > PAT_SECRET_MAX || memchr(s.p, '.', s.n) ||
        lf_uuid_parse(uuid, id) != LF_OK)
        return LF_EINVAL;
    *secret = s;
    return LF_OK;
}

int lf_pat_make(const lf_uuid *id, char token[LF_PAT_MAX_LEN], char secret_hash_hex[65])
{
    memcpy(token, PAT_PREFIX, PAT_PREFIX_LEN);
    lf_uuid_format(id, token + PAT_PREFIX_LEN);
    token[PAT_PREFIX_LEN + LF_UUID_STRLEN] = '.';
    char *secret = token + PAT_PREFIX_LEN + LF_UUID_STRLEN + 1;
    int rc = lf_random_token(secret, LF_PAT_SECRET_LEN);
    if (rc) {
        token[0] = 0;
        return rc;
    }
    lf_pat_secret_hash((lf_str){secret, LF_PAT_SECRET_LEN}, secret_hash_hex);
    return LF_OK;
}

/* A plain SHA-256, not PBKDF2 as upstream: the secret is 384 random bits,
 * so there is nothing for key stretching to protect, and upstream's
 * 1,000,000 iterations on every PAT request would stall a small CPU. */
void lf_pat_secret_hash(lf_str secret, char out_hex[65])
{
    uint8_t d[32];
    lf_sha256(secret.p, secret.n, d);
    lf_hex_encode(d, sizeof d, out_hex);
}

void lf_pat_mask(const lf_uuid *id, char out[64])
{
    char u[LF_UUID_STRLEN + 1];
    lf_uuid_format(id, u);
    memcpy(out, PAT_PREFIX, PAT_PREFIX_LEN);
    memcpy(out + PAT_PREFIX_LEN, u, 8);
    memset(out + PAT_PREFIX_LEN + 8, '*', 32);
    out[PAT_PREFIX_LEN + 8 + 32] = 0;
}
