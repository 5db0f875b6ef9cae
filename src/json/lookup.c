/* Lookups by key, index and dotted path, and the typed key shorthands. */
#include "json/unescape.h"

#include <string.h>

const char *lf_json_type_name(lf_json_type t)
{
    switch (t) {
    case LF_JSON_OBJECT: return "object";
    case LF_JSON_ARRAY: return "array";
    case LF_JSON_STRING: return "string";
    case LF_JSON_NUMBER: return "number";
    case LF_JSON_TRUE:
    case LF_JSON_FALSE: return "boolean";
    case LF_JSON_NULL: return "null";
    default: return "absent";
    }
}

/* Every key is compared so that a duplicate's last value wins, as in Python. */
static int get_n(const lf_json *j, int obj, const char *key, size_t n)
{
    if (lf_json_type_of(j, obj) != LF_JSON_OBJECT)
        return -1;
    int found = -1;
    for (int k = lf_json_first(j, obj); k >= 0; k = lf_json_next(j, k))
        if (lf_json_str_eqn(j, k, key, n))
            found = k + 1;
    return found;
}

int lf_json_get(const lf_json *j, int obj, const char *key)
{
    return get_n(j, obj, key, strlen(key));
}

static int index_of(const char *p, size_t n)
{
    if (n == 0 || n > 9)
        return -1;
    int i = 0;
    for (size_t k = 0; k < n; k++) {
        if (p[k] < '0' || p[k] > '9')
            return -1;
        i = i * 10 + (p[k] - '0');
    }
    return i;
}

int lf_json_path(const lf_json *j, int v, const char *path)
{
    if (!*path)
        return v;
    for (;;) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (lf_json_type_of(j, v) == LF_JSON_ARRAY)
            v = lf_json_at(j, v, index_of(path, n));
        else
            v = get_n(j, v, path, n);
        if (v < 0 || !dot)
            return v;
        path = dot + 1;
    }
}

int lf_json_bool(const lf_json *j, int v, int *out)
{
    switch (lf_json_type_of(j, v)) {
    case LF_JSON_NONE: return LF_ENOTFOUND;
    case LF_JSON_TRUE: *out = 1; return LF_OK;
    case LF_JSON_FALSE: *out = 0; return LF_OK;
    default: return LF_ETYPE;
    }
}

int lf_json_get_str(const lf_json *j, int obj, const char *key, lf_arena *a, lf_str *out)
{
    return lf_json_str(j, lf_json_get(j, obj, key), a, out);
}

int lf_json_get_i64(const lf_json *j, int obj, const char *key, int64_t *out)
{
    return lf_json_i64(j, lf_json_get(j, obj, key), out);
}

int lf_json_get_bool(const lf_json *j, int obj, const char *key, int *out)
{
    return lf_json_bool(j, lf_json_get(j, obj, key), out);
}
