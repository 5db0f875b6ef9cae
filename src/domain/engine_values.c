/* Ticket values as the engine sees them: the required check and the writes
 * of a request's editable keys (ENGINE.md 5.2, DECISIONS "Forms"), the
 * history snapshot (5.1) and the lookup gateway conditions read. */
#include "engine_internal.h"
#include "loonflow/fields.h"

#include <string.h>

static int exists(void *ud, lf_field_kind kind, const lf_uuid *id)
{
    lf_engine *e = ud;
    if (kind == LF_FK_USER)
        return lf_eng_user_ok(e, id);
    lf_dept d;
    int rc = lf_dept_get(e->t, &e->op->tenant_id, id, e->a, &d);
    return rc == LF_OK ? 1 : rc == LF_ENOTFOUND ? 0 : rc;
}

const char *lf_eng_value(lf_eng_tk *x, const lf_uuid *ticket, const char *key)
{
    lf_val v;
    if (lf_ticket_field_get(x->e->t, ticket, lf_strz(key), &v))
        return NULL;
    return lf_arena_strndup(x->e->a, v.p, v.n);
}

static int parse_value(lf_engine *e, const char *text, lf_json *j)
{
    char err[64];
    return lf_json_parse(j, text, strlen(text), e->a, 0, err, sizeof err);
}

static int empty_value(const lf_json *j, int v)
{
    return lf_field_value_empty(j, v) ||
           (lf_json_type_of(j, v) == LF_JSON_STRING && lf_json_raw(j, v).n == 2);
}

/* Required means present in the request and not empty (DECISIONS §3), at
 * creation and on every edge action alike. */
static int check_required(lf_eng_tk *x, const lf_wf_gnode *n, const lf_json *j, int fields)
{
    for (int i = 0; i < n->nfp; i++) {
        const lf_wf_gcomp *k = &x->g->comps[n->fp[i].comp];
        if (n->fp[i].perm != LF_WFF_REQUIRED || strcmp(k->type, "externaldata") == 0)
            continue;
        int v = fields >= 0 ? lf_json_get(j, fields, k->key) : -1;
        if (empty_value(j, v))
            return lf_eng_fail(x->e, "field %s is required", k->key);
    }
    return LF_OK;
}

int lf_eng_fields_apply(lf_eng_tk *x, const lf_wf_gnode *n, int skip_required, const lf_json *j,
                        int fields)
{
    lf_engine *e = x->e;
    if (fields >= 0 && lf_json_type_of(j, fields) != LF_JSON_OBJECT)
        return lf_eng_fail(e, "Request data is invalid:fields must be an object");
    int rc = skip_required ? LF_OK : check_required(x, n, j, fields);
    if (rc || fields < 0)
        return rc;
    lf_field_env env = {e->utc_offset_min, exists, e, 0, 0};
    for (int k = lf_json_first(j, fields); k >= 0; k = lf_json_next(j, k)) {
        lf_str key;
        if ((rc = lf_json_str(j, k, e->a, &key)))
            return rc;
        const lf_wf_gcomp *c = lf_wf_graph_component(x->g, key);
        if (!c || c->parent < 0)
            continue;
        lf_wf_fperm p = lf_wf_graph_field_perm(x->g, n, key);
        lf_field_kind kind = lf_field_kind_of(lf_strz(c->type));
        if ((p != LF_WFF_OPTIONAL && p != LF_WFF_REQUIRED) || kind == LF_FK_NONE)
            continue;
        lf_json pj;
        int have_props = c->props && parse_value(e, c->props, &pj) == LF_OK;
        lf_field_def def = {c->key, lf_strz(c->type), have_props ? &pj : NULL, have_props ? 0 : -1,
                            p == LF_WFF_REQUIRED && !skip_required};
        lf_str out;
        char err[256];
        rc = lf_field_normalize(&env, &def, j, k + 1, e->a, &out, err, sizeof err);
        if (rc == LF_EINVAL || rc == LF_ELIMIT)
            return lf_eng_fail(e, "Request data is invalid:%s", err);
        if (rc)
            return rc;
        if (kind == LF_FK_TITLE) {
            lf_json tj;
            lf_str title = {"", 0};
            if (parse_value(e, out.p, &tj) == LF_OK)
                lf_json_str(&tj, 0, e->a, &title);
            x->tk.title = title.p;
            continue;
        }
        if ((rc = lf_ticket_field_put(e->t, &x->tk.id, key, out)))
            return rc;
    }
    return LF_OK;
}

typedef struct snap_ctx {
    lf_jw *w;
    lf_arena *a;
} snap_ctx;

static int snap_one(lf_str key, lf_str json, void *ud)
{
    snap_ctx *s = ud;
    char *k = lf_arena_strndup(s->a, key.p, key.n);
    if (!k)
        return LF_ENOMEM;
    if (strcmp(k, "title") && strcmp(k, "act_state"))
        lf_jw_kraw(s->w, k, json);
    return 0;
}

int lf_eng_snapshot(lf_eng_tk *x, const char **out)
{
    lf_buf b;
    lf_jw w;
    char when[LF_TIME_STRLEN], id[LF_UUID_STRLEN + 1];
    lf_buf_init(&b, 4 << 20);
    lf_jw_init(&w, &b);
    lf_jw_obj(&w);
    lf_jw_kstrz(&w, "title", x->tk.title);
    lf_jw_kstrz(&w, "act_state", x->tk.act_state);
    lf_uuid_format(&x->tk.workflow_id, id);
    lf_jw_kstrz(&w, "workflow_id", id);
    lf_uuid_format(&x->tk.version_id, id);
    lf_jw_kstrz(&w, "workflow_version_id", id);
    lf_time_format(x->tk.created_at, LF_TIME_ISO, when);
    lf_jw_kstrz(&w, "created_at", when);
    snap_ctx s = {&w, x->e->a};
    int rc = lf_ticket_field_each(x->e->t, &x->tk.id, snap_one, &s);
    lf_jw_obj_end(&w);
    if (rc == LF_OK && b.oom)
        rc = LF_ENOMEM;
    if (rc == LF_OK && !(*out = lf_arena_strndup(x->e->a, b.p, b.n)))
        rc = LF_ENOMEM;
    lf_buf_free(&b);
    return rc;
}

int lf_eng_cond_lookup(void *ud, lf_str key, lf_cond_field *out)
{
    lf_eng_tk *x = ud;
    lf_engine *e = x->e;
    if (lf_str_eqz(key, "title") || lf_str_eqz(key, "act_state")) {
        out->type = LF_STR("text");
        out->value = lf_strz(lf_str_eqz(key, "title") ? x->tk.title : x->tk.act_state);
        return 1;
    }
    if (lf_str_eqz(key, "created_at")) {
        char *when = lf_arena_alloc(e->a, LF_TIME_STRLEN);
        if (!when)
            return LF_ENOMEM;
        lf_time_format(x->tk.created_at, LF_TIME_ISO, when);
        out->type = LF_STR("created_at");
        out->value = lf_strz(when);
        return 1;
    }
    char *k = lf_arena_strndup(e->a, key.p, key.n);
    if (!k)
        return LF_ENOMEM;
    const char *text = lf_eng_value(x, &x->tk.id, k);
    lf_json j;
    if (!text || parse_value(e, text, &j))
        return 0;
    const lf_wf_gcomp *c = lf_wf_graph_component(x->g, key);
    out->type = lf_strz(c ? c->type : "");
    return lf_cond_json_text(&j, 0, e->a, &out->value);
}
