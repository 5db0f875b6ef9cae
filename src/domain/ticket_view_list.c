/* GET /tickets: a category picks the list index to scan (the user's duty,
 * creator, worked or relation entries, the tenant's or its entries in one
 * act_state, or the entries of the workflows the user views or dispatches);
 * a narrower index is used when the query names a parent ticket or
 * workflows, and a few named tickets are loaded directly. Whatever the
 * index does not decide goes into the filter, which sees only the index's
 * candidates. */
#include "loonflow/ticket_view.h"

#include <string.h>

int lf_tv_cat_parse(lf_str s, lf_tv_cat *out)
{
    static const char *const names[] = {"all", "duty", "owner", "relation", "worked", "intervene",
                                        "view"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (lf_str_eqz(s, names[i])) {
            *out = (lf_tv_cat)i;
            return LF_OK;
        }
    return LF_EINVAL;
}

#define MAX_APP_CACHE 64
/* Up to this many ticket_ids are loaded one by one; more go through the
 * category's index like any other filter. */
#define MAX_DIRECT_IDS 64

typedef struct flt {
    lf_txn *t;
    const lf_tv_listq *q;
    lf_arena *a;
    int check_cat;         /* the index does not imply the category */
    int app_done;          /* the index holds only workflows the app reaches */
    const lf_ids *cat_wfs; /* view/intervene: the category's workflows */
    int rc;                /* first error met inside the filter */
    struct app_seen {
        lf_uuid wf;
        int ok;
    } apps[MAX_APP_CACHE];
    int napps;
} flt;

static int lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

static int title_has(const char *title, lf_str needle)
{
    size_t n = strlen(title);
    for (size_t i = 0; needle.n <= n && i <= n - needle.n; i++) {
        size_t k = 0;
        while (k < needle.n && lower((unsigned char)title[i + k]) == lower((unsigned char)needle.p[k]))
            k++;
        if (k == needle.n)
            return 1;
    }
    return 0;
}

static int app_allows(flt *f, const lf_ticket *tk)
{
    if (!f->q->app)
        return 1;
    for (int i = 0; i < f->napps; i++)
        if (lf_uuid_eq(&f->apps[i].wf, &tk->workflow_id))
            return f->apps[i].ok;
    int rc = lf_ticket_app_allowed(f->t, f->q->app, &tk->tenant_id, &tk->workflow_id, NULL);
    if (rc < 0) {
        f->rc = rc;
        return 0;
    }
    if (f->napps < MAX_APP_CACHE)
        f->apps[f->napps++] = (struct app_seen){tk->workflow_id, rc};
    return rc;
}

static int in_category(flt *f, const lf_ticket *tk)
{
    const lf_tv_listq *q = f->q;
    switch (q->cat) {
    case LF_TVC_ALL:
        return 1;
    case LF_TVC_OWNER:
        return lf_uuid_eq(&tk->creator_id, &q->u->id);
    case LF_TVC_VIEW:
    case LF_TVC_INTERVENE:
        return lf_ids_has(f->cat_wfs, &tk->workflow_id);
    default:
        break;
    }
    lf_ticket_user rel;
    int rc = lf_ticket_user_get(f->t, &tk->id, &q->u->id, f->a, &rel);
    if (rc == LF_ENOTFOUND)
        return 0;
    if (rc) {
        f->rc = rc;
        return 0;
    }
    if (q->cat == LF_TVC_DUTY)
        return rel.as_assignee;
    if (q->cat == LF_TVC_WORKED)
        return rel.as_processor;
    return 1;
}

static int at_nodes(flt *f, const lf_ticket *tk)
{
    lf_ticket_node *rows;
    size_t n;
    int rc = lf_ticket_nodes(f->t, &tk->id, f->a, &rows, &n);
    if (rc) {
        f->rc = rc;
        return 0;
    }
    for (size_t i = 0; i < n; i++)
        if (lf_ids_has(f->q->node_ids, &rows[i].node_id))
            return 1;
    return 0;
}

static int keep(const lf_ticket *tk, void *ctx)
{
    flt *f = ctx;
    const lf_tv_listq *q = f->q;
    if (f->rc || !lf_uuid_eq(&tk->tenant_id, &q->u->tenant_id))
        return 0;
    if (q->act_state && strcmp(tk->act_state, q->act_state) != 0)
        return 0;
    if (q->search.n && !title_has(tk->title, q->search))
        return 0;
    if (q->creator_id && !lf_uuid_eq(&tk->creator_id, q->creator_id))
        return 0;
    if (q->parent_ticket_id && !lf_uuid_eq(&tk->parent_ticket_id, q->parent_ticket_id))
        return 0;
    if (q->parent_ticket_node_id && !lf_uuid_eq(&tk->parent_ticket_node_id, q->parent_ticket_node_id))
        return 0;
    if (q->workflow_ids && !lf_ids_has(q->workflow_ids, &tk->workflow_id))
        return 0;
    if (q->ticket_ids && !lf_ids_has(q->ticket_ids, &tk->id))
        return 0;
    if (!f->app_done && !app_allows(f, tk))
        return 0;
    if (f->check_cat && !in_category(f, tk))
        return 0;
    return !q->node_ids || at_nodes(f, tk);
}

static int collect(const lf_uuid *wf, void *ctx)
{
    lf_ids *out = ((void **)ctx)[0];
    lf_arena *a = ((void **)ctx)[1];
    return lf_ids_push(out, a, wf);
}

/* The workflows of the view or intervene category. */
static int category_workflows(lf_txn *t, const lf_tv_listq *q, lf_arena *a, lf_ids *out)
{
    const lf_uuid *tenant = &q->u->tenant_id;
    void *ctx[2] = {out, a};
    if (q->cat == LF_TVC_INTERVENE)
        return lf_wf_each_by_target(t, tenant, LF_WFP_DISPATCHER, &q->u->id, collect, ctx);
    int rc = lf_wf_each_by_target(t, tenant, LF_WFP_VIEW_USER, &q->u->id, collect, ctx);
    lf_ids depts = {0};
    if (rc == LF_OK)
        rc = lf_user_depts_up(t, tenant, &q->u->id, a, &depts);
    for (size_t i = 0; rc == LF_OK && i < depts.n; i++)
        rc = lf_wf_each_by_target(t, tenant, LF_WFP_VIEW_DEPT, &depts.v[i], collect, ctx);
    lf_ids_sort_unique(out);
    return rc;
}

/* The named workflows that are in `within` (NULL: that are the tenant's). */
static int narrow(lf_txn *t, const lf_tv_listq *q, const lf_ids *within, lf_arena *a, lf_ids *out)
{
    for (size_t i = 0; i < q->workflow_ids->n; i++) {
        const lf_uuid *id = &q->workflow_ids->v[i];
        lf_workflow wf;
        int rc = within ? (lf_ids_has(within, id) ? LF_OK : LF_ENOTFOUND)
                        : lf_wf_get(t, &q->u->tenant_id, id, a, &wf);
        if (rc == LF_OK)
            rc = lf_ids_push(out, a, id);
        if (rc != LF_OK && rc != LF_ENOTFOUND)
            return rc;
    }
    lf_ids_sort_unique(out);
    return LF_OK;
}

/* Keeps the workflows of l the app may reach. */
static int app_narrow(lf_txn *t, const lf_tv_listq *q, lf_ids *l)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++) {
        int rc = lf_ticket_app_allowed(t, q->app, &q->u->tenant_id, &l->v[i], NULL);
        if (rc < 0)
            return rc;
        if (rc)
            l->v[k++] = l->v[i];
    }
    l->n = k;
    return LF_OK;
}

int lf_tv_list(lf_txn *t, const lf_tv_listq *q, lf_arena *a, lf_ticket_page *out)
{
    static const lf_ticket_source by_user[] = {
        [LF_TVC_DUTY] = LF_TS_DUTY, [LF_TVC_OWNER] = LF_TS_CREATOR,
        [LF_TVC_RELATION] = LF_TS_RELATION, [LF_TVC_WORKED] = LF_TS_WORKED};
    memset(out, 0, sizeof *out);
    if (q->cat == LF_TVC_ALL && lf_user_level(q->u) != LF_USER_ADMIN)
        return LF_EINVAL;
    flt f = {.t = t, .q = q, .a = a, .app_done = !q->app || strcmp(q->app->type, "admin") == 0};
    lf_ids wfs = {0}, keys = {0};
    lf_ticket_query tq = {.from = q->from, .to = q->to, .newest_first = q->newest_first,
                          .page = q->page, .per_page = q->per_page, .filter = keep, .ctx = &f};
    int rc = LF_OK;
    if (q->cat == LF_TVC_VIEW || q->cat == LF_TVC_INTERVENE) {
        if ((rc = category_workflows(t, q, a, &wfs)))
            return rc;
        f.cat_wfs = &wfs;
    }
    if (q->ticket_ids && q->ticket_ids->n <= MAX_DIRECT_IDS) {
        /* A handful of named tickets: load them and test the category. */
        tq.source = LF_TS_IDS;
        tq.keys = q->ticket_ids->v;
        tq.nkeys = q->ticket_ids->n;
        f.check_cat = q->cat != LF_TVC_ALL;
    } else if (q->parent_ticket_id) {
        /* A parent's children are few: scan them and test the category. */
        tq.source = LF_TS_PARENT;
        tq.keys = q->parent_ticket_id;
        tq.nkeys = 1;
        f.check_cat = q->cat != LF_TVC_ALL;
    } else if (q->cat == LF_TVC_VIEW || q->cat == LF_TVC_INTERVENE || q->cat == LF_TVC_ALL) {
        /* Workflow entries: the category's, the named ones, or for "all"
         * through an application, the workflows granted to it. */
        lf_ids *src = q->workflow_ids ? &keys : &wfs;
        void *ctx[2] = {&wfs, a};
        if (q->workflow_ids)
            rc = narrow(t, q, f.cat_wfs, a, &keys);
        else if (q->cat == LF_TVC_ALL && q->app && strcmp(q->app->type, "admin") != 0)
            rc = lf_wf_each_by_target(t, &q->u->tenant_id, LF_WFP_API, &q->app->id, collect, ctx);
        else if (q->cat == LF_TVC_ALL)
            src = NULL;
        if (rc == LF_OK && src && !f.app_done)
            rc = app_narrow(t, q, src);
        if (rc)
            return rc;
        f.app_done = 1;
        /* The tenant's entries in one state are fewer than all of them. */
        tq.source = src ? LF_TS_WORKFLOW : q->act_state ? LF_TS_STATE : LF_TS_TENANT;
        tq.act_state = q->act_state;
        tq.keys = src ? src->v : &q->u->tenant_id;
        tq.nkeys = src ? src->n : 1;
    } else {
        tq.source = by_user[q->cat];
        tq.keys = &q->u->id;
        tq.nkeys = 1;
    }
    /* Without a condition of its own the filter is left out, so that the
     * total comes from the index counters rather than a walk. */
    int plain = !(q->act_state && tq.source != LF_TS_STATE) && !q->search.n && !q->creator_id && !q->parent_ticket_node_id &&
                !q->ticket_ids && !q->node_ids && f.app_done && !f.check_cat && !q->parent_ticket_id &&
                !(q->workflow_ids && tq.source != LF_TS_WORKFLOW);
    if (plain)
        tq.filter = NULL;
    if (tq.nkeys == 0)
        return LF_OK;
    rc = lf_ticket_list(t, &tq, a, out);
    return rc ? rc : f.rc;
}
