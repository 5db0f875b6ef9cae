/* Option keys of select/radio/checkbox components (props.options_with_keys:
 * [{id, label, key}]) and the comma lists that multi-values travel in. */
#include "domain/field_internal.h"
#include "loonflow/fields.h"

#include <string.h>

int lf_field_list_next(lf_str *rest, lf_str *item)
{
    if (!rest->p)
        return 0;
    const char *comma = memchr(rest->p, ',', rest->n);
    size_t n = comma ? (size_t)(comma - rest->p) : rest->n;
    *item = (lf_str){rest->p, n};
    if (comma) {
        rest->p = comma + 1;
        rest->n -= n + 1;
    } else {
        rest->p = NULL;
        rest->n = 0;
    }
    while (item->n && (item->p[0] == ' ' || item->p[0] == '\t')) {
        item->p++;
        item->n--;
    }
    while (item->n && (item->p[item->n - 1] == ' ' || item->p[item->n - 1] == '\t'))
        item->n--;
    return 1;
}

/* Option keys are short generated names; a longer or NUL-bearing key can
 * match none of them. */
#define MAX_KEY 256

int lf_field_option_find(const lf_json *pj, int props, lf_str key)
{
    char z[MAX_KEY + 1];
    if (!pj || key.n > MAX_KEY || memchr(key.p, 0, key.n))
        return -1;
    memcpy(z, key.p, key.n);
    z[key.n] = 0;
    int opts = lf_json_get(pj, props, "options_with_keys");
    if (lf_json_type_of(pj, opts) != LF_JSON_ARRAY)
        return -1;
    for (int o = lf_json_first(pj, opts); o >= 0; o = lf_json_next(pj, o))
        if (lf_json_str_eqz(pj, lf_json_get(pj, o, "key"), z))
            return o;
    return -1;
}

int lf_field_option_labels(const lf_json *pj, int props, lf_str keys, lf_arena *a, lf_str *out)
{
    lf_str rest = keys, item;
    size_t cap = 1, n = 0;
    /* two passes: measure, then copy into one arena block */
    for (int pass = 0; pass < 2; pass++) {
        char *buf = NULL;
        if (pass) {
            buf = lf_arena_alloc(a, cap);
            if (!buf)
                return LF_ENOMEM;
        }
        rest = keys;
        n = 0;
        int first = 1;
        while (lf_field_list_next(&rest, &item)) {
            if (!item.n)
                continue;
            lf_str label = item;
            int o = lf_field_option_find(pj, props, item);
            if (o >= 0 && lf_json_str(pj, lf_json_get(pj, o, "label"), a, &label))
                label = item;
            if (!first) {
                if (pass)
                    buf[n] = ',';
                n++;
            }
            if (pass)
                memcpy(buf + n, label.p, label.n);
            n += label.n;
            first = 0;
        }
        if (pass) {
            buf[n] = 0;
            *out = (lf_str){buf, n};
        }
        cap = n + 1;
    }
    return LF_OK;
}
