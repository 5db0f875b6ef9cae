/* Server-side validation of a workflow design: structural checks first (the
 * things the engine relies on), then the designer's 18 rules of ENGINE.md
 * 2.10 in order. Each failure names its rule key (the designer's i18n key)
 * and the node, edge or component, so a rejected save says what to fix. */
#include "wf_internal.h"
#include "loonflow/cond.h"

#include <stdio.h>
#include <string.h>

typedef struct vc {
    const lf_wf_design *d;
    const lf_json *j;
    lf_wf_err *err;
    wf_links l;
} vc;

static int fail(vc *v, const char *rule, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(vc *v, const char *rule, const char *fmt, ...)
{
    va_list ap;
    int n = snprintf(v->err->msg, sizeof v->err->msg, "Request data is invalid:%s: ", rule);
    va_start(ap, fmt);
    vsnprintf(v->err->msg + n, sizeof v->err->msg - (size_t)n, fmt, ap);
    va_end(ap);
    return LF_EINVAL;
}

static int in_set(const char *s, const char *const *set)
{
    for (; *set; set++)
        if (strcmp(s, *set) == 0)
            return 1;
    return 0;
}

static const char *const node_types[] = {"start", "normal", "end", "parallel", "exclusive",
                                         "timer", "hook", NULL};
static const char *const edge_types[] = {"agree", "reject", "other", "condition", NULL};
static const char *const comp_types[] = {
    "row", "text", "textarea", "richtext", "number", "select", "radio", "checkbox", "time",
    "date", "datetime", "user", "department", "file", "externaldata", "title", "creator_info",
    "created_at", "act_state", "workflow_info", "current_assignee_infos", "ticket_node_infos",
    "approval_status", NULL};
static const char *const info_types[] = {"creator_info", "created_at", "ticket_node_infos",
                                         "act_state", "approval_status", "workflow_info",
                                         "current_assignee_infos", NULL};
static const char *const fperms[] = {"readonly", "optional", "required", "hidden", NULL};
static const char *const assignee_types[] = {"users", "depts", "roles", "variables",
                                             "ticket_field", "parent_ticket_field", "hook",
                                             "external", NULL};
static const char *const strategies[] = {"direct", "random", "whole", "voluntary", NULL};

/* A props string member: NULL when absent or not a string. */
static lf_str prop(const vc *v, int props, const char *key)
{
    int t = lf_json_get(v->j, props, key);
    if (props < 0 || lf_json_type_of(v->j, t) != LF_JSON_STRING)
        return (lf_str){NULL, 0};
    lf_str raw = lf_json_raw(v->j, t);
    return (lf_str){raw.p + 1, raw.n - 2};
}

static int blank(lf_str s)
{
    for (size_t i = 0; s.p && i < s.n; i++)
        if (s.p[i] != ' ' && s.p[i] != '\t')
            return 0;
    return 1;
}

static int valid_key(const char *k)
{
    if (!*k || strlen(k) > 50)
        return 0;
    for (; *k; k++)
        if (!((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '_'))
            return 0;
    return 1;
}

static int child_by_key(const lf_wf_design *d, const lf_json *j, int keytok)
{
    for (int i = 0; i < d->ncomps; i++)
        if (d->comps[i].parent >= 0 && lf_json_str_eqz(j, keytok, d->comps[i].key))
            return i;
    return -1;
}

/* Permission of a child component at a node: -1 absent, else index in fperms. */
static int perm_at(const vc *v, const lf_wf_node *n, const char *key)
{
    int t = n->fp < 0 ? -1 : lf_json_get(v->j, n->fp, key);
    for (int i = 0; t >= 0 && fperms[i]; i++)
        if (lf_json_str_eqz(v->j, t, fperms[i]))
            return i;
    return -1;
}
enum { P_READONLY, P_OPTIONAL, P_REQUIRED, P_HIDDEN };

static int check_ids(vc *v)
{
    const lf_wf_design *d = v->d;
    for (int i = 0; i < d->ncomps; i++) {
        const lf_wf_comp *c = &d->comps[i];
        if (!*c->id)
            return fail(v, "form.componentIdRequired", "component '%s' has an empty id", c->key);
        for (int k = 0; k < i; k++)
            if (strcmp(d->comps[k].id, c->id) == 0)
                return fail(v, "form.componentIdDuplicate", "component id '%s' is used twice",
                            c->id);
        if (!in_set(c->type, comp_types))
            return fail(v, "form.componentTypeInvalid", "component '%s' has unknown type '%s'",
                        c->key, c->type);
        if (!valid_key(c->key))
            return fail(v, "form.componentKeyInvalid",
                        "component key '%s' must be 1-50 characters of [a-z0-9_]", c->key);
        for (int k = 0; k < i && c->parent >= 0; k++)
            if (d->comps[k].parent >= 0 && strcmp(d->comps[k].key, c->key) == 0)
                return fail(v, "form.componentKeyDuplicate", "component key '%s' is used twice",
                            c->key);
    }
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *n = &d->nodes[i];
        if (!*n->id)
            return fail(v, "process.nodeIdRequired", "node '%s' has an empty id", n->name);
        for (int k = 0; k < i; k++)
            if (strcmp(d->nodes[k].id, n->id) == 0)
                return fail(v, "process.nodeIdDuplicate", "node id '%s' is used twice", n->id);
        if (!in_set(n->type, node_types))
            return fail(v, "process.nodeTypeInvalid", "node '%s' has unknown type '%s'", n->name,
                        n->type);
    }
    for (int i = 0; i < d->nedges; i++) {
        const lf_wf_edge *e = &d->edges[i];
        if (!*e->id)
            return fail(v, "process.edgeIdRequired", "edge '%s' has an empty id", e->name);
        for (int k = 0; k < i; k++)
            if (strcmp(d->edges[k].id, e->id) == 0)
                return fail(v, "process.edgeIdDuplicate", "edge id '%s' is used twice", e->id);
        if (!in_set(e->type, edge_types))
            return fail(v, "process.edgeTypeInvalid", "edge '%s' has unknown type '%s'", e->name,
                        e->type);
        if (v->l.src[i] < 0)
            return fail(v, "process.edgeSourceMissing", "edge '%s' starts at unknown node '%s'",
                        e->name, e->source);
        if (v->l.dst[i] < 0)
            return fail(v, "process.edgeTargetMissing", "edge '%s' ends at unknown node '%s'",
                        e->name, e->target);
    }
    for (int i = 0; i < d->nhooks; i++)
        for (int k = 0; k < i && *d->hooks[i].id; k++)
            if (strcmp(d->hooks[k].id, d->hooks[i].id) == 0)
                return fail(v, "customization.hookIdDuplicate", "hook id '%s' is used twice",
                            d->hooks[i].id);
    return LF_OK;
}

static int check_node_props(vc *v)
{
    const lf_wf_design *d = v->d;
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *n = &d->nodes[i];
        for (int k = n->fp < 0 ? -1 : lf_json_first(v->j, n->fp); k >= 0;
             k = lf_json_next(v->j, k)) {
            lf_str key = lf_json_raw(v->j, k);
            int ok = 0;
            for (int p = 0; fperms[p] && !ok; p++)
                ok = lf_json_str_eqz(v->j, k + 1, fperms[p]);
            if (child_by_key(d, v->j, k) < 0)
                return fail(v, "fieldPermission.unknownField",
                            "node '%s' sets a permission on %.*s, which is not a form field",
                            n->name, (int)key.n, key.p);
            if (!ok)
                return fail(v, "fieldPermission.invalidValue",
                            "node '%s': the permission of %.*s must be readonly, optional, "
                            "required or hidden",
                            n->name, (int)key.n, key.p);
        }
        if (strcmp(n->type, "timer") == 0) {
            int64_t delay;
            int t = n->props < 0 ? -1 : lf_json_get(v->j, n->props, "delay_seconds");
            if (lf_json_i64(v->j, t, &delay) != LF_OK || delay < 0)
                return fail(v, "node.timerDelayInvalid",
                            "timer node '%s' needs props.delay_seconds, a whole number of seconds",
                            n->name);
        }
        lf_str at = prop(v, n->props, "assignee_type"), st = prop(v, n->props, "assignment_strategy");
        char buf[64];
        if (at.p && at.n && at.n < sizeof buf) {
            snprintf(buf, sizeof buf, "%.*s", (int)at.n, at.p);
            if (!in_set(buf, assignee_types))
                return fail(v, "node.assigneeTypeInvalid", "node '%s' has unknown assignee_type '%s'",
                            n->name, buf);
        }
        if (st.p && st.n && st.n < sizeof buf) {
            snprintf(buf, sizeof buf, "%.*s", (int)st.n, st.p);
            if (!in_set(buf, strategies))
                return fail(v, "node.assignmentStrategyInvalid",
                            "node '%s' has unknown assignment_strategy '%s'", n->name, buf);
        }
    }
    return LF_OK;
}

/* Conditions are checked by the evaluator that will run them (a shape and
 * operator check with no field values), so save and routing never disagree.
 * Save adds two design rules the evaluator tolerates (it just never
 * matches): every group has a conditions list, every condition a field. */
static int check_groups(vc *v, const lf_wf_edge *ed, int g)
{
    const lf_json *j = v->j;
    char why[200];
    int match;
    if (lf_cond_groups_eval(NULL, j, g, &match, why, sizeof why) != LF_OK)
        return fail(v, "edge.conditionInvalid", "condition_groups of edge '%s': %s", ed->name,
                    why);
    int gi = 0;
    for (int gr = lf_json_first(j, g); gr >= 0; gr = lf_json_next(j, gr), gi++) {
        int cs = lf_json_get(j, gr, "conditions");
        if (lf_json_type_of(j, cs) != LF_JSON_ARRAY)
            return fail(v, "edge.conditionInvalid",
                        "condition_groups of edge '%s': condition group %d needs a 'conditions' "
                        "list",
                        ed->name, gi + 1);
        for (int ci = lf_json_first(j, cs); ci >= 0; ci = lf_json_next(j, ci)) {
            int f = lf_json_get(j, ci, "field_name");
            if (lf_json_type_of(j, f) != LF_JSON_STRING || lf_json_raw(j, f).n <= 2)
                return fail(v, "edge.conditionInvalid",
                            "a condition of edge '%s' has no field_name", ed->name);
        }
    }
    return LF_OK;
}

static int check_expression(vc *v, const lf_wf_edge *ed, int x)
{
    char why[200];
    lf_arena a;
    lf_str text;
    lf_json_type t = lf_json_type_of(v->j, x);
    if (t == LF_JSON_NONE || t == LF_JSON_NULL)
        return LF_OK;
    if (t != LF_JSON_STRING)
        return fail(v, "edge.conditionExpressionInvalid",
                    "condition_expression of edge '%s' must be a string", ed->name);
    lf_arena_init(&a, 1024, 0);
    int rc = lf_json_str(v->j, x, &a, &text);
    if (rc == LF_OK && !blank(text) && lf_cond_expr_check(text, why, sizeof why) != LF_OK)
        rc = fail(v, "edge.conditionExpressionInvalid", "condition_expression of edge '%s': %s",
                  ed->name, why);
    lf_arena_free(&a);
    return rc;
}

static int check_conditions(vc *v)
{
    for (int e = 0; e < v->d->nedges; e++) {
        const lf_wf_edge *ed = &v->d->edges[e];
        if (ed->props < 0)
            continue;
        int g = lf_json_get(v->j, ed->props, "condition_groups");
        int rc = lf_json_type_of(v->j, g) == LF_JSON_NULL || g < 0 ? LF_OK : check_groups(v, ed, g);
        if (!rc)
            rc = check_expression(v, ed, lf_json_get(v->j, ed->props, "condition_expression"));
        if (rc)
            return rc;
    }
    return LF_OK;
}

/* Edges leaving gateways carry the types routing expects, and an exclusive
 * gateway's default branch is one of its own outgoing edges. */
static int check_gateway_edges(vc *v)
{
    const lf_wf_design *d = v->d;
    for (int i = 0; i < d->nedges; i++) {
        const lf_wf_edge *e = &d->edges[i];
        const char *st = d->nodes[v->l.src[i]].type;
        int cond = strcmp(e->type, "condition") == 0;
        if (strcmp(st, "exclusive") == 0 && !cond)
            return fail(v, "exclusive.edgeMustBeCondition",
                        "edge '%s' leaves exclusive gateway '%s' and must be of type condition",
                        e->name, d->nodes[v->l.src[i]].name);
        if (strcmp(st, "exclusive") != 0 && cond)
            return fail(v, "edge.conditionOutsideExclusive",
                        "edge '%s' is of type condition but does not leave an exclusive gateway",
                        e->name);
        if (strcmp(st, "parallel") == 0 && strcmp(e->type, "reject") == 0)
            return fail(v, "parallel.branchEdgeType",
                        "edge '%s' leaves parallel gateway '%s' and cannot be a reject", e->name,
                        d->nodes[v->l.src[i]].name);
    }
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *n = &d->nodes[i];
        if (strcmp(n->type, "exclusive") != 0 || !*n->default_branch)
            continue;
        int ok = 0;
        for (int e = 0; e < d->nedges && !ok; e++)
            ok = v->l.src[e] == i && strcmp(d->edges[e].id, n->default_branch) == 0;
        if (!ok)
            return fail(v, "exclusive.defaultBranchInvalid",
                        "default_branch '%s' of exclusive gateway '%s' is not one of its "
                        "outgoing edges",
                        n->default_branch, n->name);
    }
    return LF_OK;
}

static int count_type(const lf_wf_design *d, const char *type, int *first)
{
    int n = 0;
    *first = -1;
    for (int i = 0; i < d->nnodes; i++)
        if (strcmp(d->nodes[i].type, type) == 0 && n++ == 0)
            *first = i;
    return n;
}

static int rules_basic(vc *v)
{
    const lf_wf_design *d = v->d;
    int first;
    if (blank(lf_strz(d->name)))
        return fail(v, "basic.workflowNameEmpty", "the workflow name is empty");
    for (int i = 0; i < d->nnodes; i++)
        if (blank(lf_strz(d->nodes[i].name)))
            return fail(v, "basic.nodeNameRequired", "node '%s' has no name", d->nodes[i].id);
    int ns = count_type(d, "start", &first);
    if (ns == 0)
        return fail(v, "basic.startNodeRequired", "the process has no start node");
    if (ns > 1)
        return fail(v, "basic.startNodeCountError", "the process has %d start nodes", ns);
    int ne = count_type(d, "end", &first);
    if (ne == 0)
        return fail(v, "basic.endNodeRequired", "the process has no end node");
    if (ne > 1)
        return fail(v, "basic.endNodeCountError", "the process has %d end nodes", ne);
    return LF_OK;
}

static int rules_form(vc *v)
{
    const lf_wf_design *d = v->d;
    if (d->ncomps == 0)
        return fail(v, "form.formDesignEmpty", "the form has no component");
    int titles = 0;
    for (int i = 0; i < d->ncomps; i++) {
        const lf_wf_comp *c = &d->comps[i];
        if (c->parent < 0 && (i + 1 == d->ncomps || d->comps[i + 1].parent != i))
            return fail(v, "form.rowComponentNoChildren", "row '%s' has no component",
                        c->key);
        titles += strcmp(c->type, "title") == 0;
    }
    if (titles != 1)
        return fail(v, "form.titleComponentCountError",
                    "the form needs exactly one title component, it has %d", titles);
    for (int i = 0; i < d->ncomps; i++) {
        const lf_wf_comp *c = &d->comps[i];
        if (strcmp(c->type, "externaldata") != 0)
            continue;
        lf_str url = prop(v, c->props, "data_source_url"), tok = prop(v, c->props, "data_source_token");
        if (!url.p)
            url = prop(v, c->props, "dataSourceUrl");
        if (!tok.p)
            tok = prop(v, c->props, "dataSourceToken");
        if (blank(url) || blank(tok))
            return fail(v, "form.externalDataSourceRequired",
                        "external data component '%s' needs data_source_url and "
                        "data_source_token",
                        c->key);
    }
    return LF_OK;
}

static int rules_permissions(vc *v)
{
    const lf_wf_design *d = v->d;
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *n = &d->nodes[i];
        for (int c = 0; c < d->ncomps; c++) {
            const lf_wf_comp *k = &d->comps[c];
            int p = k->parent >= 0 ? perm_at(v, n, k->key) : -1;
            int editable = p == P_OPTIONAL || p == P_REQUIRED;
            if (editable && strcmp(k->type, "externaldata") == 0)
                return fail(v, "fieldPermission.externalDataReadOnlyOrHidden",
                            "node '%s': external data field '%s' can only be readonly or hidden",
                            n->name, k->key);
            if (editable && in_set(k->type, info_types))
                return fail(v, "fieldPermission.infoComponentReadOnlyOrHidden",
                            "node '%s': info field '%s' can only be readonly or hidden", n->name,
                            k->key);
        }
    }
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *n = &d->nodes[i];
        if (strcmp(n->type, "start") != 0)
            continue;
        int input = 0;
        for (int c = 0; c < d->ncomps; c++) {
            int p = d->comps[c].parent >= 0 ? perm_at(v, n, d->comps[c].key) : -1;
            input |= p == P_OPTIONAL || p == P_REQUIRED;
        }
        if (!input)
            return fail(v, "fieldPermission.startNodeNeedInputField",
                        "start node '%s' needs at least one optional or required field", n->name);
        for (int c = 0; c < d->ncomps; c++) {
            const lf_wf_comp *k = &d->comps[c];
            lf_str mode = prop(v, k->props, "title_generate_mode");
            int p = perm_at(v, n, k->key);
            if (strcmp(k->type, "title") == 0 && lf_str_eqz(mode, "automatic") && p >= 0 &&
                p != P_HIDDEN)
                return fail(v, "fieldPermission.autoTitleMustHidden",
                            "the title is generated automatically, so start node '%s' must set "
                            "'%s' to hidden",
                            n->name, k->key);
        }
    }
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *n = &d->nodes[i];
        if (strcmp(n->type, "normal") != 0)
            continue;
        int shown = 0;
        for (int c = 0; c < d->ncomps; c++) {
            int p = d->comps[c].parent >= 0 ? perm_at(v, n, d->comps[c].key) : -1;
            shown |= p >= 0 && p != P_HIDDEN;
        }
        if (!shown)
            return fail(v, "fieldPermission.nodeNeedNonHiddenField",
                        "node '%s' needs at least one field that is not hidden", n->name);
    }
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *n = &d->nodes[i];
        if (strcmp(n->type, "normal") != 0)
            continue;
        if (blank(prop(v, n->props, "assignee_type")))
            return fail(v, "node.assigneeTypeRequired", "node '%s' has no assignee_type", n->name);
        if (blank(prop(v, n->props, "assignee")))
            return fail(v, "node.assigneeRequired", "node '%s' has no assignee", n->name);
        if (blank(prop(v, n->props, "assignment_strategy")))
            return fail(v, "node.assignmentStrategyRequired", "node '%s' has no assignment_strategy",
                        n->name);
    }
    return LF_OK;
}

static int in_degree(const vc *v, int node)
{
    int n = 0;
    for (int e = 0; e < v->d->nedges; e++)
        n += v->l.dst[e] == node;
    return n;
}

static int out_degree(const vc *v, int node)
{
    return v->l.start[node + 1] - v->l.start[node];
}

static int rules_process(vc *v)
{
    const lf_wf_design *d = v->d;
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *n = &d->nodes[i];
        int in = in_degree(v, i), out = out_degree(v, i);
        if (strcmp(n->type, "start") == 0 && out == 0)
            return fail(v, "process.startNodeNoOutgoing", "start node '%s' has no outgoing edge",
                        n->name);
        if (strcmp(n->type, "end") == 0 && in == 0)
            return fail(v, "process.endNodeNoIncoming", "end node '%s' has no incoming edge",
                        n->name);
        if (strcmp(n->type, "start") != 0 && strcmp(n->type, "end") != 0 && (in == 0 || out == 0))
            return fail(v, in == 0 ? "process.nodeNoIncoming" : "process.nodeNoOutgoing",
                        "node '%s' needs at least one incoming and one outgoing edge", n->name);
    }
    for (int i = 0; i < d->nnodes; i++) {
        if (strcmp(d->nodes[i].type, "parallel") != 0)
            continue;
        int m = lf_wf_parallel_merge(&v->l.adj, i);
        if (m < 0)
            return fail(v, "parallel.noConvergenceNode",
                        "the branches of parallel gateway '%s' never meet at a common node",
                        d->nodes[i].name);
        if (strcmp(d->nodes[m].type, "normal") != 0)
            return fail(v, "parallel.convergenceNodeNotNormal",
                        "the branches of parallel gateway '%s' meet at '%s', which is not a "
                        "normal node",
                        d->nodes[i].name, d->nodes[m].name);
    }
    for (int e = 0; e < d->nedges; e++) {
        const char *tt = d->nodes[v->l.dst[e]].type, *st = d->nodes[v->l.src[e]].type;
        if (strcmp(tt, "exclusive") == 0 && strcmp(st, "end") == 0)
            return fail(v, "exclusive.incomingFromEnd",
                        "exclusive gateway '%s' has an incoming edge '%s' from end node '%s'",
                        d->nodes[v->l.dst[e]].name, d->edges[e].name, d->nodes[v->l.src[e]].name);
    }
    for (int i = 0; i < d->nnodes; i++) {
        const lf_wf_node *n = &d->nodes[i];
        int hook = strcmp(n->type, "hook") == 0;
        if (!hook && strcmp(n->type, "timer") != 0)
            continue;
        if (out_degree(v, i) != 1)
            return fail(v, "node.timerHookSingleOutgoing",
                        "%s node '%s' needs exactly one outgoing edge, it has %d", n->type,
                        n->name, out_degree(v, i));
        if (v->l.to[v->l.start[i]] == i)
            return fail(v, "node.timerHookSelfLoop", "%s node '%s' cannot loop to itself",
                        n->type, n->name);
        if (hook && blank(prop(v, n->props, "hook_url")))
            return fail(v, "node.hookUrlRequired", "hook node '%s' needs hook_url", n->name);
        if (hook && blank(prop(v, n->props, "hook_token")))
            return fail(v, "node.hookTokenRequired", "hook node '%s' needs hook_token", n->name);
    }
    for (int e = 0; e < d->nedges; e++) {
        const lf_wf_edge *ed = &d->edges[e];
        if (strcmp(ed->type, "condition") != 0)
            continue;
        int g = ed->props < 0 ? -1 : lf_json_get(v->j, ed->props, "condition_groups");
        int groups = lf_json_type_of(v->j, g) == LF_JSON_ARRAY && lf_json_count(v->j, g) > 0;
        int expr = !blank(prop(v, ed->props, "condition_expression"));
        int dflt = strcmp(d->nodes[v->l.src[e]].default_branch, ed->id) == 0;
        if (!groups && !expr && !dflt)
            return fail(v, "edge.conditionGroupsEmpty",
                        "condition edge '%s' has no condition_groups", ed->name);
    }
    return LF_OK;
}

int lf_wf_validate(const lf_wf_design *d, lf_wf_err *err)
{
    vc v = {d, d->j, err, {0}};
    int rc = lf_wf_links_build(d, &v.l);
    if (rc)
        return rc;
    if (d->nnodes == 0)
        rc = fail(&v, "process.processDesignEmpty", "the process has no node");
    if (!rc)
        rc = check_ids(&v);
    if (!rc)
        rc = check_node_props(&v);
    if (!rc)
        rc = check_gateway_edges(&v);
    if (!rc)
        rc = check_conditions(&v);
    if (!rc)
        rc = rules_basic(&v);
    if (!rc)
        rc = rules_form(&v);
    if (!rc)
        rc = rules_permissions(&v);
    if (!rc)
        rc = rules_process(&v);
    lf_wf_links_free(&v.l);
    return rc;
}
