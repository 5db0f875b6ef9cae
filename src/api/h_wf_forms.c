/* What a ticket creator sees of a workflow: the creation form (the start
 * node's field permissions applied), the creation actions, the start node,
 * and the process diagram. All read the compiled graph. */
#include "internal.h"
#include "loonflow/ticket_view.h"
#include "loonflow/workflow.h"

#include <string.h>

/* The version named by ?version_name= (default when absent), open for tickets. */
static int graph_for(lf_call *c, int for_create, lf_workflow *wf, const lf_wf_graph **g)
{
    lf_wf_version v;
    lf_wf_err err;
    lf_str name = LF_STR("");
    int rc = lf_wf_load(c, 0, wf);
    if (rc)
        return rc;
    lf_call_query(c, "version_name", &name);
    err.msg[0] = 0;
    if (for_create)
        rc = lf_wf_version_for_new_ticket(c->txn, wf, name, c->a, &v, &err);
    else
        rc = lf_wf_load_version(c, wf, name, &v);
    return rc ? lf_wf_fail(c, rc, &err) : lf_wf_graph_get(c->txn, &v, g);
}

static int listed(const lf_json *j, int k, const char *const *names)
{
    for (; *names; names++)
        if (lf_json_str_eqz(j, k, *names))
            return 1;
    return 0;
}

void lf_jw_props_members(lf_call *c, const char *props, const char *const *drop)
{
    lf_json j;
    char err[32];
    if (lf_json_parse(&j, props, strlen(props), c->a, 0, err, sizeof err) != LF_OK ||
        lf_json_type_of(&j, 0) != LF_JSON_OBJECT)
        return;
    for (int k = lf_json_first(&j, 0); k >= 0; k = lf_json_next(&j, k)) {
        lf_str key;
        if (listed(&j, k, drop) || lf_json_str(&j, k, c->a, &key))
            continue;
        lf_jw_kraw(&c->w, key.p, lf_json_raw(&j, k + 1));
    }
}

static void write_comp(lf_call *c, const lf_wf_gcomp *k, const char *perm)
{
    lf_jw *w = &c->w;
    lf_jw_obj(w);
    lf_jw_kstrz(w, "id", k->id_text);
    lf_jw_kstrz(w, "type", k->type);
    lf_jw_kstrz(w, "component_key", k->key);
    lf_jw_kstrz(w, "component_name", k->name);
    if (perm)
        lf_jw_kstrz(w, "component_permission", perm);
    lf_jw_kstrz(w, "description", k->description);
    lf_jw_key(w, "props");
    lf_jw_obj(w);
    static const char *const secrets[] = {"data_source_token", "dataSourceToken", NULL};
    lf_jw_props_members(c, k->props, secrets);
    lf_jw_obj_end(w);
    lf_jw_kraw(w, "label", lf_strz(k->label));
    lf_jw_kraw(w, "layout", lf_strz(k->layout));
}

int lf_jw_workflow_metadata(lf_call *c, const lf_uuid *workflow_id, const lf_wf_graph *g,
                            const char *ticket_title)
{
    lf_jw *w = &c->w;
    lf_buf title;
    lf_buf_init(&title, 1 << 16);
    lf_tv_detail_title(g, ticket_title, c->a, &title);
    lf_jw_key(w, "workflow_metadata");
    lf_jw_obj(w);
    lf_jw_uuid(w, "id", workflow_id);
    lf_jw_kstrz(w, "name", g->name);
    lf_jw_uuid(w, "version_id", &g->version_id);
    lf_jw_kstrz(w, "version_name", g->version_name);
    lf_jw_kstrz(w, "description", g->description);
    lf_jw_kstr(w, "ticket_detail_title", (lf_str){title.p ? title.p : "", title.n});
    lf_jw_obj_end(w);
    int rc = title.oom ? LF_ENOMEM : LF_H_OK;
    lf_buf_free(&title);
    return rc;
}

int lf_h_wf_creation_form(lf_call *c)
{
    lf_workflow wf;
    const lf_wf_graph *g;
    int rc = graph_for(c, 1, &wf, &g);
    if (rc)
        return rc;
    const lf_wf_gnode *start = lf_wf_graph_start(g);
    lf_jw *w = &c->w;
    lf_jw_key(w, "form_schema");
    lf_jw_obj(w);
    lf_jw_key(w, "component_info_list");
    lf_jw_arr(w);
    for (int r = 0; r < g->ncomps; r++) {
        if (g->comps[r].parent >= 0)
            continue;
        int shown = 0;
        for (int k = r + 1; k < g->ncomps && g->comps[k].parent == r; k++)
            shown |= start && lf_wf_graph_shown_as(start, &g->comps[k]) != NULL;
        if (!shown)
            continue; /* a row with nothing to show is left out */
        write_comp(c, &g->comps[r], NULL);
        lf_jw_key(w, "children");
        lf_jw_arr(w);
        for (int k = r + 1; k < g->ncomps && g->comps[k].parent == r; k++) {
            const char *p = lf_wf_graph_shown_as(start, &g->comps[k]);
            if (!p)
                continue;
            write_comp(c, &g->comps[k], p);
            lf_jw_obj_end(w);
        }
        lf_jw_arr_end(w);
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    rc = lf_jw_workflow_metadata(c, &wf.id, g, NULL);
    lf_jw_obj_end(w);
    lf_wf_graph_release(g);
    return rc;
}

int lf_h_wf_creation_actions(lf_call *c)
{
    lf_workflow wf;
    const lf_wf_graph *g;
    int rc = graph_for(c, 1, &wf, &g);
    if (rc)
        return rc;
    const lf_wf_gnode *start = lf_wf_graph_start(g);
    lf_jw *w = &c->w;
    lf_jw_key(w, "actions");
    lf_jw_arr(w);
    for (int i = 0; start && i < start->nout; i++) {
        const lf_wf_gedge *e = &g->edges[start->out[i]];
        lf_jw_obj(w);
        lf_jw_kstrz(w, "id", e->id_text);
        lf_jw_kstrz(w, "name", e->name);
        lf_jw_kstrz(w, "type", e->type_text);
        lf_jw_kraw(w, "props", lf_strz(e->props));
        lf_jw_obj_end(w);
    }
    lf_jw_arr_end(w);
    lf_wf_graph_release(g);
    return LF_H_OK;
}

/* Node props for callers who may not see the workflow's secrets. */
static void node_props(lf_call *c, const lf_workflow *wf, const char *props)
{
    static const char *const secrets[] = {"hook_token", "external_token", NULL};
    if (lf_wf_administers(c, wf)) {
        lf_jw_kraw(&c->w, "props", lf_strz(props));
        return;
    }
    lf_jw_key(&c->w, "props");
    lf_jw_obj(&c->w);
    lf_jw_props_members(c, props, secrets);
    lf_jw_obj_end(&c->w);
}

int lf_h_wf_init_node(lf_call *c)
{
    lf_workflow wf;
    const lf_wf_graph *g;
    int rc = graph_for(c, 0, &wf, &g);
    if (rc)
        return rc;
    const lf_wf_gnode *n = lf_wf_graph_start(g);
    lf_jw *w = &c->w;
    lf_jw_key(w, "node_info");
    lf_jw_obj(w);
    lf_jw_kstrz(w, "id", n->id_text);
    lf_jw_kstrz(w, "name", n->name);
    lf_jw_kstrz(w, "type", n->type_text);
    node_props(c, &wf, n->props);
    lf_jw_obj_end(w);
    lf_wf_graph_release(g);
    return LF_H_OK;
}

int lf_h_wf_process_schema(lf_call *c)
{
    lf_workflow wf;
    lf_wf_version v;
    lf_uuid vid;
    lf_json j;
    lf_wf_design d;
    lf_str q;
    int rc = lf_wf_load(c, 0, &wf);
    if (rc)
        return rc;
    if (lf_call_query(c, "version_id", &q) == LF_OK && q.n) {
        if (lf_uuid_parse(q, &vid) != LF_OK)
            return lf_call_fail(c, "Request data is invalid:version_id must be a version id");
        rc = lf_wf_version_get(c->txn, &wf, &vid, c->a, &v);
        if (rc == LF_ENOTFOUND)
            return lf_call_fail(c, "version is not existed or has been deleted");
    } else {
        rc = lf_wf_load_version(c, &wf, LF_STR(""), &v);
    }
    if (rc || (rc = lf_wf_design_load(c->txn, &v.id, c->a, &j, &d)))
        return rc;
    lf_jw_key(&c->w, "process_schema");
    lf_jw_obj(&c->w);
    lf_wf_write_process(&d, !lf_wf_administers(c, &wf), &c->w);
    lf_jw_obj_end(&c->w);
    return LF_H_OK;
}
