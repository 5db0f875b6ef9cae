/* One ticket as one reader sees it: access, the node the reader acts on,
 * the action menus and the form's component permissions. */
#include "loonflow/ticket_view.h"
#include "loonflow/json.h"

#include <string.h>

static const lf_wf_gnode *node_of(const lf_wf_graph *g, const lf_uuid *id)
{
    for (int i = 0; i < g->nnodes; i++)
        if (lf_uuid_eq(&g->nodes[i].id, id))
            return &g->nodes[i];
    return NULL;
}

static int is_closed(const lf_ticket *tk)
{
    return strcmp(tk->act_state, LF_ACT_FINISHED) == 0 || strcmp(tk->act_state, LF_ACT_CLOSED) == 0;
}

int lf_tv_open(lf_txn *t, const lf_user *u, const lf_app *app, lf_str id, lf_arena *a, lf_tv *v,
               const char **msg)
{
    lf_uuid tid;
    memset(v, 0, sizeof *v);
    v->u = u;
    *msg = LF_TV_NOT_FOUND;
    if (lf_uuid_parse(id, &tid))
        return LF_ENOTFOUND;
    int rc = lf_ticket_get(t, &tid, a, &v->tk);
    if (rc == LF_OK && !lf_uuid_eq(&v->tk.tenant_id, &u->tenant_id))
        rc = LF_ENOTFOUND;
    if (rc == LF_OK) {
        rc = lf_ticket_app_allowed(t, app, &v->tk.tenant_id, &v->tk.workflow_id, &v->tk.version_id);
        if (rc == 0) {
            *msg = LF_TV_NO_APP;
            return LF_EINVAL;
        }
    }
    /* A ticket whose workflow was deleted (only closed ones may be) is gone
     * with it. */
    if (rc > 0)
        rc = lf_wf_graph_of(t, &v->tk.version_id, &v->g);
    if (rc != LF_ENOTFOUND)
        *msg = NULL;
    if (rc)
        return rc;
    if ((rc = lf_ticket_nodes(t, &v->tk.id, a, &v->rows, &v->nrows)) ||
        (rc = lf_ticket_is_admin(t, u, &v->tk)) < 0)
        goto fail;
    v->is_admin = rc;
    if ((rc = lf_ticket_can_view(t, u, &v->tk, a)) < 0)
        goto fail;
    v->can_view = rc;
    /* The reader's node: the first current node (arrival order) assigned to
     * them; for a parallel ticket that is their branch. Nobody acts on a
     * finished or closed ticket. */
    for (size_t i = 0; i < v->nrows && !v->mine && !is_closed(&v->tk); i++)
        if (lf_ticket_ids_has(v->rows[i].assignee, &u->id) && node_of(v->g, &v->rows[i].node_id)) {
            v->mine = &v->rows[i];
            v->mine_node = node_of(v->g, &v->rows[i].node_id);
        }
    return LF_OK;
fail:
    lf_tv_close(v);
    return rc;
}

void lf_tv_close(lf_tv *v)
{
    if (v->g)
        lf_wf_graph_release(v->g);
    v->g = NULL;
}

/* ---- menus ---- */
static void add(lf_tv_menu *m, const char *id, const char *name, const char *type, const char *props)
{
    if (m->n < LF_TV_MAX_ACTIONS)
        m->v[m->n++] = (lf_tv_action){id, name, type, props};
}

static void pseudo(lf_tv_menu *m, const char *id, const char *name)
{
    add(m, id, name, id, "{}");
}

/* withdraw: the creator, on a ticket at one node that allows it (the
 * engine refuses the other cases). */
static int may_withdraw(const lf_tv *v)
{
    if (v->nrows != 1 || is_closed(&v->tk) || !lf_uuid_eq(&v->tk.creator_id, &v->u->id))
        return 0;
    const lf_wf_gnode *n = node_of(v->g, &v->rows[0].node_id);
    return n && n->allow_withdraw;
}

static const char *first_node_text(const lf_tv *v)
{
    const lf_wf_gnode *n = v->nrows ? node_of(v->g, &v->rows[0].node_id) : NULL;
    return n ? n->id_text : "";
}

void lf_tv_actions(const lf_tv *v, lf_tv_menu *m)
{
    m->n = 0;
    m->base_node_id = first_node_text(v);
    const lf_ticket_node *r = v->mine;
    if (!r) {
        if (v->can_view)
            pseudo(m, "add_comment", "add comment");
        if (may_withdraw(v))
            pseudo(m, "withdraw", "withdraw");
        return;
    }
    m->base_node_id = v->mine_node->id_text;
    if (r->in_consult) {
        pseudo(m, "consult_submit", "consult submit");
        return;
    }
    if (r->in_accept_wait) {
        pseudo(m, "accept", "accept");
        return;
    }
    /* A node outside a parallel region while branches still run (the merge
     * node waiting for them) takes comments only. */
    int branches_running = 0;
    for (size_t i = 0; i < v->nrows; i++)
        branches_running |= &v->rows[i] != r && v->rows[i].in_parallel;
    if (!r->in_parallel && branches_running) {
        pseudo(m, "add_comment", "add comment");
        return;
    }
    const lf_wf_gnode *n = v->mine_node;
    for (int i = 0; i < n->nout; i++) {
        const lf_wf_gedge *e = &v->g->edges[n->out[i]];
        add(m, e->id_text, e->name, e->type_text, e->props);
    }
    pseudo(m, "add_comment", "add comment");
    pseudo(m, "forward", "forward");
    pseudo(m, "consult", "consult");
    if (may_withdraw(v))
        pseudo(m, "withdraw", "withdraw");
}

void lf_tv_admin_actions(const lf_tv *v, lf_tv_menu *m)
{
    m->n = 0;
    m->base_node_id = "";
    if (is_closed(&v->tk) || !v->is_admin)
        return;
    m->base_node_id = first_node_text(v);
    pseudo(m, "force_forward", "force forward");
    pseudo(m, "force_close", "force close");
}

/* ---- the form ---- */
const lf_wf_gnode *lf_tv_form_node(const lf_tv *v)
{
    if (is_closed(&v->tk) || !v->mine_node || v->mine_node->type == LF_WFN_END)
        return NULL;
    return v->mine_node;
}

static const char *child_perm(const lf_wf_gnode *n, const lf_wf_gcomp *k)
{
    return n ? lf_wf_graph_shown_as(n, k) : "readonly"; /* no node: the view form */
}

const char *lf_tv_form_perm(const lf_tv *v, const lf_wf_gnode *n, const lf_wf_gcomp *k)
{
    if (k->parent >= 0)
        return child_perm(n, k);
    for (int i = k->index + 1; i < v->g->ncomps && v->g->comps[i].parent == k->index; i++)
        if (child_perm(n, &v->g->comps[i]))
            return "";
    return NULL;
}

/* label.ticket_detail_title_template with {name}, {version_name},
 * {description}, {title}; anything else falls back to "<name> - <version>". */
void lf_tv_detail_title(const lf_wf_graph *g, const char *title, lf_arena *a, lf_buf *out)
{
    lf_json j;
    lf_str tpl;
    char err[32];
    int ok = g->label && lf_json_parse(&j, g->label, strlen(g->label), a, 0, err, sizeof err) == LF_OK &&
             (lf_json_get_str(&j, 0, "ticket_detail_title_template", a, &tpl) == LF_OK ||
              lf_json_get_str(&j, 0, "ticketDetailTitleTemplate", a, &tpl) == LF_OK) &&
             tpl.n > 0;
    for (size_t i = 0; ok && i < tpl.n; i++) {
        if (tpl.p[i] != '{') {
            lf_buf_putc(out, tpl.p[i]);
            continue;
        }
        const char *close = memchr(tpl.p + i, '}', tpl.n - i);
        lf_str key = {tpl.p + i + 1, close ? (size_t)(close - tpl.p - (ptrdiff_t)i - 1) : 0};
        if (close && lf_str_eqz(key, "name"))
            lf_buf_puts(out, g->name);
        else if (close && lf_str_eqz(key, "version_name"))
            lf_buf_puts(out, g->version_name);
        else if (close && lf_str_eqz(key, "description"))
            lf_buf_puts(out, g->description);
        else if (close && title && lf_str_eqz(key, "title"))
            lf_buf_puts(out, title);
        else
            ok = 0;
        if (close)
            i = (size_t)(close - tpl.p);
    }
    if (!ok) {
        lf_buf_reset(out);
        lf_buf_printf(out, "%s - %s", g->name, g->version_name);
    }
}
