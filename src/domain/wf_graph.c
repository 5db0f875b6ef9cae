/* The compiled graph of a workflow version: what the ticket engine walks.
 * Built once from the stored design into one arena (so it is freed in one
 * go) and cached by (version id, rev). An in-place save gives the version a
 * new random rev, so a stale entry can never be served, even when the save's
 * transaction aborted after the graph was compiled inside it. */
#include "wf_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct box {
    lf_wf_graph g; /* first: a graph pointer is a box pointer */
    lf_arena arena;
    int refs;
    int cached;
    uint64_t used; /* LRU tick */
} box;

#define CACHE_SLOTS 32
#define CACHE_MAX_BYTES (8u << 20)

/* Touched from the event-loop thread only (see workflow.h). */
static box *cache[CACHE_SLOTS];
static uint64_t tick;

static const char *const ntypes[] = {"start", "normal", "end", "parallel", "exclusive", "timer",
                                     "hook"};
static const char *const etypes[] = {"agree", "reject", "other", "condition"};
static const char *const fperm_names[] = {"hidden", "readonly", "optional", "required"};

const char *lf_wf_fperm_name(lf_wf_fperm p)
{
    return fperm_names[p];
}

static int enum_of(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static const char *dup(lf_arena *a, const char *s)
{
    return lf_arena_strndup(a, s, strlen(s));
}

static const char *raw_dup(lf_arena *a, const lf_json *j, int v)
{
    if (v < 0)
        return "{}";
    lf_str r = lf_json_raw(j, v);
    return lf_arena_strndup(a, r.p, r.n);
}

static const char *prop_str(lf_arena *a, const lf_json *j, int props, const char *key)
{
    lf_str s;
    if (props >= 0 && lf_json_get_str(j, props, key, a, &s) == LF_OK)
        return s.p;
    return "";
}

static int prop_bool(const lf_json *j, int props, const char *key)
{
    int b = 0;
    if (props >= 0)
        lf_json_get_bool(j, props, key, &b);
    return b;
}

static int compile_comps(const lf_wf_design *d, lf_wf_graph *g, lf_arena *a)
{
    lf_wf_gcomp *c = lf_arena_alloc(a, sizeof *c * (size_t)(d->ncomps + 1));
    if (!c)
        return LF_ENOMEM;
    for (int i = 0; i < d->ncomps; i++) {
        const lf_wf_comp *s = &d->comps[i];
        lf_uuid_parse(lf_strz(s->id), &c[i].id);
        c[i].id_text = dup(a, s->id);
        c[i].type = dup(a, s->type);
        c[i].key = dup(a, s->key);
        c[i].name = dup(a, s->name);
        c[i].description = dup(a, s->description);
        c[i].props = raw_dup(a, d->j, s->props);
        c[i].layout = raw_dup(a, d->j, s->layout);
        c[i].label = raw_dup(a, d->j, s->label);
        c[i].parent = s->parent;
        c[i].index = i;
        if (!c[i].id_text || !c[i].type || !c[i].key || !c[i].name || !c[i].description ||
            !c[i].props || !c[i].layout || !c[i].label)
            return LF_ENOMEM;
    }
    g->comps = c;
    g->ncomps = d->ncomps;
    return LF_OK;
}

static int comp_index(const lf_wf_graph *g, lf_str key)
{
    for (int i = 0; i < g->ncomps; i++)
        if (g->comps[i].parent >= 0 && lf_str_eqz(key, g->comps[i].key))
            return i;
    return -1;
}

static int compile_fp(const lf_wf_design *d, const lf_wf_node *s, lf_wf_gnode *n,
                      const lf_wf_graph *g, lf_arena *a)
{
    int cnt = s->fp < 0 ? 0 : lf_json_count(d->j, s->fp);
    lf_wf_fp *fp = lf_arena_alloc(a, sizeof *fp * (size_t)(cnt + 1));
    if (!fp)
        return LF_ENOMEM;
    n->nfp = 0;
    for (int k = cnt ? lf_json_first(d->j, s->fp) : -1; k >= 0; k = lf_json_next(d->j, k)) {
        lf_str key, val;
        if (lf_json_str(d->j, k, a, &key) || lf_json_str(d->j, k + 1, a, &val))
            continue;
        int ci = comp_index(g, key), p = enum_of(val.p, fperm_names, 4);
        if (ci >= 0 && p >= 0)
            fp[n->nfp++] = (lf_wf_fp){ci, (lf_wf_fperm)p};
    }
    n->fp = fp;
    return LF_OK;
}

static int compile_nodes(const lf_wf_design *d, const wf_links *l, lf_wf_graph *g, lf_arena *a)
{
    lf_wf_gnode *n = lf_arena_alloc(a, sizeof *n * (size_t)(d->nnodes + 1));
    int *out = lf_arena_alloc(a, sizeof(int) * (size_t)(d->nedges + 1));
    if (!n || !out)
        return LF_ENOMEM;
    memset(n, 0, sizeof *n * (size_t)(d->nnodes + 1));
    g->start = g->end = -1;
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *s = &d->nodes[i];
        int64_t delay = 0;
        lf_uuid_parse(lf_strz(s->id), &n[i].id);
        n[i].id_text = dup(a, s->id);
        n[i].name = dup(a, s->name);
        n[i].type_text = dup(a, s->type);
        int nt = enum_of(s->type, ntypes, 7);
        if (nt < 0) /* validation let an unknown type through */
            return LF_EINVAL;
        n[i].type = (lf_wf_ntype)nt;
        n[i].props = raw_dup(a, d->j, s->props);
        n[i].layout = raw_dup(a, d->j, s->layout);
        n[i].label = raw_dup(a, d->j, s->label);
        n[i].assignee_type = prop_str(a, d->j, s->props, "assignee_type");
        n[i].assignee = prop_str(a, d->j, s->props, "assignee");
        n[i].assignment_strategy = prop_str(a, d->j, s->props, "assignment_strategy");
        n[i].external_token = prop_str(a, d->j, s->props, "external_token");
        n[i].hook_url = prop_str(a, d->j, s->props, "hook_url");
        n[i].hook_token = prop_str(a, d->j, s->props, "hook_token");
        n[i].is_async = prop_bool(d->j, s->props, "is_async");
        n[i].allow_withdraw = prop_bool(d->j, s->props, "allow_withdraw");
        if (s->props >= 0)
            lf_json_get_i64(d->j, s->props, "delay_seconds", &delay);
        n[i].delay_seconds = delay;
        n[i].index = i;
        n[i].merge = -1;
        n[i].default_branch = -1;
        if (!n[i].id_text || !n[i].name || !n[i].type_text || !n[i].props || !n[i].layout ||
            !n[i].label)
            return LF_ENOMEM;
        int rc = compile_fp(d, s, &n[i], g, a);
        if (rc)
            return rc;
        n[i].out = out + l->start[i];
        n[i].nout = l->start[i + 1] - l->start[i];
        for (int k = l->start[i]; k < l->start[i + 1]; k++)
            out[k] = l->edge[k];
        if (n[i].type == LF_WFN_START && g->start < 0)
            g->start = i;
        if (n[i].type == LF_WFN_END && g->end < 0)
            g->end = i;
        if (n[i].type == LF_WFN_PARALLEL)
            n[i].merge = lf_wf_parallel_merge(&l->adj, i);
        for (int e = 0; e < d->nedges && *s->default_branch; e++)
            if (l->src[e] == i && strcmp(d->edges[e].id, s->default_branch) == 0)
                n[i].default_branch = e;
    }
    for (int e = 0; e < d->nedges; e++)
        if (l->dst[e] >= 0)
            n[l->dst[e]].nin++;
    g->nodes = n;
    g->nnodes = d->nnodes;
    return LF_OK;
}

static int compile_edges(const lf_wf_design *d, const wf_links *l, lf_wf_graph *g, lf_arena *a)
{
    lf_wf_gedge *e = lf_arena_alloc(a, sizeof *e * (size_t)(d->nedges + 1));
    if (!e)
        return LF_ENOMEM;
    memset(e, 0, sizeof *e * (size_t)(d->nedges + 1));
    for (int i = 0; i < d->nedges; i++) {
        const lf_wf_edge *s = &d->edges[i];
        lf_uuid_parse(lf_strz(s->id), &e[i].id);
        e[i].id_text = dup(a, s->id);
        e[i].name = dup(a, s->name);
        e[i].type_text = dup(a, s->type);
        int et = enum_of(s->type, etypes, 4);
        if (et < 0)
            return LF_EINVAL;
        e[i].type = (lf_wf_etype)et;
        e[i].props = raw_dup(a, d->j, s->props);
        e[i].layout = raw_dup(a, d->j, s->layout);
        e[i].label = raw_dup(a, d->j, s->label);
        e[i].source = l->src[i];
        e[i].target = l->dst[i];
        e[i].skip_fields_required_check = prop_bool(d->j, s->props, "skip_fields_required_check");
        int cg = s->props < 0 ? -1 : lf_json_get(d->j, s->props, "condition_groups");
        e[i].condition_groups = lf_json_type_of(d->j, cg) == LF_JSON_ARRAY ? raw_dup(a, d->j, cg)
                                                                           : NULL;
        const char *ce = prop_str(a, d->j, s->props, "condition_expression");
        e[i].condition_expression = ce && *ce ? ce : NULL;
        e[i].index = i;
        if (!e[i].id_text || !e[i].name || !e[i].type_text || !e[i].props || !e[i].layout ||
            !e[i].label)
            return LF_ENOMEM;
    }
    g->edges = e;
    g->nedges = d->nedges;
    return LF_OK;
}

static int copy_strs(lf_arena *a, const lf_wf_strs *in, lf_wf_strs *out)
{
    const char **v = lf_arena_alloc(a, sizeof *v * (size_t)(in->n + 1));
    if (!v)
        return LF_ENOMEM;
    for (int i = 0; i < in->n; i++)
        if (!(v[i] = dup(a, in->v[i])))
            return LF_ENOMEM;
    out->v = v;
    out->n = in->n;
    return LF_OK;
}

static int compile_advanced(const lf_wf_design *d, lf_wf_graph *g, lf_arena *a)
{
    lf_wf_ghook *h = lf_arena_alloc(a, sizeof *h * (size_t)(d->nhooks + 1));
    int rc = h ? LF_OK : LF_ENOMEM;
    for (int i = 0; !rc && i < d->nhooks; i++) {
        const lf_wf_hook *s = &d->hooks[i];
        h[i].id_text = dup(a, s->id);
        h[i].name = dup(a, s->name);
        h[i].url = dup(a, s->url);
        h[i].token = dup(a, s->token);
        rc = !h[i].id_text || !h[i].name || !h[i].url || !h[i].token
                 ? LF_ENOMEM
                 : copy_strs(a, &s->events, &h[i].events);
    }
    g->hooks = h;
    g->nhooks = d->nhooks;
    g->title_template = dup(a, d->title_template);
    g->content_template = dup(a, d->content_template);
    if (!rc && (!g->title_template || !g->content_template))
        rc = LF_ENOMEM;
    if (!rc && !(rc = copy_strs(a, &d->channels, &g->channels)) &&
        !(rc = copy_strs(a, &d->admins, &g->admins)) &&
        !(rc = copy_strs(a, &d->dispatchers, &g->dispatchers)) &&
        !(rc = copy_strs(a, &d->viewers, &g->viewers)) &&
        !(rc = copy_strs(a, &d->viewer_depts, &g->viewer_depts)))
        rc = copy_strs(a, &d->apps, &g->apps);
    return rc;
}

int lf_wf_hook_has_event(const lf_wf_ghook *h, const char *event)
{
    for (int i = 0; i < h->events.n; i++)
        if (strcmp(h->events.v[i], event) == 0)
            return 1;
    return 0;
}

int lf_wf_graph_compile(const lf_wf_design *d, const lf_wf_version *v, lf_wf_graph **out)
{
    box *b = calloc(1, sizeof *b);
    wf_links l;
    if (!b)
        return LF_ENOMEM;
    lf_arena_init(&b->arena, 8192, 0);
    lf_wf_graph *g = &b->g;
    lf_arena *a = &b->arena;
    int rc = lf_wf_links_build(d, &l);
    if (rc) {
        lf_arena_free(a);
        free(b);
        return rc;
    }
    g->version_id = v->id;
    g->workflow_id = v->workflow_id;
    g->rev = v->rev;
    g->name = dup(a, d->name);
    g->description = dup(a, d->description);
    g->version_name = dup(a, v->name);
    g->label = raw_dup(a, d->j, d->label);
    if (!g->name || !g->description || !g->version_name || !g->label)
        rc = LF_ENOMEM;
    if (!rc)
        rc = compile_comps(d, g, a);
    if (!rc)
        rc = compile_edges(d, &l, g, a);
    if (!rc)
        rc = compile_nodes(d, &l, g, a);
    if (!rc)
        rc = compile_advanced(d, g, a);
    lf_wf_links_free(&l);
    if (rc) {
        lf_arena_free(a);
        free(b);
        return rc == LF_ENOMEM ? rc : LF_EINVAL;
    }
    b->refs = 1;
    *out = g;
    return LF_OK;
}

void lf_wf_graph_free(lf_wf_graph *g)
{
    box *b = (box *)g;
    if (!b)
        return;
    lf_arena_free(&b->arena);
    free(b);
}

/* ---- the cache ---- */

static size_t cache_bytes(void)
{
    size_t n = 0;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (cache[i])
            n += cache[i]->arena.total;
    return n;
}

static void drop_slot(int i)
{
    box *b = cache[i];
    cache[i] = NULL;
    b->cached = 0;
    if (b->refs == 0)
        lf_wf_graph_free(&b->g);
}

static int lru_slot(void)
{
    int best = -1;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (!cache[i])
            return i;
        if (best < 0 || cache[i]->used < cache[best]->used)
            best = i;
    }
    return best;
}

int lf_wf_graph_get(lf_txn *t, const lf_wf_version *v, const lf_wf_graph **out)
{
    for (int i = 0; i < CACHE_SLOTS; i++) {
        box *b = cache[i];
        if (!b || !lf_uuid_eq(&b->g.version_id, &v->id))
            continue;
        if (b->g.rev == v->rev && strcmp(b->g.version_name, v->name) == 0) {
            b->refs++;
            b->used = ++tick;
            *out = &b->g;
            return LF_OK;
        }
        drop_slot(i); /* an older rev of this version */
    }
    lf_arena a;
    lf_json j;
    lf_wf_design d;
    lf_wf_graph *g;
    lf_arena_init(&a, 16384, 0);
    int rc = lf_wf_design_load(t, &v->id, &a, &j, &d);
    if (!rc)
        rc = lf_wf_graph_compile(&d, v, &g);
    lf_arena_free(&a);
    if (rc)
        return rc;
    box *b = (box *)g;
    while (cache_bytes() + b->arena.total > CACHE_MAX_BYTES) {
        int victim = -1;
        for (int i = 0; i < CACHE_SLOTS; i++)
            if (cache[i] && (victim < 0 || cache[i]->used < cache[victim]->used))
                victim = i;
        if (victim < 0)
            break; /* a single graph above the budget is served, not cached */
        drop_slot(victim);
    }
    if (b->arena.total <= CACHE_MAX_BYTES) {
        int s = lru_slot();
        if (cache[s])
            drop_slot(s);
        cache[s] = b;
        b->cached = 1;
        b->used = ++tick;
    }
    *out = g;
    return LF_OK;
}

void lf_wf_graph_forget(const lf_uuid *version_id)
{
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (cache[i] && lf_uuid_eq(&cache[i]->g.version_id, version_id))
            drop_slot(i);
}

void lf_wf_graph_release(const lf_wf_graph *g)
{
    box *b = (box *)g;
    if (!b)
        return;
    if (--b->refs == 0 && !b->cached)
        lf_wf_graph_free(&b->g);
}

void lf_wf_graph_cache_clear(void)
{
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (cache[i])
            drop_slot(i);
}

size_t lf_wf_graph_cache_count(void)
{
    size_t n = 0;
    for (int i = 0; i < CACHE_SLOTS; i++)
        n += cache[i] != NULL;
    return n;
}

/* ---- accessors ---- */

const lf_wf_gnode *lf_wf_graph_node(const lf_wf_graph *g, lf_str id)
{
    for (int i = 0; i < g->nnodes; i++)
        if (lf_str_eqz(id, g->nodes[i].id_text))
            return &g->nodes[i];
    return NULL;
}

const lf_wf_gnode *lf_wf_graph_start(const lf_wf_graph *g)
{
    return g->start >= 0 ? &g->nodes[g->start] : NULL;
}

const lf_wf_gedge *lf_wf_graph_edge(const lf_wf_graph *g, lf_str id)
{
    for (int i = 0; i < g->nedges; i++)
        if (lf_str_eqz(id, g->edges[i].id_text))
            return &g->edges[i];
    return NULL;
}

int lf_wf_graph_out(const lf_wf_graph *g, const lf_wf_gnode *n, const lf_wf_gedge *out[], int cap)
{
    for (int i = 0; i < n->nout && i < cap; i++)
        out[i] = &g->edges[n->out[i]];
    return n->nout;
}

const lf_wf_gcomp *lf_wf_graph_component(const lf_wf_graph *g, lf_str key)
{
    int i = comp_index(g, key);
    return i >= 0 ? &g->comps[i] : NULL;
}

const char *lf_wf_graph_shown_as(const lf_wf_gnode *n, const lf_wf_gcomp *k)
{
    lf_wf_fperm p = LF_WFF_HIDDEN;
    int explicit_hidden = 0;
    for (int i = 0; i < n->nfp; i++)
        if (n->fp[i].comp == k->index) {
            p = n->fp[i].perm;
            explicit_hidden = p == LF_WFF_HIDDEN;
        }
    if (strcmp(k->type, "externaldata") == 0)
        return explicit_hidden ? NULL : "readonly";
    return p == LF_WFF_HIDDEN ? NULL : lf_wf_fperm_name(p);
}

lf_wf_fperm lf_wf_graph_field_perm(const lf_wf_graph *g, const lf_wf_gnode *n, lf_str key)
{
    int ci = comp_index(g, key);
    for (int i = 0; ci >= 0 && i < n->nfp; i++)
        if (n->fp[i].comp == ci)
            return n->fp[i].perm;
    return LF_WFF_HIDDEN;
}
