#include "check.h"
#include "loonflow/cond.h"

#include <stdlib.h>
#include <string.h>

static lf_arena arena;
static char err[256];

#define V(k, t, v) {k, {LF_STR(t), LF_STR(v)}}
static const lf_cond_var var_list[] = {
    V("days", "number", "5"),
    V("amount", "number", "12.5000000000"),
    V("bad_number", "number", "n/a"),
    V("cleared", "number", ""),
    V("reason", "text", "family matters"),
    V("code", "text", "10"),
    V("kind", "radio", "k_sick"),
    V("one", "select", "k_a"),
    V("many", "checkbox", "k_a,k_b"),
    V("nothing", "checkbox", ""),
    V("approvers", "user", "11111111-1111-4111-8111-111111111111,22222222-2222-4222-8222-222222222222"),
    V("start", "date", "2024-03-01"),
    V("stamp", "datetime", "2024-03-01T10:00:00Z"),
    V("created_at", "created_at", "2024-03-01T02:00:00Z"),
    V("at", "time", "09:30:00"),
    V("untyped", "", "7"),
    {"missing_value", {LF_STR("text"), {NULL, 0}}},
    V("quote", "text", "it's \"x\""),
};
static lf_cond_vars vars = {var_list, sizeof var_list / sizeof var_list[0]};
static lf_cond_env env = {lf_cond_vars_lookup, &vars, 0};

static int failing_lookup(void *ud, lf_str key, lf_cond_field *out)
{
    (void)ud;
    (void)out;
    return lf_str_eqz(key, "boom") ? LF_EIO : 0;
}

/* ---- condition_groups ---- */

static int groups(const lf_cond_env *e, const char *doc, int *match)
{
    lf_json j;
    err[0] = 0;
    *match = -1;
    if (lf_json_parse(&j, doc, strlen(doc), &arena, 0, err, sizeof err)) {
        printf("    bad JSON in test: %s\n", doc);
        return 99;
    }
    return lf_cond_groups_eval(e, &j, 0, match, err, sizeof err);
}

/* One condition in one group. */
static int one(const char *field, const char *ftype, const char *op, const char *value)
{
    char doc[512];
    snprintf(doc, sizeof doc,
             "[{\"id\": \"g\", \"conditions\": [{\"id\": \"c\", \"field_type\": \"%s\", "
             "\"field_name\": \"%s\", \"operator\": \"%s\", \"value\": %s}]}]",
             ftype, field, op, value);
    int match, rc = groups(&env, doc, &match);
    lf_arena_reset(&arena);
    return rc ? -100 + rc : match;
}

static void test_single_conditions(void)
{
    static const struct {
        const char *field, *ftype, *op, *value;
        int want;
    } c[] = {
        /* numbers compare numerically */
        {"days", "number", ">", "\"3\"", 1},
        {"days", "number", ">", "3", 1},
        {"days", "number", ">", "\"10\"", 0}, /* as strings "5" > "10" would hold */
        {"days", "number", "<=", "\"5.0\"", 1},
        {"days", "number", "==", "\"5.000\"", 1},
        {"days", "number", "!=", "\"5\"", 0},
        {"days", "number", ">=", "\"5\"", 1},
        {"days", "number", "<", "\"5\"", 0},
        {"amount", "number", "==", "12.5", 1},
        {"amount", "number", ">", "\"12.49\"", 1},
        {"days", "number", ">", "\"abc\"", 0},  /* rhs does not convert: false */
        {"days", "number", "!=", "\"abc\"", 0}, /* ... whatever the operator */
        {"bad_number", "number", "!=", "\"1\"", 0},
        {"cleared", "number", "<", "\"1\"", 0},
        {"nobody", "number", "!=", "\"1\"", 0}, /* missing field: false */
        {"missing_value", "text", "!=", "\"x\"", 0},
        {"", "number", "==", "\"1\"", 0},
        /* the component type wins over the designer's field_type */
        {"days", "text", ">", "\"10\"", 0},
        {"code", "number", ">", "\"9\"", 0}, /* text: "10" < "9" as strings */
        {"untyped", "number", ">", "\"10\"", 0},
        {"untyped", "text", ">", "\"10\"", 1},
        /* strings */
        {"reason", "text", "==", "\"family matters\"", 1},
        {"reason", "text", "!=", "\"family\"", 1},
        {"reason", "text", "contains", "\"mily\"", 1},
        {"reason", "text", "contains", "\"\"", 1},
        {"reason", "text", "contains", "\"Family\"", 0},
        {"reason", "text", "not_contains", "\"work\"", 1},
        {"reason", "text", "not_contains", "\"matter\"", 0},
        {"reason", "text", "<", "\"g\"", 1},
        {"reason", "text", ">", "\"family matters and more\"", 0},
        {"quote", "text", "==", "\"it's \\\"x\\\"\"", 1},
        {"kind", "select", "==", "\"k_sick\"", 1},
        {"kind", "select", "!=", "\"k_sick\"", 0},
        /* select-like fields compare as sets of keys */
        {"one", "select", "==", "\"k_a\"", 1},
        {"many", "select", "==", "\"k_a\"", 1},
        {"many", "select", "==", "\"k_b, k_a\"", 1},
        {"many", "select", "==", "\"k_c\"", 0},
        {"many", "select", "!=", "\"k_c\"", 1},
        {"many", "select", "contains", "\"k_b\"", 1},
        {"many", "select", "not_contains", "\"k_b\"", 0},
        {"many", "select", "contains", "\"k_\"", 0}, /* keys, not substrings */
        {"many", "select", "==", "\"\"", 0},
        {"nothing", "select", "==", "\"\"", 1},
        {"nothing", "select", "==", "\"k_a\"", 0},
        {"approvers", "select", "contains", "\"22222222-2222-4222-8222-222222222222\"", 1},
        /* chronological */
        {"start", "date", ">", "\"2024-02-29\"", 1},
        {"start", "date", "==", "\"2024-03-01\"", 1},
        {"start", "date", "<", "\"2024-3-2\"", 0}, /* rhs does not parse */
        {"start", "date", "==", "\"2024-03-01 23:00:00\"", 1},
        {"stamp", "datetime", "==", "\"2024-03-01 10:00:00\"", 1},
        {"stamp", "datetime", "<", "\"2024-03-01T10:00:01Z\"", 1},
        {"stamp", "datetime", ">", "\"2024-03-01T11:00:00+02:00\"", 1},
        {"stamp", "datetime", "==", "\"2024-03-01\"", 0},
        {"created_at", "text", "<", "\"2024-03-01 03:00:00\"", 1},
        {"at", "time", ">", "\"09:29:59\"", 1},
        {"at", "time", "==", "\"09:30\"", 1},
        {"at", "time", ">", "\"10:00\"", 0},
        {"at", "time", ">", "\"9:00\"", 0},
        {"start", "date", "contains", "\"03\"", 1}, /* contains is textual */
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        int got = one(c[i].field, c[i].ftype, c[i].op, c[i].value);
        if (got != c[i].want) {
            printf("    {%s} (%s) %s %s: %d, expected %d %s\n", c[i].field, c[i].ftype, c[i].op,
                   c[i].value, got, c[i].want, got < 0 ? err : "");
            check_current_failed = 1;
        }
    }
}

static void test_group_logic(void)
{
    int m;
    /* AND inside a group */
    CHECK_EQ_INT(groups(&env,
                        "[{\"conditions\": [{\"field_name\": \"days\", \"operator\": \">\", \"value\": \"3\"},"
                        " {\"field_name\": \"reason\", \"operator\": \"contains\", \"value\": \"family\"}]}]",
                        &m),
                 LF_OK);
    CHECK_EQ_INT(m, 1);
    CHECK_EQ_INT(groups(&env,
                        "[{\"conditions\": [{\"field_name\": \"days\", \"operator\": \">\", \"value\": \"3\"},"
                        " {\"field_name\": \"reason\", \"operator\": \"contains\", \"value\": \"work\"}]}]",
                        &m),
                 LF_OK);
    CHECK_EQ_INT(m, 0);
    /* OR across groups */
    CHECK_EQ_INT(groups(&env,
                        "[{\"conditions\": [{\"field_name\": \"days\", \"operator\": \">\", \"value\": \"30\"}]},"
                        " {\"conditions\": [{\"field_name\": \"days\", \"operator\": \"==\", \"value\": 5}]}]",
                        &m),
                 LF_OK);
    CHECK_EQ_INT(m, 1);
    /* an empty group never matches; an empty list does not either */
    CHECK_EQ_INT(groups(&env, "[{\"id\": \"g\", \"conditions\": []}]", &m), LF_OK);
    CHECK_EQ_INT(m, 0);
    CHECK_EQ_INT(groups(&env, "[{\"id\": \"g\"}]", &m), LF_OK);
    CHECK_EQ_INT(m, 0);
    CHECK_EQ_INT(groups(&env, "[]", &m), LF_OK);
    CHECK_EQ_INT(m, 0);
    CHECK_EQ_INT(groups(&env, "null", &m), LF_OK);
    CHECK_EQ_INT(m, 0);
    /* a condition without a value is false */
    CHECK_EQ_INT(groups(&env, "[{\"conditions\": [{\"field_name\": \"days\", \"operator\": \"!=\"}]}]", &m),
                 LF_OK);
    CHECK_EQ_INT(m, 0);
    /* escaped names and operators are read unescaped */
    CHECK_EQ_INT(groups(&env,
                        "[{\"conditions\": [{\"field_name\": \"d\\u0061ys\", \"operator\": \"\\u003e\","
                        " \"value\": \"\\u0033\"}]}]",
                        &m),
                 LF_OK);
    CHECK_EQ_INT(m, 1);
    /* the designer's example (ENGINE.md 2.11) */
    CHECK_EQ_INT(groups(&env,
                        "[{\"id\": \"g1\", \"conditions\": [{\"id\": \"c1\", \"field_type\": \"number\","
                        " \"field_name\": \"days\", \"operator\": \"<=\", \"value\": \"3\"}]}]",
                        &m),
                 LF_OK);
    CHECK_EQ_INT(m, 0);
    lf_arena_reset(&arena);
}

#define LONG100 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
#define LONG1100 LONG100 LONG100 LONG100 LONG100 LONG100 LONG100 LONG100 LONG100 LONG100 LONG100 LONG100

static void test_group_errors(void)
{
    static const struct {
        const char *doc, *msg;
    } c[] = {
        {"{}", "must be a list"},
        {"\"x\"", "must be a list"},
        {"[1]", "condition group 1: must be an object"},
        {"[{\"conditions\": {}}]", "conditions must be a list"},
        {"[{\"conditions\": [1]}]", "condition group 1, condition 1: must be an object"},
        {"[{\"conditions\": [{\"field_name\": \"days\", \"operator\": \"=\", \"value\": \"1\"}]}]",
         "operator must be"},
        {"[{\"conditions\": [{\"field_name\": \"days\", \"value\": \"1\"}]}]", "operator must be"},
        {"[{\"conditions\": [{\"field_name\": \"days\", \"operator\": \"in\", \"value\": \"1\"}]}]",
         "operator must be"},
        {"[{\"conditions\": [{\"field_name\": 3, \"operator\": \"==\", \"value\": \"1\"}]}]",
         "field_name must be a string"},
        {"[{\"conditions\": [{\"field_name\": \"a\", \"field_type\": [], \"operator\": \"==\", \"value\": 1}]}]",
         "field_type must be a string"},
        {"[{\"conditions\": [{\"field_name\": \"a\", \"operator\": \"==\", \"value\": [1]}]}]",
         "value must be"},
        {"[{\"conditions\": [{\"field_name\": \"a\", \"operator\": \"==\", \"value\": \"\\n" LONG1100 "\"}]}]",
         "value is too long"},
        /* reported even when an earlier group already matched */
        {"[{\"conditions\": [{\"field_name\": \"days\", \"operator\": \"==\", \"value\": 5}]},"
         " {\"conditions\": [{\"field_name\": \"days\", \"operator\": \"~\", \"value\": 5}]}]",
         "condition group 2, condition 1: operator"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        int m;
        int rc = groups(&env, c[i].doc, &m);
        if (rc != LF_EINVAL || !strstr(err, c[i].msg) || m != 0) {
            printf("    %s: rc %d err \"%s\"\n", c[i].doc, rc, err);
            check_current_failed = 1;
        }
        lf_arena_reset(&arena);
    }
    int m;
    /* without escapes a long value is read in place: no limit */
    CHECK_EQ_INT(groups(&env, "[{\"conditions\": [{\"field_name\": \"reason\", \"operator\": \"!=\", \"value\": \"" LONG1100 "\"}]}]", &m),
                 LF_OK);
    CHECK_EQ_INT(m, 1);
    /* a lookup failure is passed back */
    lf_cond_env bad = {failing_lookup, NULL, 0};
    CHECK_EQ_INT(groups(&bad, "[{\"conditions\": [{\"field_name\": \"boom\", \"operator\": \"==\", \"value\": 1}]}]",
                        &m),
                 LF_EIO);
    /* without an environment only the shape is checked */
    CHECK_EQ_INT(groups(NULL, "[{\"conditions\": [{\"field_name\": \"days\", \"operator\": \"==\", \"value\": 5}]}]",
                        &m),
                 LF_OK);
    CHECK_EQ_INT(m, 0);
    lf_arena_reset(&arena);
}

static void test_time_zone(void)
{
    lf_cond_env sh = env;
    sh.utc_offset_min = 480;
    lf_json j;
    const char *doc = "[{\"conditions\": [{\"field_name\": \"stamp\", \"operator\": \"==\","
                      " \"value\": \"2024-03-01 18:00:00\"}]}]";
    int m;
    CHECK_EQ_INT(lf_json_parse(&j, doc, strlen(doc), &arena, 0, err, sizeof err), LF_OK);
    CHECK_EQ_INT(lf_cond_groups_eval(&sh, &j, 0, &m, err, sizeof err), LF_OK);
    CHECK_EQ_INT(m, 1);
    CHECK_EQ_INT(lf_cond_groups_eval(&env, &j, 0, &m, err, sizeof err), LF_OK);
    CHECK_EQ_INT(m, 0);
    lf_arena_reset(&arena);
}

/* ---- expressions ---- */

static void test_expressions(void)
{
    static const struct {
        const char *e;
        int want;
    } c[] = {
        {"{days} > 3", 1},
        {"{days} > 10", 0},
        {"{days} == 5", 1},
        {"{days} == 5.0", 1},
        {"{days} == '5'", 1},
        {"{days} != 5", 0},
        {"3 < {days}", 1},
        {"10 > {days}", 1},
        {"1 < {days} <= 5", 1},
        {"1 < {days} < 5", 0},
        {"{days} > 3 and {reason} contains 'family'", 1},
        {"{days} > 30 or {reason} contains 'family'", 1},
        {"{days} > 30 or {reason} contains 'work'", 0},
        {"not {days} > 30", 1},
        {"not not {days} > 30", 0},
        {"({days} > 30 or {days} < 6) and not ({reason} == 'x')", 1},
        {"{reason} == \"family matters\"", 1},
        {"{reason} not_contains 'work'", 1},
        {"{quote} == 'it\\'s \"x\"'", 1},
        {"{quote} == \"it's \\\"x\\\"\"", 1},
        {"'mat' contains 'a'", 1},
        {"{many} == 'k_a'", 1},
        {"'k_b' == {many}", 1},
        {"{many} contains 'k_c'", 0},
        {"{start} >= '2024-03-01'", 1},
        {"{stamp} > '2024-03-01 09:59:59'", 1},
        {"{at} < '10:00'", 1},
        {"{code} > 9", 1},   /* a text holding a number compares with a number numerically */
        {"{code} > '9'", 0}, /* ... and with a string as strings */
        {"{reason} > 9", 0}, /* not a number: false */
        {"{reason} != 9", 1},
        {"{nobody} == 1", 0},
        {"{nobody} != 1", 0},
        {"not {nobody}", 1},
        {"{nobody}", 0},
        {"{days}", 1},
        {"{cleared}", 0},
        {"{reason}", 1},
        {"{bad_number} > 1", 0},
        {"true", 1},
        {"False", 0},
        {"true == ({days} > 1)", 1},
        {"true == 1", 0},
        {"true != 'x'", 1},
        {"1", 1},
        {"0", 0},
        {"0.0", 0},
        {"''", 0},
        {"'a'", 1},
        {"-1 < 0", 1},
        {"{days} > -5.5e0", 1},
        {"+2 == 2", 1},
        {"'10' < '9'", 1},
        {"10 < '9'", 0},
        {"'abc' == 3", 0},
        {"'abc' != 3", 1},
        {"{days}>3 and{days}<6", 1},
        {"  {days}\n>\t3  ", 1},
        {"(((({days} > 3))))", 1},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        int m = -1;
        err[0] = 0;
        int rc = lf_cond_expr_eval(&env, lf_strz(c[i].e), &m, err, sizeof err);
        if (rc || m != c[i].want) {
            printf("    %s: rc %d match %d, expected %d (%s)\n", c[i].e, rc, m, c[i].want, err);
            check_current_failed = 1;
        }
        CHECK_EQ_INT(lf_cond_expr_check(lf_strz(c[i].e), err, sizeof err), LF_OK);
    }
}

static void test_expression_errors(void)
{
    static const struct {
        const char *e, *msg;
    } c[] = {
        {"", "empty expression"},
        {"   ", "empty expression"},
        {"{days} >", "unexpected end at offset 8"},
        {"{days} > 3 and", "unexpected end"},
        {"{days} = 3", "unknown operator at offset 7"},
        {"{days} => 3", "unknown operator"},
        {"!{days}", "unknown operator"},
        {"{days} > 3 &&", "unexpected character at offset 11"},
        {"{days", "{field_key}"},
        {"{}", "{field_key}"},
        {"{a b}", "{field_key}"},
        {"{a{b}}", "{field_key}"},
        {"days > 3", "unknown word"},
        {"__import__('os')", "unknown word"},
        {"{days} > 3 or exec('x')", "unknown word"},
        {"open('/etc/passwd')", "unknown word"},
        {"'abc", "unterminated string at offset 0"},
        {"'abc\\'", "unterminated string"},
        {"({days} > 3", "expected ')'"},
        {"{days} > 3)", "unmatched ')'"},
        {"()", "expected a value"},
        {"{days} 3", "unexpected token"},
        {"1.2.3 == 1", "malformed number"},
        {"1e == 1", "malformed number"},
        {"12abc == 1", "malformed number"},
        {"{days}>3and{days}<6", "malformed number"},
        {"{days} > 3 and and 1", "expected a value"},
        {"not", "unexpected end"},
        {"{days} contains", "unexpected end"},
        {"[1]", "unexpected character"},
        {"{days} > 3 ; 1", "unexpected character"},
        {"\x80", "unexpected character"},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        int m = -1;
        err[0] = 0;
        int rc = lf_cond_expr_eval(&env, lf_strz(c[i].e), &m, err, sizeof err);
        if (rc != LF_EINVAL || m != 0 || !strstr(err, c[i].msg) ||
            !strstr(err, "condition_expression")) {
            printf("    \"%s\": rc %d match %d err \"%s\", expected \"%s\"\n", c[i].e, rc, m, err,
                   c[i].msg);
            check_current_failed = 1;
        }
        CHECK_EQ_INT(lf_cond_expr_check(lf_strz(c[i].e), err, sizeof err), LF_EINVAL);
    }
    /* a field's value is never parsed as an expression */
    static const lf_cond_var evil_list[] = {V("x", "text", "1) or (1"), V("y", "text", "{x}")};
    lf_cond_vars evil = {evil_list, 2};
    lf_cond_env e = {lf_cond_vars_lookup, &evil, 0};
    int m;
    CHECK_EQ_INT(lf_cond_expr_eval(&e, LF_STR("{x} == 1"), &m, err, sizeof err), LF_OK);
    CHECK_EQ_INT(m, 0);
    CHECK_EQ_INT(lf_cond_expr_eval(&e, LF_STR("{y} == '{x}'"), &m, err, sizeof err), LF_OK);
    CHECK_EQ_INT(m, 1);
    /* lookup errors are passed back */
    lf_cond_env bad = {failing_lookup, NULL, 0};
    CHECK_EQ_INT(lf_cond_expr_eval(&bad, LF_STR("{boom} == 1"), &m, err, sizeof err), LF_EIO);
}

static void test_expression_limits(void)
{
    char buf[LF_COND_EXPR_MAX + 64];
    int m;
    /* nesting: 32 levels pass, 33 do not */
    for (int depth = LF_COND_DEPTH_MAX; depth <= LF_COND_DEPTH_MAX + 1; depth++) {
        size_t n = 0;
        for (int i = 0; i < depth; i++)
            buf[n++] = '(';
        buf[n++] = '1';
        for (int i = 0; i < depth; i++)
            buf[n++] = ')';
        int rc = lf_cond_expr_eval(&env, (lf_str){buf, n}, &m, err, sizeof err);
        CHECK_EQ_INT(rc, depth <= LF_COND_DEPTH_MAX ? LF_OK : LF_ELIMIT);
        if (rc)
            CHECK(strstr(err, "nested too deeply") != NULL);
    }
    size_t n = 0;
    for (int i = 0; i < LF_COND_DEPTH_MAX + 1; i++) {
        memcpy(buf + n, "not ", 4);
        n += 4;
    }
    buf[n++] = '1';
    CHECK_EQ_INT(lf_cond_expr_eval(&env, (lf_str){buf, n}, &m, err, sizeof err), LF_ELIMIT);
    /* deep unclosed nesting fails cleanly too */
    memset(buf, '(', sizeof buf);
    CHECK_EQ_INT(lf_cond_expr_eval(&env, (lf_str){buf, 1000}, &m, err, sizeof err), LF_ELIMIT);
    /* length */
    memset(buf, ' ', sizeof buf);
    buf[0] = '1';
    CHECK_EQ_INT(lf_cond_expr_eval(&env, (lf_str){buf, LF_COND_EXPR_MAX}, &m, err, sizeof err), LF_OK);
    CHECK_EQ_INT(m, 1);
    CHECK_EQ_INT(lf_cond_expr_eval(&env, (lf_str){buf, LF_COND_EXPR_MAX + 1}, &m, err, sizeof err),
                 LF_ELIMIT);
    /* a long chain of comparisons and strings stays within the string pool */
    n = 0;
    while (n + 8 < LF_COND_EXPR_MAX) {
        memcpy(buf + n, "'a\\n'==", 7);
        n += 7;
    }
    buf[n++] = '1';
    CHECK_EQ_INT(lf_cond_expr_eval(&env, (lf_str){buf, n}, &m, err, sizeof err), LF_OK);
    CHECK_EQ_INT(m, 0);
    /* an embedded NUL is an unexpected character, not the end */
    CHECK_EQ_INT(lf_cond_expr_eval(&env, (lf_str){"1\0 or", 6}, &m, err, sizeof err), LF_EINVAL);
}

/* ---- choosing a branch ---- */

#define GROUP(op, value)                                                                          \
    "[{\"id\": \"g\", \"conditions\": [{\"field_type\": \"number\", \"field_name\": \"days\", "    \
    "\"operator\": \"" op "\", \"value\": \"" value "\"}]}]"

static int choose(const lf_cond_branch *b, size_t n, const char *def, size_t *chosen)
{
    err[0] = 0;
    *chosen = (size_t)-1;
    int rc = lf_cond_choose(&env, b, n, lf_strz(def), &arena, chosen, err, sizeof err);
    lf_arena_reset(&arena);
    return rc;
}

static void test_choose(void)
{
    size_t k;
    const lf_cond_branch leave[] = {
        {LF_STR("e_long"), LF_STR(GROUP(">", "3")), LF_STR("")},
        {LF_STR("e_short"), LF_STR(GROUP("<=", "3")), LF_STR("")},
    };
    CHECK_EQ_INT(choose(leave, 2, "", &k), LF_OK);
    CHECK_EQ_INT(k, 0);
    /* designer order: the first match wins even when later ones match too */
    const lf_cond_branch both[] = {
        {LF_STR("e1"), LF_STR(GROUP(">", "1")), LF_STR("")},
        {LF_STR("e2"), LF_STR(GROUP(">", "2")), LF_STR("")},
    };
    CHECK_EQ_INT(choose(both, 2, "", &k), LF_OK);
    CHECK_EQ_INT(k, 0);
    /* no match: the default branch, else an error */
    const lf_cond_branch none[] = {
        {LF_STR("e1"), LF_STR(GROUP(">", "10")), LF_STR("")},
        {LF_STR("e2"), LF_STR(""), LF_STR("")},
        {LF_STR("e3"), LF_STR(GROUP("<", "0")), LF_STR("")},
    };
    CHECK_EQ_INT(choose(none, 3, "e2", &k), LF_OK);
    CHECK_EQ_INT(k, 1);
    CHECK_EQ_INT(choose(none, 3, "e3", &k), LF_OK);
    CHECK_EQ_INT(k, 2);
    CHECK_EQ_INT(choose(none, 3, "", &k), LF_ENOTFOUND);
    CHECK_STR(err, "no branch matched and no default");
    CHECK_EQ_INT(choose(none, 3, "e9", &k), LF_EINVAL);
    CHECK(strstr(err, "default_branch e9") != NULL);
    CHECK_EQ_INT(choose(NULL, 0, "", &k), LF_ENOTFOUND);
    CHECK_EQ_INT(choose(NULL, 0, "e1", &k), LF_EINVAL);
    /* expressions are used where there are no groups (absent, null or []) */
    const lf_cond_branch expr[] = {
        {LF_STR("e1"), LF_STR(""), LF_STR("{days} > 10")},
        {LF_STR("e2"), LF_STR("null"), LF_STR("{days} > 4")},
        {LF_STR("e3"), LF_STR("[]"), LF_STR("{days} > 1")},
    };
    CHECK_EQ_INT(choose(expr, 3, "", &k), LF_OK);
    CHECK_EQ_INT(k, 1);
    CHECK_EQ_INT(choose(expr + 2, 1, "", &k), LF_OK);
    CHECK_EQ_INT(k, 0);
    /* groups win over an expression on the same edge */
    const lf_cond_branch over[] = {
        {LF_STR("e1"), LF_STR(GROUP(">", "10")), LF_STR("{days} > 1")},
        {LF_STR("e2"), LF_STR(" "), LF_STR(" ")},
    };
    CHECK_EQ_INT(choose(over, 2, "", &k), LF_ENOTFOUND);
    /* malformed conditions name the edge */
    const lf_cond_branch broken[] = {
        {LF_STR("e_bad"), LF_STR("[{"), LF_STR("")},
    };
    CHECK_EQ_INT(choose(broken, 1, "", &k), LF_EINVAL);
    CHECK(strstr(err, "edge e_bad: ") != NULL);
    const lf_cond_branch broken2[] = {
        {LF_STR("e1"), LF_STR(GROUP(">", "10")), LF_STR("")},
        {LF_STR("e_bad"), LF_STR(""), LF_STR("{days} >")},
    };
    CHECK_EQ_INT(choose(broken2, 2, "e1", &k), LF_EINVAL);
    CHECK(strstr(err, "edge e_bad: condition_expression: unexpected end") != NULL);
    const lf_cond_branch broken3[] = {
        {LF_STR("e_op"), LF_STR(GROUP("=~", "1")), LF_STR("")},
    };
    CHECK_EQ_INT(choose(broken3, 1, "", &k), LF_EINVAL);
    CHECK(strstr(err, "edge e_op: condition group 1, condition 1: operator") != NULL);
    /* an earlier match means a later malformed edge is never looked at */
    CHECK_EQ_INT(choose(broken2 + 0, 1, "e1", &k), LF_OK);
    const lf_cond_branch early[] = {
        {LF_STR("e1"), LF_STR(GROUP(">", "1")), LF_STR("")},
        {LF_STR("e_bad"), LF_STR("[{"), LF_STR("")},
    };
    CHECK_EQ_INT(choose(early, 2, "", &k), LF_OK);
    CHECK_EQ_INT(k, 0);
}

static void test_json_text(void)
{
    static const struct {
        const char *json;
        int rc;
        const char *text;
    } c[] = {
        {"\"a\\u00e9\"", 1, "a\xc3\xa9"},
        {"12.50", 1, "12.50"},
        {"true", 1, "true"},
        {"false", 1, "false"},
        {"[\"k1\", \"k\\\"2\", 3, null, {}, [\"x\"]]", 1, "k1,k\"2,3"},
        {"[]", 1, ""},
        {"null", 0, NULL},
        {"{}", 0, NULL},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        lf_json j;
        lf_str out = {NULL, 0};
        CHECK_EQ_INT(lf_json_parse(&j, c[i].json, strlen(c[i].json), &arena, 0, err, sizeof err), LF_OK);
        CHECK_EQ_INT(lf_cond_json_text(&j, 0, &arena, &out), c[i].rc);
        if (c[i].text)
            CHECK(out.p && out.n == strlen(c[i].text) && !memcmp(out.p, c[i].text, out.n));
    }
    lf_str out;
    CHECK_EQ_INT(lf_cond_json_text(NULL, -1, &arena, &out), 0);
    lf_arena_reset(&arena);
}

int main(void)
{
    lf_arena_init(&arena, 4096, 0);
    RUN(test_single_conditions);
    RUN(test_group_logic);
    RUN(test_group_errors);
    RUN(test_time_zone);
    RUN(test_expressions);
    RUN(test_expression_errors);
    RUN(test_expression_limits);
    RUN(test_choose);
    RUN(test_json_text);
    lf_arena_free(&arena);
    return CHECK_DONE();
}
