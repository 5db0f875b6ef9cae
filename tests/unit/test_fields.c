#include "check.h"
#include "loonflow/fields.h"

#include <stdlib.h>
#include <string.h>

static lf_arena arena;
static char err[256];

#define U1 "11111111-1111-4111-8111-111111111111"
#define U2 "22222222-2222-4222-8222-222222222222"
#define U3 "33333333-3333-4333-8333-333333333333" /* never exists */
#define D1 "dddddddd-0000-4000-8000-000000000001"

static int exists_calls;

static int exists(void *ud, lf_field_kind kind, const lf_uuid *id)
{
    char s[LF_UUID_STRLEN + 1];
    (void)ud;
    exists_calls++;
    lf_uuid_format(id, s);
    if (!strcmp(s, "eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee"))
        return LF_EIO;
    if (kind == LF_FK_USER)
        return !strcmp(s, U1) || !strcmp(s, U2);
    if (kind == LF_FK_DEPT)
        return !strcmp(s, D1);
    return 0;
}

static lf_field_env env = {0, exists, NULL, 0, 0};

/* Normalises value (JSON text) for a component of `type` with `props`
 * (JSON text or NULL); returns the code, the output in *out. */
static int norm_env(const lf_field_env *e, const char *type, const char *props, const char *value,
                    int required, const char **out)
{
    lf_json pj, vj;
    int pv = -1;
    err[0] = 0;
    *out = NULL;
    if (props) {
        if (lf_json_parse(&pj, props, strlen(props), &arena, 0, err, sizeof err)) {
            printf("    bad props in test: %s\n", props);
            return 99;
        }
        pv = 0;
    }
    int v = -1;
    if (value) {
        if (lf_json_parse(&vj, value, strlen(value), &arena, 0, err, sizeof err)) {
            printf("    bad value in test: %s\n", value);
            return 99;
        }
        v = 0;
    }
    lf_field_def def = {"f1", lf_strz(type), props ? &pj : NULL, pv, required};
    lf_str s;
    int rc = lf_field_normalize(e, &def, value ? &vj : NULL, v, &arena, &s, err, sizeof err);
    if (!rc)
        *out = s.p;
    return rc;
}

static int norm(const char *type, const char *props, const char *value, int required,
                const char **out)
{
    return norm_env(&env, type, props, value, required, out);
}

typedef struct ncase {
    const char *type, *props, *value;
    int required;
    int rc;
    const char *out; /* expected output, or a fragment of the error */
} ncase;

static void run_cases(const ncase *c, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *out;
        int rc = norm(c[i].type, c[i].props, c[i].value, c[i].required, &out);
        if (rc != c[i].rc) {
            printf("    case %zu %s %s: rc %d, expected %d (%s)\n", i, c[i].type,
                   c[i].value ? c[i].value : "(absent)", rc, c[i].rc, err);
            check_current_failed = 1;
        } else if (!rc && strcmp(out, c[i].out) != 0) {
            printf("    case %zu %s %s: out %s, expected %s\n", i, c[i].type,
                   c[i].value ? c[i].value : "(absent)", out, c[i].out);
            check_current_failed = 1;
        } else if (rc && (!strstr(err, c[i].out) || !strstr(err, "'f1'"))) {
            printf("    case %zu %s %s: err \"%s\" lacks \"%s\" or the key\n", i, c[i].type,
                   c[i].value ? c[i].value : "(absent)", err, c[i].out);
            check_current_failed = 1;
        }
        lf_arena_reset(&arena);
    }
}

static void test_kinds(void)
{
    CHECK_EQ_INT(lf_field_kind_of(LF_STR("text")), LF_FK_TEXT);
    CHECK_EQ_INT(lf_field_kind_of(LF_STR("textarea")), LF_FK_LONGTEXT);
    CHECK_EQ_INT(lf_field_kind_of(LF_STR("richtext")), LF_FK_LONGTEXT);
    CHECK_EQ_INT(lf_field_kind_of(LF_STR("department")), LF_FK_DEPT);
    CHECK_EQ_INT(lf_field_kind_of(LF_STR("title")), LF_FK_TITLE);
    CHECK_EQ_INT(lf_field_kind_of(LF_STR("row")), LF_FK_NONE);
    CHECK_EQ_INT(lf_field_kind_of(LF_STR("externaldata")), LF_FK_NONE);
    CHECK_EQ_INT(lf_field_kind_of(LF_STR("creator_info")), LF_FK_NONE);
    CHECK_EQ_INT(lf_field_kind_of(LF_STR("Text")), LF_FK_NONE);
    CHECK_EQ_INT(lf_field_kind_of(LF_STR("")), LF_FK_NONE);
}

static void test_dates(void)
{
    static const struct {
        const char *s;
        int ok;
        int64_t days;
    } d[] = {
        {"1970-01-01", 1, 0},  {"2024-02-29", 1, 19782}, {"2023-02-29", 0, 0},
        {"2000-02-29", 1, 11016}, {"1900-02-29", 0, 0},  {"2024-13-01", 0, 0},
        {"2024-00-10", 0, 0},  {"2024-04-31", 0, 0},     {"0000-01-01", 0, 0},
        {"9999-12-31", 1, 2932896}, {"2024-1-01", 0, 0}, {"2024/01/01", 0, 0},
        {"2024-01-01 ", 0, 0}, {"", 0, 0},               {"２０２４-01-01", 0, 0},
    };
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
        int64_t days = -1;
        int rc = lf_date_parse(lf_strz(d[i].s), &days);
        if ((rc == LF_OK) != d[i].ok || (d[i].ok && days != d[i].days)) {
            printf("    date %s: rc %d days %lld\n", d[i].s, rc, (long long)days);
            check_current_failed = 1;
        }
    }
    static const struct {
        const char *s;
        int secs; /* -1: invalid */
    } t[] = {
        {"00:00", 0},         {"23:59:59", 86399}, {"12:30", 45000},   {"12:30:15.123456", 45015},
        {"24:00", -1},        {"12:60", -1},       {"12:30:60", -1},   {"1:30", -1},
        {"12:30:", -1},       {"12:30:1", -1},     {"12:30:15.", -1},  {"12:30:15.1234567890", -1},
        {"12:30:15Z", -1},    {"", -1},            {"ab:cd", -1},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        int secs = -1;
        int rc = lf_tod_parse(lf_strz(t[i].s), &secs);
        if ((rc == LF_OK) != (t[i].secs >= 0) || (t[i].secs >= 0 && secs != t[i].secs)) {
            printf("    time %s: rc %d secs %d\n", t[i].s, rc, secs);
            check_current_failed = 1;
        }
    }
}

static void test_datetimes(void)
{
    static const struct {
        const char *s;
        int offset;
        const char *iso; /* NULL: invalid */
    } c[] = {
        {"2024-01-02 03:04:05", 0, "2024-01-02T03:04:05Z"},
        {"2024-01-02 03:04:05", 480, "2024-01-01T19:04:05Z"}, /* Asia/Shanghai, verified upstream */
        {"2024-01-02T03:04:05Z", 480, "2024-01-02T03:04:05Z"},
        {"2024-01-02T03:04:05z", 480, "2024-01-02T03:04:05Z"},
        {"2024-01-02T03:04:05+08:00", 0, "2024-01-01T19:04:05Z"},
        {"2024-01-02T03:04:05-0130", 0, "2024-01-02T04:34:05Z"},
        {"2024-01-02T03:04:05+05", 0, "2024-01-01T22:04:05Z"},
        {"2024-01-02T03:04", 0, "2024-01-02T03:04:00Z"},
        {"2024-01-02T03:04:05.5Z", 0, "2024-01-02T03:04:05.500Z"},
        {"2024-01-02T03:04:05.123456Z", 0, "2024-01-02T03:04:05.123Z"},
        {"2024-01-02T03:04:05.000Z", 0, "2024-01-02T03:04:05Z"},
        {"2024-01-02", 60, "2024-01-01T23:00:00Z"},
        {"1970-01-01T00:00:00+01:00", 0, "1969-12-31T23:00:00Z"},
        {"2024-01-02T03:04:05+24:00", 0, NULL},
        {"2024-01-02T03:04:05+08:0", 0, NULL},
        {"2024-01-02T03:04:05 Z", 0, NULL},
        {"2024-01-02X03:04:05", 0, NULL},
        {"2024-01-02  03:04:05", 0, NULL},
        {"2024-01-02T", 0, NULL},
        {"2024-02-30T00:00:00Z", 0, NULL},
        {"0001-01-01T00:00:00Z", 0, "0001-01-01T00:00:00Z"},
        {"0001-01-01 00:30:00", 60, NULL}, /* before year 1 in UTC */
        {"9999-12-31T23:59:59Z", 0, "9999-12-31T23:59:59Z"},
        {"9999-12-31T23:00:00-01:00", 0, NULL},
        {"now", 0, NULL},
        {"", 0, NULL},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        int64_t secs;
        int ms;
        char out[LF_TIME_STRLEN] = "";
        int rc = lf_datetime_parse(lf_strz(c[i].s), c[i].offset, &secs, &ms);
        if (!rc)
            lf_datetime_format(secs, ms, out);
        if ((rc == LF_OK) != (c[i].iso != NULL) || (c[i].iso && strcmp(out, c[i].iso))) {
            printf("    datetime %s @%d: rc %d -> %s\n", c[i].s, c[i].offset, rc, out);
            check_current_failed = 1;
        }
    }
}

static void test_numbers(void)
{
    static const struct {
        const char *in, *out; /* out NULL: LF_EINVAL; "L": LF_ELIMIT */
    } c[] = {
        {"0", "0"},
        {"-0", "0"},
        {"-0.0000000000001", "0"},
        {"12.5", "12.5"},
        {"12.50000", "12.5"},
        {"0012", "12"},
        {" 7 ", "7"},
        {"+3", "3"},
        {".5", "0.5"},
        {"5.", "5"},
        {"1e3", "1000"},
        {"1E-3", "0.001"},
        {"-2.5e1", "-25"},
        {"0.1", "0.1"},
        {"0.00000000005", "0.0000000001"},
        {"0.00000000004999", "0"},
        {"-0.00000000005", "-0.0000000001"},
        {"1.99999999995", "2"},
        {"999999999999999.99999999995", "L"},
        {"999999999999999.9999999999", "999999999999999.9999999999"},
        {"1000000000000000", "L"},
        {"1e15", "L"},
        {"1e14", "100000000000000"},
        {"1e-99999999999", "0"},
        {"1e99999999999", "L"},
        {"0e99999999999", "0"},
        {"123456789012345678901234567890e-20", "1234567890.123456789"},
        {"", NULL},
        {" ", NULL},
        {"-", NULL},
        {".", NULL},
        {"1e", NULL},
        {"1e+", NULL},
        {"e5", NULL},
        {"1.2.3", NULL},
        {"--1", NULL},
        {"inf", NULL},
        {"nan", NULL},
        {"0x10", NULL},
        {"1_000", NULL},
        {"1,5", NULL},
        {"12abc", NULL},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        char out[LF_NUMBER_STRLEN] = "";
        int rc = lf_number_normalize(lf_strz(c[i].in), out);
        int want = !c[i].out ? LF_EINVAL : !strcmp(c[i].out, "L") ? LF_ELIMIT : LF_OK;
        if (rc != want || (want == LF_OK && strcmp(out, c[i].out))) {
            printf("    number \"%s\": rc %d out %s\n", c[i].in, rc, out);
            check_current_failed = 1;
        }
        double d;
        if (want != LF_ELIMIT && (lf_number_parse(lf_strz(c[i].in), &d) == LF_OK) != (want == LF_OK)) {
            printf("    number_parse \"%s\" disagrees\n", c[i].in);
            check_current_failed = 1;
        }
    }
    double d = 0;
    CHECK_EQ_INT(lf_number_parse(LF_STR("-2.5e1"), &d), LF_OK);
    CHECK(d == -25.0);
    CHECK_EQ_INT(lf_number_parse(LF_STR("1e400"), &d), LF_EINVAL); /* overflows a double */
    char big[400];
    memset(big, '9', sizeof big - 1);
    big[sizeof big - 1] = 0;
    CHECK_EQ_INT(lf_number_parse(lf_strz(big), &d), LF_EINVAL); /* too long to be a field */
}

static void test_number_fields(void)
{
    static const ncase c[] = {
        {"number", "{}", "5", 0, LF_OK, "5"},
        {"number", "{}", "\"12.50\"", 0, LF_OK, "12.5"},
        {"number", "{}", "-3.25e2", 0, LF_OK, "-325"},
        {"number", "{}", "\"abc\"", 0, LF_EINVAL, "must be a number"},
        {"number", "{}", "true", 0, LF_EINVAL, "must be a number"},
        {"number", "{}", "[1]", 0, LF_EINVAL, "must be a number"},
        {"number", "{}", "{}", 0, LF_EINVAL, "must be a number"},
        {"number", "{}", "1e20", 0, LF_ELIMIT, "out of range"},
        {"number", "{\"min\": 1, \"max\": 10}", "1", 0, LF_OK, "1"},
        {"number", "{\"min\": 1, \"max\": 10}", "10", 0, LF_OK, "10"},
        {"number", "{\"min\": 1, \"max\": 10}", "0.5", 0, LF_EINVAL, "at least 1"},
        {"number", "{\"min\": 1, \"max\": 10}", "\"10.01\"", 0, LF_EINVAL, "at most 10"},
        {"number", "{\"min\": \"-5\"}", "-6", 0, LF_EINVAL, "at least -5"},
        {"number", "{\"min\": \"\", \"max\": null}", "-1e10", 0, LF_OK, "-10000000000"},
        {"number", "{\"min\": \"x\", \"max\": true}", "3", 0, LF_OK, "3"},
        {"number", NULL, "3", 0, LF_OK, "3"},
        /* clearing an optional number (upstream: 500) */
        {"number", "{}", "\"\"", 0, LF_OK, "null"},
        {"number", "{}", "null", 0, LF_OK, "null"},
        {"number", "{}", "\"  \"", 0, LF_OK, "null"},
        {"number", "{}", NULL, 0, LF_OK, "null"},
        {"number", "{}", "\"\"", 1, LF_EINVAL, "is required"},
        {"number", "{}", NULL, 1, LF_EINVAL, "is required"},
        {"number", "{}", "0", 1, LF_OK, "0"},
    };
    run_cases(c, sizeof c / sizeof c[0]);
}

static void test_text_fields(void)
{
    static const ncase c[] = {
        {"text", "{}", "\"hello\"", 0, LF_OK, "\"hello\""},
        {"text", "{}", "\"caf\\u00e9 \\\"q\\\"\"", 0, LF_OK, "\"caf\\u00e9 \\\"q\\\"\""},
        {"text", "{}", "42", 0, LF_OK, "\"42\""},
        {"text", "{}", "true", 0, LF_EINVAL, "must be a string"},
        {"text", "{}", "[\"a\"]", 0, LF_EINVAL, "must be a string"},
        {"text", "{}", "\"a\\u0000b\"", 0, LF_EINVAL, "NUL"},
        {"text", "{}", "\"\\ud800\"", 0, LF_OK, "\"\\ufffd\""}, /* the reader replaces it */
        {"text", "{}", "\"a\xff\"", 0, LF_EINVAL, "UTF-8"},
        {"text", "{}", "\"\xc0\x80\"", 0, LF_EINVAL, "UTF-8"},
        {"text", "{}", "\"\"", 0, LF_OK, "\"\""},
        {"text", "{}", "\" \"", 1, LF_EINVAL, "is required"},
        {"textarea", "{}", "\"line1\\nline2\"", 0, LF_OK, "\"line1\\nline2\""},
        {"richtext", "{}", "\"<p>x</p>\"", 1, LF_OK, "\"<p>x</p>\""},
        {"title", "{}", "\"Leave\"", 1, LF_OK, "\"Leave\""},
        {"row", "{}", "\"x\"", 0, LF_ENOTFOUND, "cannot be written"},
        {"externaldata", "{}", "null", 0, LF_ENOTFOUND, "cannot be written"},
        {"creator_info", "{}", "{}", 0, LF_ENOTFOUND, "cannot be written"},
    };
    run_cases(c, sizeof c / sizeof c[0]);
}

static void test_text_lengths(void)
{
    /* 2000 characters of a two-byte letter pass a text field; 2001 do not */
    size_t n = 2001;
    char *v = malloc(2 * n + 3);
    v[0] = '"';
    for (size_t i = 0; i < n; i++)
        memcpy(v + 1 + 2 * i, "\xc3\xa9", 2);
    memcpy(v + 1 + 2 * n, "\"", 2);
    const char *out;
    CHECK_EQ_INT(norm("text", "{}", v, 0, &out), LF_ELIMIT);
    CHECK(strstr(err, "2000 characters") != NULL);
    memcpy(v + 1 + 2 * (n - 1), "\"", 2);
    CHECK_EQ_INT(norm("text", "{}", v, 0, &out), LF_OK);
    /* the title is shorter (500), a textarea far longer */
    CHECK_EQ_INT(norm("title", "{}", v, 0, &out), LF_ELIMIT);
    CHECK_EQ_INT(norm("textarea", "{}", v, 0, &out), LF_OK);
    lf_field_env small = env;
    small.max_long_bytes = 100;
    small.max_text_chars = 10;
    CHECK_EQ_INT(norm_env(&small, "textarea", "{}", v, 0, &out), LF_ELIMIT);
    CHECK(strstr(err, "100 bytes") != NULL);
    CHECK_EQ_INT(norm_env(&small, "text", "{}", "\"0123456789\"", 0, &out), LF_OK);
    CHECK_EQ_INT(norm_env(&small, "text", "{}", "\"0123456789a\"", 0, &out), LF_ELIMIT);
    free(v);
    lf_arena_reset(&arena);
}

#define OPTS                                                                                       \
    "\"options_with_keys\": [{\"id\": \"1\", \"label\": \"Sick\", \"key\": \"k_sick\"},"           \
    " {\"id\": \"2\", \"label\": \"Annual\", \"key\": \"k_annual\"},"                              \
    " {\"id\": \"3\", \"label\": \"Q\\\"uote\", \"key\": \"k\\\"q\"}]"

static void test_option_fields(void)
{
    static const ncase c[] = {
        {"radio", "{" OPTS "}", "\"k_sick\"", 0, LF_OK, "\"k_sick\""},
        {"radio", "{" OPTS "}", "\" k_sick \"", 0, LF_OK, "\"k_sick\""},
        {"radio", "{" OPTS "}", "\"k_none\"", 0, LF_EINVAL, "has no option 'k_none'"},
        {"radio", "{" OPTS "}", "\"k_sick,k_annual\"", 0, LF_EINVAL, "takes one option key"},
        {"radio", "{" OPTS "}", "[\"k_sick\"]", 0, LF_EINVAL, "not a list"},
        {"radio", "{" OPTS "}", "1", 0, LF_EINVAL, "must be a string"},
        {"radio", "{}", "\"k_sick\"", 0, LF_EINVAL, "has no option"},
        {"radio", NULL, "\"k_sick\"", 0, LF_EINVAL, "has no option"},
        {"radio", "{\"options_with_keys\": {}}", "\"k_sick\"", 0, LF_EINVAL, "has no option"},
        {"radio", "{" OPTS "}", "\"k\\\"q\"", 0, LF_OK, "\"k\\\"q\""},
        {"select", "{" OPTS "}", "\"k_annual\"", 0, LF_OK, "\"k_annual\""},
        {"select", "{" OPTS "}", "\",\"", 0, LF_EINVAL, "takes one option key"},
        {"select", "{\"multiple\": false, " OPTS "}", "[\"k_annual\"]", 0, LF_EINVAL, "not a list"},
        {"select", "{\"multiple\": true, " OPTS "}", "[\"k_annual\", \"k_sick\"]", 0, LF_OK,
         "\"k_annual,k_sick\""},
        {"select", "{\"multiple\": true, " OPTS "}", "\"k_annual, k_sick,k_annual\"", 0, LF_OK,
         "\"k_annual,k_sick\""},
        {"select", "{\"multiple\": true, " OPTS "}", "[\"k_annual\", 3]", 0, LF_EINVAL,
         "list of strings"},
        {"select", "{\"multiple\": true, " OPTS "}", "[\"k_annual\", \"zz\"]", 0, LF_EINVAL,
         "has no option 'zz'"},
        {"select", "{\"multiple\": \"yes\", " OPTS "}", "[\"k_annual\"]", 0, LF_EINVAL,
         "not a list"},
        {"checkbox", "{" OPTS "}", "[\"k_sick\", \"k_annual\"]", 0, LF_OK, "\"k_sick,k_annual\""},
        {"checkbox", "{" OPTS "}", "\"k_sick\"", 0, LF_OK, "\"k_sick\""},
        {"checkbox", "{" OPTS "}", "[]", 0, LF_OK, "\"\""},
        {"checkbox", "{" OPTS "}", "[]", 1, LF_EINVAL, "is required"},
        {"checkbox", "{" OPTS "}", "\" , ,\"", 1, LF_EINVAL, "is required"},
        {"checkbox", "{" OPTS "}", "[\"\", \"\"]", 0, LF_OK, "\"\""},
        {"checkbox", "{" OPTS "}", "[[\"k_sick\"]]", 0, LF_EINVAL, "list of strings"},
    };
    run_cases(c, sizeof c / sizeof c[0]);
}

static void test_id_fields(void)
{
    static const ncase c[] = {
        {"user", "{}", "\"" U1 "\"", 1, LF_OK, "\"" U1 "\""},
        {"user", "{}", "\"11111111-1111-4111-8111-11111111111A\"", 0, LF_EINVAL, "does not exist"},
        {"user", "{}", "\"" U3 "\"", 0, LF_EINVAL, "user that does not exist: " U3},
        {"user", "{}", "\"bob\"", 0, LF_EINVAL, "must hold user ids"},
        {"user", "{}", "\"" U1 "," U2 "\"", 0, LF_EINVAL, "takes one user id"},
        {"user", "{\"multiple\": true}", "\"" U1 "," U2 "\"", 0, LF_OK, "\"" U1 "," U2 "\""},
        {"user", "{\"multiple\": true}", "[\"" U2 "\", \"" U1 "\", \"" U2 "\"]", 0, LF_OK,
         "\"" U2 "," U1 "\""},
        {"user", "{\"multiple\": true}", "\"" U1 "," U3 "\"", 0, LF_EINVAL, U3},
        {"user", "{\"multiple\": true}", "\"\"", 1, LF_EINVAL, "is required"},
        {"user", "{\"multiple\": true}", "\"\"", 0, LF_OK, "\"\""},
        {"user", "{}", "\"" D1 "\"", 0, LF_EINVAL, "does not exist"},
        {"user", "{}", "\"eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee\"", 0, LF_EIO, "could not be checked"},
        {"department", "{}", "\"" D1 "\"", 0, LF_OK, "\"" D1 "\""},
        {"department", "{}", "\"" U1 "\"", 0, LF_EINVAL, "department that does not exist"},
        {"department", "{}", "7", 0, LF_EINVAL, "must be a string"},
    };
    run_cases(c, sizeof c / sizeof c[0]);
    /* uppercase ids come back in the canonical lowercase form */
    const char *out;
    lf_field_env noexist = env;
    noexist.exists = NULL;
    CHECK_EQ_INT(norm_env(&noexist, "user", "{}", "\"ABCDEF00-1111-4111-8111-111111111111\"", 0, &out),
                 LF_OK);
    CHECK_STR(out, "\"abcdef00-1111-4111-8111-111111111111\"");
    exists_calls = 0;
    CHECK_EQ_INT(norm("user", "{\"multiple\": true}", "\"" U1 "," U2 "\"", 0, &out), LF_OK);
    CHECK_EQ_INT(exists_calls, 2);
    lf_arena_reset(&arena);
}

static void test_when_fields(void)
{
    static const ncase c[] = {
        {"date", "{}", "\"2024-02-29\"", 0, LF_OK, "\"2024-02-29\""},
        {"date", "{}", "\"2024-02-29 10:00:00\"", 0, LF_OK, "\"2024-02-29\""},
        {"date", "{}", "\"2024-02-29T23:30:00Z\"", 0, LF_OK, "\"2024-02-29\""},
        {"date", "{}", "\"2024-02-29Tgarbage\"", 0, LF_EINVAL, "must be a date"},
        {"date", "{}", "\"2023-02-29\"", 0, LF_EINVAL, "must be a date"},
        {"date", "{}", "20240229", 0, LF_EINVAL, "must be a date"},
        {"date", "{}", "null", 0, LF_OK, "null"},
        {"time", "{}", "\"08:30\"", 0, LF_OK, "\"08:30:00\""},
        {"time", "{}", "\"08:30:15.25\"", 0, LF_OK, "\"08:30:15\""},
        {"time", "{}", "\"8:30\"", 0, LF_EINVAL, "must be a time"},
        {"time", "{}", "\"\"", 1, LF_EINVAL, "is required"},
        {"datetime", "{}", "\"2024-01-02 03:04:05\"", 0, LF_OK, "\"2024-01-02T03:04:05Z\""},
        {"datetime", "{}", "\"2024-01-02T03:04:05.120+01:00\"", 0, LF_OK,
         "\"2024-01-02T02:04:05.120Z\""},
        {"datetime", "{}", "\"yesterday\"", 0, LF_EINVAL, "must be a datetime"},
        {"datetime", "{}", "1700000000", 0, LF_EINVAL, "must be a datetime"},
        {"datetime", "{}", "\"\"", 0, LF_OK, "null"},
    };
    run_cases(c, sizeof c / sizeof c[0]);
    const char *out;
    lf_field_env shanghai = env;
    shanghai.utc_offset_min = 480;
    CHECK_EQ_INT(norm_env(&shanghai, "datetime", "{}", "\"2024-01-02 03:04:05\"", 0, &out), LF_OK);
    CHECK_STR(out, "\"2024-01-01T19:04:05Z\"");
    CHECK_EQ_INT(norm_env(&shanghai, "datetime", "{}", "\"2024-01-02T03:04:05Z\"", 0, &out), LF_OK);
    CHECK_STR(out, "\"2024-01-02T03:04:05Z\"");
    lf_arena_reset(&arena);
}

static void test_file_fields(void)
{
    static const ncase c[] = {
        {"file", "{}",
         "[{\"file_name\": \"a.pdf\", \"file_path\": \"/api/v1.0/tickets/t/draft/files/x.pdf?token=1&timestamp=2\","
         " \"size\": 3}]",
         0, LF_OK, "[{\"file_name\":\"a.pdf\",\"file_path\":\"/api/v1.0/tickets/t/draft/files/x.pdf\"}]"},
        {"file", "{}", "\"[{\\\"file_name\\\": \\\"b\\\", \\\"file_path\\\": \\\"/p\\\"}]\"", 0, LF_OK,
         "[{\"file_name\":\"b\",\"file_path\":\"/p\"}]"},
        {"file", "{}", "\"[]\"", 1, LF_EINVAL, "is required"},
        {"file", "{}", "\"[]\"", 0, LF_OK, "[]"},
        {"file", "{}", "[]", 0, LF_OK, "[]"},
        {"file", "{}", "\"not json\"", 0, LF_EINVAL, "file_name"},
        {"file", "{}", "{\"file_name\": \"a\"}", 0, LF_EINVAL, "file_name"},
        {"file", "{}", "[{\"file_name\": \"a\"}]", 0, LF_EINVAL, "file_name"},
        {"file", "{}", "[{\"file_name\": \"\", \"file_path\": \"/p\"}]", 0, LF_EINVAL, "file_name"},
        /* fuzz_fields: a path that is only a query was kept as "" */
        {"file", "{}", "[{\"file_name\": \"a.pdf\", \"file_path\": \"?s\"}]", 0, LF_EINVAL, "file_path"},
        {"file", "{}", "[{\"file_name\": 1, \"file_path\": \"/p\"}]", 0, LF_EINVAL, "file_name"},
        {"file", "{}", "[\"x\"]", 0, LF_EINVAL, "file_name"},
        {"file", "{}", "[{\"file_name\": \"a\\u0000\", \"file_path\": \"/p\"}]", 0, LF_EINVAL, "NUL"},
    };
    run_cases(c, sizeof c / sizeof c[0]);
}

static void test_value_empty(void)
{
    static const struct {
        const char *v;
        int empty;
    } c[] = {
        {"null", 1}, {"\"\"", 1}, {"\" \\t\\n\"", 1}, {"\"\\u0041\"", 0}, {"\"\\u0020\\u000A\\r\"", 1}, {"\"\\\\t\"", 0}, {"\" \t\"", 1}, {"[]", 1}, {"[null]", 0},
        {"{}", 0},   {"0", 0},    {"false", 0},    {"\"x\"", 0},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        lf_json j;
        if (lf_json_parse(&j, c[i].v, strlen(c[i].v), &arena, 0, err, sizeof err)) {
            /* a raw tab is not valid JSON: only the escaped form can arrive */
            CHECK(strchr(c[i].v, '\t') != NULL);
            continue;
        }
        if (lf_field_value_empty(&j, 0) != c[i].empty) {
            printf("    empty(%s) != %d\n", c[i].v, c[i].empty);
            check_current_failed = 1;
        }
    }
    CHECK_EQ_INT(lf_field_value_empty(NULL, -1), 1);
    lf_arena_reset(&arena);
}

static void test_option_labels(void)
{
    lf_json pj;
    const char *props = "{" OPTS "}";
    CHECK_EQ_INT(lf_json_parse(&pj, props, strlen(props), &arena, 0, err, sizeof err), LF_OK);
    static const struct {
        const char *keys, *labels;
    } c[] = {
        {"k_sick", "Sick"},          {"k_sick,k_annual", "Sick,Annual"}, {" k_annual , ", "Annual"},
        {"zz", "zz"},                {"", ""},                           {"k\"q", "Q\"uote"},
        {"k_sick,,zz", "Sick,zz"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        lf_str out;
        CHECK_EQ_INT(lf_field_option_labels(&pj, 0, lf_strz(c[i].keys), &arena, &out), LF_OK);
        CHECK_STR(out.p, c[i].labels);
    }
    lf_str out;
    CHECK_EQ_INT(lf_field_option_labels(NULL, -1, LF_STR("a,b"), &arena, &out), LF_OK);
    CHECK_STR(out.p, "a,b");
    lf_arena_reset(&arena);
}

static int tlookup(void *ud, lf_str key, lf_str *val)
{
    static const char *const kv[][2] = {
        {"creator", "ann(Ann)"}, {"days", "5"}, {"empty", ""}, {"brace", "{days}"},
    };
    (void)ud;
    for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
        if (lf_str_eqz(key, kv[i][0])) {
            *val = lf_strz(kv[i][1]);
            return 1;
        }
    return 0;
}

static void test_template(void)
{
    static const struct {
        const char *tmpl, *out;
    } c[] = {
        {"{creator} asks {days} days", "ann(Ann) asks 5 days"},
        {"{unknown} stays", "{unknown} stays"},
        {"{{days}} is literal", "{days} is literal"},
        {"{{{days}}}", "{5}"},
        {"a } b { c", "a } b { c"},
        {"{days", "{days"},
        {"days}", "days}"},
        {"{}", "{}"},
        {"{empty}|", "|"},
        {"{brace}", "{days}"}, /* values are not rendered again */
        {"{days:>5}", "{days:>5}"},
        {"{ {days}", "{ 5"},
        {"", ""},
        {"no placeholders", "no placeholders"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        lf_str out;
        CHECK_EQ_INT(lf_template_render(lf_strz(c[i].tmpl), tlookup, NULL, 0, &arena, &out), LF_OK);
        if (!out.p || strcmp(out.p, c[i].out)) {
            printf("    template \"%s\" -> \"%s\", expected \"%s\"\n", c[i].tmpl,
                   out.p ? out.p : "(null)", c[i].out);
            check_current_failed = 1;
        }
    }
    lf_str out;
    /* the cut falls on a character boundary */
    CHECK_EQ_INT(lf_template_render(LF_STR("\xc3\xa9\xc3\xa9\xc3\xa9{days}"), tlookup, NULL, 2, &arena,
                                    &out),
                 LF_OK);
    CHECK_STR(out.p, "\xc3\xa9\xc3\xa9");
    CHECK_EQ_INT(lf_template_render(LF_STR("{days}{days}"), NULL, NULL, 0, &arena, &out), LF_OK);
    CHECK_STR(out.p, "{days}{days}");
    /* a long run of open braces stays linear and intact */
    size_t n = 200000;
    char *big = malloc(n + 1);
    memset(big, '{', n);
    big[n] = 0;
    for (size_t i = 1; i < n; i += 2)
        big[i] = 'x';
    CHECK_EQ_INT(lf_template_render((lf_str){big, n}, tlookup, NULL, 0, &arena, &out), LF_OK);
    CHECK_EQ_INT(out.n, n);
    free(big);
    lf_arena_reset(&arena);
}

int main(void)
{
    lf_arena_init(&arena, 4096, 0);
    RUN(test_kinds);
    RUN(test_dates);
    RUN(test_datetimes);
    RUN(test_numbers);
    RUN(test_number_fields);
    RUN(test_text_fields);
    RUN(test_text_lengths);
    RUN(test_option_fields);
    RUN(test_id_fields);
    RUN(test_when_fields);
    RUN(test_file_fields);
    RUN(test_value_empty);
    RUN(test_option_labels);
    RUN(test_template);
    lf_arena_free(&arena);
    return CHECK_DONE();
}
