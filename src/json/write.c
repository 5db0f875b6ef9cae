/* Streaming writer: compact separators, commas owed per depth, and a sticky
 * error so callers check once when the document is finished. */
#include "loonflow/json.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void lf_jw_init(lf_jw *w, lf_buf *b)
{
    memset(w, 0, sizeof *w);
    w->b = b;
    w->first[0] = 1;
}

/* Emits the comma owed before a value or key; 0 once the writer is broken. */
static int sep(lf_jw *w)
{
    if (w->err)
        return 0;
    if (w->after_key) {
        w->after_key = 0;
        return 1;
    }
    if (!w->first[w->depth])
        lf_buf_putc(w->b, ',');
    w->first[w->depth] = 0;
    return 1;
}

static void begin(lf_jw *w, char c)
{
    if (!sep(w))
        return;
    if (w->depth + 1 >= LF_JW_MAX_DEPTH) {
        w->err = 1;
        return;
    }
    lf_buf_putc(w->b, c);
    w->first[++w->depth] = 1;
}

static void end(lf_jw *w, char c)
{
    if (w->err)
        return;
    if (w->depth == 0 || w->after_key) {
        w->err = 1;
        return;
    }
    lf_buf_putc(w->b, c);
    w->depth--;
}

void lf_jw_obj(lf_jw *w) { begin(w, '{'); }
void lf_jw_obj_end(lf_jw *w) { end(w, '}'); }
void lf_jw_arr(lf_jw *w) { begin(w, '['); }
void lf_jw_arr_end(lf_jw *w) { end(w, ']'); }

void lf_jw_key(lf_jw *w, const char *key)
{
    if (w->after_key)
        w->err = 1;
    if (!sep(w))
        return;
    lf_json_escape(w->b, lf_strz(key));
    lf_buf_putc(w->b, ':');
    w->after_key = 1;
}

void lf_jw_str(lf_jw *w, lf_str s)
{
    if (sep(w))
        lf_json_escape(w->b, s);
}

/* NULL writes null, so optional C strings need no branch at the caller. */
void lf_jw_strz(lf_jw *w, const char *z)
{
    if (z)
        lf_jw_str(w, lf_strz(z));
    else
        lf_jw_null(w);
}

void lf_jw_i64(lf_jw *w, int64_t v)
{
    if (!sep(w))
        return;
    char tmp[20], *p = tmp + sizeof tmp;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do
        *--p = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        *--p = '-';
    lf_buf_append(w->b, p, (size_t)(tmp + sizeof tmp - p));
}

/* Python's repr: the shortest digits that read back as the same double,
 * positional from 1e-4 up to 1e16 (keeping ".0" on integral values so they
 * stay floats), exponent notation outside. For a normal double 15 digits
 * already give the shortest form whenever one of up to 15 exists, so three
 * tries do; subnormals carry fewer bits and start from one digit. Only the
 * nearest p-digit decimal is tried, so a few powers of two whose shortest
 * form is not the nearest one print with 17 digits where Python uses 16. */
void lf_jw_f64(lf_jw *w, double v)
{
    if (!isfinite(v)) {
        lf_jw_null(w);
        return;
    }
    if (!sep(w))
        return;
    char tmp[32];
    int prec = v < DBL_MIN && v > -DBL_MIN ? 1 : 15;
    for (;;) {
        snprintf(tmp, sizeof tmp, "%.*e", prec - 1, v); /* [-]d.ddde[+-]XX */
        if (prec == 17 || strtod(tmp, NULL) == v)
            break;
        prec++;
    }
    char *e = strchr(tmp, 'e'), dig[17];
    int exp = atoi(e + 1), nd = 0;
    for (const char *p = tmp; p < e; p++)
        if (*p >= '0' && *p <= '9')
            dig[nd++] = *p;
    while (nd > 1 && dig[nd - 1] == '0')
        nd--;

    lf_buf *b = w->b;
    if (tmp[0] == '-')
        lf_buf_putc(b, '-');
    if (exp < -4 || exp >= 16) {
        lf_buf_putc(b, dig[0]);
        if (nd > 1) {
            lf_buf_putc(b, '.');
            lf_buf_append(b, dig + 1, (size_t)nd - 1);
        }
        lf_buf_printf(b, "e%c%02d", exp < 0 ? '-' : '+', exp < 0 ? -exp : exp);
    } else if (exp < 0) {
        lf_buf_append(b, "0.0000", (size_t)(1 - exp));
        lf_buf_append(b, dig, (size_t)nd);
    } else {
        for (int i = 0; i <= exp; i++)
            lf_buf_putc(b, i < nd ? dig[i] : '0');
        lf_buf_putc(b, '.');
        if (nd > exp + 1)
            lf_buf_append(b, dig + exp + 1, (size_t)(nd - exp - 1));
        else
            lf_buf_putc(b, '0');
    }
}

void lf_jw_bool(lf_jw *w, int v)
{
    if (sep(w))
        lf_buf_puts(w->b, v ? "true" : "false");
}

void lf_jw_null(lf_jw *w)
{
    if (sep(w))
        lf_buf_append(w->b, "null", 4);
}

/* An empty slice (e.g. lf_json_raw of an absent value) writes null rather
 * than leaving the document without a value. */
void lf_jw_raw(lf_jw *w, lf_str json)
{
    if (!json.n)
        lf_jw_null(w);
    else if (sep(w))
        lf_buf_append(w->b, json.p, json.n);
}

void lf_jw_kstr(lf_jw *w, const char *key, lf_str s)
{
    lf_jw_key(w, key);
    lf_jw_str(w, s);
}

void lf_jw_kstrz(lf_jw *w, const char *key, const char *z)
{
    lf_jw_key(w, key);
    lf_jw_strz(w, z);
}

void lf_jw_ki64(lf_jw *w, const char *key, int64_t v)
{
    lf_jw_key(w, key);
    lf_jw_i64(w, v);
}

void lf_jw_kbool(lf_jw *w, const char *key, int v)
{
    lf_jw_key(w, key);
    lf_jw_bool(w, v);
}

void lf_jw_knull(lf_jw *w, const char *key)
{
    lf_jw_key(w, key);
    lf_jw_null(w);
}

void lf_jw_kraw(lf_jw *w, const char *key, lf_str json)
{
    lf_jw_key(w, key);
    lf_jw_raw(w, json);
}
