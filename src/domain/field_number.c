/* Decimal numbers as field values and condition operands. Normalisation
 * works on the digits, not a double, so "0.1" stays 0.1 and 15 integer plus
 * 10 fraction digits survive exactly (upstream stores decimal(20,10)). */
#include "loonflow/fields.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_NUMBER_TEXT 256

typedef struct parsed {
    int neg;
    const char *intp, *fracp;
    size_t intn, fracn;
    long exp; /* clamped to +-100000: larger only ever means overflow or zero */
} parsed;

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static lf_str trim(lf_str s)
{
    while (s.n && is_space(s.p[0])) {
        s.p++;
        s.n--;
    }
    while (s.n && is_space(s.p[s.n - 1]))
        s.n--;
    return s;
}

static size_t digits(const char *p, size_t n, size_t i)
{
    while (i < n && p[i] >= '0' && p[i] <= '9')
        i++;
    return i;
}

static int parse(lf_str s, parsed *r)
{
    s = trim(s);
    size_t i = 0, j;
    memset(r, 0, sizeof *r);
    if (s.n == 0 || s.n > MAX_NUMBER_TEXT)
        return LF_EINVAL;
    if (s.p[0] == '-' || s.p[0] == '+')
        r->neg = s.p[i++] == '-';
    j = digits(s.p, s.n, i);
    r->intp = s.p + i;
    r->intn = j - i;
    i = j;
    if (i < s.n && s.p[i] == '.') {
        j = digits(s.p, s.n, ++i);
        r->fracp = s.p + i;
        r->fracn = j - i;
        i = j;
    }
    if (r->intn + r->fracn == 0)
        return LF_EINVAL;
    if (i < s.n && (s.p[i] == 'e' || s.p[i] == 'E')) {
        int eneg = 0;
        i++;
        if (i < s.n && (s.p[i] == '-' || s.p[i] == '+'))
            eneg = s.p[i++] == '-';
        j = digits(s.p, s.n, i);
        if (j == i)
            return LF_EINVAL;
        for (; i < j; i++)
            if (r->exp < 100000)
                r->exp = r->exp * 10 + (s.p[i] - '0');
        if (eneg)
            r->exp = -r->exp;
    }
    return i == s.n ? LF_OK : LF_EINVAL;
}

int lf_number_parse(lf_str s, double *out)
{
    parsed r;
    char tmp[MAX_NUMBER_TEXT + 1];
    if (parse(s, &r))
        return LF_EINVAL;
    s = trim(s);
    memcpy(tmp, s.p, s.n);
    tmp[s.n] = 0;
    double d = strtod(tmp, NULL);
    if (!isfinite(d))
        return LF_EINVAL;
    *out = d;
    return LF_OK;
}

int lf_number_normalize(lf_str s, char out[LF_NUMBER_STRLEN])
{
    enum { W = LF_NUMBER_INT + LF_NUMBER_FRAC + 1 }; /* one spare digit for a carry */
    parsed r;
    char fixed[W];  /* value * 10^FRAC as decimal digits, most significant first */
    memset(fixed, 0, sizeof fixed);
    if (parse(s, &r))
        return LF_EINVAL;
    size_t nd = r.intn + r.fracn;
    int round_up = 0;
    for (size_t i = 0; i < nd; i++) {
        int d = i < r.intn ? r.intp[i] - '0' : r.fracp[i - r.intn] - '0';
        /* weight of this digit: 10^(intn - 1 - i + exp); position from the right
         * of `fixed` is that power plus FRAC */
        long pos = (long)r.intn - 1 - (long)i + r.exp + LF_NUMBER_FRAC;
        if (pos >= W - 1) {
            if (d)
                return LF_ELIMIT;
        } else if (pos >= 0) {
            fixed[W - 1 - pos] = (char)d;
        } else if (pos == -1) {
            round_up = d >= 5;
        }
    }
    for (int k = W - 1; round_up && k >= 0; k--) {
        fixed[k]++;
        round_up = fixed[k] == 10;
        if (round_up)
            fixed[k] = 0;
    }
    if (fixed[0])
        return LF_ELIMIT;
    int first = 1, last = W - 1;
    while (first < W - LF_NUMBER_FRAC - 1 && fixed[first] == 0)
        first++;
    while (last >= W - LF_NUMBER_FRAC && fixed[last] == 0)
        last--;
    int zero = 1;
    for (int k = 0; k < W; k++)
        zero &= fixed[k] == 0;
    char *o = out;
    if (r.neg && !zero)
        *o++ = '-';
    for (int k = first; k < W - LF_NUMBER_FRAC; k++)
        *o++ = (char)('0' + fixed[k]);
    if (last >= W - LF_NUMBER_FRAC) {
        *o++ = '.';
        for (int k = W - LF_NUMBER_FRAC; k <= last; k++)
            *o++ = (char)('0' + fixed[k]);
    }
    *o = 0;
    return LF_OK;
}
