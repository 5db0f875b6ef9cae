/* GET /tickets: the query is read and checked here; the list itself is the
 * domain's (ticket_view_list.c), served from the list indexes. */
#include "internal.h"
#include "loonflow/fields.h"
#include "loonflow/ticket_view.h"

#include <string.h>

/* Upstream's window when neither bound is given: three years back, one hour ahead. */
#define DEFAULT_BACK (3 * 365 * 86400LL)
#define DEFAULT_AHEAD 3600

static const char *const keys[] = {
    "category", "search_value", "username", "create_start", "create_end", "workflow_ids",
    "workflow_ids[]", "stage_ids", "ticket_ids", "ticket_ids[]", "node_ids", "node_ids[]",
    "act_state", "reverse", "creator_id", "parent_ticket_id", "parent_ticket_node_id", "page",
    "per_page", NULL};

static int only_known_keys(lf_call *c)
{
    lf_query_iter it;
    lf_str k, v;
    lf_query_iter_init(&it, c->req->query);
    for (int rc; (rc = lf_query_next(&it, c->a, &k, &v)) != 0;) {
        if (rc == LF_ENOMEM)
            return rc;
        if (rc < 0)
            return lf_call_fail(c, "Request data is invalid:the query is not well encoded");
        int known = 0;
        for (const char *const *p = keys; *p && !known; p++)
            known = lf_str_eqz(k, *p);
        if (!known)
            return lf_call_fail(c, "Request data is invalid:Wrong key '%.*s'",
                                (int)(k.n > 64 ? 64 : k.n), k.p);
    }
    return LF_H_OK;
}

static int positive(lf_call *c, const char *name, int64_t max, int64_t *out)
{
    lf_str v;
    if (lf_call_query(c, name, &v) != LF_OK || v.n == 0)
        return LF_H_OK;
    if (lf_str_to_i64(v, out) != LF_OK || *out < 1)
        return lf_call_fail(c, "%s should be int and greater than 0", name);
    if (*out > max)
        return lf_call_fail(c, "Request data is invalid:%s should be at most %lld", name,
                            (long long)max);
    return LF_H_OK;
}

/* An optional id; *set tells whether it was given. */
static int opt_id(lf_call *c, const char *name, lf_uuid *out, int *set)
{
    lf_str v;
    *set = 0;
    if (lf_call_query(c, name, &v) != LF_OK || v.n == 0)
        return LF_H_OK;
    if (lf_uuid_parse(v, out))
        return lf_call_fail(c, "Request data is invalid:%s is not a valid id", name);
    *set = 1;
    return LF_H_OK;
}

static int bound(lf_call *c, const char *name, int64_t *out, int *set)
{
    lf_str v;
    int ms;
    *set = 0;
    if (lf_call_query(c, name, &v) != LF_OK || v.n == 0)
        return LF_H_OK;
    if (lf_datetime_parse(v, c->api->o.utc_offset_min, out, &ms))
        return lf_call_fail(c, "Request data is invalid:%s should be a date or datetime", name);
    *set = 1;
    return LF_H_OK;
}

static int ids(lf_call *c, const char *name, lf_ids *out, const lf_ids **use)
{
    int present = 0;
    int rc = lf_call_id_query(c, name, &present, out);
    *use = present ? out : NULL;
    return rc;
}

int lf_h_ticket_list(lf_call *c)
{
    lf_tv_listq q;
    lf_str v;
    int rc;
    memset(&q, 0, sizeof q);
    q.u = &c->caller.user;
    q.app = c->caller.kind == LF_AUTH_SIG ? &c->caller.app : NULL;
    q.page = 1;
    q.per_page = 10;
    q.newest_first = 1;
    if ((rc = only_known_keys(c)))
        return rc;
    if (lf_call_query(c, "category", &v) != LF_OK)
        return lf_call_fail(c, "Request data is invalid:Missing key: 'category'");
    if (lf_tv_cat_parse(v, &q.cat))
        return lf_call_fail(c, "Request data is invalid:category should be one of all, duty, owner, "
                               "relation, worked, intervene, view");
    if (lf_call_query(c, "search_value", &q.search) == LF_OK && memchr(q.search.p, 0, q.search.n))
        return lf_call_fail(c, "Request data is invalid:search_value is not valid");
    if (lf_call_query(c, "act_state", &v) == LF_OK && v.n) {
        if (!lf_act_state_valid(v))
            return lf_call_fail(c, "Request data is invalid:act_state should be one of in_draft, "
                                   "on_going, rejected, withdrawn, finished, closed");
        q.act_state = lf_arena_strndup(c->a, v.p, v.n);
        if (!q.act_state)
            return LF_ENOMEM;
    }
    if (lf_call_query(c, "reverse", &v) == LF_OK && v.n) {
        if (!lf_str_eqz(v, "0") && !lf_str_eqz(v, "1"))
            return lf_call_fail(c, "Request data is invalid:reverse should be 0 or 1");
        q.newest_first = lf_str_eqz(v, "1");
    }
    int has_from, has_to, has_creator, has_parent, has_parent_node;
    lf_uuid creator, parent, parent_node;
    lf_ids wf_ids = {0}, tk_ids = {0}, node_ids = {0};
    if ((rc = positive(c, "page", INT32_MAX, &q.page)) ||
        (rc = positive(c, "per_page", 1000, &q.per_page)) ||
        (rc = bound(c, "create_start", &q.from, &has_from)) ||
        (rc = bound(c, "create_end", &q.to, &has_to)) ||
        (rc = opt_id(c, "creator_id", &creator, &has_creator)) ||
        (rc = opt_id(c, "parent_ticket_id", &parent, &has_parent)) ||
        (rc = opt_id(c, "parent_ticket_node_id", &parent_node, &has_parent_node)) ||
        (rc = ids(c, "workflow_ids", &wf_ids, &q.workflow_ids)) ||
        (rc = ids(c, "ticket_ids", &tk_ids, &q.ticket_ids)) ||
        (rc = ids(c, "node_ids", &node_ids, &q.node_ids)))
        return rc;
    if (!has_from && !has_to) {
        q.from = c->now - DEFAULT_BACK;
        q.to = c->now + DEFAULT_AHEAD;
    } else {
        if (!has_from)
            q.from = 0;
        if (!has_to)
            q.to = INT64_MAX;
    }
    q.creator_id = has_creator ? &creator : NULL;
    q.parent_ticket_id = has_parent ? &parent : NULL;
    q.parent_ticket_node_id = has_parent_node ? &parent_node : NULL;

    lf_ticket_page pg;
    rc = lf_tv_list(c->txn, &q, c->a, &pg);
    if (rc == LF_EINVAL && q.cat == LF_TVC_ALL)
        return lf_call_fail(c, "only admin can get all tickets");
    if (rc)
        return rc;
    lf_jw *w = &c->w;
    lf_graph_memo graphs;
    lf_graph_memo_init(&graphs, c->a);
    lf_jw_key(w, "ticket_list");
    lf_jw_arr(w);
    for (size_t i = 0; i < pg.n; i++) {
        const lf_ticket *tk = &pg.items[i];
        const lf_wf_graph *g = NULL;
        /* A closed ticket may outlive its deleted workflow: no names then. */
        rc = lf_graph_memo_get(&graphs, c->txn, &tk->version_id, &g);
        if (rc && rc != LF_ENOTFOUND)
            break;
        rc = LF_OK;
        lf_jw_obj(w);
        lf_jw_uuid(w, "id", &tk->id);
        lf_jw_kraw(w, "label", lf_strz(tk->label && *tk->label ? tk->label : "{}"));
        lf_jw_creator_info(c, w, &tk->creator_id);
        lf_jw_time(w, "created_at", tk->created_at, LF_TIME_RECORD);
        lf_jw_time(w, "updated_at", tk->updated_at, LF_TIME_RECORD);
        lf_jw_uuid(w, "tenant_id", &tk->tenant_id);
        lf_jw_kstrz(w, "title", tk->title);
        lf_jw_kstrz(w, "act_state", tk->act_state);
        lf_jw_key(w, "workflow_info");
        lf_jw_obj(w);
        lf_jw_uuid(w, "id", &tk->workflow_id);
        lf_jw_kstrz(w, "name", g ? g->name : "");
        lf_jw_kstrz(w, "description", g ? g->description : "");
        lf_jw_obj_end(w);
        lf_jw_obj_end(w);
    }
    lf_graph_memo_release(&graphs);
    if (rc)
        return rc;
    lf_jw_arr_end(w);
    lf_jw_paging(w, q.page, q.per_page, pg.total);
    return LF_H_OK;
}
