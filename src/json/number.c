/* Numeric reads. A validated JSON number is first reduced to its significant
 * digits and a power of ten, which makes the integral check and the int64
 * range check exact whatever the spelling (3, 3.0, 30e-1, 0.3e1). */
#include "loonflow/json.h"

#include <stdio.h>
#include <stdlib.h>

/* More digits than a double can tell apart, so only exact halfway cases of
 * absurdly long numbers could round differently from a full conversion. */
#define MAX_DIGITS 40

typedef struct decimal {
    int neg;
    int ndig;        /* no leading or trailing zeros; 0 for the value zero */
    int inexact;     /* nonzero digits beyond MAX_DIGITS were dropped */
    long long scale; /* value = dig * 10^scale */
    char dig[MAX_DIGITS];
} decimal;

static void decompose(lf_str s, decimal *d)
{
    size_t i = 0;
    long long frac = 0, dropped = 0, exp = 0;
    int in_frac = 0;
    d->neg = s.p[0] == '-';
    d->ndig = d->inexact = 0;
    for (i = (size_t)d->neg; i < s.n && s.p[i] != 'e' && s.p[i] != 'E'; i++) {
        char c = s.p[i];
        if (c == '.') {
            in_frac = 1;
            continue;
        }
        frac += in_frac;
        if (d->ndig == 0 && c == '0')
            continue;
        if (d->ndig < MAX_DIGITS) {
            d->dig[d->ndig++] = c;
        } else {
            dropped++;
            d->inexact |= c != '0';
        }
    }
    if (i < s.n) {
        int eneg = s.p[++i] == '-';
        if (s.p[i] == '-' || s.p[i] == '+')
            i++;
        for (; i < s.n; i++)
            if (exp < 1000000000)
                exp = exp * 10 + (s.p[i] - '0');
        if (eneg)
            exp = -exp;
    }
    d->scale = exp - frac + dropped;
    while (d->ndig > 0 && d->dig[d->ndig - 1] == '0') {
        d->ndig--;
        d->scale++;
    }
}

static int number(const lf_json *j, int v, decimal *d)
{
    lf_json_type t = lf_json_type_of(j, v);
    if (t != LF_JSON_NUMBER)
        return t == LF_JSON_NONE ? LF_ENOTFOUND : LF_ETYPE;
    decompose(lf_json_raw(j, v), d);
    return LF_OK;
}

int lf_json_i64(const lf_json *j, int v, int64_t *out)
{
    decimal d;
    int rc = number(j, v, &d);
    if (rc)
        return rc;
    if (d.ndig == 0) {
        *out = 0;
        return LF_OK;
    }
    if (d.inexact || d.scale < 0 || d.ndig + d.scale > 19)
        return LF_ETYPE;
    uint64_t m = 0;
    for (int i = 0; i < d.ndig; i++)
        m = m * 10 + (uint64_t)(d.dig[i] - '0');
    for (long long i = 0; i < d.scale; i++)
        m *= 10;
    uint64_t limit = (uint64_t)INT64_MAX + (uint64_t)d.neg;
    if (m > limit)
        return LF_ETYPE;
    *out = d.neg ? (m == limit ? INT64_MIN : -(int64_t)m) : (int64_t)m;
    return LF_OK;
}

int lf_json_f64(const lf_json *j, int v, double *out)
{
    decimal d;
    int rc = number(j, v, &d);
    if (rc)
        return rc;
    if (d.ndig == 0) {
        *out = d.neg ? -0.0 : 0.0;
        return LF_OK;
    }
    char buf[MAX_DIGITS + 32];
    snprintf(buf, sizeof buf, "%s%.*se%lld", d.neg ? "-" : "", d.ndig, d.dig, d.scale);
    *out = strtod(buf, NULL);
    return LF_OK;
}
