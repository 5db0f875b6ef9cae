/* The handle actions of assignees and creators (ENGINE.md 3.3-3.5 with
 * DECISIONS §3): edge actions with whole votes, accept, forward, consult,
 * consult_submit, withdraw and add_comment. */
#include "engine_internal.h"

#include <string.h>

#define NO_PERMISSION "user has no permission to handle this ticket"

/* The current row the operator acts on (node_id given, current, assigned)
 * and the values before the action, for its history entry. */
static int acting_row(lf_eng_tk *x, const lf_engine_act *in, lf_ticket_node **out,
                      const char **before)
{
    if (!in->node_id.n)
        return lf_eng_fail(x->e, "node_id is required");
    lf_ticket_node *r = lf_eng_row(x, in->node_id);
    if (!r || !lf_ticket_ids_has(r->assignee, &x->e->op->id))
        return lf_eng_fail(x->e, NO_PERMISSION);
    *out = r;
    return lf_eng_snapshot(x, before);
}

static int target_user(lf_eng_tk *x, const lf_engine_act *in, lf_uuid *out)
{
    if (!in->target_assignee_id.n)
        return lf_eng_fail(x->e, "target_assignee_id is required");
    int rc = lf_uuid_parse(in->target_assignee_id, out) ? 0 : lf_eng_user_ok(x->e, out);
    if (rc == 0)
        return lf_eng_fail(x->e, "target assignee not found");
    return rc < 0 ? rc : LF_OK;
}

static int finish(lf_eng_tk *x)
{
    x->tk.updated_at = x->e->now;
    return lf_ticket_update(x->e->t, &x->tk);
}

/* A whole vote: records the operator's edge; 1 when the vote goes on. */
static int vote(lf_eng_tk *x, lf_ticket_node *r, const lf_wf_gedge *ed, int *pending)
{
    lf_engine *e = x->e;
    lf_eng_vote *v;
    size_t n;
    int rc = lf_eng_votes_parse(e->a, r->all_assignee_result, &v, &n);
    *pending = 0;
    if (rc || n == 0)
        return rc;
    lf_ids left = {0};
    for (size_t i = 0; i < n; i++) {
        if (lf_uuid_eq(&v[i].user, &e->op->id))
            v[i].edge = lf_strz(ed->id_text);
        else if (!v[i].edge.n && (rc = lf_ids_push(&left, e->a, &v[i].user)))
            return rc;
    }
    if (ed->type == LF_WFE_REJECT || left.n == 0)
        return LF_OK; /* a reject ends the vote; all agreed: the last voter's edge */
    *pending = 1;
    r->all_assignee_result = lf_eng_votes_json(e->a, v, n);
    r->assignee = lf_eng_ids_join(e->a, &left);
    if (!r->all_assignee_result || !r->assignee)
        return LF_ENOMEM;
    return lf_eng_row_put(x, r);
}

static int edge_action(lf_eng_tk *x, const lf_engine_act *in)
{
    lf_engine *e = x->e;
    const lf_wf_gedge *ed = lf_wf_graph_edge(x->g, in->action_id);
    if (!in->node_id.n)
        return lf_eng_fail(e, "node_id is required");
    if (!ed || ed->type == LF_WFE_CONDITION)
        return lf_eng_fail(e, "action not found");
    if (!lf_str_eqz(in->node_id, x->g->nodes[ed->source].id_text))
        return lf_eng_fail(e, "current node has no permission to run this transition");
    lf_ticket_node *r;
    const char *before;
    int rc = acting_row(x, in, &r, &before);
    if (rc)
        return rc;
    if (r->in_accept_wait)
        return lf_eng_fail(e, "Node is in accept wait status, accept it first");
    if (r->in_consult)
        return lf_eng_fail(e, "Node is in consult status, only consult_submit is allowed");
    const lf_wf_gnode *n = &x->g->nodes[ed->source];
    if ((rc = lf_eng_fields_apply(x, n, ed->skip_fields_required_check, in->j, in->fields)))
        return rc;
    int pending;
    if ((rc = vote(x, r, ed, &pending)))
        return rc;
    if (pending) {
        x->tk.act_state = LF_ACT_ON_GOING;
    } else {
        const lf_wf_gnode *gw = r->in_parallel ? lf_eng_node(x->g, &r->parallel_node_id) : NULL;
        lf_eng_plan p;
        lf_eng_plan_keep(x, r, &p);
        rc = lf_eng_follow(x, &p, ed->target, gw ? gw->index : -1);
        if (rc == LF_OK)
            rc = lf_eng_merge_arrivals(x, &p);
        if (rc == LF_OK)
            rc = lf_eng_plan_apply(x, &p);
        if (rc)
            return rc;
        x->tk.act_state = lf_eng_act_state(x, &p, (int)ed->type);
    }
    if ((rc = finish(x)) ||
        (rc = lf_eng_history(x, ed->type_text, &n->id, &ed->id, in->comment, before)))
        return rc;
    return lf_eng_sync_users(x, 1, in->cc);
}

static int accept(lf_eng_tk *x, const lf_engine_act *in)
{
    lf_ticket_node *r;
    const char *before;
    int rc = acting_row(x, in, &r, &before);
    if (rc)
        return rc;
    if (!r->in_accept_wait)
        return lf_eng_fail(x->e, "Node is not in accept wait status");
    char me[LF_UUID_STRLEN + 1];
    lf_uuid_format(&x->e->op->id, me);
    r->in_accept_wait = 0;
    r->assignee = lf_arena_strndup(x->e->a, me, LF_UUID_STRLEN);
    if (!r->assignee)
        return LF_ENOMEM;
    return lf_eng_row_done(x, r, "accept", in->comment, before, 1, NULL);
}

/* Replaces `from` by `to` in the row's assignees and in its vote. */
static int swap_assignee(lf_eng_tk *x, lf_ticket_node *r, const lf_uuid *from, const lf_uuid *to)
{
    lf_engine *e = x->e;
    lf_ids now = {0}, next = {0};
    int rc = lf_eng_ids_parse(e->a, r->assignee, &now);
    for (size_t i = 0; rc == LF_OK && i < now.n; i++) {
        const lf_uuid *u = lf_uuid_eq(&now.v[i], from) ? to : &now.v[i];
        if (!lf_ids_has(&next, u))
            rc = lf_ids_push(&next, e->a, u);
    }
    lf_eng_vote *v;
    size_t n;
    if (rc == LF_OK)
        rc = lf_eng_votes_parse(e->a, r->all_assignee_result, &v, &n);
    if (rc)
        return rc;
    if (n) {
        size_t k = 0;
        int have_to = 0;
        for (size_t i = 0; i < n; i++)
            have_to |= lf_uuid_eq(&v[i].user, to);
        for (size_t i = 0; i < n; i++) {
            if (lf_uuid_eq(&v[i].user, from) && have_to)
                continue;
            if (lf_uuid_eq(&v[i].user, from))
                v[i].user = *to;
            v[k++] = v[i];
        }
        if (!(r->all_assignee_result = lf_eng_votes_json(e->a, v, k)))
            return LF_ENOMEM;
    }
    r->assignee = lf_eng_ids_join(e->a, &next);
    return r->assignee ? LF_OK : LF_ENOMEM;
}

/* forward and consult: the acting row, not in consult, and the user it is
 * handed to. */
static int handing_row(lf_eng_tk *x, const lf_engine_act *in, lf_ticket_node **r, const char **before,
                       lf_uuid *to)
{
    int rc = acting_row(x, in, r, before);
    if (rc || (rc = target_user(x, in, to)))
        return rc;
    if ((*r)->in_consult)
        return lf_eng_fail(x->e, "Node is in consult status, only consult_submit is allowed");
    return LF_OK;
}

static int forward(lf_eng_tk *x, const lf_engine_act *in)
{
    lf_ticket_node *r;
    lf_uuid to;
    const char *before;
    int rc = handing_row(x, in, &r, &before, &to);
    if (rc)
        return rc;
    if ((rc = swap_assignee(x, r, &x->e->op->id, &to)))
        return rc;
    return lf_eng_row_done(x, r, "forward", in->comment, before, 0, NULL);
}

static int consult(lf_eng_tk *x, const lf_engine_act *in)
{
    lf_ticket_node *r;
    lf_uuid to;
    const char *before;
    int rc = handing_row(x, in, &r, &before, &to);
    if (rc)
        return rc;
    if (r->in_accept_wait)
        return lf_eng_fail(x->e, "Node is in accept wait status, accept it first");
    char id[LF_UUID_STRLEN + 1];
    lf_uuid_format(&to, id);
    r->consult_prev_assignee = r->assignee;
    r->assignee = lf_arena_strndup(x->e->a, id, LF_UUID_STRLEN);
    if (!r->assignee)
        return LF_ENOMEM;
    r->in_consult = 1;
    r->consult_from_id = x->e->op->id;
    r->consult_target_id = to;
    return lf_eng_row_done(x, r, "consult", in->comment, before, 0, NULL);
}

static int consult_submit(lf_eng_tk *x, const lf_engine_act *in)
{
    lf_ticket_node *r;
    const char *before;
    int rc = acting_row(x, in, &r, &before);
    if (rc)
        return rc;
    if (!r->in_consult)
        return lf_eng_fail(x->e, "Node is not in consult status");
    r->assignee = r->consult_prev_assignee;
    r->consult_prev_assignee = "";
    r->in_consult = 0;
    memset(&r->consult_from_id, 0, sizeof r->consult_from_id);
    memset(&r->consult_target_id, 0, sizeof r->consult_target_id);
    return lf_eng_row_done(x, r, "consult_submit", in->comment, before, 1, in->cc);
}

static int withdraw(lf_eng_tk *x, const lf_engine_act *in)
{
    lf_engine *e = x->e;
    (void)in; /* the comment is always "withdraw", as upstream writes it */
    if (x->nrows != 1)
        return lf_eng_fail(e, "ticket should only on one node");
    const lf_wf_gnode *n = lf_eng_node(x->g, &x->rows[0].node_id);
    if (!n || !n->allow_withdraw)
        return lf_eng_fail(e, "current node should be allow withdraw");
    if (!lf_uuid_eq(&x->tk.creator_id, &e->op->id))
        return lf_eng_fail(e, "operator is not ticket creator");
    const char *before;
    int rc = lf_eng_snapshot(x, &before);
    lf_eng_plan p;
    lf_eng_plan_keep(x, &x->rows[0], &p);
    if (rc == LF_OK)
        rc = lf_eng_follow(x, &p, x->g->start, -1);
    if (rc == LF_OK)
        rc = lf_eng_plan_apply(x, &p);
    x->tk.act_state = LF_ACT_WITHDRAWN;
    if (rc || (rc = finish(x)) ||
        (rc = lf_eng_history(x, "withdraw", &n->id, NULL, LF_STR("withdraw"), before)))
        return rc;
    return lf_eng_sync_users(x, 1, NULL);
}

static int add_comment(lf_eng_tk *x, const lf_engine_act *in)
{
    lf_engine *e = x->e;
    int rc = lf_ticket_can_view(e->t, e->op, &x->tk, e->a);
    if (rc == 0)
        return lf_eng_fail(e, NO_PERMISSION);
    if (rc < 0)
        return rc;
    if (!in->node_id.n)
        return lf_eng_fail(e, "node_id is required");
    lf_uuid node;
    const char *before;
    if (lf_uuid_parse(in->node_id, &node) || !lf_eng_node(x->g, &node))
        return lf_eng_fail(e, "node not found");
    if ((rc = lf_eng_snapshot(x, &before)))
        return rc;
    return lf_eng_history(x, "add_comment", &node, NULL, in->comment, before);
}

int lf_engine_handle(lf_engine *e, const lf_engine_act *in)
{
    static const struct {
        const char *type;
        int (*fn)(lf_eng_tk *x, const lf_engine_act *in);
    } acts[] = {{"agree", edge_action},   {"reject", edge_action},
                {"other", edge_action},   {"accept", accept},
                {"forward", forward},     {"consult", consult},
                {"consult_submit", consult_submit}, {"withdraw", withdraw},
                {"add_comment", add_comment}, {"force_forward", lf_eng_admin_act},
                {"force_close", lf_eng_admin_act}, {"force_alter_node", lf_eng_admin_act}};
    lf_eng_tk x;
    e->msg[0] = 0;
    int rc = lf_eng_load(e, &in->ticket_id, &x);
    int found = 0;
    for (size_t i = 0; rc == LF_OK && !found && i < sizeof acts / sizeof *acts; i++)
        if (lf_str_eqz(in->action_type, acts[i].type)) {
            found = 1;
            rc = acts[i].fn(&x, in);
        }
    if (rc == LF_OK && !found)
        rc = lf_eng_fail(e, NO_PERMISSION);
    lf_eng_release(&x);
    return rc;
}
