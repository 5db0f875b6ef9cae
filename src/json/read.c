/* Reader core: jsmn tokenizes, then one linear walk over the tokens and the
 * bytes between them enforces the RFC 8259 grammar where jsmn is lax
 * (separators, trailing commas, number and literal syntax, control
 * characters) and links siblings so that iteration is O(1) per step. */
#include "loonflow/json.h"

#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define JSMN_STATIC
#define JSMN_STRICT
#define JSMN_PARENT_LINKS
#include <jsmn.h>

/* Parent links make jsmn close a bracket in O(depth) rather than by scanning
 * back over every token. They are not needed once it is done, so the walk
 * reuses t.parent for the index of the next sibling (-1 after the last) and
 * rewrites t.size as the item (array) or member (object) count. */
struct lf_json_tok {
    jsmntok_t t;
};

/* Bounds the walk's fixed stack; no request body of ours nests this deep. */
#define JSON_MAX_DEPTH 128
#define SMALL_DOC 1024 /* bytes: tokenized in one pass (see lf_json_parse) */

enum { EXPECT_FIRST, EXPECT_ITEM, EXPECT_COLON, EXPECT_VALUE, EXPECT_SEP, DONE };

typedef struct frame {
    int tok;   /* container token; -1 for the document itself */
    int last;  /* last item or key linked so far, -1 before the first */
    int count;
    char kind; /* '{', '[' or 0 for the document */
    char state;
} frame;

typedef struct walk {
    lf_json_tok *tok;
    const char *s;
    size_t pos;
    int depth;
    char *err;
    size_t errcap;
    frame st[JSON_MAX_DEPTH + 1];
} walk;

static int set_err(char *err, size_t errcap, int rc, const char *msg)
{
    if (errcap)
        snprintf(err, errcap, "%s", msg);
    return rc;
}

static int fail_at(walk *w, size_t off)
{
    if (w->errcap)
        snprintf(w->err, w->errcap, "invalid JSON at offset %zu", off);
    return LF_EINVAL;
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int digits(const char *p, size_t n, size_t *i)
{
    size_t start = *i;
    while (*i < n && p[*i] >= '0' && p[*i] <= '9')
        (*i)++;
    return *i > start;
}

static int valid_number(const char *p, size_t n)
{
    size_t i = 0;
    if (i < n && p[i] == '-')
        i++;
    if (i < n && p[i] == '0')
        i++;
    else if (!(i < n && p[i] >= '1' && p[i] <= '9') || !digits(p, n, &i))
        return 0;
    if (i < n && p[i] == '.') {
        i++;
        if (!digits(p, n, &i))
            return 0;
    }
    if (i < n && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < n && (p[i] == '+' || p[i] == '-'))
            i++;
        if (!digits(p, n, &i))
            return 0;
    }
    return i == n;
}

static int valid_primitive(const char *p, size_t n)
{
    switch (p[0]) {
    case 't': return n == 4 && memcmp(p, "true", 4) == 0;
    case 'f': return n == 5 && memcmp(p, "false", 5) == 0;
    case 'n': return n == 4 && memcmp(p, "null", 4) == 0;
    default: return valid_number(p, n);
    }
}

/* Checks a scalar token and moves past it; jsmn has already checked the
 * escapes of strings but lets raw control characters through. */
static int scalar(walk *w, const jsmntok_t *t)
{
    const char *p = w->s + t->start;
    size_t n = (size_t)(t->end - t->start);
    if (t->type == JSMN_STRING) {
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)p[i] < 0x20)
                return fail_at(w, (size_t)t->start + i);
        w->pos = (size_t)t->end + 1;
    } else {
        if (!valid_primitive(p, n))
            return fail_at(w, (size_t)t->start);
        w->pos = (size_t)t->end;
    }
    return LF_OK;
}

static void item_done(frame *f)
{
    f->state = f->kind ? EXPECT_SEP : DONE;
}

static void link_item(walk *w, frame *f, int i)
{
    if (f->last >= 0)
        w->tok[f->last].t.parent = i;
    f->last = i;
    f->count++;
}

/* Consumes whitespace and punctuation in [w->pos, to), driving the frames. */
static int gap(walk *w, size_t to)
{
    for (; w->pos < to; w->pos++) {
        char c = w->s[w->pos];
        frame *f = &w->st[w->depth];
        if (is_ws(c))
            continue;
        if (f->state == DONE)
            return set_err(w->err, w->errcap, LF_EINVAL, "trailing characters after JSON value");
        if (c == ',' && f->kind && f->state == EXPECT_SEP) {
            f->state = EXPECT_ITEM;
        } else if (c == ':' && f->state == EXPECT_COLON) {
            f->state = EXPECT_VALUE;
        } else if ((c == '}' || c == ']') && f->kind == (c == '}' ? '{' : '[') &&
                   (f->state == EXPECT_FIRST || f->state == EXPECT_SEP) &&
                   (size_t)w->tok[f->tok].t.end == w->pos + 1) {
            w->tok[f->tok].t.size = f->count;
            w->depth--;
            item_done(&w->st[w->depth]);
        } else {
            return fail_at(w, w->pos);
        }
    }
    return LF_OK;
}

static int token(walk *w, int i)
{
    jsmntok_t *t = &w->tok[i].t;
    size_t at = (size_t)t->start - (t->type == JSMN_STRING);
    int rc = gap(w, at);
    if (rc)
        return rc;
    frame *f = &w->st[w->depth];
    t->parent = -1;
    if (f->state == DONE)
        return set_err(w->err, w->errcap, LF_EINVAL, "trailing characters after JSON value");
    if (f->kind == '{' && (f->state == EXPECT_FIRST || f->state == EXPECT_ITEM)) {
        if (t->type != JSMN_STRING)
            return fail_at(w, at);
        link_item(w, f, i);
        f->state = EXPECT_COLON;
        return scalar(w, t);
    }
    if (f->state == EXPECT_COLON || f->state == EXPECT_SEP)
        return fail_at(w, at);
    if (f->kind == '[')
        link_item(w, f, i);
    if (t->type == JSMN_STRING || t->type == JSMN_PRIMITIVE) {
        item_done(f);
        return scalar(w, t);
    }
    if (w->depth == JSON_MAX_DEPTH)
        return set_err(w->err, w->errcap, LF_ELIMIT, "JSON nested too deeply");
    w->st[++w->depth] = (frame){i, -1, 0, t->type == JSMN_OBJECT ? '{' : '[', EXPECT_FIRST};
    w->pos = at + 1;
    return LF_OK;
}

static int validate(walk *w, int ntok, size_t len)
{
    w->st[0] = (frame){-1, -1, 0, 0, EXPECT_ITEM};
    for (int i = 0; i < ntok; i++) {
        int rc = token(w, i);
        if (rc)
            return rc;
    }
    int rc = gap(w, len);
    if (rc)
        return rc;
    if (w->depth || w->st[0].state != DONE)
        return set_err(w->err, w->errcap, LF_EINVAL, "unexpected end of JSON input");
    return LF_OK;
}

static int jsmn_fail(int r, const jsmn_parser *p, char *err, size_t errcap)
{
    if (r == JSMN_ERROR_PART)
        return set_err(err, errcap, LF_EINVAL, "unexpected end of JSON input");
    if (errcap)
        snprintf(err, errcap, "invalid JSON at offset %u", p->pos);
    return LF_EINVAL;
}

/* A small document (a stored record, a typical request body) cannot hold
 * more than len/2 + 2 tokens: it gets that many and is tokenized in one pass.
 * Larger ones are counted first so the arena holds exactly what they need. */
static int tokenize(const char *src, size_t len, lf_arena *a, int max_tokens, int guess,
                    lf_json_tok **out, int *ntok_out, char *err, size_t errcap)
{
    jsmn_parser p;
    int cap = (int)len / 2 + 2;
    int one_pass = len <= SMALL_DOC && (max_tokens <= 0 || cap <= max_tokens);
    if (!one_pass && guess > 0 && guess < cap) {
        /* A guess too small costs its tokens' room in the arena and a restart. */
        lf_json_tok *tok = lf_arena_alloc(a, (size_t)guess * sizeof *tok);
        if (!tok)
            return set_err(err, errcap, LF_ENOMEM, "out of memory parsing JSON");
        jsmn_init(&p);
        int ntok = jsmn_parse(&p, src, len, &tok->t, (unsigned)guess);
        if (ntok >= 0) {
            *out = tok;
            *ntok_out = ntok;
            return LF_OK;
        }
        if (ntok != JSMN_ERROR_NOMEM)
            return jsmn_fail(ntok, &p, err, errcap);
    }
    if (!one_pass) {
        jsmn_init(&p);
        cap = jsmn_parse(&p, src, len, NULL, 0);
        if (cap < 0)
            return jsmn_fail(cap, &p, err, errcap);
        if (max_tokens > 0 && cap > max_tokens)
            return set_err(err, errcap, LF_ELIMIT, "too many JSON tokens");
    }
    lf_json_tok *tok = NULL;
    if ((size_t)cap <= SIZE_MAX / sizeof *tok)
        tok = lf_arena_alloc(a, (size_t)cap * sizeof *tok);
    if (!tok)
        return set_err(err, errcap, LF_ENOMEM, "out of memory parsing JSON");
    jsmn_init(&p);
    int ntok = jsmn_parse(&p, src, len, &tok->t, (unsigned)cap);
    if (ntok < 0)
        return jsmn_fail(ntok, &p, err, errcap);
    if (max_tokens > 0 && ntok > max_tokens)
        return set_err(err, errcap, LF_ELIMIT, "too many JSON tokens");
    *out = tok;
    *ntok_out = ntok;
    return LF_OK;
}

static int parse(lf_json *j, const char *src, size_t len, lf_arena *a, int max_tokens, int guess,
                 char *err, size_t errcap)
{
    *j = (lf_json){src, len, NULL, 0};
    if (errcap)
        err[0] = 0;
    size_t first = 0;
    while (first < len && is_ws(src[first]))
        first++;
    if (first == len)
        return set_err(err, errcap, LF_EINVAL, "empty body");
    if (len > INT_MAX)
        return set_err(err, errcap, LF_ELIMIT, "JSON body too large");
    /* jsmn stops silently at a NUL byte; no valid document contains one. */
    const char *nul = memchr(src, 0, len);
    if (nul) {
        if (errcap)
            snprintf(err, errcap, "invalid JSON at offset %zu", (size_t)(nul - src));
        return LF_EINVAL;
    }

    /* Strict jsmn wants a delimiter after every primitive, so a bare scalar
     * document ("42", "true") is tokenized here as the whole non-blank run. */
    char c = src[first];
    int structured = c == '{' || c == '[' || c == '"';
    lf_json_tok *tok = NULL; /* set on every path; GCC 12 -Os cannot see it */
    int ntok = 1;
    if (structured) {
        int rc = tokenize(src, len, a, max_tokens, guess, &tok, &ntok, err, errcap);
        if (rc)
            return rc;
    } else {
        tok = lf_arena_alloc(a, sizeof *tok);
        if (!tok)
            return set_err(err, errcap, LF_ENOMEM, "out of memory parsing JSON");
        size_t end = first;
        while (end < len && !is_ws(src[end]))
            end++;
        tok->t = (jsmntok_t){JSMN_PRIMITIVE, (int)first, (int)end, 0, -1};
    }

    walk w = {.tok = tok, .s = src, .err = err, .errcap = errcap};
    int rc = validate(&w, ntok, len);
    if (rc)
        return rc;
    j->tok = tok;
    j->ntok = ntok;
    return LF_OK;
}

int lf_json_parse(lf_json *j, const char *src, size_t len, lf_arena *a, int max_tokens,
                  char *err, size_t errcap)
{
    return parse(j, src, len, a, max_tokens, 0, err, errcap);
}

int lf_json_parse_guess(lf_json *j, const char *src, size_t len, lf_arena *a, int guess,
                        char *err, size_t errcap)
{
    return parse(j, src, len, a, 0, guess, err, errcap);
}

static const jsmntok_t *get(const lf_json *j, int v)
{
    return v >= 0 && v < j->ntok ? &j->tok[v].t : NULL;
}

lf_json_type lf_json_type_of(const lf_json *j, int v)
{
    const jsmntok_t *t = get(j, v);
    if (!t)
        return LF_JSON_NONE;
    switch (t->type) {
    case JSMN_OBJECT: return LF_JSON_OBJECT;
    case JSMN_ARRAY: return LF_JSON_ARRAY;
    case JSMN_STRING: return LF_JSON_STRING;
    default: break;
    }
    switch (j->src[t->start]) {
    case 't': return LF_JSON_TRUE;
    case 'f': return LF_JSON_FALSE;
    case 'n': return LF_JSON_NULL;
    default: return LF_JSON_NUMBER;
    }
}

int lf_json_count(const lf_json *j, int v)
{
    const jsmntok_t *t = get(j, v);
    return t && (t->type == JSMN_OBJECT || t->type == JSMN_ARRAY) ? t->size : 0;
}

int lf_json_first(const lf_json *j, int v)
{
    return lf_json_count(j, v) > 0 ? v + 1 : -1;
}

int lf_json_next(const lf_json *j, int v)
{
    const jsmntok_t *t = get(j, v);
    return t ? t->parent : -1;
}

int lf_json_at(const lf_json *j, int arr, int i)
{
    if (lf_json_type_of(j, arr) != LF_JSON_ARRAY || i < 0)
        return -1;
    int v = lf_json_first(j, arr);
    while (v >= 0 && i-- > 0)
        v = lf_json_next(j, v);
    return v;
}

lf_str lf_json_raw(const lf_json *j, int v)
{
    const jsmntok_t *t = get(j, v);
    if (!t)
        return (lf_str){"", 0};
    int quoted = t->type == JSMN_STRING;
    return (lf_str){j->src + t->start - quoted, (size_t)(t->end - t->start + 2 * quoted)};
}
