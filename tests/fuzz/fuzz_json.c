/* The JSON reader on arbitrary bytes. An accepted document is walked with
 * every getter, written back with the writer, and the copy must parse again
 * with the same shape. */
#include "fuzz.h"
#include "loonflow/json.h"

#include <string.h>

static lf_arena arena;
static int ready;

static void walk(const lf_json *j, int v, lf_jw *w, int depth)
{
    lf_str s;
    int64_t i;
    double d;
    int b;
    FUZZ_ASSERT(depth <= 200);
    switch (lf_json_type_of(j, v)) {
    case LF_JSON_OBJECT:
        lf_jw_obj(w);
        for (int k = lf_json_first(j, v); k >= 0; k = lf_json_next(j, k)) {
            FUZZ_ASSERT(lf_json_str(j, k, &arena, &s) == LF_OK);
            lf_jw_key(w, s.p); /* a key with a NUL is cut there: still a key */
            walk(j, k + 1, w, depth + 1);
        }
        lf_jw_obj_end(w);
        break;
    case LF_JSON_ARRAY:
        lf_jw_arr(w);
        for (int k = lf_json_first(j, v); k >= 0; k = lf_json_next(j, k))
            walk(j, k, w, depth + 1);
        lf_jw_arr_end(w);
        break;
    case LF_JSON_STRING:
        FUZZ_ASSERT(lf_json_str(j, v, &arena, &s) == LF_OK);
        lf_jw_str(w, s);
        break;
    case LF_JSON_NUMBER:
        lf_json_i64(j, v, &i);
        lf_json_f64(j, v, &d);
        lf_jw_raw(w, lf_json_raw(j, v));
        break;
    case LF_JSON_TRUE:
    case LF_JSON_FALSE:
        FUZZ_ASSERT(lf_json_bool(j, v, &b) == LF_OK);
        lf_jw_bool(w, b);
        break;
    case LF_JSON_NULL: lf_jw_null(w); break;
    default: FUZZ_ASSERT(0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) {
        lf_arena_init(&arena, 1 << 16, 256u << 20);
        ready = 1;
    }
    lf_json j;
    char err[128];
    int rc = lf_json_parse(&j, (const char *)data, size, &arena, 0, err, sizeof err);
    if (rc == LF_OK) {
        lf_json_path(&j, 0, "a.0.b");
        lf_json_get(&j, 0, "id");
        lf_json_at(&j, 0, 3);
        lf_str s;
        lf_json_get_str(&j, 0, "name", &arena, &s);
        lf_json_str_eqz(&j, 0, "x");
        lf_buf b;
        lf_buf_init(&b, 0);
        lf_jw w;
        lf_jw_init(&w, &b);
        /* the writer nests at most LF_JW_MAX_DEPTH levels; deeper ones stick w.err */
        walk(&j, 0, &w, 0);
        if (!w.err && !b.oom) {
            lf_json k;
            FUZZ_ASSERT(lf_json_parse(&k, b.p, b.n, &arena, 0, err, sizeof err) == LF_OK);
            FUZZ_ASSERT(lf_json_type_of(&k, 0) == lf_json_type_of(&j, 0));
            FUZZ_ASSERT(lf_json_count(&k, 0) <= lf_json_count(&j, 0));
        }
        lf_buf_free(&b);
    } else {
        FUZZ_ASSERT(rc == LF_EINVAL || rc == LF_ELIMIT || rc == LF_ENOMEM);
    }
    lf_arena_reset(&arena);
    return 0;
}
