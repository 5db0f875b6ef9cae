/* {key} templates of automatic titles and notifications. Upstream runs
 * Python's str.format and fails with a 500 on an unknown key; we leave what
 * we cannot fill as it was written (DECISIONS "Notifications"). */
#include "domain/field_internal.h"
#include "loonflow/fields.h"

#include <string.h>

/* Bounds the rendered text; templates are short and values are field-sized. */
#define MAX_RENDER (4u * 1024 * 1024)

int lf_template_render(lf_str tmpl, lf_template_lookup_fn lookup, void *ud, size_t max_chars,
                       lf_arena *a, lf_str *out)
{
    lf_buf b;
    lf_buf_init(&b, MAX_RENDER);
    size_t i = 0;
    while (i < tmpl.n) {
        char c = tmpl.p[i];
        if ((c == '{' || c == '}') && i + 1 < tmpl.n && tmpl.p[i + 1] == c) {
            lf_buf_putc(&b, c);
            i += 2;
            continue;
        }
        if (c == '{') {
            /* the scan for '}' stops at the next '{': linear overall */
            const char *from = tmpl.p + i + 1, *end_p = tmpl.p + tmpl.n;
            const char *open = memchr(from, '{', (size_t)(end_p - from));
            const char *close = memchr(from, '}', (size_t)((open ? open : end_p) - from));
            if (close) {
                lf_str key = {tmpl.p + i + 1, (size_t)(close - tmpl.p) - i - 1}, val;
                size_t end = (size_t)(close - tmpl.p) + 1;
                if (key.n && lookup && lookup(ud, key, &val) == 1)
                    lf_buf_append(&b, val.p, val.n);
                else
                    lf_buf_append(&b, tmpl.p + i, end - i);
                i = end;
                continue;
            }
        }
        lf_buf_putc(&b, c);
        i++;
    }
    int rc = LF_OK;
    lf_str s = {b.p ? b.p : "", b.n};
    if (max_chars)
        s.n = lf_field_utf8_prefix(s, max_chars);
    char *p = b.oom ? NULL : lf_arena_strndup(a, s.p, s.n);
    if (p)
        *out = (lf_str){p, s.n};
    else
        rc = LF_ENOMEM;
    lf_buf_free(&b);
    return rc;
}
