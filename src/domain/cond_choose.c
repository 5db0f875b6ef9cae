/* The exclusive gateway's choice over its outgoing edges (DECISIONS
 * "Exclusive"): designer order, first match wins, then default_branch, else
 * an error so that nothing changes (upstream leaves the ticket stuck). */
#include "domain/cond_internal.h"

#include <stdio.h>

/* Conditions on one edge are small; this bounds what one edge may carry. */
#define MAX_GROUP_TOKENS 4096

static int has_text(lf_str s)
{
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] != ' ' && s.p[i] != '\t' && s.p[i] != '\n' && s.p[i] != '\r')
            return 1;
    return 0;
}

static int edge_fail(char *err, size_t errcap, const lf_cond_branch *b, const char *why, int rc)
{
    if (errcap)
        snprintf(err, errcap, "edge %.*s: %s", (int)(b->edge_id.n > 64 ? 64 : b->edge_id.n),
                 b->edge_id.p ? b->edge_id.p : "", why);
    return rc;
}

static int branch_matches(const lf_cond_env *env, const lf_cond_branch *b, lf_arena *a,
                          int *match, char *err, size_t errcap)
{
    char why[256] = "";
    *match = 0;
    if (has_text(b->groups_json)) {
        lf_json j;
        int rc = lf_json_parse(&j, b->groups_json.p, b->groups_json.n, a, MAX_GROUP_TOKENS, why,
                               sizeof why);
        if (rc)
            return edge_fail(err, errcap, b, why, rc == LF_ENOMEM ? rc : LF_EINVAL);
        lf_json_type t = lf_json_type_of(&j, 0);
        if (!(t == LF_JSON_NULL || (t == LF_JSON_ARRAY && lf_json_count(&j, 0) == 0))) {
            rc = lf_cond_groups_eval(env, &j, 0, match, why, sizeof why);
            return rc ? edge_fail(err, errcap, b, why, rc) : LF_OK;
        }
    }
    if (has_text(b->expression)) {
        int rc = lf_cond_expr_eval(env, b->expression, match, why, sizeof why);
        return rc ? edge_fail(err, errcap, b, why, rc) : LF_OK;
    }
    return LF_OK;
}

int lf_cond_choose(const lf_cond_env *env, const lf_cond_branch *b, size_t n,
                   lf_str default_edge_id, lf_arena *a, size_t *chosen, char *err,
                   size_t errcap)
{
    for (size_t i = 0; i < n; i++) {
        int match, rc = branch_matches(env, &b[i], a, &match, err, errcap);
        if (rc)
            return rc;
        if (match) {
            *chosen = i;
            return LF_OK;
        }
    }
    if (default_edge_id.n) {
        for (size_t i = 0; i < n; i++)
            if (lf_str_eq(b[i].edge_id, default_edge_id)) {
                *chosen = i;
                return LF_OK;
            }
        if (errcap)
            snprintf(err, errcap, "default_branch %.*s is not an outgoing edge of the gateway",
                     (int)(default_edge_id.n > 64 ? 64 : default_edge_id.n), default_edge_id.p);
        return LF_EINVAL;
    }
    if (errcap)
        snprintf(err, errcap, "no branch matched and no default");
    return LF_ENOTFOUND;
}
