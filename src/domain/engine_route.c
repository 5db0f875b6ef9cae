/* Routing (DECISIONS "Gateways cascade", "Exclusive", "Parallel"): from an
 * edge's target, gateways are followed until human, hook, timer or end
 * nodes; parallel branches carry their gateway until the merge node, which
 * becomes current when the last branch arrives; leaving a parallel region
 * cancels the sibling branches. The result is a plan of current nodes that
 * replaces the ticket's rows in one go. */
#include "engine_internal.h"

#include <string.h>

#define MAX_CASCADE 32

void lf_eng_plan_keep(lf_eng_tk *x, const lf_ticket_node *except, lf_eng_plan *p)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < x->nrows && p->n < LF_ENG_SLOTS; i++) {
        const lf_ticket_node *r = &x->rows[i];
        const lf_wf_gnode *n = lf_eng_node(x->g, &r->node_id);
        const lf_wf_gnode *gw = r->in_parallel ? lf_eng_node(x->g, &r->parallel_node_id) : NULL;
        if (r == except || !n)
            continue;
        p->v[p->n++] = (lf_eng_slot){n->index, gw ? gw->index : -1, (int)i};
    }
}

static int add_slot(lf_eng_tk *x, lf_eng_plan *p, int node, int par)
{
    for (int i = 0; i < p->n; i++)
        if (p->v[i].node == node) {
            p->v[i] = (lf_eng_slot){node, par, -1};
            return LF_OK;
        }
    if (p->n == LF_ENG_SLOTS)
        return lf_eng_fail(x->e, "more than %d nodes would be current at once", LF_ENG_SLOTS);
    p->v[p->n++] = (lf_eng_slot){node, par, -1};
    return LF_OK;
}

/* Is node inside the region of parallel gateway par: reachable from its
 * branch starts without passing the merge node, the gateway, start or end? */
static int in_region(const lf_wf_graph *g, int par, int node)
{
    const lf_wf_gnode *gw = &g->nodes[par];
    int seen[256] = {0}, queue[256], head = 0, tail = 0;
    if (g->nnodes > 256)
        return 1;
    for (int i = 0; i < gw->nout; i++) {
        int t = g->edges[gw->out[i]].target;
        if (!seen[t])
            seen[t] = 1, queue[tail++] = t;
    }
    while (head < tail) {
        int v = queue[head++];
        const lf_wf_gnode *n = &g->nodes[v];
        if (v == gw->merge || v == par || n->type == LF_WFN_START || n->type == LF_WFN_END)
            continue;
        if (v == node)
            return 1;
        for (int i = 0; i < n->nout; i++) {
            int t = g->edges[n->out[i]].target;
            if (!seen[t])
                seen[t] = 1, queue[tail++] = t;
        }
    }
    return 0;
}

/* The parallel gateway whose region holds gateway q (-1: none). */
static int enclosing(const lf_wf_graph *g, int q)
{
    for (int i = 0; i < g->nnodes; i++)
        if (i != q && g->nodes[i].type == LF_WFN_PARALLEL && g->nodes[i].merge >= 0 &&
            in_region(g, i, q))
            return i;
    return -1;
}

/* Is a row of branch `par` part of gateway outer's branches (directly, or
 * inside a parallel region nested in them)? */
static int within(const lf_wf_graph *g, int par, int outer)
{
    for (int depth = 0; par >= 0 && depth < 16; depth++, par = enclosing(g, par))
        if (par == outer)
            return 1;
    return 0;
}

static void cancel_branches(const lf_wf_graph *g, lf_eng_plan *p, int par)
{
    int k = 0;
    for (int i = 0; i < p->n; i++)
        if (!within(g, p->v[i].par, par))
            p->v[k++] = p->v[i];
    p->n = k;
}

static int choose(lf_eng_tk *x, const lf_wf_gnode *n, int *target)
{
    lf_engine *e = x->e;
    lf_cond_branch b[64];
    int idx[64], nb = 0;
    for (int i = 0; i < n->nout && nb < 64; i++) {
        const lf_wf_gedge *ed = &x->g->edges[n->out[i]];
        b[nb] = (lf_cond_branch){lf_strz(ed->id_text), lf_strz(ed->condition_groups),
                                 lf_strz(ed->condition_expression)};
        idx[nb++] = n->out[i];
    }
    lf_str def = n->default_branch >= 0 ? lf_strz(x->g->edges[n->default_branch].id_text)
                                        : LF_STR("");
    lf_cond_env env = {lf_eng_cond_lookup, x, e->utc_offset_min};
    size_t chosen;
    char err[256];
    int rc = lf_cond_choose(&env, b, (size_t)nb, def, e->a, &chosen, err, sizeof err);
    if (rc == LF_ENOTFOUND)
        return lf_eng_fail(e, "no branch of gateway %s matches and it has no default branch",
                           n->name);
    if (rc == LF_EINVAL)
        return lf_eng_fail(e, "gateway %s: %s", n->name, err);
    if (rc)
        return rc;
    *target = x->g->edges[idx[chosen]].target;
    return LF_OK;
}

static int follow(lf_eng_tk *x, lf_eng_plan *p, int node, int par, int depth)
{
    const lf_wf_graph *g = x->g;
    const lf_wf_gnode *n = &g->nodes[node];
    if (depth > MAX_CASCADE)
        return lf_eng_fail(x->e, "gateways lead to each other without end at %s", n->name);
    if (par >= 0 && node == g->nodes[par].merge) {
        for (int i = 0; i < p->narrived; i++)
            if (p->arrived[i] == par)
                return LF_OK;
        p->arrived[p->narrived++] = par;
        return LF_OK;
    }
    /* leaving a region cancels its branches, and maybe the enclosing one's too */
    for (int guard = 0; par >= 0 && guard < 16 && !in_region(g, par, node); guard++) {
        cancel_branches(g, p, par);
        par = enclosing(g, par);
        if (par >= 0 && node == g->nodes[par].merge)
            return follow(x, p, node, par, depth + 1);
    }
    if (n->type == LF_WFN_EXCLUSIVE) {
        int t, rc = choose(x, n, &t);
        return rc ? rc : follow(x, p, t, par, depth + 1);
    }
    if (n->type == LF_WFN_PARALLEL) {
        if (n->merge < 0)
            return lf_eng_fail(x->e, "parallel gateway %s has no merge node", n->name);
        for (int i = 0; i < n->nout; i++) {
            int rc = follow(x, p, g->edges[n->out[i]].target, node, depth + 1);
            if (rc)
                return rc;
        }
        return LF_OK;
    }
    return add_slot(x, p, node, par);
}

int lf_eng_follow(lf_eng_tk *x, lf_eng_plan *p, int node, int par)
{
    return follow(x, p, node, par, 0);
}

int lf_eng_merge_arrivals(lf_eng_tk *x, lf_eng_plan *p)
{
    for (int i = 0; i < p->narrived; i++) {
        int par = p->arrived[i], running = 0;
        for (int k = 0; k < p->n; k++)
            running |= within(x->g, p->v[k].par, par);
        if (running)
            continue;
        /* the merge node continues the enclosing branch, if any */
        int rc = follow(x, p, x->g->nodes[par].merge, enclosing(x->g, par), 1);
        if (rc)
            return rc;
    }
    p->narrived = 0;
    return LF_OK;
}

int lf_eng_on_enter_node(lf_eng_tk *x, const lf_wf_gnode *n, lf_ticket_node *row)
{
    /* Hook and timer nodes become current and wait here. Their firing (the
     * hook POST or the due timer taking the outgoing edge) belongs to the
     * outbox and timer work of a later issue, which hooks in at this point. */
    (void)x;
    (void)n;
    row->hook_status = "";
    return LF_OK;
}

static int index_put(lf_eng_tk *x, const lf_wf_gnode *n, int put)
{
    if (n->type == LF_WFN_END)
        return LF_OK; /* a ticket at its end is no longer open */
    int rc = put ? lf_wf_ticket_node_put(x->e->t, &x->tk.version_id, &n->id, &x->tk.id)
                 : lf_wf_ticket_node_del(x->e->t, &x->tk.version_id, &n->id, &x->tk.id);
    return rc == LF_ENOTFOUND ? LF_OK : rc;
}

int lf_eng_plan_apply(lf_eng_tk *x, const lf_eng_plan *p)
{
    lf_engine *e = x->e;
    int rc = LF_OK;
    for (size_t i = 0; rc == LF_OK && i < x->nrows; i++) {
        int kept = 0;
        for (int k = 0; k < p->n; k++)
            kept |= p->v[k].keep == (int)i;
        if (kept)
            continue;
        const lf_wf_gnode *n = lf_eng_node(x->g, &x->rows[i].node_id);
        rc = lf_ticket_node_del(e->t, &x->tk.id, &x->rows[i].node_id);
        if (rc == LF_OK && n)
            rc = index_put(x, n, 0);
    }
    for (int k = 0; rc == LF_OK && k < p->n; k++) {
        if (p->v[k].keep >= 0)
            continue;
        const lf_wf_gnode *n = &x->g->nodes[p->v[k].node];
        lf_ticket_node row = {0};
        row.ticket_id = x->tk.id;
        row.node_id = n->id;
        row.created_at = row.updated_at = e->now;
        row.hook_status = "";
        row.consult_prev_assignee = "";
        if (p->v[k].par >= 0) {
            row.in_parallel = 1;
            row.parallel_node_id = x->g->nodes[p->v[k].par].id;
        }
        rc = lf_eng_resolve(x, n, &row);
        if (rc == LF_OK && (n->type == LF_WFN_HOOK || n->type == LF_WFN_TIMER))
            rc = lf_eng_on_enter_node(x, n, &row);
        if (rc == LF_OK)
            rc = lf_ticket_node_put(e->t, &row);
        if (rc == LF_OK)
            rc = index_put(x, n, 1);
    }
    if (rc == LF_OK)
        rc = lf_ticket_nodes(e->t, &x->tk.id, e->a, &x->rows, &x->nrows);
    return rc;
}

const char *lf_eng_act_state(lf_eng_tk *x, const lf_eng_plan *p, int et)
{
    if (p->n != 1)
        return LF_ACT_ON_GOING;
    if (et == LF_WFE_REJECT)
        return LF_ACT_REJECTED;
    lf_wf_ntype t = x->g->nodes[p->v[0].node].type;
    if (t == LF_WFN_START)
        return LF_ACT_IN_DRAFT;
    return t == LF_WFN_END ? LF_ACT_FINISHED : LF_ACT_ON_GOING;
}
