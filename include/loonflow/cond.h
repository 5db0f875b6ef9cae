/* cond: the exclusive gateway's branch choice (DECISIONS "Exclusive",
 * ENGINE.md 4.5): designer condition_groups, the legacy condition_expression
 * (a small safe evaluator, never code execution) and the default branch.
 * Field values come from the caller through a lookup, so nothing here
 * depends on how tickets or workflow graphs are stored. */
#ifndef LOONFLOW_COND_H
#define LOONFLOW_COND_H

#include "loonflow/json.h"

/* One field as the conditions see it. */
typedef struct lf_cond_field {
    lf_str type;  /* component type ("number", "date", "checkbox", ...); empty if unknown */
    lf_str value; /* the value as text: numbers in decimal, multi-values
                   * comma-joined, dates "YYYY-MM-DD", datetimes ISO-8601 */
} lf_cond_field;

/* 1 and *out set when key has a value; 0 when it is missing or null (every
 * comparison with a missing value is false); < 0 an LF_* error to pass back. */
typedef int (*lf_cond_lookup_fn)(void *ud, lf_str key, lf_cond_field *out);

typedef struct lf_cond_env {
    lf_cond_lookup_fn lookup;
    void *ud;
    int utc_offset_min; /* naive datetimes are read in this zone */
} lf_cond_env;

/* A ready-made lookup over an array (ud = lf_cond_vars *). */
typedef struct lf_cond_var {
    const char *key;
    lf_cond_field f;
} lf_cond_var;
typedef struct lf_cond_vars {
    const lf_cond_var *v;
    size_t n;
} lf_cond_vars;
int lf_cond_vars_lookup(void *ud, lf_str key, lf_cond_field *out);

/* A field value as JSON (a request's `fields` entry or a stored value) in the
 * text form above: a string unescaped, a number as written, an array of
 * strings/numbers comma-joined, true/false as "true"/"false". 1 and *out
 * set; 0 for absent, null or an object (missing); < 0 LF_ENOMEM. */
int lf_cond_json_text(const lf_json *j, int v, lf_arena *a, lf_str *out);

/* Comparison of a field's value (lhs) with a condition operand (rhs), for
 * the operators == != < <= > >= contains not_contains. How they compare
 * depends on the field's component type (or, when the lookup gives none, on
 * the condition's field_type):
 *   number                    numerically (both sides must be numbers)
 *   date, datetime, time, created_at   chronologically (both sides must parse;
 *                             naive datetimes in utc_offset_min)
 *   select, checkbox, user, department   as sets of comma-joined keys:
 *                             == (and contains) means every rhs key is selected,
 *                             an empty rhs means nothing is selected;
 *                             != and not_contains negate it
 *   anything else             as strings (bytewise); contains is substring
 * A side that is missing or does not convert makes the comparison false,
 * whatever the operator (upstream's None rule). */

/* condition_groups as the designer saves them:
 *   [{"id", "conditions": [{"id", "field_type", "field_name", "operator", "value"}]}]
 * A group matches when all its conditions hold (an empty group never
 * matches); the list matches when any group does. `value` may be a string
 * or a number. *match is 0 or 1. LF_EINVAL with a reason for a malformed list
 * or an unknown operator (the whole list is checked, whatever matched).
 * With env NULL every field is missing: a shape check for workflow save. */
int lf_cond_groups_eval(const lf_cond_env *env, const lf_json *j, int groups, int *match,
                        char *err, size_t errcap);

/* The legacy condition_expression, e.g.
 *   {days} > 3 and ({type} == 'sick' or not {urgent} == "no")
 * Operands: {field_key}, numbers, '...' or "..." strings (backslash escapes
 * \\ \' \" \n \t), true, false; operators as above (comparisons chain like
 * Python: 1 < {x} <= 5), `and`, `or`, `not`, parentheses. A comparison with a
 * field compares as that field's type; literal numbers and strings compare
 * numerically when both sides are numbers. A bare operand is true when it is
 * non-empty and not zero (a missing field is false). At most
 * LF_COND_EXPR_MAX bytes and LF_COND_DEPTH_MAX levels of nesting.
 * LF_EINVAL (or LF_ELIMIT) with a reason naming the offset. */
#define LF_COND_EXPR_MAX 4096
#define LF_COND_DEPTH_MAX 32
int lf_cond_expr_eval(const lf_cond_env *env, lf_str expr, int *match, char *err,
                      size_t errcap);
/* Syntax check only (for workflow save): as lf_cond_expr_eval with every
 * field missing. */
int lf_cond_expr_check(lf_str expr, char *err, size_t errcap);

/* One outgoing edge of an exclusive gateway. */
typedef struct lf_cond_branch {
    lf_str edge_id;
    lf_str groups_json; /* props.condition_groups as JSON text; empty or "null": none */
    lf_str expression;  /* props.condition_expression; used when there are no groups */
} lf_cond_branch;

/* Tries the branches in the order given (the designer's edge_info_list
 * order); the first that matches wins. An edge with neither groups nor an
 * expression never matches. When none matches, default_edge_id (the
 * gateway's props.default_branch; empty: none) names the branch to take.
 * Returns LF_OK and *chosen, or
 *   LF_ENOTFOUND "no branch matched and no default"
 *   LF_EINVAL    a malformed condition (the reason names the edge), or a
 *                default_branch that is not one of these edges
 *   an error from the lookup. */
int lf_cond_choose(const lf_cond_env *env, const lf_cond_branch *b, size_t n,
                   lf_str default_edge_id, lf_arena *a, size_t *chosen, char *err,
                   size_t errcap);

#endif
