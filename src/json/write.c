/* Streaming writer: compact separators, commas owed per depth, and a sticky
 * error so callers check once when the document is finished. */
#include "loonflow/json.h"

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

/* Shortest text that reads back as the same double: 15 significant digits
 * always suffice when any shorter form does, so at most three tries. An
 * integral value keeps ".0" like Python's repr, so it stays a float. */
void lf_jw_f64(lf_jw *w, double v)
{
    if (!isfinite(v)) {
        lf_jw_null(w);
        return;
    }
    if (!sep(w))
        return;
    char tmp[32];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(tmp, sizeof tmp, "%.*g", prec, v);
        if (strtod(tmp, NULL) == v)
            break;
    }
    lf_buf_puts(w->b, tmp);
    if (!strpbrk(tmp, ".e"))
        lf_buf_append(w->b, ".0", 2);
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
