/* Query strings and percent-decoding on arbitrary bytes: decoded pairs are
 * never longer than their source and never hold a NUL. */
#include "fuzz.h"
#include "loonflow/http.h"

#include <string.h>

static lf_arena arena;
static int ready;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) {
        lf_arena_init(&arena, 1 << 14, 64u << 20);
        ready = 1;
    }
    lf_str q = {(const char *)data, size};
    lf_query_iter it;
    lf_query_iter_init(&it, q);
    lf_str k, v;
    int rc, pairs = 0;
    while ((rc = lf_query_next(&it, &arena, &k, &v)) == 1) {
        FUZZ_ASSERT(k.n + v.n <= size);
        FUZZ_ASSERT(!memchr(k.p, 0, k.n) && !memchr(v.p, 0, v.n));
        FUZZ_ASSERT(++pairs <= (int)size);
    }
    FUZZ_ASSERT(rc == 0 || rc == LF_EINVAL || rc == LF_ENOMEM);
    static const char *const names[] = {"a", "user_ids", "user_ids[]", "page", ""};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        rc = lf_query_get(q, names[i], &arena, &v);
        FUZZ_ASSERT(rc == LF_OK || rc == LF_ENOTFOUND || rc == LF_EINVAL || rc == LF_ENOMEM);
        if (rc == LF_OK)
            FUZZ_ASSERT(!memchr(v.p, 0, v.n));
    }
    char *out = malloc(size + 1);
    if (out) {
        size_t n;
        for (int plus = 0; plus < 2; plus++)
            if (lf_http_pct_decode(q, out, &n, plus) == LF_OK)
                FUZZ_ASSERT(n <= size);
        free(out);
    }
    lf_arena_reset(&arena);
    return 0;
}
