/* Who a node becoming current is assigned to (ENGINE.md 2.5, DECISIONS
 * "Assignees"): always resolved to active users of the tenant and stored as
 * assignee_type "users"; nobody is an error for the action. */
#include "engine_internal.h"

#include <string.h>

static int push_unique(lf_engine *e, lf_ids *out, const lf_uuid *id)
{
    return lf_ids_has(out, id) ? LF_OK : lf_ids_push(out, e->a, id);
}

static int push_all(lf_engine *e, lf_ids *out, const lf_ids *in)
{
    int rc = LF_OK;
    for (size_t i = 0; rc == LF_OK && i < in->n; i++)
        rc = push_unique(e, out, &in->v[i]);
    return rc;
}

/* The comma-joined ids held in a stored field value (a JSON string). */
static int field_users(lf_eng_tk *x, const lf_uuid *ticket, lf_str key, lf_ids *out)
{
    lf_engine *e = x->e;
    char *k = lf_arena_strndup(e->a, key.p, key.n);
    if (!k)
        return LF_ENOMEM;
    const char *v = lf_eng_value(x, ticket, k);
    lf_json j;
    lf_str s;
    char err[64];
    if (!v || lf_json_parse(&j, v, strlen(v), e->a, 0, err, sizeof err) ||
        lf_json_str(&j, 0, e->a, &s))
        return LF_OK;
    return lf_eng_ids_parse(e->a, s.p, out);
}

static int creator_dept_approvers(lf_eng_tk *x, lf_ids *out)
{
    lf_engine *e = x->e;
    lf_user_dept *ud;
    size_t n;
    int rc = lf_user_depts(e->t, &x->tk.creator_id, e->a, &ud, &n);
    for (size_t i = 0; rc == LF_OK && i < n; i++) {
        lf_dept d;
        lf_ids who = {0};
        rc = lf_dept_get(e->t, &x->tk.tenant_id, &ud[i].dept_id, e->a, &d);
        if (rc == LF_ENOTFOUND) {
            rc = LF_OK;
            continue;
        }
        if (rc == LF_OK)
            rc = lf_dept_approvers_or_leader(e->t, &d, e->a, &who);
        if (rc == LF_OK)
            rc = push_all(e, out, &who);
    }
    return rc;
}

/* Calls one() for each comma-separated item of the node's assignee. */
static int each_item(lf_eng_tk *x, const lf_wf_gnode *n, lf_ids *out,
                     int (*one)(lf_eng_tk *x, lf_str item, lf_ids *out))
{
    const char *p = n->assignee ? n->assignee : "";
    int rc = LF_OK;
    while (rc == LF_OK && *p) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        lf_str item = {p, len};
        while (item.n && item.p[0] == ' ')
            item.p++, item.n--;
        while (item.n && item.p[item.n - 1] == ' ')
            item.n--;
        if (item.n)
            rc = one(x, item, out);
        p += len + (comma != NULL);
    }
    return rc;
}

static int one_user(lf_eng_tk *x, lf_str item, lf_ids *out)
{
    lf_uuid id;
    return lf_uuid_parse(item, &id) ? LF_OK : push_unique(x->e, out, &id);
}

static int one_dept(lf_eng_tk *x, lf_str item, lf_ids *out)
{
    lf_uuid id;
    lf_ids who = {0};
    if (lf_uuid_parse(item, &id))
        return LF_OK;
    int rc = lf_dept_users_deep(x->e->t, &x->tk.tenant_id, &id, x->e->a, &who);
    if (rc == LF_ENOTFOUND)
        return LF_OK;
    return rc ? rc : push_all(x->e, out, &who);
}

static int one_role(lf_eng_tk *x, lf_str item, lf_ids *out)
{
    lf_uuid id;
    lf_ids who = {0};
    if (lf_uuid_parse(item, &id))
        return LF_OK;
    int rc = lf_role_users(x->e->t, &id, x->e->a, &who);
    if (rc == LF_ENOTFOUND)
        return LF_OK;
    return rc ? rc : push_all(x->e, out, &who);
}

static int one_variable(lf_eng_tk *x, lf_str item, lf_ids *out)
{
    if (lf_str_eqz(item, "creator"))
        return push_unique(x->e, out, &x->tk.creator_id);
    if (lf_str_eqz(item, "creator_dept_approver") || lf_str_eqz(item, "dept_approver"))
        return creator_dept_approvers(x, out);
    return lf_eng_fail(x->e, "unknown assignee variable '%.*s'", (int)item.n, item.p);
}

static int one_field(lf_eng_tk *x, lf_str item, lf_ids *out)
{
    return field_users(x, &x->tk.id, item, out);
}

static int one_parent_field(lf_eng_tk *x, lf_str item, lf_ids *out)
{
    if (lf_uuid_is_zero(&x->tk.parent_ticket_id))
        return LF_OK;
    return field_users(x, &x->tk.parent_ticket_id, item, out);
}

static int source_users(lf_eng_tk *x, const lf_wf_gnode *n, lf_ids *found)
{
    const char *type = n->assignee_type ? n->assignee_type : "";
    static const struct {
        const char *type;
        int (*one)(lf_eng_tk *x, lf_str item, lf_ids *out);
    } kinds[] = {{"users", one_user},          {"depts", one_dept},
                 {"roles", one_role},          {"variables", one_variable},
                 {"ticket_field", one_field},  {"parent_ticket_field", one_parent_field}};
    if (strcmp(type, "external") == 0)
        return lf_eng_fail(x->e, "node %s: external assignees are not available yet", n->name);
    for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
        if (strcmp(type, kinds[i].type) == 0)
            return each_item(x, n, found, kinds[i].one);
    return lf_eng_fail(x->e, "node %s has an unsupported assignee type '%s'", n->name, type);
}

int lf_eng_resolve(lf_eng_tk *x, const lf_wf_gnode *n, lf_ticket_node *row)
{
    lf_engine *e = x->e;
    lf_ids found = {0}, users = {0};
    row->assignee_type = "";
    row->assignee = "";
    row->all_assignee_result = "{}";
    if (n->type == LF_WFN_START) {
        int rc = lf_ids_push(&users, e->a, &x->tk.creator_id);
        if (rc)
            return rc;
    } else if (n->type != LF_WFN_NORMAL) {
        return LF_OK; /* end, hook, timer: nobody acts on them */
    } else {
        int rc = source_users(x, n, &found);
        for (size_t i = 0; rc == LF_OK && i < found.n; i++) {
            rc = lf_eng_user_ok(e, &found.v[i]);
            if (rc == 1)
                rc = lf_ids_push(&users, e->a, &found.v[i]);
        }
        if (rc < 0)
            return rc;
    }
    if (users.n == 0)
        return lf_eng_fail(e, "node %s has no assignee: nobody is found for its %s '%s'", n->name,
                           n->assignee_type, n->assignee ? n->assignee : "");
    const char *strategy = n->assignment_strategy ? n->assignment_strategy : "direct";
    if (users.n > 1 && strcmp(strategy, "random") == 0) {
        uint32_t r;
        int rc = lf_random(&r, sizeof r);
        if (rc)
            return rc;
        users.v[0] = users.v[r % users.n];
        users.n = 1;
    } else if (users.n > 1 && strcmp(strategy, "whole") == 0) {
        lf_eng_vote *v = lf_arena_alloc(e->a, users.n * sizeof *v);
        if (!v)
            return LF_ENOMEM;
        for (size_t i = 0; i < users.n; i++)
            v[i] = (lf_eng_vote){users.v[i], {"", 0}};
        if (!(row->all_assignee_result = lf_eng_votes_json(e->a, v, users.n)))
            return LF_ENOMEM;
    } else if (users.n > 1 && strcmp(strategy, "voluntary") == 0) {
        row->in_accept_wait = 1;
    }
    row->assignee_type = "users";
    row->assignee = lf_eng_ids_join(e->a, &users);
    return row->assignee ? LF_OK : LF_ENOMEM;
}
