/* Field values checked against their component and normalised for storage
 * (DECISIONS "Forms"; upstream checks nothing and 500s on bad numbers). */
#include "domain/field_internal.h"
#include "loonflow/fields.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Bounds the output buffer; request bodies are far smaller (2 MB). */
#define MAX_OUT (8u * 1024 * 1024)

static const struct {
    const char *name;
    lf_field_kind kind;
} kinds[] = {
    {"text", LF_FK_TEXT},         {"textarea", LF_FK_LONGTEXT}, {"richtext", LF_FK_LONGTEXT},
    {"title", LF_FK_TITLE},       {"number", LF_FK_NUMBER},     {"select", LF_FK_SELECT},
    {"radio", LF_FK_RADIO},       {"checkbox", LF_FK_CHECKBOX}, {"date", LF_FK_DATE},
    {"time", LF_FK_TIME},         {"datetime", LF_FK_DATETIME}, {"user", LF_FK_USER},
    {"department", LF_FK_DEPT},   {"file", LF_FK_FILE},
};

lf_field_kind lf_field_kind_of(lf_str type)
{
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (lf_str_eqz(type, kinds[i].name))
            return kinds[i].kind;
    return LF_FK_NONE;
}

static int blank(lf_str s)
{
    for (size_t i = 0; i < s.n; i++)
        if (s.p[i] != ' ' && s.p[i] != '\t' && s.p[i] != '\n' && s.p[i] != '\r')
            return 0;
    return 1;
}

/* Length of a whitespace escape (\t \n \r \u0020 \u0009 \u000a \u000d) at
 * raw.p[i] of a string token, 0 when there is none: a value the client
 * spelled with escapes is as blank as one spelled without. */
static size_t escaped_blank_len(lf_str raw, size_t i)
{
    if (raw.p[i] != '\\' || i + 1 >= raw.n)
        return 0;
    char c = raw.p[i + 1];
    if (c == 't' || c == 'n' || c == 'r')
        return 2;
    if (c != 'u' || i + 6 > raw.n)
        return 0;
    static const char *const ws[] = {"0020", "0009", "000a", "000d", "000A", "000D"};
    for (size_t k = 0; k < sizeof ws / sizeof ws[0]; k++)
        if (memcmp(raw.p + i + 2, ws[k], 4) == 0)
            return 6;
    return 0;
}

int lf_field_value_empty(const lf_json *vj, int v)
{
    switch (lf_json_type_of(vj, v)) {
    case LF_JSON_NONE:
    case LF_JSON_NULL: return 1;
    case LF_JSON_ARRAY: return lf_json_count(vj, v) == 0;
    case LF_JSON_STRING: {
        lf_str raw = lf_json_raw(vj, v);
        for (size_t i = 1; i + 1 < raw.n;) {
            size_t e = escaped_blank_len(raw, i);
            if (!e && !blank((lf_str){raw.p + i, 1}))
                return 0;
            i += e ? e : 1;
        }
        return 1;
    }
    default: return 0;
    }
}

typedef struct job {
    const lf_field_env *env;
    const lf_field_def *def;
    const lf_json *vj;
    int v;
    lf_arena *a;
    lf_buf out;
    lf_buf list; /* a multi-value being collected, before escaping */
    char *err;
    size_t errcap;
} job;

static int fail(job *jb, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(job *jb, int rc, const char *fmt, ...)
{
    if (jb->errcap) {
        int n = snprintf(jb->err, jb->errcap, "field '%s' ", jb->def->key ? jb->def->key : "");
        if (n >= 0 && (size_t)n < jb->errcap) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(jb->err + n, jb->errcap - (size_t)n, fmt, ap);
            va_end(ap);
        }
    }
    return rc;
}

static int prop_bool(const job *jb, const char *name)
{
    int b = 0;
    if (jb->def->pj)
        lf_json_get_bool(jb->def->pj, jb->def->props, name, &b);
    return b;
}

/* The value as text: a string unescaped, a number as written. */
static int text_of(job *jb, int v, lf_str *s, int numbers_ok)
{
    lf_json_type t = lf_json_type_of(jb->vj, v);
    if (t == LF_JSON_NUMBER && numbers_ok) {
        *s = lf_json_raw(jb->vj, v);
        return LF_OK;
    }
    if (t != LF_JSON_STRING)
        return LF_ETYPE;
    return lf_json_str(jb->vj, v, jb->a, s);
}

static int clean_text(job *jb, lf_str s, size_t max_chars, size_t max_bytes)
{
    if (memchr(s.p, 0, s.n))
        return fail(jb, LF_EINVAL, "must not contain NUL characters");
    long chars = lf_field_utf8_count(s);
    if (chars < 0)
        return fail(jb, LF_EINVAL, "is not valid UTF-8");
    if (max_chars && (size_t)chars > max_chars)
        return fail(jb, LF_ELIMIT, "is longer than %zu characters", max_chars);
    if (max_bytes && s.n > max_bytes)
        return fail(jb, LF_ELIMIT, "is longer than %zu bytes", max_bytes);
    return LF_OK;
}

static int do_text(job *jb, lf_field_kind k)
{
    lf_str s;
    int rc = text_of(jb, jb->v, &s, 1);
    if (rc == LF_ETYPE)
        return fail(jb, LF_EINVAL, "must be a string");
    if (rc)
        return rc;
    size_t max_chars = k == LF_FK_TITLE  ? LF_FIELD_TITLE_CHARS
                       : k == LF_FK_TEXT ? (jb->env->max_text_chars ? jb->env->max_text_chars
                                                                    : LF_FIELD_TEXT_CHARS)
                                         : 0;
    size_t max_bytes = k == LF_FK_LONGTEXT ? (jb->env->max_long_bytes ? jb->env->max_long_bytes
                                                                      : LF_FIELD_LONG_BYTES)
                                           : 0;
    rc = clean_text(jb, s, max_chars, max_bytes);
    if (rc)
        return rc;
    lf_json_escape(&jb->out, s);
    return LF_OK;
}

/* min/max props count when they hold a number or a numeric string. */
static int bound(const job *jb, const char *name, double *out, lf_str *raw)
{
    const lf_json *pj = jb->def->pj;
    if (!pj)
        return 0;
    int v = lf_json_get(pj, jb->def->props, name);
    lf_json_type t = lf_json_type_of(pj, v);
    if (t != LF_JSON_NUMBER && t != LF_JSON_STRING)
        return 0;
    *raw = lf_json_raw(pj, v);
    if (t == LF_JSON_STRING)
        *raw = (lf_str){raw->p + 1, raw->n - 2};
    return lf_number_parse(*raw, out) == LF_OK;
}

static int do_number(job *jb)
{
    lf_str s, raw;
    char norm[LF_NUMBER_STRLEN];
    double d, lim;
    int rc = text_of(jb, jb->v, &s, 1);
    if (rc == LF_ETYPE)
        return fail(jb, LF_EINVAL, "must be a number");
    if (rc)
        return rc;
    rc = lf_number_normalize(s, norm);
    if (rc == LF_ELIMIT)
        return fail(jb, LF_ELIMIT, "is out of range");
    if (rc || lf_number_parse(lf_strz(norm), &d))
        return fail(jb, LF_EINVAL, "must be a number");
    if (bound(jb, "min", &lim, &raw) && d < lim)
        return fail(jb, LF_EINVAL, "must be at least %.*s", (int)raw.n, raw.p);
    if (bound(jb, "max", &lim, &raw) && d > lim)
        return fail(jb, LF_EINVAL, "must be at most %.*s", (int)raw.n, raw.p);
    lf_buf_puts(&jb->out, norm);
    return LF_OK;
}

/* Collects the items of a multi-value (comma-joined string or array of
 * strings) into a comma list; `check` validates and canonicalises each. */
typedef int (*item_fn)(job *jb, lf_str item, lf_str *canon, char *scratch);

static int seen_before(lf_str list, lf_str item)
{
    lf_str rest = list, x;
    if (!list.n)
        return 0;
    while (lf_field_list_next(&rest, &x))
        if (lf_str_eq(x, item))
            return 1;
    return 0;
}

static int add_item(job *jb, lf_str item, item_fn check, int *count)
{
    lf_str canon;
    char scratch[LF_UUID_STRLEN + 1];
    if (!item.n)
        return LF_OK;
    int rc = check(jb, item, &canon, scratch);
    if (rc)
        return rc;
    if (*count && seen_before((lf_str){jb->list.p, jb->list.n}, canon))
        return LF_OK;
    if (*count)
        lf_buf_putc(&jb->list, ',');
    lf_buf_append(&jb->list, canon.p, canon.n);
    (*count)++;
    return LF_OK;
}

static int cleared(job *jb, lf_field_kind k);

static int do_list(job *jb, lf_field_kind k, int multiple, item_fn check, const char *one)
{
    int count = 0, rc;
    lf_str s;
    if (lf_json_type_of(jb->vj, jb->v) == LF_JSON_ARRAY) {
        if (!multiple)
            return fail(jb, LF_EINVAL, "takes %s, not a list", one);
        for (int i = lf_json_first(jb->vj, jb->v); i >= 0; i = lf_json_next(jb->vj, i)) {
            rc = text_of(jb, i, &s, 0);
            if (rc == LF_ETYPE)
                return fail(jb, LF_EINVAL, "must be a list of strings");
            if (rc)
                return rc;
            lf_str rest = s, item;
            while (lf_field_list_next(&rest, &item))
                if ((rc = add_item(jb, item, check, &count)))
                    return rc;
        }
    } else {
        rc = text_of(jb, jb->v, &s, 0);
        if (rc == LF_ETYPE)
            return fail(jb, LF_EINVAL, "must be a string");
        if (rc)
            return rc;
        if (!multiple) {
            lf_str rest = s, item;
            lf_field_list_next(&rest, &item); /* trims */
            if (rest.p || !item.n)
                return fail(jb, LF_EINVAL, "takes %s", one);
            rc = add_item(jb, item, check, &count);
        } else {
            lf_str rest = s, item;
            while (!rc && lf_field_list_next(&rest, &item))
                rc = add_item(jb, item, check, &count);
        }
        if (rc)
            return rc;
    }
    if (count == 0) /* only commas and spaces */
        return cleared(jb, k);
    lf_json_escape(&jb->out, (lf_str){jb->list.p, jb->list.n});
    return LF_OK;
}

static int check_option(job *jb, lf_str item, lf_str *canon, char *scratch)
{
    (void)scratch;
    if (lf_field_option_find(jb->def->pj, jb->def->props, item) < 0) {
        size_t n = lf_field_utf8_prefix(item, 64);
        return fail(jb, LF_EINVAL, "has no option '%.*s'%s", (int)n, item.p,
                    n < item.n ? "..." : "");
    }
    *canon = item;
    return LF_OK;
}

static int check_id(job *jb, lf_str item, lf_str *canon, char *scratch, lf_field_kind k)
{
    const char *what = k == LF_FK_USER ? "user" : "department";
    lf_uuid id;
    if (lf_uuid_parse(item, &id))
        return fail(jb, LF_EINVAL, "must hold %s ids", what);
    lf_uuid_format(&id, scratch);
    if (jb->env->exists) {
        int rc = jb->env->exists(jb->env->ud, k, &id);
        if (rc < 0)
            return fail(jb, rc, "could not be checked");
        if (rc == 0)
            return fail(jb, LF_EINVAL, "names a %s that does not exist: %s", what, scratch);
    }
    *canon = (lf_str){scratch, LF_UUID_STRLEN};
    return LF_OK;
}

static int check_user(job *jb, lf_str item, lf_str *canon, char *scratch)
{
    return check_id(jb, item, canon, scratch, LF_FK_USER);
}

static int check_dept(job *jb, lf_str item, lf_str *canon, char *scratch)
{
    return check_id(jb, item, canon, scratch, LF_FK_DEPT);
}

static int do_when(job *jb, lf_field_kind k)
{
    lf_str s;
    char out[LF_TIME_STRLEN];
    int rc = text_of(jb, jb->v, &s, 0);
    if (rc && rc != LF_ETYPE)
        return rc;
    if (k == LF_FK_DATE) {
        int64_t days, secs;
        int ms;
        if (rc || (lf_date_parse(s, &days) && (s.n <= 10 || lf_datetime_parse(s, 0, &secs, &ms))))
            return fail(jb, LF_EINVAL, "must be a date YYYY-MM-DD");
        snprintf(out, sizeof out, "%.10s", s.p);
    } else if (k == LF_FK_TIME) {
        int secs;
        if (rc || lf_tod_parse(s, &secs))
            return fail(jb, LF_EINVAL, "must be a time HH:MM:SS");
        snprintf(out, sizeof out, "%02d:%02d:%02d", secs / 3600, secs / 60 % 60, secs % 60);
    } else {
        int64_t secs;
        int ms;
        if (rc || lf_datetime_parse(s, jb->env->utc_offset_min, &secs, &ms))
            return fail(jb, LF_EINVAL, "must be a datetime YYYY-MM-DD HH:MM:SS or ISO-8601");
        lf_datetime_format(secs, ms, out);
    }
    lf_buf_putc(&jb->out, '"');
    lf_buf_puts(&jb->out, out);
    lf_buf_putc(&jb->out, '"');
    return LF_OK;
}

/* One file item: file_name and file_path strings, the path kept without its
 * temporary ?token=... query (ENGINE.md 5.2). */
static int file_item(job *jb, const lf_json *fj, int it, int first)
{
    lf_str name, path;
    if (lf_json_type_of(fj, it) != LF_JSON_OBJECT ||
        lf_json_get_str(fj, it, "file_name", jb->a, &name) ||
        lf_json_get_str(fj, it, "file_path", jb->a, &path))
        return fail(jb, LF_EINVAL, "must be a list of {file_name, file_path}");
    const char *q = memchr(path.p, '?', path.n);
    if (q)
        path.n = (size_t)(q - path.p);
    /* checked after the query is cut: "?x" alone would store an empty path
     * that the next save of the same value refuses */
    if (!name.n || !path.n)
        return fail(jb, LF_EINVAL, "must be a list of {file_name, file_path}");
    int rc = clean_text(jb, name, 0, 0);
    if (!rc)
        rc = clean_text(jb, path, 0, 0);
    if (rc)
        return rc;
    if (!first)
        lf_buf_putc(&jb->out, ',');
    lf_buf_puts(&jb->out, "{\"file_name\":");
    lf_json_escape(&jb->out, name);
    lf_buf_puts(&jb->out, ",\"file_path\":");
    lf_json_escape(&jb->out, path);
    lf_buf_putc(&jb->out, '}');
    return LF_OK;
}

static int file_list(job *jb, const lf_json **fj, int *arr)
{
    *fj = jb->vj;
    *arr = jb->v;
    if (lf_json_type_of(jb->vj, jb->v) == LF_JSON_STRING) {
        /* upstream reads the value back as JSON text, so clients echo it */
        lf_str s;
        lf_json *inner = lf_arena_alloc(jb->a, sizeof *inner);
        char perr[64];
        if (!inner)
            return LF_ENOMEM;
        int rc = lf_json_str(jb->vj, jb->v, jb->a, &s);
        if (rc)
            return rc;
        if (lf_json_parse(inner, s.p, s.n, jb->a, 0, perr, sizeof perr))
            return fail(jb, LF_EINVAL, "must be a list of {file_name, file_path}");
        *fj = inner;
        *arr = 0;
    }
    if (lf_json_type_of(*fj, *arr) != LF_JSON_ARRAY)
        return fail(jb, LF_EINVAL, "must be a list of {file_name, file_path}");
    return LF_OK;
}

static int cleared(job *jb, lf_field_kind k)
{
    if (jb->def->required)
        return fail(jb, LF_EINVAL, "is required");
    switch (k) {
    case LF_FK_NUMBER:
    case LF_FK_DATE:
    case LF_FK_TIME:
    case LF_FK_DATETIME: lf_buf_puts(&jb->out, "null"); break;
    case LF_FK_FILE: lf_buf_puts(&jb->out, "[]"); break;
    default: lf_buf_puts(&jb->out, "\"\""); break;
    }
    return LF_OK;
}

static int dispatch(job *jb, lf_field_kind k)
{
    if (k == LF_FK_NONE)
        return fail(jb, LF_ENOTFOUND, "cannot be written");
    if (lf_field_value_empty(jb->vj, jb->v))
        return cleared(jb, k);
    switch (k) {
    case LF_FK_TEXT:
    case LF_FK_LONGTEXT:
    case LF_FK_TITLE: return do_text(jb, k);
    case LF_FK_NUMBER: return do_number(jb);
    case LF_FK_RADIO: return do_list(jb, k, 0, check_option, "one option key");
    case LF_FK_CHECKBOX: return do_list(jb, k, 1, check_option, "option keys");
    case LF_FK_SELECT:
        return do_list(jb, k, prop_bool(jb, "multiple"), check_option, "one option key");
    case LF_FK_USER:
        return do_list(jb, k, prop_bool(jb, "multiple"), check_user, "one user id");
    case LF_FK_DEPT:
        return do_list(jb, k, prop_bool(jb, "multiple"), check_dept, "one department id");
    case LF_FK_DATE:
    case LF_FK_TIME:
    case LF_FK_DATETIME: return do_when(jb, k);
    case LF_FK_FILE: {
        const lf_json *fj;
        int arr, rc = file_list(jb, &fj, &arr);
        if (rc)
            return rc;
        if (lf_json_count(fj, arr) == 0)
            return cleared(jb, k);
        lf_buf_putc(&jb->out, '[');
        int first = 1;
        for (int it = lf_json_first(fj, arr); it >= 0; it = lf_json_next(fj, it), first = 0)
            if ((rc = file_item(jb, fj, it, first)))
                return rc;
        lf_buf_putc(&jb->out, ']');
        return LF_OK;
    }
    default: return fail(jb, LF_ENOTFOUND, "cannot be written");
    }
}

int lf_field_normalize(const lf_field_env *env, const lf_field_def *def, const lf_json *vj,
                       int v, lf_arena *a, lf_str *out, char *err, size_t errcap)
{
    job jb = {env, def, vj, v, a, {0}, {0}, err, errcap};
    lf_buf_init(&jb.out, MAX_OUT);
    lf_buf_init(&jb.list, MAX_OUT);
    int rc = dispatch(&jb, lf_field_kind_of(def->type));
    if (!rc && (jb.out.oom || jb.list.oom))
        rc = fail(&jb, LF_ENOMEM, "is too large");
    if (!rc) {
        char *p = lf_arena_strndup(a, jb.out.p ? jb.out.p : "", jb.out.n);
        if (!p)
            rc = LF_ENOMEM;
        else
            *out = (lf_str){p, jb.out.n};
    }
    lf_buf_free(&jb.out);
    lf_buf_free(&jb.list);
    return rc;
}
