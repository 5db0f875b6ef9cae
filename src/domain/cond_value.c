/* JSON field values in the text form the comparisons read (cond.h). */
#include "loonflow/cond.h"

#include <string.h>

int lf_cond_json_text(const lf_json *j, int v, lf_arena *a, lf_str *out)
{
    switch (lf_json_type_of(j, v)) {
    case LF_JSON_STRING: return lf_json_str(j, v, a, out) == LF_OK ? 1 : LF_ENOMEM;
    case LF_JSON_NUMBER: *out = lf_json_raw(j, v); return 1;
    case LF_JSON_TRUE: *out = (lf_str){"true", 4}; return 1;
    case LF_JSON_FALSE: *out = (lf_str){"false", 5}; return 1;
    case LF_JSON_ARRAY: break;
    default: return 0;
    }
    /* the joined text is never longer than the array's source */
    lf_str raw = lf_json_raw(j, v);
    char *buf = lf_arena_alloc(a, raw.n + 1);
    size_t n = 0;
    if (!buf)
        return LF_ENOMEM;
    for (int it = lf_json_first(j, v); it >= 0; it = lf_json_next(j, it)) {
        lf_str s;
        lf_json_type t = lf_json_type_of(j, it);
        if (t == LF_JSON_STRING) {
            if (lf_json_str(j, it, a, &s))
                return LF_ENOMEM;
        } else if (t == LF_JSON_NUMBER) {
            s = lf_json_raw(j, it);
        } else {
            continue;
        }
        if (n)
            buf[n++] = ',';
        memcpy(buf + n, s.p, s.n);
        n += s.n;
    }
    buf[n] = 0;
    *out = (lf_str){buf, n};
    return 1;
}
