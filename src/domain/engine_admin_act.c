/* The admin actions (ENGINE.md 3.5; DECISIONS §3): system admins and the
 * admins and dispatchers of the ticket's version may force_forward,
 * force_close and force_alter_node. */
#include "engine_internal.h"

#include <string.h>

static int force_forward(lf_eng_tk *x, const lf_engine_act *in)
{
    lf_engine *e = x->e;
    if (!in->node_id.n)
        return lf_eng_fail(e, "node_id is required");
    lf_ticket_node *r = lf_eng_row(x, in->node_id);
    if (!r)
        return lf_eng_fail(e, "node is not a current node of this ticket");
    const lf_wf_gnode *n = lf_eng_node(x->g, &r->node_id);
    if (!n || (n->type != LF_WFN_NORMAL && n->type != LF_WFN_START))
        return lf_eng_fail(e, "This ticket does not support replace assignee");
    lf_uuid to;
    if (!in->target_assignee_id.n)
        return lf_eng_fail(e, "target_assignee_id is required");
    int rc = lf_uuid_parse(in->target_assignee_id, &to) ? 0 : lf_eng_user_ok(e, &to);
    if (rc == 0)
        return lf_eng_fail(e, "target assignee not found");
    if (rc < 0)
        return rc;
    const char *before;
    if ((rc = lf_eng_snapshot(x, &before)))
        return rc;
    /* a whole vote keeps the votes cast; the pending voters give way to the target */
    lf_eng_vote *v;
    size_t nv, k = 0;
    if ((rc = lf_eng_votes_parse(e->a, r->all_assignee_result, &v, &nv)))
        return rc;
    if (nv) {
        lf_eng_vote *nvv = lf_arena_alloc(e->a, (nv + 1) * sizeof *nvv);
        if (!nvv)
            return LF_ENOMEM;
        for (size_t i = 0; i < nv; i++)
            if (v[i].edge.n && !lf_uuid_eq(&v[i].user, &to))
                nvv[k++] = v[i];
        nvv[k++] = (lf_eng_vote){to, {"", 0}};
        if (!(r->all_assignee_result = lf_eng_votes_json(e->a, nvv, k)))
            return LF_ENOMEM;
    }
    char id[LF_UUID_STRLEN + 1];
    lf_uuid_format(&to, id);
    r->assignee_type = "users";
    r->assignee = lf_arena_strndup(e->a, id, LF_UUID_STRLEN);
    r->consult_prev_assignee = "";
    r->in_accept_wait = r->in_consult = 0;
    memset(&r->consult_from_id, 0, sizeof r->consult_from_id);
    memset(&r->consult_target_id, 0, sizeof r->consult_target_id);
    if (!r->assignee)
        return LF_ENOMEM;
    return lf_eng_row_done(x, r, "force_forward", in->comment, before, 0, NULL);
}

static int move_all(lf_eng_tk *x, int node, lf_eng_plan *p)
{
    lf_eng_plan_keep(x, NULL, p);
    p->n = 0; /* every current node is replaced */
    int rc = lf_eng_follow(x, p, node, -1);
    if (rc == LF_OK)
        rc = lf_eng_merge_arrivals(x, p);
    return rc == LF_OK ? lf_eng_plan_apply(x, p) : rc;
}

static int force_close(lf_eng_tk *x, const lf_engine_act *in)
{
    lf_engine *e = x->e;
    if (!strcmp(x->tk.act_state, LF_ACT_FINISHED) || !strcmp(x->tk.act_state, LF_ACT_CLOSED))
        return lf_eng_fail(e, "ticket is already finished or closed");
    const char *before;
    lf_eng_plan p;
    int rc = lf_eng_snapshot(x, &before);
    if (rc || (rc = move_all(x, x->g->end, &p)))
        return rc;
    x->tk.act_state = LF_ACT_CLOSED;
    x->tk.updated_at = e->now;
    if ((rc = lf_ticket_update(e->t, &x->tk)) ||
        (rc = lf_eng_history(x, "force_close", &x->g->nodes[x->g->end].id, NULL, in->comment,
                             before)))
        return rc;
    return lf_eng_sync_users(x, 1, NULL);
}

static int force_alter_node(lf_eng_tk *x, const lf_engine_act *in)
{
    lf_engine *e = x->e;
    if (!in->target_node_id.n)
        return lf_eng_fail(e, "target_node_id is required");
    const lf_wf_gnode *to = lf_wf_graph_node(x->g, in->target_node_id);
    if (!to)
        return lf_eng_fail(e, "target node not found");
    lf_uuid first = x->nrows ? x->rows[0].node_id : to->id;
    lf_eng_plan p;
    int rc = move_all(x, to->index, &p);
    if (rc)
        return rc;
    /* the state follows where the ticket now stands */
    x->tk.act_state = lf_eng_act_state(x, &p, -1);
    x->tk.updated_at = e->now;
    if ((rc = lf_ticket_update(e->t, &x->tk)) ||
        (rc = lf_eng_history(x, "force_alter_node", &first, NULL, in->comment, "{}")))
        return rc;
    return lf_eng_sync_users(x, 1, NULL);
}

int lf_eng_admin_act(lf_eng_tk *x, const lf_engine_act *in)
{
    int rc = lf_ticket_is_admin(x->e->t, x->e->op, &x->tk);
    if (rc == 0)
        return lf_eng_fail(x->e, "user has no permission to handle this ticket");
    if (rc < 0)
        return rc;
    if (lf_str_eqz(in->action_type, "force_forward"))
        return force_forward(x, in);
    if (lf_str_eqz(in->action_type, "force_close"))
        return force_close(x, in);
    return force_alter_node(x, in);
}
