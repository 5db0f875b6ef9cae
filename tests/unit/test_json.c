#include "check.h"
#include "loonflow/json.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static lf_arena arena;
static char err[128];

static int parse(lf_json *j, const char *doc)
{
    return lf_json_parse(j, doc, strlen(doc), &arena, 0, err, sizeof err);
}

/* Parses a document the test knows to be valid; a failure shows its reason. */
static lf_json must(const char *doc)
{
    lf_json j;
    int rc = parse(&j, doc);
    if (rc)
        printf("    parse of %s failed: %s\n", doc, err);
    CHECK_EQ_INT(rc, LF_OK);
    return j;
}

static void test_valid_documents(void)
{
    static const struct {
        const char *doc;
        lf_json_type type;
        int ntok;
    } cases[] = {
        {"{}", LF_JSON_OBJECT, 1},
        {"[]", LF_JSON_ARRAY, 1},
        {"  { }  ", LF_JSON_OBJECT, 1},
        {"\t\r\n[\n]\n", LF_JSON_ARRAY, 1},
        {"0", LF_JSON_NUMBER, 1},
        {"-0", LF_JSON_NUMBER, 1},
        {"42", LF_JSON_NUMBER, 1},
        {" -12.5e+3 ", LF_JSON_NUMBER, 1},
        {"1E-2", LF_JSON_NUMBER, 1},
        {"0.000", LF_JSON_NUMBER, 1},
        {"true", LF_JSON_TRUE, 1},
        {"false", LF_JSON_FALSE, 1},
        {"null", LF_JSON_NULL, 1},
        {"\"\"", LF_JSON_STRING, 1},
        {"\"plain\"", LF_JSON_STRING, 1},
        {"\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\"", LF_JSON_STRING, 1},
        {"\"caf\xc3\xa9 \x7f\"", LF_JSON_STRING, 1},
        {"[1,2,3]", LF_JSON_ARRAY, 4},
        {"[ 1 , 2 , 3 ]", LF_JSON_ARRAY, 4},
        {"[true,false,null]", LF_JSON_ARRAY, 4},
        {"{\"a\":1}", LF_JSON_OBJECT, 3},
        {"{ \"a\" : 1 , \"b\" : [ ] }", LF_JSON_OBJECT, 5},
        {"{\"a\":{\"b\":{\"c\":[{}]}}}", LF_JSON_OBJECT, 8},
        {"[[[]],[[],[[]]]]", LF_JSON_ARRAY, 7},
        {"[\"a\",{\"k\":\"v\"},[1],-1.0e10]", LF_JSON_ARRAY, 8},
        {"{\"\":\"\"}", LF_JSON_OBJECT, 3},
        {"{\"a\":1,\"a\":2}", LF_JSON_OBJECT, 5},
        {"[0,-0,0.5,-0.5,1e5,1E+5,1e-5,123456789012345678901234567890]", LF_JSON_ARRAY, 9},
        {"{\"k\\\"ey\":null}", LF_JSON_OBJECT, 3},
        {"[\"]\",\"}\",\",\",\":\"]", LF_JSON_ARRAY, 5},
        {"{\"a\":[1,{\"b\":2}],\"c\":\"d\"}", LF_JSON_OBJECT, 9},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_json j;
        int rc = parse(&j, cases[i].doc);
        if (rc != LF_OK)
            printf("    case %zu %s: %s\n", i, cases[i].doc, err);
        CHECK_EQ_INT(rc, LF_OK);
        CHECK_EQ_INT(lf_json_type_of(&j, 0), cases[i].type);
        CHECK_EQ_INT(j.ntok, cases[i].ntok);
        CHECK_STR(err, "");
    }
}

static void test_invalid_documents(void)
{
    static const char *cases[] = {
        "[1,]", "{\"a\":1,}", "{\"a\"}", "[\"a\":1]", "{\"a\" 1}", "{\"a\":1 \"b\":2}",
        "[1 2]", "[,1]", "[1,,2]", "{,}", "{\"a\"::1}", "{:1}", "{1:2}", "{[]:1}",
        "{\"a\":}", "[1}", "{\"a\":1]", "[1]]", "[1] [2]", "{} x", "\"a\" \"b\"", "1 2",
        "01", "-01", "+1", ".5", "1.", "1.e3", "1e", "1e+", "-", "0x1F", "NaN", "Infinity",
        "-Infinity", "tru", "truex", "nul", "True", "[1.2.3]", "[--1]", "\"\\x\"", "\"\\u12\"",
        "\"\\u12g4\"", "\"a\tb\"", "\"a\nb\"", "\"\x01\"", "\"abc", "[", "{\"a\":1", "[\"a\"",
        "]", "}", ":", ",", "'a'", "[1,2", "{\"a\":[1,2}", "[null,]",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_json j;
        int rc = parse(&j, cases[i]);
        if (rc != LF_EINVAL)
            printf("    case %zu accepted: %s\n", i, cases[i]);
        CHECK_EQ_INT(rc, LF_EINVAL);
        CHECK(err[0] != 0);
        CHECK_EQ_INT(j.ntok, 0);
        CHECK(j.tok == NULL);
    }
}

static void test_error_messages(void)
{
    lf_json j;
    CHECK_EQ_INT(lf_json_parse(&j, "", 0, &arena, 0, err, sizeof err), LF_EINVAL);
    CHECK_STR(err, "empty body");
    CHECK_EQ_INT(parse(&j, " \r\n\t "), LF_EINVAL);
    CHECK_STR(err, "empty body");
    CHECK_EQ_INT(parse(&j, "{\"a\":1} x"), LF_EINVAL);
    CHECK_STR(err, "invalid JSON at offset 8");
    CHECK_EQ_INT(parse(&j, "{\"a\":1} {}"), LF_EINVAL);
    CHECK_STR(err, "trailing characters after JSON value");
    CHECK_EQ_INT(parse(&j, "[1] ,"), LF_EINVAL);
    CHECK_STR(err, "trailing characters after JSON value");
    CHECK_EQ_INT(parse(&j, "true false"), LF_EINVAL);
    CHECK_STR(err, "trailing characters after JSON value");
    CHECK_EQ_INT(parse(&j, "[1,]"), LF_EINVAL);
    CHECK_STR(err, "invalid JSON at offset 3");
    CHECK_EQ_INT(parse(&j, "{\"a\":1,\"b\":012}"), LF_EINVAL);
    CHECK_STR(err, "invalid JSON at offset 11");
    CHECK_EQ_INT(parse(&j, "[\"ok\",\"a\x01\"]"), LF_EINVAL);
    CHECK_STR(err, "invalid JSON at offset 8");
    CHECK_EQ_INT(parse(&j, "{\"a\":[1,2"), LF_EINVAL);
    CHECK_STR(err, "unexpected end of JSON input");

    /* jsmn would stop silently at a NUL; it must be an error anywhere. */
    CHECK_EQ_INT(lf_json_parse(&j, "{}\0", 3, &arena, 0, err, sizeof err), LF_EINVAL);
    CHECK_STR(err, "invalid JSON at offset 2");
    CHECK_EQ_INT(lf_json_parse(&j, "[\"a\0\"]", 6, &arena, 0, err, sizeof err), LF_EINVAL);
    CHECK_STR(err, "invalid JSON at offset 3");

    /* A short err buffer is truncated, not overrun; none at all is fine. */
    char small[8];
    CHECK_EQ_INT(lf_json_parse(&j, "[1,]", 4, &arena, 0, small, sizeof small), LF_EINVAL);
    CHECK_STR(small, "invalid");
    CHECK_EQ_INT(lf_json_parse(&j, "[1,]", 4, &arena, 0, NULL, 0), LF_EINVAL);
}

static void test_length_is_respected(void)
{
    /* Only len bytes are the document, whatever follows in memory. */
    const char *buf = "[1,2]garbage";
    lf_json j;
    CHECK_EQ_INT(lf_json_parse(&j, buf, 5, &arena, 0, err, sizeof err), LF_OK);
    CHECK_EQ_INT(lf_json_count(&j, 0), 2);
    CHECK_EQ_INT(lf_json_parse(&j, "12345", 2, &arena, 0, err, sizeof err), LF_OK);
    int64_t v = 0;
    CHECK_EQ_INT(lf_json_i64(&j, 0, &v), LF_OK);
    CHECK_EQ_INT(v, 12);
    CHECK_EQ_INT(lf_json_parse(&j, "\"abc\"", 4, &arena, 0, err, sizeof err), LF_EINVAL);
    CHECK_STR(err, "unexpected end of JSON input");
}

static void test_types_and_getters(void)
{
    lf_json j = must("{\"s\":\"hi\",\"i\":-7,\"f\":2.5,\"t\":true,\"n\":null,\"a\":[1],"
                     "\"o\":{\"x\":false}}");
    static const struct {
        const char *key;
        lf_json_type type;
        const char *name;
    } types[] = {
        {"s", LF_JSON_STRING, "string"}, {"i", LF_JSON_NUMBER, "number"},
        {"f", LF_JSON_NUMBER, "number"}, {"t", LF_JSON_TRUE, "boolean"},
        {"n", LF_JSON_NULL, "null"},     {"a", LF_JSON_ARRAY, "array"},
        {"o", LF_JSON_OBJECT, "object"}, {"missing", LF_JSON_NONE, "absent"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        lf_json_type t = lf_json_type_of(&j, lf_json_get(&j, 0, types[i].key));
        CHECK_EQ_INT(t, types[i].type);
        CHECK_STR(lf_json_type_name(t), types[i].name);
    }
    CHECK_STR(lf_json_type_name(LF_JSON_FALSE), "boolean");
    CHECK_EQ_INT(lf_json_type_of(&j, -1), LF_JSON_NONE);
    CHECK_EQ_INT(lf_json_type_of(&j, j.ntok), LF_JSON_NONE);

    lf_str s = LF_STR("unchanged");
    int64_t i = 99;
    double f = 0;
    int b = -1;
    CHECK_EQ_INT(lf_json_get_str(&j, 0, "s", &arena, &s), LF_OK);
    CHECK(lf_str_eqz(s, "hi"));
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "i", &i), LF_OK);
    CHECK_EQ_INT(i, -7);
    CHECK_EQ_INT(lf_json_f64(&j, lf_json_get(&j, 0, "f"), &f), LF_OK);
    CHECK(f == 2.5);
    CHECK_EQ_INT(lf_json_get_bool(&j, 0, "t", &b), LF_OK);
    CHECK_EQ_INT(b, 1);
    CHECK_EQ_INT(lf_json_bool(&j, lf_json_path(&j, 0, "o.x"), &b), LF_OK);
    CHECK_EQ_INT(b, 0);

    /* Wrong types leave the output alone. */
    s = LF_STR("unchanged");
    i = 99;
    b = -1;
    CHECK_EQ_INT(lf_json_get_str(&j, 0, "i", &arena, &s), LF_ETYPE);
    CHECK_EQ_INT(lf_json_get_str(&j, 0, "n", &arena, &s), LF_ETYPE);
    CHECK_EQ_INT(lf_json_get_str(&j, 0, "a", &arena, &s), LF_ETYPE);
    CHECK(lf_str_eqz(s, "unchanged"));
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "s", &i), LF_ETYPE);
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "f", &i), LF_ETYPE);
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "t", &i), LF_ETYPE);
    CHECK_EQ_INT(i, 99);
    CHECK_EQ_INT(lf_json_f64(&j, lf_json_get(&j, 0, "s"), &f), LF_ETYPE);
    CHECK_EQ_INT(lf_json_get_bool(&j, 0, "n", &b), LF_ETYPE);
    CHECK_EQ_INT(lf_json_get_bool(&j, 0, "i", &b), LF_ETYPE);
    CHECK_EQ_INT(b, -1);

    /* Absent values, including lookups on non-objects. */
    CHECK_EQ_INT(lf_json_get_str(&j, 0, "zz", &arena, &s), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "zz", &i), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_json_get_bool(&j, 0, "zz", &b), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_json_f64(&j, -1, &f), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_json_get(&j, lf_json_get(&j, 0, "a"), "0"), -1);
    CHECK_EQ_INT(lf_json_get(&j, -1, "s"), -1);
    CHECK_EQ_INT(lf_json_at(&j, 0, 0), -1);

    CHECK_EQ_INT(lf_json_count(&j, 0), 7);
    CHECK_EQ_INT(lf_json_count(&j, lf_json_get(&j, 0, "a")), 1);
    CHECK_EQ_INT(lf_json_count(&j, lf_json_get(&j, 0, "s")), 0);
    CHECK_EQ_INT(lf_json_count(&j, -1), 0);
}

static void test_keys(void)
{
    /* Last duplicate wins; escaped keys match their unescaped text. */
    lf_json j = must("{\"a\":1,\"b\":2,\"a\":3,\"q\\\"k\":4,\"\\u00e9t\\u00e9\":5,\"\\/\":6,"
                     "\"\":7,\"ab\":8}");
    int64_t v = 0;
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "a", &v), LF_OK);
    CHECK_EQ_INT(v, 3);
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "q\"k", &v), LF_OK);
    CHECK_EQ_INT(v, 4);
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "\xc3\xa9t\xc3\xa9", &v), LF_OK);
    CHECK_EQ_INT(v, 5);
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "/", &v), LF_OK);
    CHECK_EQ_INT(v, 6);
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "", &v), LF_OK);
    CHECK_EQ_INT(v, 7);
    CHECK_EQ_INT(lf_json_get_i64(&j, 0, "ab", &v), LF_OK);
    CHECK_EQ_INT(v, 8);
    CHECK_EQ_INT(lf_json_get(&j, 0, "q\\\"k"), -1);
    CHECK_EQ_INT(lf_json_get(&j, 0, "q"), -1);
    CHECK_EQ_INT(lf_json_get(&j, 0, "abc"), -1);
    CHECK_EQ_INT(lf_json_get(&j, 0, "\xc3\xa9t"), -1);
    CHECK_EQ_INT(lf_json_get(&j, 0, "\xc3\xa9t\xc3\xa9x"), -1);
}

static void test_str_eqz(void)
{
    lf_json j = must("[\"plain\",\"t\\tab\",\"\\ud83d\\ude00\",\"nul\\u0000x\",5,\"\"]");
    CHECK(lf_json_str_eqz(&j, lf_json_at(&j, 0, 0), "plain"));
    CHECK(!lf_json_str_eqz(&j, lf_json_at(&j, 0, 0), "plai"));
    CHECK(!lf_json_str_eqz(&j, lf_json_at(&j, 0, 0), "plainer"));
    CHECK(lf_json_str_eqz(&j, lf_json_at(&j, 0, 1), "t\tab"));
    CHECK(!lf_json_str_eqz(&j, lf_json_at(&j, 0, 1), "t\\tab"));
    CHECK(lf_json_str_eqz(&j, lf_json_at(&j, 0, 2), "\xf0\x9f\x98\x80"));
    CHECK(!lf_json_str_eqz(&j, lf_json_at(&j, 0, 3), "nul"));
    CHECK(!lf_json_str_eqz(&j, lf_json_at(&j, 0, 4), "5"));
    CHECK(lf_json_str_eqz(&j, lf_json_at(&j, 0, 5), ""));
    CHECK(!lf_json_str_eqz(&j, -1, ""));
}

static void test_path(void)
{
    lf_json j = must("{\"a\":{\"b\":[10,{\"c\":\"deep\"},[7,8]],\"0\":\"zero\"},"
                     "\"list\":[[1,2],[3,[4,5]]],\"\":{\"\":1},\"x.y\":2}");
    lf_str s = {0};
    int64_t v = 0;
    CHECK_EQ_INT(lf_json_str(&j, lf_json_path(&j, 0, "a.b.1.c"), &arena, &s), LF_OK);
    CHECK(lf_str_eqz(s, "deep"));
    CHECK_EQ_INT(lf_json_i64(&j, lf_json_path(&j, 0, "a.b.0"), &v), LF_OK);
    CHECK_EQ_INT(v, 10);
    CHECK_EQ_INT(lf_json_i64(&j, lf_json_path(&j, 0, "a.b.2.1"), &v), LF_OK);
    CHECK_EQ_INT(v, 8);
    CHECK_EQ_INT(lf_json_i64(&j, lf_json_path(&j, 0, "list.1.1.0"), &v), LF_OK);
    CHECK_EQ_INT(v, 4);
    /* On an object a numeric segment is a key. */
    CHECK_EQ_INT(lf_json_str(&j, lf_json_path(&j, 0, "a.0"), &arena, &s), LF_OK);
    CHECK(lf_str_eqz(s, "zero"));
    CHECK_EQ_INT(lf_json_i64(&j, lf_json_path(&j, 0, "."), &v), LF_OK);
    CHECK_EQ_INT(v, 1);
    CHECK_EQ_INT(lf_json_path(&j, 0, ""), 0);
    int b = lf_json_path(&j, 0, "a.b");
    CHECK_EQ_INT(lf_json_type_of(&j, b), LF_JSON_ARRAY);
    CHECK_EQ_INT(lf_json_path(&j, b, "1.c"), lf_json_path(&j, 0, "a.b.1.c"));
    CHECK_EQ_INT(lf_json_path(&j, 0, "a.b.3"), -1);
    CHECK_EQ_INT(lf_json_path(&j, 0, "a.b.x"), -1);
    CHECK_EQ_INT(lf_json_path(&j, 0, "a.b.-1"), -1);
    CHECK_EQ_INT(lf_json_path(&j, 0, "a.b.99999999999"), -1);
    CHECK_EQ_INT(lf_json_path(&j, 0, "a.b.0.c"), -1);
    CHECK_EQ_INT(lf_json_path(&j, 0, "a.c"), -1);
    CHECK_EQ_INT(lf_json_path(&j, 0, "a."), -1);
    CHECK_EQ_INT(lf_json_path(&j, 0, "x.y"), -1);
    CHECK_EQ_INT(lf_json_path(&j, -1, "a"), -1);
}

static void test_iteration(void)
{
    lf_json j = must("{\"a\":[1,[2,3],{\"x\":[4]},5],\"b\":{\"c\":{\"d\":{}},\"e\":[]},\"f\":6}");
    static const char *keys[] = {"a", "b", "f"};
    int n = 0;
    for (int k = lf_json_first(&j, 0); k >= 0; k = lf_json_next(&j, k), n++) {
        CHECK(n < 3);
        if (n < 3)
            CHECK(lf_json_str_eqz(&j, k, keys[n]));
        CHECK_EQ_INT(lf_json_next(&j, k + 1), -1); /* a value has no sibling */
    }
    CHECK_EQ_INT(n, 3);

    int a = lf_json_get(&j, 0, "a");
    static const lf_json_type items[] = {LF_JSON_NUMBER, LF_JSON_ARRAY, LF_JSON_OBJECT,
                                         LF_JSON_NUMBER};
    n = 0;
    for (int v = lf_json_first(&j, a); v >= 0; v = lf_json_next(&j, v), n++) {
        CHECK(n < 4);
        if (n < 4)
            CHECK_EQ_INT(lf_json_type_of(&j, v), items[n]);
        CHECK_EQ_INT(lf_json_at(&j, a, n), v);
    }
    CHECK_EQ_INT(n, 4);
    CHECK_EQ_INT(lf_json_at(&j, a, 4), -1);
    CHECK_EQ_INT(lf_json_at(&j, a, -1), -1);
    int64_t v = 0;
    CHECK_EQ_INT(lf_json_i64(&j, lf_json_at(&j, a, 3), &v), LF_OK);
    CHECK_EQ_INT(v, 5);

    int inner = lf_json_at(&j, a, 1);
    CHECK_EQ_INT(lf_json_i64(&j, lf_json_next(&j, lf_json_first(&j, inner)), &v), LF_OK);
    CHECK_EQ_INT(v, 3);
    CHECK_EQ_INT(lf_json_next(&j, lf_json_next(&j, lf_json_first(&j, inner))), -1);

    int bk = lf_json_next(&j, lf_json_first(&j, 0));
    CHECK(lf_json_str_eqz(&j, bk, "b"));
    int e = lf_json_next(&j, lf_json_first(&j, bk + 1));
    CHECK(lf_json_str_eqz(&j, e, "e"));
    CHECK_EQ_INT(lf_json_first(&j, e + 1), -1); /* empty array */
    CHECK_EQ_INT(lf_json_first(&j, lf_json_path(&j, 0, "b.c.d")), -1);
    CHECK_EQ_INT(lf_json_first(&j, lf_json_get(&j, 0, "f")), -1);
    CHECK_EQ_INT(lf_json_next(&j, 0), -1);
    CHECK_EQ_INT(lf_json_next(&j, -1), -1);
    CHECK_EQ_INT(lf_json_first(&j, -1), -1);
}

static void test_raw(void)
{
    lf_json j = must(" {\"s\" : \"a\\nb\", \"o\": { \"k\" : [1, 2] }, \"n\": -1.5e3 } ");
    CHECK(lf_str_eqz(lf_json_raw(&j, 0), "{\"s\" : \"a\\nb\", \"o\": { \"k\" : [1, 2] }, "
                                          "\"n\": -1.5e3 }"));
    CHECK(lf_str_eqz(lf_json_raw(&j, lf_json_get(&j, 0, "s")), "\"a\\nb\""));
    CHECK(lf_str_eqz(lf_json_raw(&j, lf_json_get(&j, 0, "o")), "{ \"k\" : [1, 2] }"));
    CHECK(lf_str_eqz(lf_json_raw(&j, lf_json_path(&j, 0, "o.k")), "[1, 2]"));
    CHECK(lf_str_eqz(lf_json_raw(&j, lf_json_get(&j, 0, "n")), "-1.5e3"));
    CHECK(lf_str_eqz(lf_json_raw(&j, lf_json_first(&j, 0)), "\"s\""));
    CHECK_EQ_INT(lf_json_raw(&j, -1).n, 0);
}

static void test_unescape(void)
{
    static const struct {
        const char *doc, *want;
        size_t n;
    } cases[] = {
        {"\"abc\"", "abc", 3},
        {"\"\"", "", 0},
        {"\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t", 8},
        {"\"\\u0041\\u00e9\\u00E9\\u20ac\"", "A\xc3\xa9\xc3\xa9\xe2\x82\xac", 8},
        {"\"\\ud83d\\ude00!\"", "\xf0\x9f\x98\x80!", 5},
        {"\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf", 4},
        {"\"\\ud800\"", "\xef\xbf\xbd", 3},
        {"\"\\ud800x\"", "\xef\xbf\xbdx", 4},
        {"\"\\ude00\\ud83d\"", "\xef\xbf\xbd\xef\xbf\xbd", 6},
        {"\"\\ud83d\\u0041\"", "\xef\xbf\xbd" "A", 4},
        {"\"\\ud83d\\ud83d\\ude00\"", "\xef\xbf\xbd\xf0\x9f\x98\x80", 7},
        {"\"\\ud83d\\n\"", "\xef\xbf\xbd\n", 4},
        {"\"caf\xc3\xa9\"", "caf\xc3\xa9", 5},
        {"\"a\\u0000b\"", "a\0b", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_json j = must(cases[i].doc);
        lf_str s = {0};
        CHECK_EQ_INT(lf_json_str(&j, 0, &arena, &s), LF_OK);
        CHECK_EQ_INT(s.n, cases[i].n);
        CHECK(s.n == cases[i].n && memcmp(s.p, cases[i].want, s.n) == 0);
        CHECK(s.p && s.p[s.n] == 0);
    }
    /* \u0000 stays in the slice, so strlen stops short of n. */
    lf_json j = must("\"a\\u0000b\"");
    lf_str s = {0};
    CHECK_EQ_INT(lf_json_str(&j, 0, &arena, &s), LF_OK);
    CHECK_EQ_INT(strlen(s.p), 1);
    CHECK_EQ_INT(s.n, 3);
}

static void test_integers(void)
{
    static const struct {
        const char *doc;
        int rc;
        int64_t want;
    } cases[] = {
        {"0", LF_OK, 0},
        {"-0", LF_OK, 0},
        {"3", LF_OK, 3},
        {"-7", LF_OK, -7},
        {"3.0", LF_OK, 3},
        {"3.000000000000000000000000000000000000000000000000", LF_OK, 3},
        {"1e3", LF_OK, 1000},
        {"1E+3", LF_OK, 1000},
        {"2.5e1", LF_OK, 25},
        {"30e-1", LF_OK, 3},
        {"0.3e1", LF_OK, 3},
        {"0e999999999999", LF_OK, 0},
        {"0.0e-5", LF_OK, 0},
        {"100000000000000000000000e-10", LF_OK, 10000000000000},
        {"9223372036854775807", LF_OK, INT64_MAX},
        {"-9223372036854775808", LF_OK, INT64_MIN},
        {"9223372036854775806.0", LF_OK, INT64_MAX - 1},
        {"922337203685477580.7e1", LF_OK, INT64_MAX},
        {"9223372036854775808", LF_ETYPE, 0},
        {"-9223372036854775809", LF_ETYPE, 0},
        {"9.3e18", LF_ETYPE, 0},
        {"1e19", LF_ETYPE, 0},
        {"1e999999999999999999999", LF_ETYPE, 0},
        {"123456789012345678901234567890", LF_ETYPE, 0},
        {"1.5", LF_ETYPE, 0},
        {"-0.1", LF_ETYPE, 0},
        {"1e-1", LF_ETYPE, 0},
        {"10e-2", LF_ETYPE, 0},
        {"3.0000000000000000000000000000000000000000000000001", LF_ETYPE, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_json j = must(cases[i].doc);
        int64_t v = 42;
        int rc = lf_json_i64(&j, 0, &v);
        if (rc != cases[i].rc)
            printf("    case %zu (%s): rc %d\n", i, cases[i].doc, rc);
        CHECK_EQ_INT(rc, cases[i].rc);
        CHECK_EQ_INT(v, cases[i].rc == LF_OK ? cases[i].want : 42);
    }
}

static void test_floats(void)
{
    static const struct {
        const char *doc;
        double want;
    } cases[] = {
        {"0", 0.0},
        {"12.5", 12.5},
        {"-12.5", -12.5},
        {"1e300", 1e300},
        {"0.1", 0.1},
        {"1.7976931348623157e308", 1.7976931348623157e308},
        {"5e-324", 5e-324},
        {"4.9406564584124654e-324", 5e-324},
        {"1e-400", 0.0},
        {"123456789012345678901234567890", 1.2345678901234568e29},
        {"0.00000000000000000000000000000000000000000000000000012345", 1.2345e-52},
        {"1234567890123456789012345678901234567890123456789e-30", 1.2345678901234568e18},
        {"9007199254740993", 9007199254740992.0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        lf_json j = must(cases[i].doc);
        double d = -1;
        CHECK_EQ_INT(lf_json_f64(&j, 0, &d), LF_OK);
        if (d != cases[i].want)
            printf("    case %zu (%s): %.17g\n", i, cases[i].doc, d);
        CHECK(d == cases[i].want);
    }
    lf_json j = must("[-0.0,1e400,-1e400]");
    double d = 0;
    CHECK_EQ_INT(lf_json_f64(&j, lf_json_at(&j, 0, 0), &d), LF_OK);
    CHECK(d == 0 && signbit(d));
    CHECK_EQ_INT(lf_json_f64(&j, lf_json_at(&j, 0, 1), &d), LF_OK);
    CHECK(isinf(d) && d > 0);
    CHECK_EQ_INT(lf_json_f64(&j, lf_json_at(&j, 0, 2), &d), LF_OK);
    CHECK(isinf(d) && d < 0);
}

static void test_limits(void)
{
    const char *doc = "{\"a\":[1,2,{\"b\":null}]}"; /* 8 tokens */
    lf_json j;
    CHECK_EQ_INT(lf_json_parse(&j, doc, strlen(doc), &arena, 8, err, sizeof err), LF_OK);
    CHECK_EQ_INT(j.ntok, 8);
    CHECK_EQ_INT(lf_json_parse(&j, doc, strlen(doc), &arena, 7, err, sizeof err), LF_ELIMIT);
    CHECK_STR(err, "too many JSON tokens");
    CHECK(j.tok == NULL);
    CHECK_EQ_INT(lf_json_parse(&j, "7", 1, &arena, 1, err, sizeof err), LF_OK);

    /* The token array comes from the arena: a tiny cap makes it fail. */
    lf_arena tiny;
    lf_arena_init(&tiny, 64, 64);
    CHECK_EQ_INT(lf_json_parse(&j, "[1,2,3,4]", 9, &tiny, 0, err, sizeof err), LF_ENOMEM);
    CHECK_EQ_INT(lf_json_parse(&j, "[1]", 3, &tiny, 0, err, sizeof err), LF_OK);
    lf_arena_free(&tiny);

    /* Nesting: 128 levels parse, 129 do not. */
    char deep[2 * 129 + 1];
    for (int depth = 128; depth <= 129; depth++) {
        memset(deep, '[', (size_t)depth);
        memset(deep + depth, ']', (size_t)depth);
        int rc = lf_json_parse(&j, deep, 2 * (size_t)depth, &arena, 0, err, sizeof err);
        CHECK_EQ_INT(rc, depth == 128 ? LF_OK : LF_ELIMIT);
    }
    CHECK_STR(err, "JSON nested too deeply");
    CHECK_EQ_INT(lf_json_path(&j, 0, ""), 0);
}

static void test_large_array(void)
{
    /* Sibling links keep iteration linear over many nested items. */
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_buf_putc(&b, '[');
    for (int i = 0; i < 5000; i++)
        lf_buf_printf(&b, "%s[%d,{\"k\":[%d]}]", i ? "," : "", i, -i);
    lf_buf_putc(&b, ']');
    lf_json j;
    CHECK_EQ_INT(lf_json_parse(&j, b.p, b.n, &arena, 0, err, sizeof err), LF_OK);
    CHECK_EQ_INT(lf_json_count(&j, 0), 5000);
    int n = 0;
    int64_t sum = 0, v = 0;
    for (int it = lf_json_first(&j, 0); it >= 0; it = lf_json_next(&j, it), n++) {
        CHECK_EQ_INT(lf_json_i64(&j, lf_json_first(&j, it), &v), LF_OK);
        CHECK_EQ_INT(v, n);
        CHECK_EQ_INT(lf_json_i64(&j, lf_json_path(&j, it, "1.k.0"), &v), LF_OK);
        sum += v;
    }
    CHECK_EQ_INT(n, 5000);
    CHECK_EQ_INT(sum, -(int64_t)4999 * 5000 / 2);
    lf_buf_free(&b);
}

static void test_parse_guess(void)
{
    /* A document past the one-pass size, tokenized with a right guess, a
     * guess too small, and broken: the same tokens or the same error. */
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_buf_putc(&b, '{');
    for (int i = 0; i < 60; i++)
        lf_buf_printf(&b, "%s\"key_%02d\":\"a value long enough to pass 1 KiB\"", i ? "," : "", i);
    lf_buf_putc(&b, '}');
    CHECK(b.n > 2048);
    lf_json j, k;
    CHECK_EQ_INT(lf_json_parse(&j, b.p, b.n, &arena, 0, err, sizeof err), LF_OK);
    for (int guess = 1; guess <= 200; guess += 60) {
        CHECK_EQ_INT(lf_json_parse_guess(&k, b.p, b.n, &arena, guess, err, sizeof err), LF_OK);
        CHECK_EQ_INT(k.ntok, j.ntok);
        CHECK_EQ_INT(lf_json_count(&k, 0), 60);
        lf_str v;
        CHECK_EQ_INT(lf_json_get_str(&k, 0, "key_59", &arena, &v), LF_OK);
        CHECK(lf_str_eqz(v, "a value long enough to pass 1 KiB"));
    }
    b.p[b.n - 1] = ',';
    CHECK_EQ_INT(lf_json_parse_guess(&k, b.p, b.n, &arena, 200, err, sizeof err), LF_EINVAL);
    b.p[1] = '[';
    CHECK_EQ_INT(lf_json_parse_guess(&k, b.p, b.n, &arena, 3, err, sizeof err), LF_EINVAL);
    lf_buf_free(&b);
}

static const char *written(lf_buf *b)
{
    return b->p ? b->p : "";
}

static void test_writer_nested(void)
{
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_jw w;
    lf_jw_init(&w, &b);
    lf_jw_obj(&w);
    lf_jw_ki64(&w, "code", 0);
    lf_jw_key(&w, "data");
    lf_jw_obj(&w);
    lf_jw_key(&w, "list");
    lf_jw_arr(&w);
    lf_jw_obj(&w);
    lf_jw_kstrz(&w, "name", "x");
    lf_jw_kbool(&w, "ok", 1);
    lf_jw_knull(&w, "none");
    lf_jw_obj_end(&w);
    lf_jw_obj(&w);
    lf_jw_obj_end(&w);
    lf_jw_arr(&w);
    lf_jw_arr_end(&w);
    lf_jw_i64(&w, INT64_MIN);
    lf_jw_i64(&w, INT64_MAX);
    lf_jw_bool(&w, 0);
    lf_jw_null(&w);
    lf_jw_strz(&w, NULL);
    lf_jw_f64(&w, 12.5);
    lf_jw_arr_end(&w);
    lf_jw_kraw(&w, "raw", LF_STR("{\"pre\":[1, 2]}"));
    lf_jw_kstr(&w, "s", LF_STR("a\"b"));
    lf_jw_kraw(&w, "gone", (lf_str){"", 0});
    lf_jw_obj_end(&w);
    lf_jw_kstrz(&w, "msg", "");
    lf_jw_obj_end(&w);
    CHECK_EQ_INT(w.err, 0);
    CHECK_EQ_INT(w.depth, 0);
    CHECK_STR(written(&b),
              "{\"code\":0,\"data\":{\"list\":[{\"name\":\"x\",\"ok\":true,\"none\":null},{},[],"
              "-9223372036854775808,9223372036854775807,false,null,null,12.5],"
              "\"raw\":{\"pre\":[1, 2]},\"s\":\"a\\\"b\",\"gone\":null},\"msg\":\"\"}");

    /* The output is itself valid JSON that reads back. */
    lf_json j;
    CHECK_EQ_INT(lf_json_parse(&j, b.p, b.n, &arena, 0, err, sizeof err), LF_OK);
    int64_t v = 0;
    CHECK_EQ_INT(lf_json_i64(&j, lf_json_path(&j, 0, "data.list.3"), &v), LF_OK);
    CHECK_EQ_INT(v, INT64_MIN);
    lf_buf_free(&b);

    /* Top-level scalars and empty containers. */
    lf_buf_init(&b, 0);
    lf_jw_init(&w, &b);
    lf_jw_arr(&w);
    lf_jw_arr_end(&w);
    CHECK_STR(written(&b), "[]");
    lf_buf_reset(&b);
    lf_jw_init(&w, &b);
    lf_jw_i64(&w, -42);
    CHECK_STR(written(&b), "-42");
    lf_buf_free(&b);
}

static void test_writer_errors(void)
{
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_jw w;

    lf_jw_init(&w, &b);
    lf_jw_obj_end(&w);
    CHECK_EQ_INT(w.err, 1);
    lf_jw_i64(&w, 1); /* sticks: nothing more is written */
    CHECK_STR(written(&b), "");

    lf_jw_init(&w, &b);
    lf_jw_arr(&w);
    lf_jw_arr_end(&w);
    lf_jw_arr_end(&w);
    CHECK_EQ_INT(w.err, 1);

    lf_jw_init(&w, &b);
    lf_jw_obj(&w);
    lf_jw_key(&w, "a");
    lf_jw_key(&w, "b");
    CHECK_EQ_INT(w.err, 1);

    lf_jw_init(&w, &b);
    lf_jw_obj(&w);
    lf_jw_key(&w, "a");
    lf_jw_obj_end(&w);
    CHECK_EQ_INT(w.err, 1);

    /* LF_JW_MAX_DEPTH - 1 levels fit, one more is an error. */
    lf_buf_reset(&b);
    lf_jw_init(&w, &b);
    for (int i = 0; i < LF_JW_MAX_DEPTH - 1; i++)
        lf_jw_arr(&w);
    CHECK_EQ_INT(w.err, 0);
    for (int i = 0; i < LF_JW_MAX_DEPTH - 1; i++)
        lf_jw_arr_end(&w);
    CHECK_EQ_INT(w.err, 0);
    CHECK_EQ_INT(b.n, 2 * (LF_JW_MAX_DEPTH - 1));
    lf_jw_init(&w, &b);
    for (int i = 0; i < LF_JW_MAX_DEPTH; i++)
        lf_jw_arr(&w);
    CHECK_EQ_INT(w.err, 1);
    lf_buf_free(&b);
}

static const char *escaped(lf_buf *b, const char *s, size_t n)
{
    lf_buf_reset(b);
    lf_json_escape(b, (lf_str){s, n});
    return written(b);
}

#define ESC(b, lit) escaped(b, lit, sizeof lit - 1)

static void test_escape(void)
{
    lf_buf b;
    lf_buf_init(&b, 0);
    CHECK_STR(ESC(&b, ""), "\"\"");
    CHECK_STR(ESC(&b, "plain text/ok ~"), "\"plain text/ok ~\"");
    CHECK_STR(ESC(&b, "q\"b\\"), "\"q\\\"b\\\\\"");
    CHECK_STR(ESC(&b, "\n\r\t\b\f"), "\"\\n\\r\\t\\b\\f\"");
    CHECK_STR(ESC(&b, "\x01\x1f\x0b"), "\"\\u0001\\u001f\\u000b\"");
    CHECK_STR(ESC(&b, "a\0b"), "\"a\\u0000b\"");
    /* Python's ensure_ascii escapes DEL as well: only ' '..'~' pass. */
    CHECK_STR(ESC(&b, "\x7f"), "\"\\u007f\"");
    CHECK_STR(ESC(&b, "\xc3\xa9"), "\"\\u00e9\"");
    CHECK_STR(ESC(&b, "\xc2\x80\xdf\xbf"), "\"\\u0080\\u07ff\"");
    CHECK_STR(ESC(&b, "\xe2\x82\xac\xef\xbf\xbf"), "\"\\u20ac\\uffff\"");
    CHECK_STR(ESC(&b, "\xf0\x9f\x98\x80"), "\"\\ud83d\\ude00\"");
    CHECK_STR(ESC(&b, "\xf0\x90\x80\x80\xf4\x8f\xbf\xbf"), "\"\\ud800\\udc00\\udbff\\udfff\"");
    /* Invalid UTF-8: one U+FFFD per maximal ill-formed subpart (as Python's
     * decode(errors="replace")), then decoding resumes. */
    CHECK_STR(ESC(&b, "\xff"), "\"\\ufffd\"");
    CHECK_STR(ESC(&b, "\x80x"), "\"\\ufffdx\"");
    CHECK_STR(ESC(&b, "\xc0\xaf"), "\"\\ufffd\\ufffd\"");
    CHECK_STR(ESC(&b, "\xe2\x82x"), "\"\\ufffdx\"");
    CHECK_STR(ESC(&b, "\xed\xa0\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
    CHECK_STR(ESC(&b, "\xf0\x9f\x98"), "\"\\ufffd\"");
    CHECK_STR(ESC(&b, "\xf4\x90\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
    CHECK_STR(ESC(&b, "\xe0\x80\x80"), "\"\\ufffd\\ufffd\\ufffd\"");
    CHECK_STR(ESC(&b, "\xe2\x82x\xff\xc0\xafz\xed\xa0\x80q\xf0\x9f\x98"),
              "\"\\ufffdx\\ufffd\\ufffd\\ufffdz\\ufffd\\ufffd\\ufffdq\\ufffd\"");
    CHECK_STR(ESC(&b, "a\"b\\c/d\n\r\t\b\f\x01\x1f\x7f \xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"),
              "\"a\\\"b\\\\c/d\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f "
              "\\u00e9\\u20ac\\ud83d\\ude00\"");
    /* Appends rather than replaces. */
    lf_buf_reset(&b);
    lf_buf_puts(&b, "x=");
    lf_json_escape(&b, LF_STR("y"));
    CHECK_STR(written(&b), "x=\"y\"");
    lf_buf_free(&b);
}

static const char *f64_text(lf_buf *b, double v)
{
    lf_jw w;
    lf_buf_reset(b);
    lf_jw_init(&w, b);
    lf_jw_f64(&w, v);
    return written(b);
}

static void test_f64_format(void)
{
    lf_buf b;
    lf_buf_init(&b, 0);
    CHECK_STR(f64_text(&b, 12.5), "12.5");
    CHECK_STR(f64_text(&b, 2.0), "2.0");
    CHECK_STR(f64_text(&b, -0.0), "-0.0");
    CHECK_STR(f64_text(&b, 0.1), "0.1");
    CHECK_STR(f64_text(&b, 0.1 + 0.2), "0.30000000000000004");
    CHECK_STR(f64_text(&b, 0.0), "0.0");
    CHECK_STR(f64_text(&b, 100.0), "100.0");
    CHECK_STR(f64_text(&b, -1.25), "-1.25");
    CHECK_STR(f64_text(&b, 1e300), "1e+300");
    /* Python's repr is positional from 1e-4 up to, not including, 1e16. */
    CHECK_STR(f64_text(&b, 1e15), "1000000000000000.0");
    CHECK_STR(f64_text(&b, 9999999999999998.0), "9999999999999998.0");
    CHECK_STR(f64_text(&b, 1e16), "1e+16");
    CHECK_STR(f64_text(&b, 1.5291618359971984e16), "1.5291618359971984e+16");
    CHECK_STR(f64_text(&b, 123456789012345680.0), "1.2345678901234568e+17");
    CHECK_STR(f64_text(&b, 0.0001), "0.0001");
    CHECK_STR(f64_text(&b, -0.00012), "-0.00012");
    CHECK_STR(f64_text(&b, 1e-5), "1e-05");
    CHECK_STR(f64_text(&b, 1.5e-10), "1.5e-10");
    CHECK_STR(f64_text(&b, 1e-7), "1e-07");
    CHECK_STR(f64_text(&b, 123456.789), "123456.789");
    CHECK_STR(f64_text(&b, 5e-324), "5e-324");
    CHECK_STR(f64_text(&b, 1e-310), "1e-310");
    CHECK_STR(f64_text(&b, 2.2250738585072014e-308), "2.2250738585072014e-308");
    CHECK_STR(f64_text(&b, 1.7976931348623157e308), "1.7976931348623157e+308");
    CHECK_STR(f64_text(&b, NAN), "null");
    CHECK_STR(f64_text(&b, INFINITY), "null");
    CHECK_STR(f64_text(&b, -INFINITY), "null");

    /* Every printed value reads back as the same double. */
    lf_json j;
    uint64_t x = 0x9e3779b97f4a7c15u;
    for (int i = 0; i < 2000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        memcpy(&v, &x, sizeof v);
        if (!isfinite(v))
            continue;
        const char *t = f64_text(&b, v);
        double back = 0;
        CHECK_EQ_INT(lf_json_parse(&j, b.p, b.n, &arena, 0, err, sizeof err), LF_OK);
        CHECK_EQ_INT(lf_json_f64(&j, 0, &back), LF_OK);
        if (back != v)
            printf("    %s read back as %.17g\n", t, back);
        CHECK(back == v);
    }
    lf_buf_free(&b);
}

static void test_round_trip(void)
{
    static const char *values[] = {
        "",
        "plain",
        "quote\" backslash\\ slash/",
        "\n\r\t\b\f\x01\x1f\x7f",
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf",
        "\xe6\xb5\x81\xe7\xa8\x8b",
    };
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_jw w;
    lf_jw_init(&w, &b);
    lf_jw_obj(&w);
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        lf_jw_key(&w, values[i]);
        lf_jw_arr(&w);
        lf_jw_strz(&w, values[i]);
        lf_jw_i64(&w, (int64_t)i - 3);
        lf_jw_arr_end(&w);
    }
    lf_jw_kstr(&w, "bad", LF_STR("a\xff" "b"));
    lf_jw_obj_end(&w);
    CHECK_EQ_INT(w.err, 0);
    for (size_t i = 0; i < b.n; i++)
        CHECK((unsigned char)b.p[i] >= 0x20 && (unsigned char)b.p[i] < 0x7f);

    lf_json j;
    CHECK_EQ_INT(lf_json_parse(&j, b.p, b.n, &arena, 0, err, sizeof err), LF_OK);
    CHECK_EQ_INT(lf_json_count(&j, 0), (int)(sizeof values / sizeof values[0]) + 1);
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        int arr = lf_json_get(&j, 0, values[i]);
        lf_str s = {0};
        int64_t v = 0;
        CHECK_EQ_INT(lf_json_str(&j, lf_json_at(&j, arr, 0), &arena, &s), LF_OK);
        CHECK(lf_str_eqz(s, values[i]));
        CHECK(lf_json_str_eqz(&j, lf_json_at(&j, arr, 0), values[i]));
        CHECK_EQ_INT(lf_json_i64(&j, lf_json_at(&j, arr, 1), &v), LF_OK);
        CHECK_EQ_INT(v, (int64_t)i - 3);
    }
    lf_str s = {0};
    CHECK_EQ_INT(lf_json_get_str(&j, 0, "bad", &arena, &s), LF_OK);
    CHECK(lf_str_eqz(s, "a\xef\xbf\xbd" "b"));
    lf_buf_free(&b);
}

int main(void)
{
    lf_arena_init(&arena, 4096, 0);
    RUN(test_valid_documents);
    RUN(test_invalid_documents);
    RUN(test_error_messages);
    RUN(test_length_is_respected);
    RUN(test_types_and_getters);
    RUN(test_keys);
    RUN(test_str_eqz);
    RUN(test_path);
    RUN(test_iteration);
    RUN(test_raw);
    RUN(test_unescape);
    RUN(test_integers);
    RUN(test_floats);
    RUN(test_limits);
    RUN(test_large_array);
    RUN(test_parse_guess);
    RUN(test_writer_nested);
    RUN(test_writer_errors);
    RUN(test_escape);
    RUN(test_f64_format);
    RUN(test_round_trip);
    lf_arena_free(&arena);
    return CHECK_DONE();
}
