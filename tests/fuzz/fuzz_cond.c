/* Gateway conditions on arbitrary bytes: the expression evaluator (whose
 * syntax verdict must not depend on field values), condition_groups JSON
 * and the branch choice. */
#include "fuzz.h"
#include "loonflow/cond.h"

#include <string.h>

static lf_arena arena;
static int ready;

#define V(k, t, v) {k, {{t, sizeof(t) - 1}, {v, sizeof(v) - 1}}}
static const lf_cond_var var_list[] = {
    V("days", "number", "5"),      V("reason", "text", "family matters"),
    V("many", "checkbox", "a,b"),  V("start", "date", "2024-03-01"),
    V("stamp", "datetime", "2024-03-01T10:00:00Z"), V("at", "time", "09:30:00"),
    V("x", "", "7"),               V("e", "number", ""),
};
static lf_cond_vars vars = {var_list, sizeof var_list / sizeof var_list[0]};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) {
        lf_arena_init(&arena, 1 << 14, 64u << 20);
        ready = 1;
    }
    lf_str s = {(const char *)data, size};
    lf_cond_env env = {lf_cond_vars_lookup, &vars, 480};
    char err[256], err2[256];
    int m = -1;
    int rc = lf_cond_expr_eval(&env, s, &m, err, sizeof err);
    FUZZ_ASSERT(rc == LF_OK || rc == LF_EINVAL || rc == LF_ELIMIT);
    FUZZ_ASSERT(m == 0 || m == 1);
    FUZZ_ASSERT(rc == LF_OK || m == 0);
    FUZZ_ASSERT(lf_cond_expr_check(s, err2, sizeof err2) == rc);
    if (rc)
        FUZZ_ASSERT(strlen(err) > 0 && strcmp(err, err2) == 0);

    lf_json j;
    if (lf_json_parse(&j, s.p, s.n, &arena, 0, err, sizeof err) == LF_OK) {
        rc = lf_cond_groups_eval(&env, &j, 0, &m, err, sizeof err);
        FUZZ_ASSERT((rc == LF_OK && (m == 0 || m == 1)) || (rc == LF_EINVAL && m == 0));
        FUZZ_ASSERT(lf_cond_groups_eval(NULL, &j, 0, &m, err2, sizeof err2) == rc);
    }
    const lf_cond_branch b[] = {
        {{"e1", 2}, s, {"", 0}},
        {{"e2", 2}, {"", 0}, s},
        {{"e3", 2}, {"", 0}, {"", 0}},
    };
    size_t k = 99;
    rc = lf_cond_choose(&env, b, 3, (lf_str){"e3", 2}, &arena, &k, err, sizeof err);
    FUZZ_ASSERT((rc == LF_OK && k < 3) || rc == LF_EINVAL || rc == LF_ELIMIT);
    lf_arena_reset(&arena);
    return 0;
}
