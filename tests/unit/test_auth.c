/* auth: digests, app signatures, Django password hashes, HS256 JWT, PATs.
 * Expected values come from Python's hashlib/hmac/base64, not from us. */
#include "loonflow/auth.h"

#include "check.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define APP_TOKEN "8f1b4c2e-3d5a-4e6f-9a7b-0c1d2e3f4a5b"
/* hashlib.md5(b"1700000000" + APP_TOKEN).hexdigest() */
#define APP_SIG "13e692acfb30c69e1c3f7f2a68e5b95a"

#define JWT_KEY "aUApFqfQjyYVAPo8"
#define JWT_PAYLOAD "{\"exp\":1900000000,\"iat\":1700000000,\"data\":{\"email\":\"a@b.c\",\"name\":\"x\"}}"
/* base64url(header) . base64url(JWT_PAYLOAD) . base64url(hmac.new(key, ..., sha256)) */
#define JWT_TOKEN                                                                          \
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9."                                                \
    "eyJleHAiOjE5MDAwMDAwMDAsImlhdCI6MTcwMDAwMDAwMCwiZGF0YSI6eyJlbWFpbCI6ImFAYi5jIiwibmFtZSI6" \
    "IngifX0.56ZC-FQBlWcwyA8lj03MkNKUqsprBVbLzOVpqnX-c4o"

#define PAT_ID "0b9d3c1e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"

static void test_digests(void)
{
    char hex[65];
    uint8_t d[32];
    lf_md5_hex("", 0, hex);
    CHECK_STR(hex, "d41d8cd98f00b204e9800998ecf8427e");
    lf_md5_hex("abc", 3, hex);
    CHECK_STR(hex, "900150983cd24fb0d6963f7d28e17f72");

    lf_sha256("abc", 3, d);
    lf_hex_encode(d, sizeof d, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    static const char fox[] = "The quick brown fox jumps over the lazy dog";
    lf_hmac_sha256("key", 3, fox, sizeof fox - 1, d);
    lf_hex_encode(d, sizeof d, hex);
    CHECK_STR(hex, "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");

    char longkey[100]; /* longer than the block: hashed first */
    memset(longkey, 'k', sizeof longkey);
    lf_hmac_sha256(longkey, sizeof longkey, "msg", 3, d);
    lf_hex_encode(d, sizeof d, hex);
    CHECK_STR(hex, "bd56a1782c2830e8abc6ed866a57a1230661e650b84c62f7ee3accc5fa5af491");
}

static lf_sig_result sig(const char *ts, const char *signature, int64_t now)
{
    return lf_sig_check(lf_strz(ts), lf_strz(signature), LF_STR(APP_TOKEN), now, 120);
}

static void test_sig_check(void)
{
    const int64_t t = 1700000000;
    CHECK_EQ_INT(sig("1700000000", APP_SIG, t), LF_SIG_OK);
    CHECK_EQ_INT(sig("1700000000", APP_SIG, t + 120), LF_SIG_OK);
    CHECK_EQ_INT(sig("1700000000", APP_SIG, t - 120), LF_SIG_OK);
    CHECK_EQ_INT(sig("1700000000", APP_SIG, t + 121), LF_SIG_EXPIRED);
    CHECK_EQ_INT(sig("1700000000", APP_SIG, t - 121), LF_SIG_EXPIRED);
    CHECK_EQ_INT(lf_sig_check(LF_STR("1700000000"), LF_STR(APP_SIG), LF_STR(APP_TOKEN), t, 0),
                 LF_SIG_OK);
    CHECK_EQ_INT(lf_sig_check(LF_STR("1700000000"), LF_STR(APP_SIG), LF_STR(APP_TOKEN), t + 1, 0),
                 LF_SIG_EXPIRED);

    /* upstream compares with == against a lowercase hexdigest */
    CHECK_EQ_INT(sig("1700000000", "13E692ACFB30C69E1C3F7F2A68E5B95A", t), LF_SIG_INVALID);
    CHECK_EQ_INT(sig("1700000000", "13e692acfb30c69e1c3f7f2a68e5b95b", t), LF_SIG_INVALID);
    CHECK_EQ_INT(sig("1700000000", "03e692acfb30c69e1c3f7f2a68e5b95a", t), LF_SIG_INVALID);
    CHECK_EQ_INT(sig("1700000000", "13e692acfb30c69e1c3f7f2a68e5b95", t), LF_SIG_INVALID);
    CHECK_EQ_INT(sig("1700000000", APP_SIG "0", t), LF_SIG_INVALID);
    CHECK_EQ_INT(sig("1700000000", "", t), LF_SIG_INVALID);
    CHECK_EQ_INT(sig("1700000001", APP_SIG, t), LF_SIG_INVALID);
    CHECK_EQ_INT(lf_sig_check(LF_STR("1700000000"), LF_STR(APP_SIG), LF_STR(APP_TOKEN "x"), t, 120),
                 LF_SIG_INVALID);
    /* the digest is checked before the clock */
    CHECK_EQ_INT(sig("1700000000", "00000000000000000000000000000000", t + 1000), LF_SIG_INVALID);

    CHECK_EQ_INT(sig("", APP_SIG, t), LF_SIG_BAD_TIMESTAMP);
    CHECK_EQ_INT(sig("-1", APP_SIG, t), LF_SIG_BAD_TIMESTAMP);
    CHECK_EQ_INT(sig("+1700000000", APP_SIG, t), LF_SIG_BAD_TIMESTAMP);
    CHECK_EQ_INT(sig(" 1700000000", APP_SIG, t), LF_SIG_BAD_TIMESTAMP);
    CHECK_EQ_INT(sig("1700000000 ", APP_SIG, t), LF_SIG_BAD_TIMESTAMP);
    CHECK_EQ_INT(sig("17000x0000", APP_SIG, t), LF_SIG_BAD_TIMESTAMP);
    CHECK_EQ_INT(sig("17000000000000000000", APP_SIG, t), LF_SIG_BAD_TIMESTAMP); /* 20 digits */
    CHECK_EQ_INT(sig("9999999999999999999", APP_SIG, t), LF_SIG_BAD_TIMESTAMP);  /* > INT64_MAX */
}

static void test_sig_make(void)
{
    char ts[24], s[33];
    lf_sig_make(1700000000, LF_STR(APP_TOKEN), ts, s);
    CHECK_STR(ts, "1700000000");
    CHECK_STR(s, APP_SIG);
    CHECK_EQ_INT(sig(ts, s, 1700000000), LF_SIG_OK);

    /* far ends of int64: the distance must not overflow */
    lf_sig_make(INT64_MAX, LF_STR(APP_TOKEN), ts, s);
    CHECK_STR(ts, "9223372036854775807");
    CHECK_EQ_INT(sig(ts, s, INT64_MIN), LF_SIG_EXPIRED);
    CHECK_EQ_INT(sig(ts, s, INT64_MAX - 120), LF_SIG_OK);
    CHECK_EQ_INT(sig(ts, s, INT64_MAX - 121), LF_SIG_EXPIRED);
    CHECK_EQ_INT(lf_sig_check(lf_strz(ts), lf_strz(s), LF_STR(APP_TOKEN), INT64_MAX, -1),
                 LF_SIG_EXPIRED);
}

/* make_password('123456', 'abcdefghijklmnopqrstuv', 'pbkdf2_sha256') at 1000
 * iterations, via hashlib.pbkdf2_hmac + base64 */
#define DJANGO_HASH "pbkdf2_sha256$1000$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI="

static int pw_ok(const char *pw, const char *encoded)
{
    return lf_password_verify(lf_strz(pw), lf_strz(encoded));
}

static void test_password_vectors(void)
{
    CHECK_EQ_INT(pw_ok("123456", DJANGO_HASH), 1);
    CHECK_EQ_INT(pw_ok("1234567", DJANGO_HASH), 0);
    CHECK_EQ_INT(pw_ok("12345", DJANGO_HASH), 0);
    CHECK_EQ_INT(pw_ok("", DJANGO_HASH), 0);
    CHECK_EQ_INT(pw_ok("", "pbkdf2_sha256$1$salt$8TXCeZO6+Ydzxc20ClcGzmo0XN5hsACmeFhlDNajJNc="), 1);
    CHECK_EQ_INT(pw_ok("pw", "pbkdf2_sha256$1$sp ce!#.$L5g7hRbvEZt/SB4b0v2s9PkwVZ8QTTjInTOGNk5vR60="), 1);
    CHECK_EQ_INT(pw_ok("p\xc3\xa4ssw\xc3\xb6rd",
                       "pbkdf2_sha256$2$Zz09$UVBG+SDCeNR+GubpC4Wl3ovVfSY1zFNMkZtXtzgfUtg="),
                 1);
    char longpw[101]; /* over the HMAC block: the pre-hash must not change the key */
    memset(longpw, 'x', 100);
    longpw[100] = 0;
    CHECK_EQ_INT(pw_ok(longpw, "pbkdf2_sha256$3$saltsalt$q2wcRxG65zB3MXwUnntfOpGzgvdFo4jzrooMA8qm+Ro="), 1);
    longpw[99] = 'y';
    CHECK_EQ_INT(pw_ok(longpw, "pbkdf2_sha256$3$saltsalt$q2wcRxG65zB3MXwUnntfOpGzgvdFo4jzrooMA8qm+Ro="), 0);
}

static void test_password_malformed(void)
{
    static const char *bad[] = {
        "",
        ("!" DJANGO_HASH),
        "!",
        "pbkdf2_sha1$1000$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$01000$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$0$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$1e3$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$-1000$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$10000001$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$4294968296$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$1000$$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$1000$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI",
        "pbkdf2_sha256$1000$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI==",
        "pbkdf2_sha256$1000$abcdefghijklmnopqrstuv$cJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$1000$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKJ=",
        "pbkdf2_sha256$1000$abcdefghijklmnopqrstuv",
        "pbkdf2_sha256$1000",
        "pbkdf2_sha256",
        "pbkdf2_sha256$1000$abcdefghijklmnopqrstuw$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
        "pbkdf2_sha256$1001$abcdefghijklmnopqrstuv$bJ9W1ZSqJuwENFncQSZypQwHGD5xwaXQW4YqECsTsKI=",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (pw_ok("123456", bad[i]))
            printf("    accepted: %s\n", bad[i]);
        CHECK_EQ_INT(pw_ok("123456", bad[i]), 0);
    }
}

static int in_salt_alphabet(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static void test_password_hash(void)
{
    char h1[LF_PASSWORD_HASH_MAX], h2[LF_PASSWORD_HASH_MAX];
    CHECK_EQ_INT(lf_password_hash(LF_STR("s3cret"), 1000, h1), LF_OK);
    CHECK_EQ_INT(lf_password_hash(LF_STR("s3cret"), 1000, h2), LF_OK);
    CHECK(strncmp(h1, "pbkdf2_sha256$1000$", 19) == 0);
    CHECK_EQ_INT(strlen(h1), 19 + 22 + 1 + 44);
    CHECK_EQ_INT(h1[19 + 22], '$');
    CHECK(strcmp(h1, h2) != 0); /* fresh salt each time */
    CHECK_EQ_INT(pw_ok("s3cret", h1), 1);
    CHECK_EQ_INT(pw_ok("s3cret", h2), 1);
    CHECK_EQ_INT(pw_ok("s3creT", h1), 0);

    CHECK_EQ_INT(lf_password_hash(LF_STR("x"), 0, h1), LF_EINVAL);
    CHECK_EQ_INT(lf_password_hash(LF_STR("x"), 10000001, h1), LF_EINVAL);

    /* Every salt symbol is from Django's alphabet and all 62 show up
     * (4400 draws: missing one by chance is ~1e-29). */
    int seen[128] = {0}, distinct = 0, foreign = 0;
    for (int i = 0; i < 200; i++) {
        CHECK_EQ_INT(lf_password_hash(LF_STR("x"), 1, h1), LF_OK);
        const char *salt = h1 + strlen("pbkdf2_sha256$1$");
        for (int k = 0; k < 22; k++) {
            unsigned char c = (unsigned char)salt[k];
            if (c >= 128 || !in_salt_alphabet((char)c))
                foreign++;
            else if (!seen[c]++)
                distinct++;
        }
        CHECK_EQ_INT(salt[22], '$');
    }
    CHECK_EQ_INT(foreign, 0);
    CHECK_EQ_INT(distinct, 62);
}

/* Builds base64url(header).base64url(payload).sig, signed with JWT_KEY. */
static void jwt_make(const char *hdr, const char *payload, char *out)
{
    size_t n = lf_b64_encode(hdr, strlen(hdr), out, 1);
    out[n++] = '.';
    n += lf_b64_encode(payload, strlen(payload), out + n, 1);
    uint8_t mac[32];
    lf_hmac_sha256(JWT_KEY, strlen(JWT_KEY), out, n, mac);
    out[n++] = '.';
    lf_b64_encode(mac, sizeof mac, out + n, 1);
}

/* Signs already-encoded parts "h.p" in place. */
static void jwt_sign_raw(char *out)
{
    size_t n = strlen(out);
    uint8_t mac[32];
    lf_hmac_sha256(JWT_KEY, strlen(JWT_KEY), out, n, mac);
    out[n++] = '.';
    lf_b64_encode(mac, sizeof mac, out + n, 1);
}

static lf_arena arena;

static lf_jwt_result jwt_at(const char *token, int64_t now)
{
    lf_str payload = {0};
    return lf_jwt_verify(JWT_KEY, strlen(JWT_KEY), lf_strz(token), now, &arena, &payload);
}

#define HS256_HDR "{\"alg\":\"HS256\",\"typ\":\"JWT\"}"

static void test_jwt_interop(void)
{
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_buf_puts(&b, "Bearer ");
    CHECK_EQ_INT(lf_jwt_sign(JWT_KEY, strlen(JWT_KEY), LF_STR(JWT_PAYLOAD), &b), LF_OK);
    CHECK_STR(b.p, "Bearer " JWT_TOKEN);
    CHECK_EQ_INT(b.n, strlen("Bearer " JWT_TOKEN));
    lf_buf_free(&b);

    lf_str payload = {0};
    CHECK_EQ_INT(lf_jwt_verify(JWT_KEY, strlen(JWT_KEY), LF_STR(JWT_TOKEN), 1700000000, &arena,
                               &payload),
                 LF_JWT_OK);
    CHECK_EQ_INT(payload.n, strlen(JWT_PAYLOAD));
    CHECK(payload.p && strcmp(payload.p, JWT_PAYLOAD) == 0); /* NUL-terminated copy */

    /* the payload outlives the token text */
    char t[512];
    strcpy(t, JWT_TOKEN);
    payload = (lf_str){0};
    CHECK_EQ_INT(lf_jwt_verify(JWT_KEY, strlen(JWT_KEY), lf_strz(t), 1700000000, &arena, &payload),
                 LF_JWT_OK);
    memset(t, 'x', strlen(t));
    CHECK(payload.p && strcmp(payload.p, JWT_PAYLOAD) == 0);

    /* a different header spelling is still HS256 */
    jwt_make("{\"typ\":\"JWT\", \"alg\":\"HS256\"}", JWT_PAYLOAD, t);
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_OK);
    jwt_make("{\"alg\":\"HS256\"}", "{\"exp\":5}", t);
    CHECK_EQ_INT(jwt_at(t, 4), LF_JWT_OK);
}

static void test_jwt_expiry(void)
{
    CHECK_EQ_INT(jwt_at(JWT_TOKEN, 1899999999), LF_JWT_OK);
    CHECK_EQ_INT(jwt_at(JWT_TOKEN, 1900000000), LF_JWT_EXPIRED); /* exp > now, no leeway */
    CHECK_EQ_INT(jwt_at(JWT_TOKEN, 1900000001), LF_JWT_EXPIRED);

    char t[512];
    jwt_make(HS256_HDR, "{\"exp\":1900000000.5}", t); /* int(exp), as PyJWT */
    CHECK_EQ_INT(jwt_at(t, 1899999999), LF_JWT_OK);
    CHECK_EQ_INT(jwt_at(t, 1900000000), LF_JWT_EXPIRED);
    jwt_make(HS256_HDR, "{\"exp\":-1}", t);
    CHECK_EQ_INT(jwt_at(t, 0), LF_JWT_EXPIRED);

    static const char *no_exp[] = {
        "{}", "{\"iat\":1700000000}", "{\"exp\":\"1900000000\"}", "{\"exp\":null}",
        "{\"exp\":true}", "{\"exp\":[1900000000]}", "{\"data\":{\"exp\":1900000000}}",
        "[1900000000]", "1900000000", "\"exp\"",
    };
    for (size_t i = 0; i < sizeof no_exp / sizeof no_exp[0]; i++) {
        jwt_make(HS256_HDR, no_exp[i], t);
        CHECK_EQ_INT(jwt_at(t, 0), LF_JWT_NO_EXP);
    }
}

static void test_jwt_tampered(void)
{
    char t[512];
    strcpy(t, JWT_TOKEN);
    t[strlen(t) - 5] ^= 1; /* inside the signature */
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_BAD_SIG);

    /* same MAC bytes, other spelling: the last char's 2 spare bits differ */
    strcpy(t, JWT_TOKEN);
    t[strlen(t) - 1] = 'p';
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_BAD_SIG);

    /* payload swapped for a longer-lived one, old signature kept */
    static const char longer[] = "{\"exp\":2900000000,\"iat\":1700000000,\"data\":{\"email\":\"a@b.c\",\"name\":\"x\"}}";
    size_t n = lf_b64_encode(HS256_HDR, strlen(HS256_HDR), t, 1);
    t[n++] = '.';
    n += lf_b64_encode(longer, strlen(longer), t + n, 1);
    strcpy(t + n, strrchr(JWT_TOKEN, '.'));
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_BAD_SIG);

    lf_str payload = {0};
    CHECK_EQ_INT(lf_jwt_verify("other", 5, LF_STR(JWT_TOKEN), 1700000000, &arena, &payload),
                 LF_JWT_BAD_SIG);
    CHECK(payload.p == NULL);

    /* wrong signature lengths */
    strcpy(t, JWT_TOKEN);
    t[strlen(t) - 1] = 0;
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_BAD_SIG);
    strcpy(t, JWT_TOKEN "A");
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_BAD_SIG);
    strcpy(t, JWT_TOKEN);
    *(strrchr(t, '.') + 1) = 0;
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_BAD_SIG);
}

static void test_jwt_alg(void)
{
    char t[512];
    /* alg none, unsigned, as an attacker would send it */
    size_t n = lf_b64_encode("{\"alg\":\"none\",\"typ\":\"JWT\"}", 26, t, 1);
    t[n++] = '.';
    n += lf_b64_encode(JWT_PAYLOAD, strlen(JWT_PAYLOAD), t + n, 1);
    strcpy(t + n, ".");
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_BAD_ALG);

    static const char *hdrs[] = {
        "{\"alg\":\"none\",\"typ\":\"JWT\"}", "{\"alg\":\"HS512\",\"typ\":\"JWT\"}",
        "{\"alg\":\"hs256\"}", "{\"alg\":\"HS256 \"}", "{\"typ\":\"JWT\"}", "{\"alg\":256}",
        "{\"alg\":null}", "{\"alg\":[\"HS256\"]}", "{\"x\":{\"alg\":\"HS256\"}}",
    };
    for (size_t i = 0; i < sizeof hdrs / sizeof hdrs[0]; i++) {
        jwt_make(hdrs[i], JWT_PAYLOAD, t);
        CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_BAD_ALG);
    }
}

static void test_jwt_malformed(void)
{
    static const char *bad[] = {
        "", "abc", "a.b", ".", "..", "a.b.c.d", JWT_TOKEN ".", "." JWT_TOKEN,
        /* header with padding, or a '+' / '/' from the standard alphabet */
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9=.e30.x",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ+.e30.x",
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ/.e30.x",
        "e.e30.x", /* 1 char cannot be base64 */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_EQ_INT(jwt_at(bad[i], 1700000000), LF_JWT_MALFORMED);

    char t[512];
    static const char *bad_hdr[] = {"", "{", "[\"alg\",\"HS256\"]", "\"HS256\"", "{\"alg\":\"HS256\"} x"};
    for (size_t i = 0; i < sizeof bad_hdr / sizeof bad_hdr[0]; i++) {
        jwt_make(bad_hdr[i], JWT_PAYLOAD, t);
        CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_MALFORMED);
    }
    /* validly signed but the payload is no JSON, or not base64url */
    static const char *bad_payload[] = {"", "{", "{\"exp\":1900000000", "{\"exp\":1900000000}}", "exp"};
    for (size_t i = 0; i < sizeof bad_payload / sizeof bad_payload[0]; i++) {
        jwt_make(HS256_HDR, bad_payload[i], t);
        CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_MALFORMED);
    }
    size_t n = lf_b64_encode(HS256_HDR, strlen(HS256_HDR), t, 1);
    strcpy(t + n, ".eyJleHAiOjE5MDAwMDAwMDB9"); /* {"exp":1900000000} */
    jwt_sign_raw(t);
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_OK);
    strcpy(t + n, ".eyJleHAiOjE5MDAwMDAwMDAsIngiOjF9"); /* base64 of {"exp":1900000000,"x":1} */
    jwt_sign_raw(t);
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_OK);
    strcpy(t + n, ".eyJleHAiOjE5MDAwMDAwMDAsIngiOjF9=");
    jwt_sign_raw(t);
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_MALFORMED);
    strcpy(t + n, ".eyJleHAiOjE5MDAwMDAwMDAsIng*OjF9");
    jwt_sign_raw(t);
    CHECK_EQ_INT(jwt_at(t, 1700000000), LF_JWT_MALFORMED);
}

static void test_jwt_limits(void)
{
    /* the cap is on the token text: 8192 is fine, 8193 is not */
    static char big[9000], payload[7000];
    static const char head[] = "{\"exp\":1900000000,\"pad\":\"";
    const size_t fit = 6083; /* 36 + '.' + 8111 (base64url of 6083) + '.' + 43 = 8192 */
    memcpy(payload, head, sizeof head - 1);
    memset(payload + sizeof head - 1, 'a', fit - (sizeof head - 1) - 2);
    memcpy(payload + fit - 2, "\"}", 3);
    jwt_make(HS256_HDR, payload, big);
    CHECK_EQ_INT(strlen(big), 8192);
    CHECK_EQ_INT(jwt_at(big, 1700000000), LF_JWT_OK);

    lf_buf b;
    lf_buf_init(&b, 0);
    CHECK_EQ_INT(lf_jwt_sign(JWT_KEY, strlen(JWT_KEY), lf_strz(payload), &b), LF_OK);
    CHECK_STR(b.p, big);
    lf_buf_free(&b);

    memcpy(payload + fit - 2, "a\"}", 4);
    jwt_make(HS256_HDR, payload, big);
    CHECK_EQ_INT(strlen(big), 8193);
    CHECK_EQ_INT(jwt_at(big, 1700000000), LF_JWT_MALFORMED);
    lf_buf_init(&b, 0);
    CHECK_EQ_INT(lf_jwt_sign(JWT_KEY, strlen(JWT_KEY), lf_strz(payload), &b), LF_ELIMIT);
    CHECK_EQ_INT(b.n, 0);
    lf_buf_free(&b);

    /* a buffer with a size limit reports it */
    lf_buf_init(&b, 64);
    CHECK(lf_jwt_sign(JWT_KEY, strlen(JWT_KEY), LF_STR(JWT_PAYLOAD), &b) != LF_OK);
    lf_buf_free(&b);
}

static void test_jwt_result_str(void)
{
    CHECK_STR(lf_jwt_result_str(LF_JWT_MALFORMED), "token is malformed");
    CHECK_STR(lf_jwt_result_str(LF_JWT_BAD_SIG), "token signature is invalid");
    CHECK_STR(lf_jwt_result_str(LF_JWT_EXPIRED), "token has expired");
    CHECK_STR(lf_jwt_result_str(LF_JWT_NO_EXP), "token has no expiry");
    CHECK_STR(lf_jwt_result_str(LF_JWT_BAD_ALG), "token algorithm is not HS256");
    CHECK_STR(lf_jwt_result_str(LF_JWT_OK), "token is valid");
    CHECK_STR(lf_jwt_result_str((lf_jwt_result)99), "token is invalid");
}

static void test_pat_parse(void)
{
    lf_uuid id;
    lf_str secret;
    char u[LF_UUID_STRLEN + 1];
    static const char good[] = "lfpat." PAT_ID ".s3cr-t_X";
    CHECK_EQ_INT(lf_pat_parse(LF_STR(good), &id, &secret), LF_OK);
    CHECK(secret.p == good + 43);
    lf_uuid_format(&id, u);
    CHECK_STR(u, PAT_ID);
    CHECK_EQ_INT(secret.n, 8);
    CHECK(lf_str_eqz(secret, "s3cr-t_X"));

    char tok[300];
    memcpy(tok, "lfpat." PAT_ID ".", 43);
    memset(tok + 43, 'a', 128);
    tok[43 + 128] = 0;
    CHECK_EQ_INT(lf_pat_parse(lf_strz(tok), &id, &secret), LF_OK);
    CHECK_EQ_INT(secret.n, 128);
    tok[43 + 128] = 'a';
    tok[43 + 129] = 0;
    CHECK_EQ_INT(lf_pat_parse(lf_strz(tok), &id, &secret), LF_EINVAL);

    static const char *bad[] = {
        "", "lfpat", "lfpat.", "lfpat..", "lfpat." PAT_ID, "lfpat." PAT_ID ".",
        "lfpat." PAT_ID ".a.b", "lfpat." PAT_ID "..", "LFPAT." PAT_ID ".s", "lfpatx." PAT_ID ".s",
        "xlfpat." PAT_ID ".s", "lfpa." PAT_ID ".s", "lfpat.." PAT_ID ".s",
        "lfpat.0b9d3c1e5f6a4b7c8d9e0f1a2b3c4d5e.s", "lfpat.0b9d3c1e-5f6a-4b7c-8d9e-0f1a2b3c4d5.s",
        "lfpat.0b9d3c1e-5f6a-4b7c-8d9e-0f1a2b3c4d5ex.s", "lfpat.zb9d3c1e-5f6a-4b7c-8d9e-0f1a2b3c4d5e.s",
        "Bearer lfpat." PAT_ID ".s",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        secret = (lf_str){0};
        CHECK_EQ_INT(lf_pat_parse(lf_strz(bad[i]), &id, &secret), LF_EINVAL);
        CHECK(secret.p == NULL);
    }
}

static void test_pat_make(void)
{
    lf_uuid id, back;
    lf_str secret;
    CHECK_EQ_INT(lf_uuid_parse(LF_STR(PAT_ID), &id), LF_OK);
    char tok[LF_PAT_MAX_LEN], tok2[LF_PAT_MAX_LEN], hash[65], hash2[65], want[65];
    CHECK_EQ_INT(lf_pat_make(&id, tok, hash), LF_OK);
    CHECK_EQ_INT(strlen(tok), 6 + 36 + 1 + 64);
    CHECK(strncmp(tok, "lfpat." PAT_ID ".", 43) == 0);
    for (int i = 43; i < 43 + 64; i++)
        CHECK(in_salt_alphabet(tok[i]) || tok[i] == '-' || tok[i] == '_');

    CHECK_EQ_INT(lf_pat_parse(lf_strz(tok), &back, &secret), LF_OK);
    CHECK(lf_uuid_eq(&id, &back));
    CHECK_EQ_INT(secret.n, LF_PAT_SECRET_LEN);
    CHECK(secret.p == tok + 43);
    lf_pat_secret_hash(secret, want);
    CHECK_STR(hash, want);
    CHECK_EQ_INT(strlen(hash), 64);

    CHECK_EQ_INT(lf_pat_make(&id, tok2, hash2), LF_OK);
    CHECK(strcmp(tok, tok2) != 0);
    CHECK(strcmp(hash, hash2) != 0);

    lf_pat_secret_hash(LF_STR("abc"), want); /* hashlib.sha256(b"abc") */
    CHECK_STR(want, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void test_pat_mask(void)
{
    lf_uuid id;
    char m[64];
    CHECK_EQ_INT(lf_uuid_parse(LF_STR(PAT_ID), &id), LF_OK);
    memset(m, 'Z', sizeof m);
    lf_pat_mask(&id, m);
    CHECK_STR(m, "lfpat.0b9d3c1e********************************");
    CHECK_EQ_INT(strlen(m), 14 + 32);
}

int main(void)
{
    lf_arena_init(&arena, 4096, 0);
    RUN(test_digests);
    RUN(test_sig_check);
    RUN(test_sig_make);
    RUN(test_password_vectors);
    RUN(test_password_malformed);
    RUN(test_password_hash);
    RUN(test_jwt_interop);
    RUN(test_jwt_expiry);
    RUN(test_jwt_tampered);
    RUN(test_jwt_alg);
    RUN(test_jwt_malformed);
    RUN(test_jwt_limits);
    RUN(test_jwt_result_str);
    RUN(test_pat_parse);
    RUN(test_pat_make);
    RUN(test_pat_mask);
    lf_arena_free(&arena);
    return CHECK_DONE();
}
