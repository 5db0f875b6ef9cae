/* The workflow design document: read from JSON into lf_wf_design (keeping
 * token indexes for the free-form layout/props/label objects, so what was
 * saved is what GET returns) and written back in upstream's GET shape. */
#include "loonflow/workflow.h"

#include <stdio.h>
#include <string.h>

/* Bounds that keep validation (quadratic in places) and compilation cheap on
 * a small CPU; real designs are a few dozen nodes and fields. */
#define MAX_COMPONENTS 300
#define MAX_NODES 200
#define MAX_EDGES 600
#define MAX_HOOKS 50
#define MAX_IDS 1000

typedef struct rd {
    const lf_json *j;
    lf_arena *a;
    lf_wf_err *err;
} rd;

static int fail(rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(rd *r, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(r->err->msg, sizeof r->err->msg, "Request data is invalid:");
    va_start(ap, fmt);
    vsnprintf(r->err->msg + n, sizeof r->err->msg - (size_t)n, fmt, ap);
    va_end(ap);
    return LF_EINVAL;
}

/* A string member; absent (or null) gives def, or fails when def is NULL. */
static int str_member(rd *r, int obj, const char *key, const char *def, const char *where,
                      const char **out)
{
    int v = lf_json_get(r->j, obj, key);
    lf_str s;
    if (v < 0 || lf_json_type_of(r->j, v) == LF_JSON_NULL) {
        if (!def)
            return fail(r, "%s: '%s' is required", where, key);
        *out = def;
        return LF_OK;
    }
    int rc = lf_json_str(r->j, v, r->a, &s);
    if (rc == LF_ETYPE)
        return fail(r, "%s: '%s' must be a string", where, key);
    if (rc)
        return rc;
    if (strlen(s.p) != s.n)
        return fail(r, "%s: '%s' contains a NUL character", where, key);
    *out = s.p;
    return LF_OK;
}

/* An object member (free-form JSON kept verbatim); absent gives -1. */
static int obj_member(rd *r, int obj, const char *key, const char *where, int *out)
{
    int v = lf_json_get(r->j, obj, key);
    *out = -1;
    if (v < 0 || lf_json_type_of(r->j, v) == LF_JSON_NULL)
        return LF_OK;
    if (lf_json_type_of(r->j, v) != LF_JSON_OBJECT)
        return fail(r, "%s: '%s' must be an object", where, key);
    *out = v;
    return LF_OK;
}

static int arr_member(rd *r, int obj, const char *key, int required, const char *where, int *out)
{
    int v = lf_json_get(r->j, obj, key);
    *out = -1;
    if (v < 0 || lf_json_type_of(r->j, v) == LF_JSON_NULL)
        return required ? fail(r, "%s: '%s' is required", where, key) : LF_OK;
    if (lf_json_type_of(r->j, v) != LF_JSON_ARRAY)
        return fail(r, "%s: '%s' must be a list", where, key);
    *out = v;
    return LF_OK;
}

static int str_list(rd *r, int obj, const char *key, const char *where, lf_wf_strs *out)
{
    int arr;
    int rc = arr_member(r, obj, key, 0, where, &arr);
    out->n = 0;
    out->v = NULL;
    if (rc || arr < 0)
        return rc;
    int n = lf_json_count(r->j, arr);
    if (n > MAX_IDS)
        return fail(r, "%s: '%s' has more than %d items", where, key, MAX_IDS);
    out->v = lf_arena_alloc(r->a, sizeof *out->v * (size_t)(n ? n : 1));
    if (!out->v)
        return LF_ENOMEM;
    for (int v = lf_json_first(r->j, arr); v >= 0; v = lf_json_next(r->j, v)) {
        lf_str s;
        rc = lf_json_str(r->j, v, r->a, &s);
        if (rc == LF_ETYPE)
            return fail(r, "%s: every item of '%s' must be a string", where, key);
        if (rc)
            return rc;
        out->v[out->n++] = s.p;
    }
    return LF_OK;
}

static int need_object(rd *r, int v, const char *where)
{
    return lf_json_type_of(r->j, v) == LF_JSON_OBJECT ? LF_OK
                                                      : fail(r, "%s must be an object", where);
}

static char *where_of(rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static char *where_of(rd *r, const char *fmt, ...)
{
    char buf[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return lf_arena_strndup(r->a, buf, strlen(buf));
}

static int read_comp(rd *r, int v, const char *where, int parent, lf_wf_comp *c)
{
    int rc;
    if ((rc = need_object(r, v, where)) || (rc = str_member(r, v, "id", NULL, where, &c->id)) ||
        (rc = str_member(r, v, "type", NULL, where, &c->type)) ||
        (rc = str_member(r, v, "component_key", NULL, where, &c->key)) ||
        (rc = str_member(r, v, "component_name", "", where, &c->name)) ||
        (rc = str_member(r, v, "description", "", where, &c->description)) ||
        (rc = obj_member(r, v, "layout", where, &c->layout)) ||
        (rc = obj_member(r, v, "props", where, &c->props)) ||
        (rc = obj_member(r, v, "label", where, &c->label)))
        return rc;
    c->parent = parent;
    return LF_OK;
}

static int read_form(rd *r, int form, lf_wf_design *d)
{
    int list, rc;
    if ((rc = need_object(r, form, "form_schema")) ||
        (rc = arr_member(r, form, "component_info_list", 1, "form_schema", &list)))
        return rc;
    int total = 0;
    for (int v = lf_json_first(r->j, list); v >= 0; v = lf_json_next(r->j, v)) {
        int ch = lf_json_get(r->j, v, "children");
        total += 1 + (lf_json_type_of(r->j, ch) == LF_JSON_ARRAY ? lf_json_count(r->j, ch) : 0);
    }
    if (total > MAX_COMPONENTS)
        return fail(r, "form_schema: more than %d components", MAX_COMPONENTS);
    d->comps = lf_arena_alloc(r->a, sizeof *d->comps * (size_t)(total ? total : 1));
    if (!d->comps)
        return LF_ENOMEM;
    int i = 0;
    for (int v = lf_json_first(r->j, list); v >= 0; v = lf_json_next(r->j, v), i++) {
        char *where = where_of(r, "form_schema.component_info_list[%d]", i);
        int ch, row = d->ncomps;
        if (!where)
            return LF_ENOMEM;
        if ((rc = read_comp(r, v, where, -1, &d->comps[d->ncomps])))
            return rc;
        if (strcmp(d->comps[row].type, "row") != 0)
            return fail(r, "%s: a top-level component must be a row (got type '%s')", where,
                        d->comps[row].type);
        if ((rc = arr_member(r, v, "children", 1, where, &ch)))
            return rc;
        d->ncomps++;
        int k = 0;
        for (int cv = lf_json_first(r->j, ch); cv >= 0; cv = lf_json_next(r->j, cv), k++) {
            char *cw = where_of(r, "%s.children[%d]", where, k);
            if (!cw)
                return LF_ENOMEM;
            if ((rc = read_comp(r, cv, cw, row, &d->comps[d->ncomps])))
                return rc;
            if (strcmp(d->comps[d->ncomps].type, "row") == 0)
                return fail(r, "%s: rows cannot be nested", cw);
            d->ncomps++;
        }
    }
    return LF_OK;
}

static int read_process(rd *r, int proc, lf_wf_design *d)
{
    int nodes, edges, rc;
    if ((rc = need_object(r, proc, "process_schema")) ||
        (rc = arr_member(r, proc, "node_info_list", 1, "process_schema", &nodes)) ||
        (rc = arr_member(r, proc, "edge_info_list", 0, "process_schema", &edges)))
        return rc;
    int nn = lf_json_count(r->j, nodes), ne = edges < 0 ? 0 : lf_json_count(r->j, edges);
    if (nn > MAX_NODES)
        return fail(r, "process_schema: more than %d nodes", MAX_NODES);
    if (ne > MAX_EDGES)
        return fail(r, "process_schema: more than %d edges", MAX_EDGES);
    d->nodes = lf_arena_alloc(r->a, sizeof *d->nodes * (size_t)(nn ? nn : 1));
    d->edges = lf_arena_alloc(r->a, sizeof *d->edges * (size_t)(ne ? ne : 1));
    if (!d->nodes || !d->edges)
        return LF_ENOMEM;
    for (int v = lf_json_first(r->j, nodes); v >= 0; v = lf_json_next(r->j, v)) {
        lf_wf_node *n = &d->nodes[d->nnodes];
        char *where = where_of(r, "process_schema.node_info_list[%d]", d->nnodes);
        if (!where)
            return LF_ENOMEM;
        if ((rc = need_object(r, v, where)) || (rc = str_member(r, v, "id", NULL, where, &n->id)) ||
            (rc = str_member(r, v, "type", NULL, where, &n->type)) ||
            (rc = str_member(r, v, "name", "", where, &n->name)) ||
            (rc = obj_member(r, v, "layout", where, &n->layout)) ||
            (rc = obj_member(r, v, "props", where, &n->props)) ||
            (rc = obj_member(r, v, "label", where, &n->label)))
            return rc;
        n->fp = -1;
        n->default_branch = "";
        if (n->props >= 0) {
            char *pw = where_of(r, "%s.props", where);
            if (!pw)
                return LF_ENOMEM;
            if ((rc = obj_member(r, n->props, "field_permissions", pw, &n->fp)) ||
                (rc = str_member(r, n->props, "default_branch", "", pw, &n->default_branch)))
                return rc;
        }
        d->nnodes++;
    }
    for (int v = edges < 0 ? -1 : lf_json_first(r->j, edges); v >= 0; v = lf_json_next(r->j, v)) {
        lf_wf_edge *e = &d->edges[d->nedges];
        char *where = where_of(r, "process_schema.edge_info_list[%d]", d->nedges);
        if (!where)
            return LF_ENOMEM;
        if ((rc = need_object(r, v, where)) || (rc = str_member(r, v, "id", NULL, where, &e->id)) ||
            (rc = str_member(r, v, "type", NULL, where, &e->type)) ||
            (rc = str_member(r, v, "name", "", where, &e->name)) ||
            (rc = str_member(r, v, "source_node_id", NULL, where, &e->source)) ||
            (rc = str_member(r, v, "target_node_id", NULL, where, &e->target)) ||
            (rc = obj_member(r, v, "layout", where, &e->layout)) ||
            (rc = obj_member(r, v, "props", where, &e->props)) ||
            (rc = obj_member(r, v, "label", where, &e->label)))
            return rc;
        d->nedges++;
    }
    return LF_OK;
}

/* The designer's and the model's names for the same events (DECISIONS 3). */
static const char *canonical_event(const char *e)
{
    static const char *const map[][2] = {
        {"pre_create", "pre_create"}, {"pre_start", "pre_create"},   {"create", "create"},
        {"started", "create"},        {"reject", "reject"},          {"rejected", "reject"},
        {"withdraw", "withdraw"},     {"withdrawn", "withdraw"},     {"retreat", "withdraw"},
        {"force_close", "force_close"}, {"force_closed", "force_close"}, {"finish", "finish"},
        {"normal_end", "finish"},     {"nomal_end", "finish"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(e, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

static int read_hooks(rd *r, int cust, lf_wf_design *d)
{
    int list, rc;
    if ((rc = arr_member(r, cust, "hook_info_list", 0, "customization_info", &list)) || list < 0)
        return rc;
    int n = lf_json_count(r->j, list);
    if (n > MAX_HOOKS)
        return fail(r, "customization_info: more than %d hooks", MAX_HOOKS);
    d->hooks = lf_arena_alloc(r->a, sizeof *d->hooks * (size_t)(n ? n : 1));
    if (!d->hooks)
        return LF_ENOMEM;
    for (int v = lf_json_first(r->j, list); v >= 0; v = lf_json_next(r->j, v)) {
        lf_wf_hook *h = &d->hooks[d->nhooks];
        char *where = where_of(r, "customization_info.hook_info_list[%d]", d->nhooks);
        if (!where)
            return LF_ENOMEM;
        if ((rc = need_object(r, v, where)) || (rc = str_member(r, v, "id", "", where, &h->id)) ||
            (rc = str_member(r, v, "name", "", where, &h->name)) ||
            (rc = str_member(r, v, "description", "", where, &h->description)) ||
            (rc = str_member(r, v, "url", NULL, where, &h->url)) ||
            (rc = str_member(r, v, "token", NULL, where, &h->token)) ||
            (rc = str_list(r, v, "event_list", where, &h->events)))
            return rc;
        if (!*h->url)
            return fail(r, "%s: 'url' is required", where);
        for (int k = 0; k < h->events.n; k++) {
            const char *c = canonical_event(h->events.v[k]);
            if (!c)
                return fail(r, "%s: unknown event '%s' (pre_create, create, reject, withdraw, "
                               "force_close, finish)",
                            where, h->events.v[k]);
            h->events.v[k] = c;
        }
        d->nhooks++;
    }
    return LF_OK;
}

static int read_advanced(rd *r, int adv, lf_wf_design *d)
{
    int note, perm, cust, rc;
    d->title_template = d->content_template = "";
    d->label = -1;
    if (adv < 0)
        return LF_OK;
    if ((rc = need_object(r, adv, "advanced_schema")) ||
        (rc = obj_member(r, adv, "notification_info", "advanced_schema", &note)) ||
        (rc = obj_member(r, adv, "permission_info", "advanced_schema", &perm)) ||
        (rc = obj_member(r, adv, "customization_info", "advanced_schema", &cust)))
        return rc;
    if (note >= 0 &&
        ((rc = str_member(r, note, "title_template", "", "notification_info", &d->title_template)) ||
         (rc = str_member(r, note, "content_template", "", "notification_info",
                          &d->content_template)) ||
         (rc = str_list(r, note, "selected_channel_list", "notification_info", &d->channels))))
        return rc;
    if (perm >= 0 &&
        ((rc = str_list(r, perm, "admin_id_list", "permission_info", &d->admins)) ||
         (rc = str_list(r, perm, "dispatcher_id_list", "permission_info", &d->dispatchers)) ||
         (rc = str_list(r, perm, "viewer_id_list", "permission_info", &d->viewers)) ||
         (rc = str_list(r, perm, "viewer_dept_id_list", "permission_info", &d->viewer_depts))))
        return rc;
    if (cust >= 0 &&
        ((rc = str_list(r, cust, "authorized_app_id_list", "customization_info", &d->apps)) ||
         (rc = read_hooks(r, cust, d)) ||
         (rc = obj_member(r, cust, "label", "customization_info", &d->label))))
        return rc;
    return LF_OK;
}

int lf_wf_design_parse(const lf_json *j, lf_arena *a, lf_wf_design *d, lf_wf_err *err)
{
    rd r = {j, a, err};
    int basic, form, proc, adv, rc;
    memset(d, 0, sizeof *d);
    d->j = j;
    err->msg[0] = 0;
    if ((rc = need_object(&r, 0, "the workflow definition")) ||
        (rc = obj_member(&r, 0, "basic_info", "definition", &basic)) ||
        (rc = obj_member(&r, 0, "form_schema", "definition", &form)) ||
        (rc = obj_member(&r, 0, "process_schema", "definition", &proc)) ||
        (rc = obj_member(&r, 0, "advanced_schema", "definition", &adv)))
        return rc;
    if (basic < 0)
        return fail(&r, "definition: 'basic_info' is required");
    if (form < 0)
        return fail(&r, "definition: 'form_schema' is required");
    if (proc < 0)
        return fail(&r, "definition: 'process_schema' is required");
    if ((rc = str_member(&r, basic, "name", NULL, "basic_info", &d->name)) ||
        (rc = str_member(&r, basic, "description", "", "basic_info", &d->description)) ||
        (rc = str_member(&r, basic, "version", NULL, "basic_info", &d->version)))
        return rc;
    if (!*d->version)
        return fail(&r, "basic_info: 'version' (the version name) must not be empty");
    if (strlen(d->version) > 50)
        return fail(&r, "basic_info: 'version' is longer than 50 characters");
    if ((rc = read_form(&r, form, d)) || (rc = read_process(&r, proc, d)))
        return rc;
    return read_advanced(&r, adv, d);
}

/* ---- writing ---- */

static void uuid_member(lf_jw *w, const char *key, const lf_uuid *u)
{
    char s[LF_UUID_STRLEN + 1];
    lf_uuid_format(u, s);
    lf_jw_kstrz(w, key, s);
}

static void raw_or_empty(lf_jw *w, const lf_json *j, const char *key, int v)
{
    lf_jw_kraw(w, key, v >= 0 ? lf_json_raw(j, v) : LF_STR("{}"));
}

static void str_array(lf_jw *w, const char *key, const lf_wf_strs *s)
{
    lf_jw_key(w, key);
    lf_jw_arr(w);
    for (int i = 0; i < s->n; i++)
        lf_jw_strz(w, s->v[i]);
    lf_jw_arr_end(w);
}

static int is_secret_key(const lf_json *j, int k)
{
    return lf_json_str_eqz(j, k, "hook_token") || lf_json_str_eqz(j, k, "external_token");
}

/* Node props as saved, with default_branch rewritten to the stored edge id
 * and, for callers who may not see them, the secrets left out. */
static void node_props(lf_jw *w, const lf_json *j, const lf_wf_node *n, int redact)
{
    lf_jw_key(w, "props");
    if (n->props < 0) {
        lf_jw_raw(w, LF_STR("{}"));
        return;
    }
    lf_jw_obj(w);
    for (int k = lf_json_first(j, n->props); k >= 0; k = lf_json_next(j, k)) {
        lf_str key;
        lf_str raw = lf_json_raw(j, k);
        if (redact && is_secret_key(j, k))
            continue;
        key.p = raw.p + 1; /* keys are written back exactly as they came */
        key.n = raw.n - 2;
        if (!w->first[w->depth])
            lf_buf_putc(w->b, ',');
        w->first[w->depth] = 0;
        lf_buf_append(w->b, raw.p, raw.n);
        lf_buf_putc(w->b, ':');
        if (lf_str_eqz(key, "default_branch") &&
            lf_json_type_of(j, k + 1) == LF_JSON_STRING)
            lf_json_escape(w->b, lf_strz(n->default_branch));
        else
            lf_buf_append(w->b, lf_json_raw(j, k + 1).p, lf_json_raw(j, k + 1).n);
    }
    lf_jw_obj_end(w);
}

void lf_wf_write_process(const lf_wf_design *d, int redact, lf_jw *w)
{
    const lf_json *j = d->j;
    lf_jw_key(w, "node_info_list");
    lf_jw_arr(w);
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *n = &d->nodes[i];
        lf_jw_obj(w);
        lf_jw_kstrz(w, "id", n->id);
        lf_jw_kstrz(w, "name", n->name);
        lf_jw_kstrz(w, "type", n->type);
        node_props(w, j, n, redact);
        raw_or_empty(w, j, "layout", n->layout);
        raw_or_empty(w, j, "label", n->label);
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    lf_jw_key(w, "edge_info_list");
    lf_jw_arr(w);
    for (int i = 0; i < d->nedges; i++) {
        const lf_wf_edge *e = &d->edges[i];
        lf_jw_obj(w);
        lf_jw_kstrz(w, "id", e->id);
        lf_jw_kstrz(w, "name", e->name);
        lf_jw_kstrz(w, "type", e->type);
        raw_or_empty(w, j, "props", e->props);
        raw_or_empty(w, j, "label", e->label);
        raw_or_empty(w, j, "layout", e->layout);
        lf_jw_kstrz(w, "source_node_id", e->source);
        lf_jw_kstrz(w, "target_node_id", e->target);
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
}

static void comp_fields(lf_jw *w, const lf_json *j, const lf_wf_comp *c, int child)
{
    lf_jw_kstrz(w, "id", c->id);
    lf_jw_kstrz(w, "type", c->type);
    lf_jw_kstrz(w, "component_key", c->key);
    lf_jw_kstrz(w, "component_name", c->name);
    if (child)
        lf_jw_kstrz(w, "component_permission", "readonly");
    lf_jw_kstrz(w, "description", c->description);
    raw_or_empty(w, j, "props", c->props);
    raw_or_empty(w, j, "label", c->label);
    raw_or_empty(w, j, "layout", c->layout);
}

void lf_wf_design_write(const lf_wf_design *d, const lf_wf_doc_info *info, lf_jw *w)
{
    const lf_json *j = d->j;
    lf_jw_obj(w);
    lf_jw_key(w, "basic_info");
    lf_jw_obj(w);
    uuid_member(w, "id", info->workflow_id);
    lf_jw_kstrz(w, "name", d->name);
    lf_jw_kstrz(w, "description", d->description);
    lf_jw_kstrz(w, "version", info->version_name ? info->version_name : d->version);
    uuid_member(w, "tenant_id", info->tenant_id);
    lf_jw_obj_end(w);

    lf_jw_key(w, "form_schema");
    lf_jw_obj(w);
    lf_jw_key(w, "component_info_list");
    lf_jw_arr(w);
    for (int i = 0; i < d->ncomps;) {
        lf_jw_obj(w);
        comp_fields(w, j, &d->comps[i], 0);
        lf_jw_key(w, "children");
        lf_jw_arr(w);
        int row = i++;
        for (; i < d->ncomps && d->comps[i].parent == row; i++) {
            lf_jw_obj(w);
            comp_fields(w, j, &d->comps[i], 1);
            lf_jw_obj_end(w);
        }
        lf_jw_arr_end(w);
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    lf_jw_obj_end(w);

    lf_jw_key(w, "process_schema");
    lf_jw_obj(w);
    lf_wf_write_process(d, 0, w);
    lf_jw_obj_end(w);

    lf_jw_key(w, "advanced_schema");
    lf_jw_obj(w);
    lf_jw_key(w, "notification_info");
    lf_jw_obj(w);
    lf_jw_kstrz(w, "title_template", d->title_template);
    lf_jw_kstrz(w, "content_template", d->content_template);
    str_array(w, "selected_channel_list", &d->channels);
    lf_jw_obj_end(w);
    lf_jw_key(w, "permission_info");
    lf_jw_obj(w);
    str_array(w, "admin_id_list", &d->admins);
    str_array(w, "dispatcher_id_list", &d->dispatchers);
    str_array(w, "viewer_id_list", &d->viewers);
    str_array(w, "viewer_dept_id_list", &d->viewer_depts);
    lf_jw_obj_end(w);
    lf_jw_key(w, "customization_info");
    lf_jw_obj(w);
    str_array(w, "authorized_app_id_list", &d->apps);
    lf_jw_key(w, "hook_info_list");
    lf_jw_arr(w);
    for (int i = 0; i < d->nhooks; i++) {
        const lf_wf_hook *h = &d->hooks[i];
        lf_jw_obj(w);
        lf_jw_kstrz(w, "id", h->id);
        lf_jw_kstrz(w, "name", h->name);
        lf_jw_kstrz(w, "description", h->description);
        lf_jw_kstrz(w, "url", h->url);
        lf_jw_kstrz(w, "token", h->token);
        str_array(w, "event_list", &h->events);
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    raw_or_empty(w, j, "label", d->label);
    lf_jw_obj_end(w);
    lf_jw_obj_end(w);
    lf_jw_obj_end(w);
}
