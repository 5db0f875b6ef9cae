/* auth: the cryptography behind loonflow's three ways in (app signature,
 * HS256 JWT, personal access tokens) and Django-compatible password hashes.
 * Pure functions over bytes: looking callers up is the api layer's job. */
#ifndef LOONFLOW_AUTH_H
#define LOONFLOW_AUTH_H

#include "loonflow/core.h"

/* ---- digests (mbedTLS) ---- */
void lf_md5_hex(const void *p, size_t n, char out[33]);
void lf_sha256(const void *p, size_t n, uint8_t out[32]);
void lf_hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen, uint8_t out[32]);

/* ---- app signature: signature == lowercase_hex(md5(timestamp + token)),
 * constant-time, and |now - timestamp| <= window seconds ---- */
typedef enum lf_sig_result {
    LF_SIG_OK = 0,
    LF_SIG_BAD_TIMESTAMP, /* not a decimal Unix-seconds value */
    LF_SIG_INVALID,       /* digest does not match */
    LF_SIG_EXPIRED,       /* outside the window */
} lf_sig_result;
lf_sig_result lf_sig_check(lf_str timestamp, lf_str signature, lf_str token, int64_t now,
                           int64_t window);
/* Outgoing calls (hooks, notifications) sign the same way. */
void lf_sig_make(int64_t timestamp, lf_str token, char ts_out[24], char sig_out[33]);

/* ---- passwords: "pbkdf2_sha256$<iter>$<salt>$<base64 dk>" (Django) ---- */
#define LF_PASSWORD_HASH_MAX 128
/* Hashes with a fresh random salt. LF_EINVAL for iterations == 0. */
int lf_password_hash(lf_str password, unsigned iterations, char out[LF_PASSWORD_HASH_MAX]);
/* 1 when the password matches; 0 for a mismatch, an unusable hash ("!...")
 * or a malformed one. Iterations are taken from the hash. */
int lf_password_verify(lf_str password, lf_str encoded);

/* ---- JWT HS256 ---- */
typedef enum lf_jwt_result {
    LF_JWT_OK = 0,
    LF_JWT_MALFORMED, /* not three base64url parts of JSON */
    LF_JWT_BAD_ALG,   /* header alg is not HS256 */
    LF_JWT_BAD_SIG,
    LF_JWT_NO_EXP, /* exp claim missing or not a number */
    LF_JWT_EXPIRED,
} lf_jwt_result;
const char *lf_jwt_result_str(lf_jwt_result r);
/* Appends header.payload.signature; payload is a JSON object text. */
int lf_jwt_sign(const void *key, size_t klen, lf_str payload_json, lf_buf *out);
/* Verifies signature and exp (exp > now). The decoded payload JSON text is
 * copied into the arena. */
lf_jwt_result lf_jwt_verify(const void *key, size_t klen, lf_str token, int64_t now,
                            lf_arena *a, lf_str *payload_out);

/* ---- personal access tokens: "lfpat.<uuid>.<secret>" ---- */
#define LF_PAT_SECRET_LEN 64
#define LF_PAT_MAX_LEN (6 + LF_UUID_STRLEN + 1 + LF_PAT_SECRET_LEN + 1)
int lf_pat_parse(lf_str token, lf_uuid *id, lf_str *secret); /* LF_EINVAL if malformed */
/* Makes a new token for id; the secret's SHA-256 (hex) is what is stored. */
int lf_pat_make(const lf_uuid *id, char token[LF_PAT_MAX_LEN], char secret_hash_hex[65]);
void lf_pat_secret_hash(lf_str secret, char out_hex[65]);
/* "lfpat." + first 8 characters of the id + 32 '*'. */
void lf_pat_mask(const lf_uuid *id, char out[64]);

#endif
