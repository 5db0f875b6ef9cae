/* How a field value compares with a condition operand, by comparison kind
 * (the rules are in cond.h). */
#include "domain/cond_internal.h"
#include "domain/field_internal.h"
#include "loonflow/fields.h"

#include <stdlib.h>
#include <string.h>

int lf_cond_op(lf_str op)
{
    /* in LF_OP_* order */
    static const char *const names[] = {"==", "!=", "<",        "<=",
                                        ">",  ">=", "contains", "not_contains"};
    for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
        if (lf_str_eqz(op, names[i]))
            return i;
    return -1;
}

int lf_cond_kind(lf_str component_type, lf_str field_type)
{
    static const struct {
        const char *type;
        int kind;
    } map[] = {
        {"number", LF_CK_NUM},   {"date", LF_CK_DATE},       {"time", LF_CK_TIME},
        {"datetime", LF_CK_DATETIME}, {"created_at", LF_CK_DATETIME}, {"select", LF_CK_SET},
        {"checkbox", LF_CK_SET}, {"user", LF_CK_SET},        {"department", LF_CK_SET},
    };
    lf_str t = component_type.n ? component_type : field_type;
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (lf_str_eqz(t, map[i].type))
            return map[i].kind;
    return LF_CK_STR;
}

/* Knuth-Morris-Pratt: linear whatever the data, since the haystack is user
 * input and the needle comes from the workflow design. */
static int contains(lf_str hay, lf_str needle)
{
    if (needle.n == 0)
        return 1;
    if (needle.n > hay.n)
        return 0;
    size_t *fail = malloc(needle.n * sizeof *fail);
    if (!fail)
        return 0;
    fail[0] = 0;
    for (size_t i = 1, k = 0; i < needle.n; i++) {
        while (k && needle.p[i] != needle.p[k])
            k = fail[k - 1];
        if (needle.p[i] == needle.p[k])
            k++;
        fail[i] = k;
    }
    int found = 0;
    for (size_t i = 0, k = 0; i < hay.n && !found; i++) {
        while (k && hay.p[i] != needle.p[k])
            k = fail[k - 1];
        if (hay.p[i] == needle.p[k])
            k++;
        if (k == needle.n)
            found = 1;
    }
    free(fail);
    return found;
}

static int ordered(int op, int c)
{
    switch (op) {
    case LF_OP_EQ: return c == 0;
    case LF_OP_NE: return c != 0;
    case LF_OP_LT: return c < 0;
    case LF_OP_LE: return c <= 0;
    case LF_OP_GT: return c > 0;
    case LF_OP_GE: return c >= 0;
    default: return 0;
    }
}

static int str_cmp(lf_str a, lf_str b)
{
    size_t n = a.n < b.n ? a.n : b.n;
    int c = n ? memcmp(a.p, b.p, n) : 0;
    return c ? c : (a.n > b.n) - (a.n < b.n);
}

static int by_string(int op, lf_str lhs, lf_str rhs)
{
    if (op == LF_OP_CONTAINS)
        return contains(lhs, rhs);
    if (op == LF_OP_NCONTAINS)
        return !contains(lhs, rhs);
    return ordered(op, str_cmp(lhs, rhs));
}

static int in_list(lf_str list, lf_str item)
{
    lf_str rest = list, x;
    while (lf_field_list_next(&rest, &x))
        if (lf_str_eq(x, item))
            return 1;
    return 0;
}

static int list_empty(lf_str list)
{
    lf_str rest = list, x;
    while (lf_field_list_next(&rest, &x))
        if (x.n)
            return 0;
    return 1;
}

/* Every rhs key is among the lhs keys; an empty rhs asks for an empty lhs. */
static int selected(lf_str lhs, lf_str rhs)
{
    if (list_empty(rhs))
        return list_empty(lhs);
    lf_str rest = rhs, x;
    while (lf_field_list_next(&rest, &x))
        if (x.n && !in_list(lhs, x))
            return 0;
    return 1;
}

/* A chronological value: days, seconds of the day, or milliseconds. */
static int when(int kind, lf_str s, int utc, int64_t *out)
{
    if (kind == LF_CK_TIME) {
        int secs;
        if (lf_tod_parse(s, &secs))
            return 0;
        *out = secs;
        return 1;
    }
    int64_t secs;
    int ms;
    if (kind == LF_CK_DATE) {
        if (lf_date_parse(s, out) == LF_OK)
            return 1;
        /* a datetime value compares by its date part as written */
        if (s.n <= 10 || lf_datetime_parse(s, utc, &secs, &ms) ||
            lf_date_parse((lf_str){s.p, 10}, out))
            return 0;
        return 1;
    }
    if (lf_datetime_parse(s, utc, &secs, &ms))
        return 0;
    *out = secs * 1000 + ms;
    return 1;
}

int lf_cond_cmp(int kind, int op, lf_str lhs, lf_str rhs, int utc_offset_min)
{
    if (!lhs.p || !rhs.p)
        return 0;
    if (op == LF_OP_CONTAINS || op == LF_OP_NCONTAINS) {
        if (kind != LF_CK_SET)
            return by_string(op, lhs, rhs);
        return selected(lhs, rhs) == (op == LF_OP_CONTAINS);
    }
    switch (kind) {
    case LF_CK_NUM: {
        double a, b;
        if (lf_number_parse(lhs, &a) || lf_number_parse(rhs, &b))
            return 0;
        return ordered(op, (a > b) - (a < b));
    }
    case LF_CK_DATE:
    case LF_CK_TIME:
    case LF_CK_DATETIME: {
        int64_t a, b;
        if (!when(kind, lhs, utc_offset_min, &a) || !when(kind, rhs, utc_offset_min, &b))
            return 0;
        return ordered(op, (a > b) - (a < b));
    }
    case LF_CK_SET:
        if (op == LF_OP_EQ || op == LF_OP_NE)
            return selected(lhs, rhs) == (op == LF_OP_EQ);
        return by_string(op, lhs, rhs);
    default: return by_string(op, lhs, rhs);
    }
}
