/* GET /tickets/<id>/...: the detail form, the action menus, the flow
 * history and the current nodes, written from what the ticket_view domain
 * computes. */
#include "internal.h"
#include "loonflow/ticket_view.h"

#include <string.h>

/* Loads the ticket of path parameter 0 for the caller; fails the call with
 * upstream's texts. need_view: the caller must have view permission. */
static int open_ticket(lf_call *c, int need_view, lf_tv *v)
{
    const char *msg;
    const lf_app *app = c->caller.kind == LF_AUTH_SIG ? &c->caller.app : NULL;
    int rc = lf_tv_open(c->txn, &c->caller.user, app, lf_call_param(c, 0), c->a, v, &msg);
    if (rc && msg)
        return lf_call_fail(c, "%s", msg);
    if (rc)
        return rc;
    if (need_view && !v->can_view) {
        lf_tv_close(v);
        return lf_call_fail(c, LF_TV_NO_VIEW);
    }
    return LF_H_OK;
}

static const lf_wf_gnode *gnode(const lf_wf_graph *g, const lf_uuid *id)
{
    for (int i = 0; i < g->nnodes; i++)
        if (lf_uuid_eq(&g->nodes[i].id, id))
            return &g->nodes[i];
    return NULL;
}

static void id_or_null(lf_jw *w, const char *key, const lf_uuid *id)
{
    if (lf_uuid_is_zero(id))
        lf_jw_kraw(w, key, LF_STR("null"));
    else
        lf_jw_uuid(w, key, id);
}

/* ---- menus ---- */
static void write_menu(lf_call *c, const lf_tv_menu *m)
{
    lf_jw *w = &c->w;
    lf_jw_key(w, "actions");
    lf_jw_arr(w);
    for (int i = 0; i < m->n; i++) {
        lf_jw_obj(w);
        lf_jw_kstrz(w, "id", m->v[i].id);
        lf_jw_kstrz(w, "name", m->v[i].name);
        lf_jw_kstrz(w, "type", m->v[i].type);
        lf_jw_kraw(w, "props", lf_strz(m->v[i].props && *m->v[i].props ? m->v[i].props : "{}"));
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    lf_jw_kstrz(w, "action_base_node_id", m->base_node_id);
}

static int menu(lf_call *c, int admin)
{
    lf_tv v;
    lf_tv_menu m;
    int rc = open_ticket(c, 0, &v);
    if (rc)
        return rc;
    if (admin)
        lf_tv_admin_actions(&v, &m);
    else
        lf_tv_actions(&v, &m);
    write_menu(c, &m);
    lf_tv_close(&v);
    return LF_H_OK;
}

int lf_h_ticket_actions(lf_call *c) { return menu(c, 0); }
int lf_h_ticket_admin_actions(lf_call *c) { return menu(c, 1); }

/* ---- current nodes ---- */
int lf_h_ticket_current_nodes(lf_call *c)
{
    lf_tv v;
    int rc = open_ticket(c, 0, &v);
    if (rc)
        return rc;
    lf_jw *w = &c->w;
    lf_jw_key(w, "current_node_info_list");
    lf_jw_arr(w);
    for (size_t i = 0; i < v.nrows; i++) {
        const lf_wf_gnode *n = gnode(v.g, &v.rows[i].node_id);
        lf_jw_obj(w);
        lf_jw_uuid(w, "id", &v.rows[i].node_id);
        lf_jw_kstrz(w, "name", n ? n->name : "");
        if (n && n->type == LF_WFN_HOOK)
            lf_jw_kstrz(w, "hook_status", v.rows[i].hook_status ? v.rows[i].hook_status : "");
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    lf_tv_close(&v);
    return LF_H_OK;
}

/* ---- flow history ---- */
static void processor_info(lf_call *c, const lf_flow *f)
{
    lf_jw *w = &c->w;
    const char *type = f->processor_type && *f->processor_type ? f->processor_type : "user";
    const lf_user *u = NULL;
    lf_uuid id;
    int is_user = strcmp(type, "user") == 0;
    int found = is_user && f->processor && lf_uuid_parse(lf_strz(f->processor), &id) == LF_OK &&
                lf_call_user(c, &id, &u) == LF_OK;
    lf_jw_key(w, "processor_info");
    lf_jw_obj(w);
    lf_jw_kstrz(w, "processor_type", type);
    lf_jw_kstrz(w, "processor", f->processor ? f->processor : "");
    lf_jw_kstrz(w, "processor_alias", found ? u->alias : "");
    if (is_user)
        lf_jw_kstrz(w, "processor_name", found ? u->name : "");
    lf_jw_kstrz(w, "processor_email", found ? u->email : "");
    lf_jw_kstrz(w, "processor_phone", "");
    if (is_user)
        lf_jw_kstrz(w, "participant_phone", found ? u->phone : "");
    lf_jw_obj_end(w);
}

int lf_h_ticket_flow_history(lf_call *c)
{
    lf_tv v;
    lf_str q;
    int64_t page, per_page;
    int oldest_first = 0;
    int rc = lf_call_paging(c, &page, &per_page);
    if (rc)
        return rc;
    if (lf_call_query(c, "desc", &q) == LF_OK && q.n) {
        if (!lf_str_eqz(q, "0") && !lf_str_eqz(q, "1"))
            return lf_call_fail(c, "Request data is invalid:desc should be 0 or 1");
        oldest_first = lf_str_eqz(q, "0");
    }
    if ((rc = open_ticket(c, 0, &v)))
        return rc;
    lf_flow *rows;
    size_t n;
    int64_t total;
    rc = lf_flow_page(c->txn, &v.tk.id, oldest_first, page, per_page, c->a, &rows, &n, &total);
    if (rc) {
        lf_tv_close(&v);
        return rc;
    }
    lf_jw *w = &c->w;
    lf_jw_key(w, "ticket_flow_history_list");
    lf_jw_arr(w);
    for (size_t i = 0; i < n; i++) {
        const lf_flow *f = &rows[i];
        const lf_wf_gnode *node = gnode(v.g, &f->node_id);
        const lf_wf_gedge *edge = NULL;
        for (int e = 0; !lf_uuid_is_zero(&f->action_id) && e < v.g->nedges && !edge; e++)
            if (lf_uuid_eq(&v.g->edges[e].id, &f->action_id))
                edge = &v.g->edges[e];
        lf_jw_obj(w);
        lf_jw_uuid(w, "id", &f->id);
        lf_jw_uuid(w, "ticket_id", &f->ticket_id);
        lf_jw_key(w, "node_info");
        lf_jw_obj(w);
        id_or_null(w, "id", &f->node_id);
        lf_jw_kstrz(w, "name", node ? node->name : "");
        lf_jw_obj_end(w);
        processor_info(c, f);
        lf_jw_kstrz(w, "comment", f->comment ? f->comment : "");
        lf_jw_kstrz(w, "action_type", f->action_type ? f->action_type : "");
        lf_jw_kstrz(w, "action_name", edge ? edge->name : "");
        lf_jw_time(w, "created_at", f->created_at, LF_TIME_RECORD);
        lf_jw_kraw(w, "ticket_data", lf_strz(f->ticket_data && *f->ticket_data ? f->ticket_data : "{}"));
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    lf_jw_paging(w, page, per_page, total);
    lf_tv_close(&v);
    return LF_H_OK;
}

/* ---- the detail form ---- */
static void user_brief(lf_call *c, const lf_uuid *id, int full)
{
    const lf_user *u;
    int found = lf_call_user(c, id, &u) == LF_OK;
    lf_jw *w = &c->w;
    lf_jw_obj(w);
    lf_jw_uuid(w, "id", id);
    lf_jw_kstrz(w, "name", found ? u->name : "");
    lf_jw_kstrz(w, "alias", found ? u->alias : "");
    if (full) {
        lf_jw_kstrz(w, "email", found ? u->email : "");
        lf_jw_kstrz(w, "phone", found ? u->phone : "");
    }
    lf_jw_obj_end(w);
}

/* "Name(alias),..." of comma-joined user ids. */
static void assignee_names(lf_call *c, const char *joined, lf_buf *out)
{
    const char *p = joined ? joined : "";
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        lf_uuid id;
        const lf_user *u;
        if (lf_uuid_parse((lf_str){p, len}, &id) == LF_OK && lf_call_user(c, &id, &u) == LF_OK)
            lf_buf_printf(out, "%s%s(%s)", out->n ? "," : "", u->name, u->alias);
        p += len + (comma ? 1 : 0);
    }
}

/* The value of a built-in key; 0 when key is not one. */
static int builtin_value(lf_call *c, const lf_tv *v, const char *key)
{
    lf_jw *w = &c->w;
    const lf_ticket *tk = &v->tk;
    if (!strcmp(key, "title"))
        lf_jw_strz(w, tk->title);
    else if (!strcmp(key, "act_state"))
        lf_jw_strz(w, tk->act_state);
    else if (!strcmp(key, "created_at") || !strcmp(key, "updated_at")) {
        char s[LF_TIME_STRLEN];
        lf_time_format(!strcmp(key, "created_at") ? tk->created_at : tk->updated_at, LF_TIME_RECORD, s);
        lf_jw_strz(w, s);
    } else if (!strcmp(key, "creator_info"))
        user_brief(c, &tk->creator_id, 1);
    else if (!strcmp(key, "workflow_info")) {
        lf_jw_obj(w);
        lf_jw_kraw(w, "id", LF_STR("null"));
        lf_jw_kstrz(w, "name", v->g->name);
        lf_jw_kstrz(w, "description", v->g->description);
        lf_jw_obj_end(w);
    } else if (!strcmp(key, "ticket_node_infos") || !strcmp(key, "current_assignee_infos")) {
        int names = key[0] == 'c';
        lf_jw_arr(w);
        for (size_t i = 0; i < v->nrows; i++) {
            const lf_wf_gnode *n = gnode(v->g, &v->rows[i].node_id);
            lf_jw_obj(w);
            if (names) {
                lf_buf b;
                lf_buf_init(&b, 1 << 16);
                assignee_names(c, v->rows[i].assignee, &b);
                lf_jw_kstrz(w, "node_name", n ? n->name : "");
                lf_jw_kstrz(w, "assignee_type", v->rows[i].assignee_type ? v->rows[i].assignee_type : "");
                lf_jw_kstr(w, "assignee", (lf_str){b.p ? b.p : "", b.n});
                lf_buf_free(&b);
            } else {
                lf_jw_uuid(w, "id", &v->rows[i].node_id);
                lf_jw_kstrz(w, "name", n ? n->name : "");
            }
            lf_jw_obj_end(w);
        }
        lf_jw_arr_end(w);
    } else {
        static const char *const ids[] = {"parent_ticket_id", "parent_ticket_node_id", "workflow_id",
                                           "workflow_version_id"};
        const lf_uuid *vals[] = {&tk->parent_ticket_id, &tk->parent_ticket_node_id, &tk->workflow_id,
                                 &tk->version_id};
        for (size_t i = 0; i < 4; i++)
            if (!strcmp(key, ids[i])) {
                char s[LF_UUID_STRLEN + 1];
                lf_uuid_format(vals[i], s);
                if (lf_uuid_is_zero(vals[i]))
                    lf_jw_null(w);
                else
                    lf_jw_strz(w, s);
                return 1;
            }
        return 0;
    }
    return 1;
}

/* props as designed, without the external-data secrets and the design's
 * value, then the ticket's value. */
static void props_with_value(lf_call *c, const lf_tv *v, const lf_wf_gcomp *k)
{
    lf_jw *w = &c->w;
    lf_jw_key(w, "props");
    lf_jw_obj(w);
    static const char *const hidden[] = {"data_source_token", "dataSourceToken", "value", NULL};
    lf_jw_props_members(c, k->props, hidden);
    lf_jw_key(w, "value");
    if (k->parent < 0) {
        lf_jw_null(w);
    } else if (!strcmp(k->type, "externaldata")) {
        /* Fetching external data is not built yet. */
        lf_jw_null(w);
        lf_jw_kstrz(w, "externalDataError", "not_available");
    } else if (!builtin_value(c, v, k->key)) {
        lf_val val;
        if (lf_ticket_field_get(c->txn, &v->tk.id, lf_strz(k->key), &val) == LF_OK && val.n)
            lf_jw_raw(w, (lf_str){val.p, val.n});
        else
            lf_jw_null(w);
    }
    lf_jw_obj_end(w);
}

static void write_comp(lf_call *c, const lf_tv *v, const lf_wf_gcomp *k, const char *perm)
{
    lf_jw *w = &c->w;
    lf_jw_obj(w);
    lf_jw_kstrz(w, "id", k->id_text);
    lf_jw_kstrz(w, "type", k->type);
    lf_jw_kstrz(w, "component_key", k->key);
    lf_jw_kstrz(w, "component_name", k->name);
    if (k->parent >= 0)
        lf_jw_kstrz(w, "component_permission", perm);
    lf_jw_kstrz(w, "description", k->description);
    props_with_value(c, v, k);
    lf_jw_kraw(w, "label", lf_strz(k->label && *k->label ? k->label : "{}"));
    lf_jw_kraw(w, "layout", lf_strz(k->layout && *k->layout ? k->layout : "{}"));
}

int lf_h_ticket_detail_form(lf_call *c)
{
    lf_tv v;
    int rc = open_ticket(c, 1, &v);
    if (rc)
        return rc;
    const lf_wf_graph *g = v.g;
    const lf_wf_gnode *n = lf_tv_form_node(&v);
    lf_jw *w = &c->w;
    lf_jw_key(w, "form_schema");
    lf_jw_obj(w);
    lf_jw_key(w, "component_info_list");
    lf_jw_arr(w);
    for (int r = 0; r < g->ncomps; r++) {
        if (g->comps[r].parent >= 0 || !lf_tv_form_perm(&v, n, &g->comps[r]))
            continue;
        write_comp(c, &v, &g->comps[r], NULL);
        lf_jw_key(w, "children");
        lf_jw_arr(w);
        for (int k = r + 1; k < g->ncomps && g->comps[k].parent == r; k++) {
            const char *p = lf_tv_form_perm(&v, n, &g->comps[k]);
            if (!p)
                continue;
            write_comp(c, &v, &g->comps[k], p);
            lf_jw_obj_end(w);
        }
        lf_jw_arr_end(w);
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    rc = lf_jw_workflow_metadata(c, &v.tk.workflow_id, g, v.tk.title);
    lf_jw_obj_end(w);
    lf_tv_close(&v);
    return rc;
}
