#include "check.h"
#include "loonflow/core.h"

#include <stdlib.h>

static void uuids(void)
{
    lf_uuid u, v;
    char s[LF_UUID_STRLEN + 1];
    CHECK_EQ_INT(lf_uuid_parse(LF_STR("24867D69-6644-4a2c-a8fe-a4df7b2e6754"), &u), LF_OK);
    lf_uuid_format(&u, s);
    CHECK_STR(s, "24867d69-6644-4a2c-a8fe-a4df7b2e6754");
    CHECK_EQ_INT(lf_uuid_parse(LF_STR("24867d69-6644-4a2c-a8fe-a4df7b2e675"), &v), LF_EINVAL);
    CHECK_EQ_INT(lf_uuid_parse(LF_STR("24867d69x6644-4a2c-a8fe-a4df7b2e6754"), &v), LF_EINVAL);
    CHECK_EQ_INT(lf_uuid_parse(LF_STR("24867d69-6644-4a2c-a8fe-a4df7b2e675g"), &v), LF_EINVAL);
    /* A bad character in every group, hyphens out of place, and every digit. */
    CHECK_EQ_INT(lf_uuid_parse(LF_STR("2486 d69-6644-4a2c-a8fe-a4df7b2e6754"), &v), LF_EINVAL);
    CHECK_EQ_INT(lf_uuid_parse(LF_STR("24867d69-66:4-4a2c-a8fe-a4df7b2e6754"), &v), LF_EINVAL);
    CHECK_EQ_INT(lf_uuid_parse(LF_STR("24867d69-6644-4G2c-a8fe-a4df7b2e6754"), &v), LF_EINVAL);
    CHECK_EQ_INT(lf_uuid_parse(LF_STR("24867d69-6644-4a2c-a/fe-a4df7b2e6754"), &v), LF_EINVAL);
    CHECK_EQ_INT(lf_uuid_parse(LF_STR("24867d696-644-4a2c-a8fe-a4df7b2e6754"), &v), LF_EINVAL);
    CHECK_EQ_INT(lf_uuid_parse(LF_STR("01234567-89ab-cdef-ABCD-EF0123456789"), &v), LF_OK);
    lf_uuid_format(&v, s);
    CHECK_STR(s, "01234567-89ab-cdef-abcd-ef0123456789");
    CHECK_EQ_INT(lf_uuid_v4(&u), LF_OK);
    CHECK_EQ_INT(lf_uuid_v4(&v), LF_OK);
    CHECK(!lf_uuid_eq(&u, &v));
    lf_uuid_format(&u, s);
    CHECK(s[14] == '4' && (s[19] == '8' || s[19] == '9' || s[19] == 'a' || s[19] == 'b'));
}

static void base64_both_alphabets(void)
{
    static const struct { const char *in, *std, *url; } cases[] = {
        {"", "", ""}, {"f", "Zg==", "Zg"}, {"fo", "Zm8=", "Zm8"}, {"foo", "Zm9v", "Zm9v"},
        {"\xfb\xff", "+/8=", "-_8"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char out[16];
        uint8_t back[16];
        size_t n = strlen(cases[i].in), bn;
        lf_b64_encode(cases[i].in, n, out, 0);
        CHECK_STR(out, cases[i].std);
        CHECK_EQ_INT(lf_b64_encoded_len(n, 0), strlen(cases[i].std));
        lf_b64_encode(cases[i].in, n, out, 1);
        CHECK_STR(out, cases[i].url);
        CHECK_EQ_INT(lf_b64_decode(lf_strz(cases[i].std), back, sizeof back, &bn, 0), LF_OK);
        CHECK(bn == n && memcmp(back, cases[i].in, n) == 0);
        CHECK_EQ_INT(lf_b64_decode(lf_strz(cases[i].url), back, sizeof back, &bn, 1), LF_OK);
        CHECK(bn == n && memcmp(back, cases[i].in, n) == 0);
    }
    uint8_t b[4];
    size_t bn;
    CHECK_EQ_INT(lf_b64_decode(LF_STR("Zg="), b, sizeof b, &bn, 0), LF_EINVAL);
    CHECK_EQ_INT(lf_b64_decode(LF_STR("Z*=="), b, sizeof b, &bn, 0), LF_EINVAL);
    CHECK_EQ_INT(lf_b64_decode(LF_STR("Zm9vZm9v"), b, sizeof b, &bn, 0), LF_ELIMIT);
}

static void hex(void)
{
    char s[9];
    uint8_t b[4];
    size_t n;
    lf_hex_encode("\x00\xab\x10\xff", 4, s);
    CHECK_STR(s, "00ab10ff");
    CHECK_EQ_INT(lf_hex_decode(LF_STR("00AB10ff"), b, sizeof b, &n), LF_OK);
    CHECK(n == 4 && b[1] == 0xab && b[3] == 0xff);
    CHECK_EQ_INT(lf_hex_decode(LF_STR("0g"), b, sizeof b, &n), LF_EINVAL);
    CHECK_EQ_INT(lf_hex_decode(LF_STR("abc"), b, sizeof b, &n), LF_EINVAL);
}

static void time_formats(void)
{
    char s[LF_TIME_STRLEN];
    lf_time_format(1796323500, LF_TIME_RECORD, s); /* 2026-12-03 18:45:00 UTC */
    CHECK_STR(s, "2026-12-03 18:45:00 +0000");
    lf_time_format(1796323500, LF_TIME_PLAIN, s);
    CHECK_STR(s, "2026-12-03 18:45:00");
    lf_time_format(951782400, LF_TIME_ISO, s); /* leap day */
    CHECK_STR(s, "2000-02-29T00:00:00Z");
    lf_time_format(-1, LF_TIME_ISO, s);
    CHECK_STR(s, "1969-12-31T23:59:59Z");
    for (int64_t d = -800000; d < 800000; d += 997) {
        int64_t y;
        unsigned m, dd;
        lf_civil_from_days(d, &y, &m, &dd);
        CHECK_EQ_INT(lf_days_from_civil(y, m, dd), d);
    }
}

static void integers(void)
{
    int64_t v;
    CHECK(lf_str_to_i64(LF_STR("-9223372036854775808"), &v) == LF_OK && v == INT64_MIN);
    CHECK(lf_str_to_i64(LF_STR("9223372036854775807"), &v) == LF_OK && v == INT64_MAX);
    CHECK_EQ_INT(lf_str_to_i64(LF_STR("9223372036854775808"), &v), LF_EINVAL);
    CHECK_EQ_INT(lf_str_to_i64(LF_STR("-"), &v), LF_EINVAL);
    CHECK_EQ_INT(lf_str_to_i64(LF_STR("12a"), &v), LF_EINVAL);
    CHECK_EQ_INT(lf_str_to_i64(LF_STR(""), &v), LF_EINVAL);
}

static void buffers_and_arenas(void)
{
    lf_buf b;
    lf_buf_init(&b, 10);
    lf_buf_puts(&b, "hello");
    lf_buf_printf(&b, "%d", 12345);
    CHECK_STR(b.p, "hello12345");
    CHECK(!b.oom);
    lf_buf_putc(&b, '!');
    CHECK(b.oom && b.n == 10);
    lf_buf_reset(&b);
    lf_buf_puts(&b, "abcdef");
    lf_buf_consume(&b, 2);
    CHECK_STR(b.p, "cdef");
    lf_buf_free(&b);

    lf_arena a;
    lf_arena_init(&a, 64, 1024);
    char *big = lf_arena_alloc(&a, 500); /* larger than a block */
    char *small = lf_arena_strndup(&a, "xyz", 3);
    CHECK(big && small && strcmp(small, "xyz") == 0);
    CHECK(((uintptr_t)lf_arena_alloc(&a, 3) & 7) == 0);
    CHECK(lf_arena_alloc(&a, 2000) == NULL); /* over max_total */
    CHECK_STR(lf_arena_printf(&a, "%s-%d", "n", 7), "n-7");
    lf_arena_reset(&a);
    CHECK(a.total <= 64);
    lf_arena_free(&a);
}

static void random_tokens(void)
{
    char t1[33], t2[33];
    CHECK_EQ_INT(lf_random_token(t1, 32), LF_OK);
    CHECK_EQ_INT(lf_random_token(t2, 32), LF_OK);
    CHECK(strlen(t1) == 32 && strcmp(t1, t2) != 0);
    for (int i = 0; i < 32; i++)
        CHECK(strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", t1[i]));
    CHECK(lf_ct_eq("abc", 3, "abc", 3) && !lf_ct_eq("abc", 3, "abd", 3) && !lf_ct_eq("ab", 2, "abc", 3));
}

int main(void)
{
    RUN(uuids);
    RUN(base64_both_alphabets);
    RUN(hex);
    RUN(time_formats);
    RUN(integers);
    RUN(buffers_and_arenas);
    RUN(random_tokens);
    return CHECK_DONE();
}
