/* The route matcher: '/'-separated segments, "<name>" for any non-empty
 * segment, and literals preferred over parameters. */
#include "loonflow/http.h"

#include <string.h>

static const char *pattern_at(const void *table, size_t i, size_t stride)
{
    const char *p;
    memcpy(&p, (const char *)table + i * stride, sizeof p);
    return p;
}

static int is_param(const char *seg, size_t n)
{
    return n >= 2 && seg[0] == '<' && seg[n - 1] == '>';
}

static size_t seg_end(const char *p, size_t i, size_t n)
{
    while (i < n && p[i] != '/')
        i++;
    return i;
}

/* A pattern with more parameters than a match can hold never matches, so
 * the mistake shows in the first test rather than as a missing id. */
static int match(const char *pat, lf_str path, lf_route_match *m)
{
    size_t pn = strlen(pat), i = 1, j = 1;
    m->nparams = 0;
    if (pn == 0 || pat[0] != '/' || path.n == 0 || path.p[0] != '/')
        return 0;
    for (;;) {
        size_t pe = seg_end(pat, i, pn), se = seg_end(path.p, j, path.n);
        if (is_param(pat + i, pe - i)) {
            if (se == j || m->nparams == LF_ROUTE_MAX_PARAMS)
                return 0;
            m->params[m->nparams++] = (lf_str){path.p + j, se - j};
        } else if (pe - i != se - j || memcmp(pat + i, path.p + j, pe - i) != 0) {
            return 0;
        }
        if (pe == pn || se == path.n)
            return pe == pn && se == path.n;
        i = pe + 1;
        j = se + 1;
    }
}

/* Both patterns matched the same path, so they have the same segments; a
 * wins when it has a literal where b first has a parameter. */
static int beats(const char *a, const char *b)
{
    size_t an = strlen(a), bn = strlen(b), i = 1, j = 1;
    while (i <= an && j <= bn) {
        size_t ae = seg_end(a, i, an), be = seg_end(b, j, bn);
        int ap = is_param(a + i, ae - i), bp = is_param(b + j, be - j);
        if (ap != bp)
            return bp;
        i = ae + 1;
        j = be + 1;
    }
    return 0;
}

int lf_route_find(const void *table, size_t n, size_t stride, lf_str path, lf_route_match *m)
{
    const char *best = NULL;
    lf_route_match t = {.index = -1};
    m->index = -1;
    m->nparams = 0;
    for (size_t i = 0; i < n; i++) {
        const char *p = pattern_at(table, i, stride);
        if (p && match(p, path, &t) && (!best || beats(p, best))) {
            best = p;
            *m = t;
            m->index = (int)i;
        }
    }
    return best ? LF_OK : LF_ENOTFOUND;
}
