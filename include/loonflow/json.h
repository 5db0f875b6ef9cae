/* json: a reader over jsmn (tokens in an arena, typed getters, paths, clear
 * errors) and a streaming writer with upstream's escaping (ensure_ascii). */
#ifndef LOONFLOW_JSON_H
#define LOONFLOW_JSON_H

#include "loonflow/core.h"

typedef enum lf_json_type {
    LF_JSON_NONE = 0, /* absent (index -1) */
    LF_JSON_OBJECT, LF_JSON_ARRAY, LF_JSON_STRING, LF_JSON_NUMBER,
    LF_JSON_TRUE, LF_JSON_FALSE, LF_JSON_NULL
} lf_json_type;

typedef struct lf_json_tok lf_json_tok;
typedef struct lf_json {
    const char *src;
    size_t len;
    lf_json_tok *tok;
    int ntok;
} lf_json;

/* Parses one complete JSON text (objects, arrays, scalars; strict: trailing
 * garbage, bare words, bad escapes and control characters are errors).
 * Tokens live in the arena. On failure returns LF_EINVAL (or LF_ENOMEM,
 * LF_ELIMIT past max_tokens (<= 0: no limit) or 128 levels of nesting) and
 * writes a short reason into err. */
int lf_json_parse(lf_json *j, const char *src, size_t len, lf_arena *a, int max_tokens,
                  char *err, size_t errcap);
/* The same without a token limit, for a document whose token count is
 * usually at most `guess` (a stored record): tokenized in one pass when the
 * guess holds, in the usual two when it does not. */
int lf_json_parse_guess(lf_json *j, const char *src, size_t len, lf_arena *a, int guess,
                        char *err, size_t errcap);

/* Values are token indexes; the root is 0; -1 means absent. */
lf_json_type lf_json_type_of(const lf_json *j, int v);
const char *lf_json_type_name(lf_json_type t); /* "object", "string", ... */
int lf_json_count(const lf_json *j, int v);    /* array items / object members */
int lf_json_get(const lf_json *j, int obj, const char *key); /* member value or -1 */
int lf_json_at(const lf_json *j, int arr, int i);            /* array item or -1 */
/* Dotted path of keys and array indexes, e.g. "a.b.0.c". */
int lf_json_path(const lf_json *j, int v, const char *path);
/* Iteration: lf_json_first gives the first item (array) or first key
 * (object; its value is key + 1); lf_json_next gives the following sibling.
 * Both return -1 at the end. */
int lf_json_first(const lf_json *j, int v);
int lf_json_next(const lf_json *j, int v);

lf_str lf_json_raw(const lf_json *j, int v); /* exact source text of a value */
/* Typed reads: LF_ENOTFOUND if v is -1, LF_ETYPE on the wrong type. */
/* Unescaped and NUL-terminated; a \u0000 stays inside out->n as a NUL byte. */
int lf_json_str(const lf_json *j, int v, lf_arena *a, lf_str *out);
int lf_json_i64(const lf_json *j, int v, int64_t *out); /* integral numbers only */
int lf_json_f64(const lf_json *j, int v, double *out);
int lf_json_bool(const lf_json *j, int v, int *out);
/* Key-based shorthands for objects. */
int lf_json_get_str(const lf_json *j, int obj, const char *key, lf_arena *a, lf_str *out);
int lf_json_get_i64(const lf_json *j, int obj, const char *key, int64_t *out);
int lf_json_get_bool(const lf_json *j, int obj, const char *key, int *out);
/* Compares a string token with z without unescaping when possible. */
int lf_json_str_eqz(const lf_json *j, int v, const char *z);

/* ---- writer: appends to a buffer; commas and nesting are tracked ---- */
#define LF_JW_MAX_DEPTH 64
typedef struct lf_jw {
    lf_buf *b;
    int depth;
    uint8_t first[LF_JW_MAX_DEPTH]; /* 1 until the first item at that depth */
    int after_key;
    int err; /* too deep or unbalanced: sticks */
} lf_jw;

void lf_jw_init(lf_jw *w, lf_buf *b);
void lf_jw_obj(lf_jw *w);      /* { */
void lf_jw_obj_end(lf_jw *w);  /* } */
void lf_jw_arr(lf_jw *w);      /* [ */
void lf_jw_arr_end(lf_jw *w);  /* ] */
void lf_jw_key(lf_jw *w, const char *key);
void lf_jw_str(lf_jw *w, lf_str s); /* escaped; non-ASCII as \uXXXX */
void lf_jw_strz(lf_jw *w, const char *z);
void lf_jw_i64(lf_jw *w, int64_t v);
void lf_jw_f64(lf_jw *w, double v);
void lf_jw_bool(lf_jw *w, int v);
void lf_jw_null(lf_jw *w);
void lf_jw_raw(lf_jw *w, lf_str json); /* already-valid JSON value */
/* key + value in one call */
void lf_jw_kstr(lf_jw *w, const char *key, lf_str s);
void lf_jw_kstrz(lf_jw *w, const char *key, const char *z);
void lf_jw_ki64(lf_jw *w, const char *key, int64_t v);
void lf_jw_kbool(lf_jw *w, const char *key, int v);
void lf_jw_knull(lf_jw *w, const char *key);
void lf_jw_kraw(lf_jw *w, const char *key, lf_str json);
/* Escapes s as a JSON string (with quotes) onto b, as lf_jw_str does. */
void lf_json_escape(lf_buf *b, lf_str s);

#endif
