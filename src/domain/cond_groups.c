/* The designer's condition_groups: groups OR'ed, conditions AND'ed. Every
 * condition is looked at, even after the outcome is known, so that a
 * malformed one is reported whatever the data (and a save can check it). */
#include "domain/cond_internal.h"

#include <stdio.h>
#include <string.h>

int lf_cond_vars_lookup(void *ud, lf_str key, lf_cond_field *out)
{
    const lf_cond_vars *vars = ud;
    for (size_t i = 0; i < vars->n; i++)
        if (lf_str_eqz(key, vars->v[i].key)) {
            if (!vars->v[i].f.value.p)
                return 0;
            *out = vars->v[i].f;
            return 1;
        }
    return 0;
}

static int bad(char *err, size_t errcap, int g, int c, const char *what)
{
    if (errcap) {
        if (c < 0)
            snprintf(err, errcap, "condition group %d: %s", g + 1, what);
        else
            snprintf(err, errcap, "condition group %d, condition %d: %s", g + 1, c + 1, what);
    }
    return LF_EINVAL;
}

/* A string member as a slice of the source: condition parts are short names
 * and numbers, so one with an escape is unescaped into a small buffer. */
static int member(const lf_json *j, int obj, const char *key, char *buf, size_t cap, lf_str *out,
                  int numbers_ok)
{
    int v = lf_json_get(j, obj, key);
    lf_json_type t = lf_json_type_of(j, v);
    if (t == LF_JSON_NUMBER && numbers_ok) {
        *out = lf_json_raw(j, v);
        return LF_OK;
    }
    if (t != LF_JSON_STRING)
        return t == LF_JSON_NONE || t == LF_JSON_NULL ? LF_ENOTFOUND : LF_ETYPE;
    lf_str raw = lf_json_raw(j, v);
    if (!memchr(raw.p, '\\', raw.n)) {
        *out = (lf_str){raw.p + 1, raw.n - 2};
        return LF_OK;
    }
    /* escapes only shrink the text, so raw.n bytes always suffice */
    lf_arena a;
    if (raw.n > cap)
        return LF_ELIMIT;
    lf_arena_init(&a, raw.n + 64, 0);
    lf_str s;
    int rc = lf_json_str(j, v, &a, &s);
    if (!rc) {
        memcpy(buf, s.p, s.n);
        *out = (lf_str){buf, s.n};
    }
    lf_arena_free(&a);
    return rc;
}

#define PART_MAX 1024

static int condition(const lf_cond_env *env, const lf_json *j, int c, int gi, int ci, int *holds,
                     char *err, size_t errcap)
{
    char nb[PART_MAX], ob[PART_MAX], tb[PART_MAX], vb[PART_MAX];
    lf_str name = {"", 0}, op, ftype = {"", 0}, value;
    *holds = 0;
    if (lf_json_type_of(j, c) != LF_JSON_OBJECT)
        return bad(err, errcap, gi, ci, "must be an object");
    if (member(j, c, "operator", ob, sizeof ob, &op, 0) || lf_cond_op(op) < 0)
        return bad(err, errcap, gi, ci,
                   "operator must be one of == != < <= > >= contains not_contains");
    int rc = member(j, c, "field_name", nb, sizeof nb, &name, 0);
    if (rc && rc != LF_ENOTFOUND)
        return bad(err, errcap, gi, ci, "field_name must be a string");
    rc = member(j, c, "field_type", tb, sizeof tb, &ftype, 0);
    if (rc && rc != LF_ENOTFOUND)
        return bad(err, errcap, gi, ci, "field_type must be a string");
    rc = member(j, c, "value", vb, sizeof vb, &value, 1);
    if (rc == LF_ENOTFOUND)
        return LF_OK; /* nothing to compare with: false */
    if (rc)
        return bad(err, errcap, gi, ci,
                   rc == LF_ELIMIT ? "value is too long" : "value must be a string or a number");
    if (!name.n || !env || !env->lookup)
        return LF_OK;
    lf_cond_field f = {{"", 0}, {NULL, 0}};
    rc = env->lookup(env->ud, name, &f);
    if (rc < 0)
        return rc;
    if (rc == 0 || !f.value.p)
        return LF_OK;
    *holds = lf_cond_cmp(lf_cond_kind(f.type, ftype), lf_cond_op(op), f.value, value,
                         env->utc_offset_min);
    return LF_OK;
}

int lf_cond_groups_eval(const lf_cond_env *env, const lf_json *j, int groups, int *match,
                        char *err, size_t errcap)
{
    *match = 0;
    lf_json_type t = lf_json_type_of(j, groups);
    if (t == LF_JSON_NONE || t == LF_JSON_NULL)
        return LF_OK;
    if (t != LF_JSON_ARRAY) {
        if (errcap)
            snprintf(err, errcap, "condition_groups must be a list");
        return LF_EINVAL;
    }
    int gi = 0, any = 0;
    for (int g = lf_json_first(j, groups); g >= 0; g = lf_json_next(j, g), gi++) {
        if (lf_json_type_of(j, g) != LF_JSON_OBJECT)
            return bad(err, errcap, gi, -1, "must be an object");
        int conds = lf_json_get(j, g, "conditions");
        lf_json_type ct = lf_json_type_of(j, conds);
        if (ct != LF_JSON_ARRAY && ct != LF_JSON_NONE && ct != LF_JSON_NULL)
            return bad(err, errcap, gi, -1, "conditions must be a list");
        int all = lf_json_count(j, conds) > 0, ci = 0;
        for (int c = lf_json_first(j, conds); c >= 0; c = lf_json_next(j, c), ci++) {
            int holds, rc = condition(env, j, c, gi, ci, &holds, err, errcap);
            if (rc)
                return rc;
            all &= holds;
        }
        any |= all;
    }
    *match = any;
    return LF_OK;
}
