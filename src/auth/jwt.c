#include "loonflow/auth.h"
#include "loonflow/json.h"

#include <string.h>

/* base64url('{"alg":"HS256","typ":"JWT"}'), the header PyJWT writes. */
#define JWT_HEADER "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
#define JWT_MAX_LEN 8192
#define SIG_B64_LEN 43
/* Our payloads ({exp, iat, data: user dict}) need a few dozen tokens. */
#define HEADER_MAX_TOKENS 16
#define PAYLOAD_MAX_TOKENS 256

int lf_jwt_sign(const void *key, size_t klen, lf_str payload_json, lf_buf *out)
{
    size_t hn = sizeof JWT_HEADER - 1;
    size_t total = hn + 1 + lf_b64_encoded_len(payload_json.n, 1) + 1 + SIG_B64_LEN;
    if (total > JWT_MAX_LEN) /* verify would refuse it */
        return LF_ELIMIT;
    int rc = lf_buf_reserve(out, total);
    if (rc)
        return rc;
    char *p = out->p + out->n;
    memcpy(p, JWT_HEADER, hn);
    size_t n = hn;
    p[n++] = '.';
    n += lf_b64_encode(payload_json.p, payload_json.n, p + n, 1);
    uint8_t mac[32];
    lf_hmac_sha256(key, klen, p, n, mac);
    p[n++] = '.';
    n += lf_b64_encode(mac, sizeof mac, p + n, 1);
    out->n += n;
    return LF_OK;
}

/* Decodes one part into the arena, NUL-terminated. */
static int part_decode(lf_str in, lf_arena *a, lf_str *out)
{
    size_t cap = in.n / 4 * 3 + 2;
    char *p = lf_arena_alloc(a, cap + 1);
    size_t n;
    if (!p || lf_b64_decode(in, p, cap, &n, 1) != LF_OK)
        return LF_EINVAL;
    p[n] = 0;
    *out = (lf_str){p, n};
    return LF_OK;
}

static int parse_object(lf_str text, lf_arena *a, int max_tokens, lf_json *j)
{
    char err[64];
    if (lf_json_parse(j, text.p, text.n, a, max_tokens, err, sizeof err) != LF_OK)
        return LF_EINVAL;
    return lf_json_type_of(j, 0) == LF_JSON_OBJECT ? LF_OK : LF_ETYPE;
}

/* PyJWT reads exp as int(exp), so fractional seconds are truncated. */
static int claim_exp(const lf_json *j, int v, int64_t *exp)
{
    if (lf_json_i64(j, v, exp) == LF_OK)
        return LF_OK;
    double d;
    if (lf_json_f64(j, v, &d) != LF_OK)
        return LF_ETYPE;
    *exp = d >= 9.2e18 ? INT64_MAX : d <= -9.2e18 ? INT64_MIN : (int64_t)d;
    return LF_OK;
}

lf_jwt_result lf_jwt_verify(const void *key, size_t klen, lf_str token, int64_t now,
                            lf_arena *a, lf_str *payload_out)
{
    if (token.n == 0 || token.n > JWT_MAX_LEN)
        return LF_JWT_MALFORMED;
    const char *end = token.p + token.n;
    const char *d1 = memchr(token.p, '.', token.n);
    const char *d2 = d1 ? memchr(d1 + 1, '.', (size_t)(end - d1 - 1)) : NULL;
    if (!d2 || memchr(d2 + 1, '.', (size_t)(end - d2 - 1)))
        return LF_JWT_MALFORMED;
    lf_str h64 = {token.p, (size_t)(d1 - token.p)};
    lf_str p64 = {d1 + 1, (size_t)(d2 - d1 - 1)};
    lf_str s64 = {d2 + 1, (size_t)(end - d2 - 1)};

    lf_str text;
    lf_json j;
    if (part_decode(h64, a, &text) || parse_object(text, a, HEADER_MAX_TOKENS, &j))
        return LF_JWT_MALFORMED;
    /* Only HS256: "none" and every other algorithm are refused outright. */
    int alg = lf_json_get(&j, 0, "alg");
    if (lf_json_type_of(&j, alg) != LF_JSON_STRING || !lf_json_str_eqz(&j, alg, "HS256"))
        return LF_JWT_BAD_ALG;

    /* Comparing the canonical text also refuses the other spellings of the
     * same MAC that lenient base64 decoders accept. */
    uint8_t mac[32];
    char want[SIG_B64_LEN + 1];
    lf_hmac_sha256(key, klen, token.p, (size_t)(d2 - token.p), mac);
    lf_b64_encode(mac, sizeof mac, want, 1);
    if (!lf_ct_eq(want, SIG_B64_LEN, s64.p, s64.n))
        return LF_JWT_BAD_SIG;

    int rc = part_decode(p64, a, &text);
    if (rc == LF_OK)
        rc = parse_object(text, a, PAYLOAD_MAX_TOKENS, &j);
    if (rc == LF_EINVAL)
        return LF_JWT_MALFORMED;
    int64_t exp;
    if (rc || claim_exp(&j, lf_json_get(&j, 0, "exp"), &exp))
        return LF_JWT_NO_EXP;
    if (exp <= now)
        return LF_JWT_EXPIRED;
    *payload_out = text;
    return LF_JWT_OK;
}

const char *lf_jwt_result_str(lf_jwt_result r)
{
    switch (r) {
    case LF_JWT_OK:
        return "token is valid";
    case LF_JWT_MALFORMED:
        return "token is malformed";
    case LF_JWT_BAD_ALG:
        return "token algorithm is not HS256";
    case LF_JWT_BAD_SIG:
        return "token signature is invalid";
    case LF_JWT_NO_EXP:
        return "token has no expiry";
    case LF_JWT_EXPIRED:
        return "token has expired";
    }
    return "token is invalid";
}
