/* Ticket creation (ENGINE.md 3.2 with DECISIONS §3): one transaction from
 * the version check to the first current nodes. */
#include "engine_internal.h"
#include "loonflow/fields.h"

#include <string.h>

typedef struct title_ctx {
    lf_eng_tk *x;
} title_ctx;

static int user_display(lf_engine *e, const lf_uuid *id, lf_buf *out)
{
    lf_user u;
    int rc = lf_user_get(e->t, id, e->a, &u);
    if (rc == LF_OK)
        lf_buf_printf(out, "%s(%s)", u.name, u.alias);
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}

/* The display form of a stored value for the title template. */
static int display(lf_eng_tk *x, const lf_wf_gcomp *c, lf_str text, lf_str *val)
{
    lf_engine *e = x->e;
    lf_field_kind k = lf_field_kind_of(lf_strz(c->type));
    if (k == LF_FK_USER || k == LF_FK_DEPT) {
        lf_ids ids = {0};
        lf_buf b;
        int rc = lf_eng_ids_parse(e->a, text.p, &ids);
        lf_buf_init(&b, 1 << 16);
        for (size_t i = 0; rc == LF_OK && i < ids.n; i++) {
            if (i)
                lf_buf_putc(&b, ',');
            if (k == LF_FK_USER) {
                rc = user_display(e, &ids.v[i], &b);
            } else {
                lf_dept d;
                rc = lf_dept_get(e->t, &x->tk.tenant_id, &ids.v[i], e->a, &d);
                if (rc == LF_OK)
                    lf_buf_puts(&b, d.name);
                rc = rc == LF_ENOTFOUND ? LF_OK : rc;
            }
        }
        if (rc == LF_OK) {
            val->p = lf_arena_strndup(e->a, b.p ? b.p : "", b.n);
            val->n = b.n;
            rc = val->p ? LF_OK : LF_ENOMEM;
        }
        lf_buf_free(&b);
        return rc;
    }
    if (k == LF_FK_SELECT || k == LF_FK_RADIO || k == LF_FK_CHECKBOX) {
        lf_json pj;
        char err[64];
        if (c->props &&
            lf_json_parse(&pj, c->props, strlen(c->props), e->a, 0, err, sizeof err) == LF_OK)
            return lf_field_option_labels(&pj, 0, text, e->a, val);
    }
    *val = text;
    return LF_OK;
}

static int title_lookup(void *ud, lf_str key, lf_str *val)
{
    title_ctx *t = ud;
    lf_eng_tk *x = t->x;
    lf_engine *e = x->e;
    if (lf_str_eqz(key, "creator")) {
        val->p = lf_arena_printf(e->a, "%s(%s)", e->op->name, e->op->alias);
        val->n = val->p ? strlen(val->p) : 0;
        return val->p ? 1 : LF_ENOMEM;
    }
    if (lf_str_eqz(key, "created_at")) {
        char *when = lf_arena_alloc(e->a, LF_TIME_STRLEN);
        if (!when)
            return LF_ENOMEM;
        lf_time_format(e->now + (int64_t)e->utc_offset_min * 60, LF_TIME_PLAIN, when);
        *val = lf_strz(when);
        return 1;
    }
    const lf_wf_gcomp *c = lf_wf_graph_component(x->g, key);
    if (!c || c->parent < 0)
        return 0;
    *val = LF_STR("");
    lf_cond_field f;
    int rc = lf_eng_cond_lookup(x, key, &f);
    if (rc < 0)
        return rc;
    if (rc == 1 && f.value.n && (rc = display(x, c, f.value, val)) < 0)
        return rc;
    return 1;
}

static int make_title(lf_eng_tk *x, const lf_json *j, int fields)
{
    lf_engine *e = x->e;
    const lf_wf_gcomp *c = lf_wf_graph_component(x->g, LF_STR("title"));
    lf_json pj;
    lf_str mode = LF_STR(""), tmpl = LF_STR("");
    char err[64];
    if (c && c->props &&
        lf_json_parse(&pj, c->props, strlen(c->props), e->a, 0, err, sizeof err) == LF_OK) {
        lf_json_get_str(&pj, 0, "title_generate_mode", e->a, &mode);
        lf_json_get_str(&pj, 0, "title_template", e->a, &tmpl);
    }
    if (lf_str_eqz(mode, "automatic")) {
        title_ctx t = {x};
        lf_str out;
        int rc = lf_template_render(tmpl, title_lookup, &t, LF_FIELD_TITLE_CHARS, e->a, &out);
        if (rc)
            return rc;
        x->tk.title = out.p;
        return LF_OK;
    }
    /* manual: the submitted title, editable at the start node or not */
    int v = fields >= 0 ? lf_json_get(j, fields, "title") : -1;
    if (v >= 0 && !x->tk.title[0] && lf_json_type_of(j, v) == LF_JSON_STRING) {
        lf_str s;
        int rc = lf_json_str(j, v, e->a, &s);
        if (rc)
            return rc;
        if (s.n > LF_FIELD_TITLE_CHARS * 4)
            return lf_eng_fail(e, "Request data is invalid:field 'title' is too long");
        x->tk.title = s.p;
    }
    return LF_OK;
}

static int check_parent(lf_engine *e, const lf_engine_new *in)
{
    if (lf_uuid_is_zero(&in->parent_ticket_id))
        return LF_OK;
    lf_ticket p;
    int rc = lf_ticket_get(e->t, &in->parent_ticket_id, e->a, &p);
    if (rc == LF_ENOTFOUND || (rc == LF_OK && !lf_uuid_eq(&p.tenant_id, &e->op->tenant_id)))
        return lf_eng_fail(e, "parent ticket not found");
    return rc;
}

static int create(lf_engine *e, const lf_engine_new *in, lf_eng_tk *x, lf_uuid *ticket_id)
{
    lf_workflow wf;
    lf_wf_version v;
    lf_wf_err err = {{0}};
    int rc = lf_wf_get(e->t, &e->op->tenant_id, &in->workflow_id, e->a, &wf);
    if (rc == LF_ENOTFOUND)
        return lf_eng_fail(e, "workflow not found");
    if (rc)
        return rc;
    rc = lf_wf_version_for_new_ticket(e->t, &wf, in->version_name, e->a, &v, &err);
    if ((rc == LF_ENOTFOUND || rc == LF_EINVAL) && err.msg[0])
        return lf_eng_fail(e, "%s", err.msg);
    if (rc)
        return rc;
    rc = lf_ticket_app_allowed(e->t, e->app, &e->op->tenant_id, &wf.id, &v.id);
    if (rc == 0)
        return lf_eng_fail(e, "app has no permission to this workflow");
    if (rc < 0)
        return rc;
    if ((rc = lf_wf_graph_get(e->t, &v, &x->g)))
        return rc;
    const lf_wf_gedge *edge = lf_wf_graph_edge(x->g, in->action_id);
    const lf_wf_gnode *start = lf_wf_graph_start(x->g);
    if (!edge)
        return lf_eng_fail(e, "action not found");
    if (!start || edge->source != start->index)
        return lf_eng_fail(e, "start node and action not match");
    if ((rc = check_parent(e, in)))
        return rc;

    lf_ticket *tk = &x->tk;
    if ((rc = lf_uuid_v4(&tk->id)))
        return rc;
    tk->tenant_id = e->op->tenant_id;
    tk->creator_id = e->op->id;
    tk->label = "{}";
    tk->created_at = tk->updated_at = e->now;
    tk->workflow_id = wf.id;
    tk->version_id = v.id;
    tk->parent_ticket_id = in->parent_ticket_id;
    tk->parent_ticket_node_id = in->parent_ticket_node_id;
    tk->title = "";
    tk->act_state = LF_ACT_IN_DRAFT;
    if ((rc = lf_ticket_insert(e->t, tk)))
        return rc;
    rc = lf_eng_fields_apply(x, start, edge->skip_fields_required_check, in->j, in->fields);
    if (rc == LF_OK)
        rc = make_title(x, in->j, in->fields);
    lf_ticket_user me = {0};
    me.ticket_id = tk->id;
    me.user_id = e->op->id;
    me.created_at = me.updated_at = e->now;
    me.as_creator = me.as_processor = 1;
    me.assignee_node_ids = "";
    if (rc == LF_OK)
        rc = lf_ticket_user_put(e->t, tk, &me);
    const char *data = "{}";
    if (rc == LF_OK && in->fields >= 0) {
        lf_str raw = lf_json_raw(in->j, in->fields);
        if (!(data = lf_arena_strndup(e->a, raw.p, raw.n)))
            rc = LF_ENOMEM;
    }
    if (rc == LF_OK)
        rc = lf_eng_history(x, "create", &start->id, &edge->id, in->comment, data);

    lf_eng_plan p;
    lf_eng_plan_keep(x, NULL, &p);
    if (rc == LF_OK)
        rc = lf_eng_follow(x, &p, edge->target, -1);
    if (rc == LF_OK)
        rc = lf_eng_merge_arrivals(x, &p);
    if (rc == LF_OK)
        rc = lf_eng_plan_apply(x, &p);
    if (rc == LF_OK) {
        tk->act_state = lf_eng_act_state(x, &p, (int)edge->type);
        tk->updated_at = e->now;
        rc = lf_ticket_update(e->t, tk);
    }
    if (rc == LF_OK)
        rc = lf_eng_sync_users(x, 1, in->cc);
    if (rc == LF_OK)
        *ticket_id = tk->id;
    return rc;
}

int lf_engine_create(lf_engine *e, const lf_engine_new *in, lf_uuid *ticket_id)
{
    lf_eng_tk x;
    memset(&x, 0, sizeof x);
    x.e = e;
    e->msg[0] = 0;
    int rc = create(e, in, &x, ticket_id);
    lf_eng_release(&x);
    return rc;
}
