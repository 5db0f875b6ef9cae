/* The ticket read side on a store filled directly: who sees a ticket, the
 * action menus in each node state, the form's permissions, and every list
 * category and filter (including a ticket found among many at the cost of
 * its own entries). */
#include "check.h"
#include "loonflow/ticket_view.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[32];
static lf_store *st;
static lf_arena A;
enum { CRE, MGR, VIEWER, DISP, STRANGER, ADMIN, NUSERS };
static lf_user users[NUSERS];
static lf_uuid wf_id, wf2_id;
static lf_wf_version ver, ver2;
static const lf_wf_graph *G;

/* Single quotes stand for double quotes. */
static const char *dq(const char *s)
{
    char *o = lf_arena_strndup(&A, s, strlen(s));
    for (char *p = o; *p; p++)
        if (*p == '\'')
            *p = '"';
    return o;
}

#define NODE(id, type, name, props) "{'id':'" id "','type':'" type "','name':'" name "','props':" props "}"
#define EDGE(id, type, s, d) \
    "{'id':'" id "','type':'" type "','name':'" id "','source_node_id':'" s "','target_node_id':'" d "','props':{}}"
#define HUMAN(extra) "{'field_permissions':{'days':'optional','note':'hidden'},'assignee_type':'variables','assignee':'creator','assignment_strategy':'direct'" extra "}"

static const char DESIGN[] =
    "{'basic_info':{'name':'%s','description':'d','version':'v1'},"
    "'form_schema':{'component_info_list':["
    "{'id':'r','type':'row','component_key':'r','component_name':'','props':{},'children':["
    "{'id':'t','type':'title','component_key':'title','component_name':'T','props':{'title_generate_mode':'manual'}},"
    "{'id':'d','type':'number','component_key':'days','component_name':'D','props':{}}]},"
    "{'id':'r2','type':'row','component_key':'r2','component_name':'','props':{},'children':["
    "{'id':'n','type':'text','component_key':'note','component_name':'N','props':{}}]}]},"
    "'process_schema':{'node_info_list':["
    NODE("s", "start", "S", "{'field_permissions':{'days':'optional','title':'required'}}") ","
    NODE("p", "parallel", "P", "{}") ","
    NODE("a", "normal", "A", HUMAN(",'allow_withdraw':true")) ","
    NODE("b", "normal", "B", HUMAN("")) ","
    NODE("j", "normal", "J", HUMAN("")) ","
    NODE("e", "end", "E", "{}") "],"
    "'edge_info_list':["
    EDGE("e1", "agree", "s", "p") "," EDGE("pa", "other", "p", "a") "," EDGE("pb", "other", "p", "b") ","
    EDGE("aj", "agree", "a", "j") "," EDGE("ar", "reject", "a", "s") "," EDGE("bj", "agree", "b", "j") ","
    EDGE("je", "agree", "j", "e") "]},"
    "'advanced_schema':{'notification_info':{'title_template':'','content_template':'','selected_channel_list':[]},"
    "'permission_info':{'admin_id_list':[],'dispatcher_id_list':['%s'],'viewer_id_list':['%s'],'viewer_dept_id_list':[]}}}";

static lf_uuid U(int n)
{
    lf_uuid u = {{0}};
    u.b[0] = 0x50;
    u.b[15] = (uint8_t)n;
    u.b[14] = (uint8_t)(n >> 8);
    return u;
}

static void make_workflow(lf_txn *t, const char *name, lf_uuid *id, lf_wf_version *v)
{
    char disp[LF_UUID_STRLEN + 1], viewer[LF_UUID_STRLEN + 1];
    lf_uuid_format(&users[DISP].id, disp);
    lf_uuid_format(&users[VIEWER].id, viewer);
    char *text = lf_arena_alloc(&A, sizeof DESIGN + 200);
    snprintf(text, sizeof DESIGN + 200, dq(DESIGN), name, disp, viewer);
    lf_json j;
    lf_wf_err err = {{0}};
    char perr[64];
    lf_wf_actor who = {LF_DEFAULT_TENANT, users[ADMIN].id, 1700000000};
    CHECK_EQ_INT(lf_json_parse(&j, text, strlen(text), &A, 0, perr, sizeof perr), LF_OK);
    int rc = lf_wf_create(t, &who, &j, &A, id, &err);
    if (rc)
        printf("    design refused: %s\n", err.msg);
    CHECK_EQ_INT(rc, LF_OK);
    lf_workflow wf;
    CHECK_EQ_INT(lf_wf_get(t, &LF_DEFAULT_TENANT, id, &A, &wf), LF_OK);
    CHECK_EQ_INT(lf_wf_version_by_name(t, &wf, LF_STR(""), &A, v), LF_OK);
}

static void open_fresh(void)
{
    static const char *const names[] = {"cre", "mgr", "viewer", "disp", "stranger", "admin"};
    strcpy(dir, "/tmp/lf_reads_XXXXXX");
    if (!mkdtemp(dir))
        exit(2);
    lf_store_opts o = {.dir = dir, .map_size = 64u << 20, .max_readers = 8, .no_sync = 1};
    if (lf_store_open(&st, &o) != LF_OK)
        exit(2);
    lf_arena_init(&A, 1 << 16, 0);
    lf_txn *t;
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    for (int i = 0; i < NUSERS; i++) {
        lf_user *u = &users[i];
        u->id = U(i + 1);
        u->tenant_id = LF_DEFAULT_TENANT;
        u->label = "{}";
        u->name = u->alias = names[i];
        u->external_user_id = u->phone = u->avatar = u->lang = "";
        char *email = lf_arena_alloc(&A, 32);
        snprintf(email, 32, "%s@example.com", names[i]);
        u->email = email;
        u->password = "!";
        u->type = i == ADMIN ? "admin" : "normal";
        u->is_active = 1;
        CHECK_EQ_INT(lf_user_insert(t, u), LF_OK);
    }
    make_workflow(t, "W1", &wf_id, &ver);
    make_workflow(t, "W2", &wf2_id, &ver2);
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    CHECK_EQ_INT(lf_txn_begin(st, 0, &t), LF_OK);
    CHECK_EQ_INT(lf_wf_graph_of(t, &ver.id, &G), LF_OK);
    lf_txn_abort(t);
}

static void close_store(void)
{
    char p[64];
    lf_wf_graph_release(G);
    lf_wf_graph_cache_clear();
    lf_store_close(st);
    snprintf(p, sizeof p, "%s/data.mdb", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/lock.mdb", dir);
    unlink(p);
    rmdir(dir);
    lf_arena_free(&A);
}

static const lf_uuid *node(const char *name)
{
    for (int i = 0; i < G->nnodes; i++)
        if (!strcmp(G->nodes[i].name, name))
            return &G->nodes[i].id;
    CHECK(0);
    return &G->nodes[0].id;
}

static const lf_wf_gcomp *row(const char *key)
{
    for (int i = 0; i < G->ncomps; i++)
        if (G->comps[i].parent < 0 && !strcmp(G->comps[i].key, key))
            return &G->comps[i];
    CHECK(0);
    return &G->comps[0];
}

static const char *id_text(const lf_uuid *id)
{
    char *s = lf_arena_alloc(&A, LF_UUID_STRLEN + 1);
    lf_uuid_format(id, s);
    return s;
}

static int64_t clock_now = 1750000000;

/* A ticket of the creator on workflow W1 (or W2) at the given nodes, each
 * assigned to one user; flags per row: 'p' in_parallel, 'c' in_consult,
 * 'w' in_accept_wait, '-' none. */
static lf_ticket put_ticket(lf_txn *t, int creator, int second_wf, const char *state,
                            const char *title, int n, const char *const *nodes, const int *who,
                            const char *flags)
{
    static int serial = 1000;
    lf_ticket tk = {.id = U(serial++), .tenant_id = LF_DEFAULT_TENANT,
                    .creator_id = users[creator].id, .label = "{}",
                    .created_at = clock_now, .updated_at = clock_now,
                    .workflow_id = second_wf ? wf2_id : wf_id,
                    .version_id = second_wf ? ver2.id : ver.id, .title = title, .act_state = state};
    clock_now += 7;
    CHECK_EQ_INT(lf_ticket_insert(t, &tk), LF_OK);
    lf_ticket_user cu = {.ticket_id = tk.id, .user_id = tk.creator_id, .as_creator = 1,
                         .as_processor = 1, .assignee_node_ids = ""};
    CHECK_EQ_INT(lf_ticket_user_put(t, &tk, &cu), LF_OK);
    for (int i = 0; i < n; i++) {
        lf_ticket_node row = {.ticket_id = tk.id, .node_id = *node(nodes[i]),
                              .created_at = tk.created_at, .updated_at = tk.created_at,
                              .assignee_type = "users", .assignee = id_text(&users[who[i]].id),
                              .all_assignee_result = "{}", .hook_status = "",
                              .consult_prev_assignee = "", .in_parallel = flags[i] == 'p',
                              .in_consult = flags[i] == 'c', .in_accept_wait = flags[i] == 'w'};
        CHECK_EQ_INT(lf_ticket_node_put(t, &row), LF_OK);
        lf_ticket_user au = {.ticket_id = tk.id, .user_id = users[who[i]].id, .as_assignee = 1,
                             .as_creator = who[i] == creator, .as_processor = who[i] == creator,
                             .assignee_node_ids = id_text(&row.node_id)};
        CHECK_EQ_INT(lf_ticket_user_put(t, &tk, &au), LF_OK);
    }
    return tk;
}

static int open_as(lf_txn *t, const lf_ticket *tk, int who, lf_tv *v)
{
    const char *msg;
    int rc = lf_tv_open(t, &users[who], NULL, lf_strz(id_text(&tk->id)), &A, v, &msg);
    if (rc)
        CHECK_STR(msg, LF_TV_NOT_FOUND);
    return rc;
}

/* The menu's ids joined with spaces, then "@" and the base node's name. */
static const char *menu_of(lf_txn *t, const lf_ticket *tk, int who, int admin)
{
    lf_tv v;
    lf_tv_menu m;
    CHECK_EQ_INT(open_as(t, tk, who, &v), LF_OK);
    if (admin)
        lf_tv_admin_actions(&v, &m);
    else
        lf_tv_actions(&v, &m);
    char *out = lf_arena_alloc(&A, 512);
    out[0] = 0;
    for (int i = 0; i < m.n; i++)
        snprintf(out + strlen(out), 512 - strlen(out), "%s%s", i ? " " : "",
                 strncmp(m.v[i].id, "temp", 4) && strlen(m.v[i].id) == 36 ? m.v[i].name : m.v[i].id);
    const char *base = "";
    for (int i = 0; i < G->nnodes; i++)
        if (!strcmp(G->nodes[i].id_text, m.base_node_id))
            base = G->nodes[i].name;
    snprintf(out + strlen(out), 512 - strlen(out), "@%s", base);
    lf_tv_close(&v);
    return out;
}

static void test_menus_in_each_state(void)
{
    lf_txn *t;
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    static const char *const one_a[] = {"A"}, *const ab[] = {"A", "B"}, *const jb[] = {"J", "B"};
    lf_ticket plain = put_ticket(t, CRE, 0, LF_ACT_ON_GOING, "plain", 1, one_a, (int[]){MGR}, "-");
    lf_ticket par = put_ticket(t, CRE, 0, LF_ACT_ON_GOING, "par", 2, ab, (int[]){MGR, VIEWER}, "pp");
    lf_ticket consult = put_ticket(t, CRE, 0, LF_ACT_ON_GOING, "c", 1, one_a, (int[]){MGR}, "c");
    lf_ticket waiting = put_ticket(t, CRE, 0, LF_ACT_ON_GOING, "w", 1, one_a, (int[]){MGR}, "w");
    lf_ticket merge = put_ticket(t, CRE, 0, LF_ACT_ON_GOING, "m", 2, jb, (int[]){MGR, VIEWER}, "-p");
    lf_ticket done = put_ticket(t, CRE, 0, LF_ACT_FINISHED, "d", 1, (const char *const[]){"E"},
                                (int[]){STRANGER}, "-");
    lf_ticket own = put_ticket(t, CRE, 0, LF_ACT_ON_GOING, "own", 1, one_a, (int[]){CRE}, "-");

    CHECK_STR(menu_of(t, &plain, MGR, 0), "aj ar add_comment forward consult@A");
    CHECK_STR(menu_of(t, &plain, CRE, 0), "add_comment withdraw@A");
    CHECK_STR(menu_of(t, &plain, VIEWER, 0), "add_comment@A");
    CHECK_STR(menu_of(t, &plain, STRANGER, 0), "@A");
    CHECK_STR(menu_of(t, &plain, DISP, 1), "force_forward force_close@A");
    CHECK_STR(menu_of(t, &plain, ADMIN, 1), "force_forward force_close@A");
    CHECK_STR(menu_of(t, &plain, MGR, 1), "@");
    CHECK_STR(menu_of(t, &plain, CRE, 1), "@");
    /* parallel branches: each assignee acts on their own branch */
    CHECK_STR(menu_of(t, &par, MGR, 0), "aj ar add_comment forward consult@A");
    CHECK_STR(menu_of(t, &par, VIEWER, 0), "bj add_comment forward consult@B");
    CHECK_STR(menu_of(t, &par, CRE, 0), "add_comment@A"); /* two nodes: no withdraw */
    CHECK_STR(menu_of(t, &consult, MGR, 0), "consult_submit@A");
    CHECK_STR(menu_of(t, &waiting, MGR, 0), "accept@A");
    /* a node outside the region while a branch still runs takes comments only */
    CHECK_STR(menu_of(t, &merge, MGR, 0), "add_comment@J");
    CHECK_STR(menu_of(t, &merge, VIEWER, 0), "bj add_comment forward consult@B");
    CHECK_STR(menu_of(t, &done, STRANGER, 0), "add_comment@E");
    CHECK_STR(menu_of(t, &done, ADMIN, 1), "@");
    CHECK_STR(menu_of(t, &own, CRE, 0), "aj ar add_comment forward consult withdraw@A");

    /* forms: the acting node's permissions, else the read-only view form */
    lf_tv v;
    CHECK_EQ_INT(open_as(t, &plain, MGR, &v), LF_OK);
    const lf_wf_gnode *n = lf_tv_form_node(&v);
    CHECK(n && !strcmp(n->name, "A"));
    CHECK_STR(lf_tv_form_perm(&v, n, lf_wf_graph_component(G, LF_STR("days"))), "optional");
    CHECK(lf_tv_form_perm(&v, n, lf_wf_graph_component(G, LF_STR("title"))) == NULL);
    CHECK(lf_tv_form_perm(&v, n, lf_wf_graph_component(G, LF_STR("note"))) == NULL);
    CHECK(lf_tv_form_perm(&v, n, row("r2")) == NULL); /* empty row */
    CHECK_STR(lf_tv_form_perm(&v, n, row("r")), "");
    CHECK(v.can_view && !v.is_admin);
    lf_tv_close(&v);
    CHECK_EQ_INT(open_as(t, &plain, CRE, &v), LF_OK);
    CHECK(lf_tv_form_node(&v) == NULL);
    CHECK_STR(lf_tv_form_perm(&v, NULL, lf_wf_graph_component(G, LF_STR("note"))), "readonly");
    CHECK_STR(lf_tv_form_perm(&v, NULL, row("r2")), "");
    lf_tv_close(&v);
    CHECK_EQ_INT(open_as(t, &done, STRANGER, &v), LF_OK);
    CHECK(lf_tv_form_node(&v) == NULL); /* the end node: view form */
    lf_tv_close(&v);
    CHECK_EQ_INT(open_as(t, &plain, STRANGER, &v), LF_OK);
    CHECK(!v.can_view);
    lf_tv_close(&v);

    /* unknown, malformed and other-tenant ids */
    const char *msg;
    CHECK_EQ_INT(lf_tv_open(t, &users[MGR], NULL, LF_STR("nope"), &A, &v, &msg), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_tv_open(t, &users[MGR], NULL, lf_strz(id_text(&users[MGR].id)), &A, &v, &msg),
                 LF_ENOTFOUND);
    lf_user foreign = users[ADMIN];
    foreign.tenant_id = U(999);
    CHECK_EQ_INT(open_as(t, &plain, MGR, &v), LF_OK);
    lf_tv_close(&v);
    CHECK_EQ_INT(lf_tv_open(t, &foreign, NULL, lf_strz(id_text(&plain.id)), &A, &v, &msg), LF_ENOTFOUND);
    CHECK_STR(msg, LF_TV_NOT_FOUND);
    lf_txn_abort(t);
}

/* ---- lists ---- */
#define NMANY 240
static lf_ticket many[NMANY];
static lf_ticket needle, child;

static void fill_lists(void)
{
    static const char *const states[] = {LF_ACT_ON_GOING, LF_ACT_FINISHED, LF_ACT_REJECTED};
    static const char *const at_a[] = {"A"}, *const at_b[] = {"B"};
    lf_txn *t;
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    for (int i = 0; i < NMANY; i++) {
        char *title = lf_arena_alloc(&A, 32);
        snprintf(title, 32, "Ticket %03d", i);
        /* creators CRE and STRANGER; assigned to VIEWER at A or B */
        many[i] = put_ticket(t, i % 2 ? STRANGER : CRE, i % 3 == 0, states[i % 3], title, 1,
                             i % 4 ? at_a : at_b, (int[]){VIEWER}, "-");
    }
    /* the one ticket MGR has to do, among many */
    needle = put_ticket(t, CRE, 0, LF_ACT_ON_GOING, "The needle", 1, at_a, (int[]){MGR}, "-");
    child = put_ticket(t, STRANGER, 0, LF_ACT_ON_GOING, "child", 0, NULL, NULL, "");
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
}

typedef struct expect {
    lf_tv_listq q;
    int (*member)(const lf_ticket *tk);
} expect;

/* Runs the query and checks the page against the tickets the predicate
 * selects among many[] (+ needle), newest first. */
static lf_ticket_page run(lf_tv_listq *q, int (*member)(const lf_ticket *tk))
{
    lf_txn *t;
    lf_ticket_page pg;
    CHECK_EQ_INT(lf_txn_begin(st, 0, &t), LF_OK);
    q->from = q->from ? q->from : 0;
    q->to = q->to ? q->to : INT64_MAX;
    q->page = q->page ? q->page : 1;
    q->per_page = q->per_page ? q->per_page : 1000;
    CHECK_EQ_INT(lf_tv_list(t, q, &A, &pg), LF_OK);
    if (member) {
        const lf_ticket *want[NMANY + 2];
        int n = 0;
        if (member(&child))
            want[n++] = &child;
        if (member(&needle))
            want[n++] = &needle;
        for (int i = NMANY - 1; i >= 0; i--)
            if (member(&many[i]))
                want[n++] = &many[i];
        int64_t skip = (q->page - 1) * q->per_page;
        CHECK_EQ_INT(pg.total, n);
        CHECK_EQ_INT(pg.n, n - skip < q->per_page ? n - skip : q->per_page);
        for (size_t i = 0; i < pg.n && skip + (int64_t)i < n; i++)
            CHECK(lf_uuid_eq(&pg.items[i].id, &want[skip + (int64_t)i]->id));
    }
    lf_txn_abort(t);
    return pg;
}

static int of_cre(const lf_ticket *tk) { return lf_uuid_eq(&tk->creator_id, &users[CRE].id); }
static int of_needle(const lf_ticket *tk) { return tk == &needle; }
static int of_viewer(const lf_ticket *tk) { return tk != &needle && tk != &child; }
static int any(const lf_ticket *tk) { (void)tk; return 1; }
static int on_w2(const lf_ticket *tk) { return lf_uuid_eq(&tk->workflow_id, &wf2_id); }
static int cre_finished(const lf_ticket *tk)
{
    return of_cre(tk) && !strcmp(tk->act_state, LF_ACT_FINISHED);
}
static int rejected(const lf_ticket *tk) { return !strcmp(tk->act_state, LF_ACT_REJECTED); }
static int cre_w2(const lf_ticket *tk) { return of_cre(tk) && on_w2(tk); }
static int title_07(const lf_ticket *tk) { return strncmp(tk->title, "Ticket 07", 9) == 0; }
static int viewer_at_b(const lf_ticket *tk)
{
    for (int i = 0; i < NMANY; i++)
        if (tk == &many[i])
            return i % 4 == 0;
    return 0;
}

static void test_list_categories(void)
{
    fill_lists();
    lf_tv_listq q = {.u = &users[MGR], .cat = LF_TVC_DUTY, .newest_first = 1, .per_page = 10};
    lf_ticket_page pg = run(&q, of_needle);
    CHECK(pg.visited <= 2); /* a ticket among many costs its own entries */
    q = (lf_tv_listq){.u = &users[CRE], .cat = LF_TVC_OWNER, .newest_first = 1};
    run(&q, of_cre);
    q = (lf_tv_listq){.u = &users[VIEWER], .cat = LF_TVC_DUTY, .newest_first = 1};
    run(&q, of_viewer);
    q.cat = LF_TVC_RELATION;
    run(&q, of_viewer);
    q.cat = LF_TVC_WORKED;
    CHECK_EQ_INT(run(&q, NULL).total, 0);
    q = (lf_tv_listq){.u = &users[CRE], .cat = LF_TVC_WORKED, .newest_first = 1};
    run(&q, of_cre);
    /* view: the viewer of both workflows sees every ticket; a stranger none */
    q = (lf_tv_listq){.u = &users[VIEWER], .cat = LF_TVC_VIEW, .newest_first = 1};
    run(&q, any);
    q.u = &users[MGR];
    CHECK_EQ_INT(run(&q, NULL).total, 0);
    q = (lf_tv_listq){.u = &users[DISP], .cat = LF_TVC_INTERVENE, .newest_first = 1};
    run(&q, any);
    q = (lf_tv_listq){.u = &users[ADMIN], .cat = LF_TVC_ALL, .newest_first = 1, .per_page = 7,
                      .page = 3};
    run(&q, any);
    lf_txn *t;
    CHECK_EQ_INT(lf_txn_begin(st, 0, &t), LF_OK);
    q.u = &users[CRE];
    CHECK_EQ_INT(lf_tv_list(t, &q, &A, &pg), LF_EINVAL);
    lf_txn_abort(t);
}

static void test_list_filters(void)
{
    lf_tv_listq q = {.u = &users[CRE], .cat = LF_TVC_OWNER, .newest_first = 1,
                     .act_state = LF_ACT_FINISHED};
    run(&q, cre_finished);
    lf_ids w2 = {0};
    CHECK_EQ_INT(lf_ids_push(&w2, &A, &wf2_id), LF_OK);
    q = (lf_tv_listq){.u = &users[CRE], .cat = LF_TVC_OWNER, .newest_first = 1, .workflow_ids = &w2};
    run(&q, cre_w2);
    q = (lf_tv_listq){.u = &users[ADMIN], .cat = LF_TVC_ALL, .newest_first = 1, .workflow_ids = &w2};
    run(&q, on_w2);
    q.cat = LF_TVC_VIEW;
    q.u = &users[VIEWER];
    run(&q, on_w2);
    q = (lf_tv_listq){.u = &users[ADMIN], .cat = LF_TVC_ALL, .newest_first = 1,
                      .search = LF_STR("ticket 07")};
    run(&q, title_07);
    lf_ids nodes = {0};
    CHECK_EQ_INT(lf_ids_push(&nodes, &A, node("B")), LF_OK);
    q = (lf_tv_listq){.u = &users[VIEWER], .cat = LF_TVC_DUTY, .newest_first = 1, .node_ids = &nodes};
    run(&q, viewer_at_b);
    lf_ids tks = {0};
    CHECK_EQ_INT(lf_ids_push(&tks, &A, &needle.id), LF_OK);
    CHECK_EQ_INT(lf_ids_push(&tks, &A, &many[3].id), LF_OK);
    q = (lf_tv_listq){.u = &users[ADMIN], .cat = LF_TVC_ALL, .newest_first = 1, .ticket_ids = &tks};
    lf_ticket_page pg = run(&q, NULL);
    CHECK_EQ_INT(pg.total, 2);
    CHECK(pg.n == 2 && lf_uuid_eq(&pg.items[0].id, &needle.id));
    /* the same ids through categories: loaded one by one, each tested */
    CHECK_EQ_INT(lf_ids_push(&tks, &A, &many[2].id), LF_OK);
    CHECK_EQ_INT(lf_ids_push(&tks, &A, &many[3].id), LF_OK);
    q = (lf_tv_listq){.u = &users[CRE], .cat = LF_TVC_OWNER, .newest_first = 1, .ticket_ids = &tks};
    pg = run(&q, NULL);
    CHECK_EQ_INT(pg.total, 2); /* many[3] is the stranger's */
    CHECK(pg.n == 2 && lf_uuid_eq(&pg.items[0].id, &needle.id) && lf_uuid_eq(&pg.items[1].id, &many[2].id));
    CHECK(pg.visited <= 3);
    q = (lf_tv_listq){.u = &users[MGR], .cat = LF_TVC_DUTY, .newest_first = 1, .ticket_ids = &tks};
    pg = run(&q, NULL);
    CHECK(pg.total == 1 && lf_uuid_eq(&pg.items[0].id, &needle.id));
    q.cat = LF_TVC_VIEW;
    CHECK_EQ_INT(run(&q, NULL).total, 0);
    q.u = &users[VIEWER];
    CHECK_EQ_INT(run(&q, NULL).total, 3);
    q.act_state = LF_ACT_REJECTED; /* many[2] */
    pg = run(&q, NULL);
    CHECK(pg.total == 1 && lf_uuid_eq(&pg.items[0].id, &many[2].id));
    /* all + act_state: the state's own index, a page costs its entries
     * among the many tickets in other states */
    q = (lf_tv_listq){.u = &users[ADMIN], .cat = LF_TVC_ALL, .newest_first = 1,
                      .act_state = LF_ACT_REJECTED};
    run(&q, rejected);
    q.per_page = 5;
    q.page = 4;
    pg = run(&q, rejected);
    CHECK_EQ_INT(pg.n, 5);
    CHECK(pg.visited <= 4 * 5 + 2);
    q.page = 1;
    CHECK(run(&q, rejected).visited <= 5);
    q = (lf_tv_listq){.u = &users[ADMIN], .cat = LF_TVC_ALL, .newest_first = 1,
                      .creator_id = &users[CRE].id};
    run(&q, of_cre);
    /* the created_at window and the oldest-first order */
    q = (lf_tv_listq){.u = &users[CRE], .cat = LF_TVC_OWNER, .from = many[10].created_at,
                      .to = many[20].created_at, .per_page = 100, .page = 1};
    pg = run(&q, NULL);
    CHECK_EQ_INT(pg.total, 6); /* 10, 12, ..., 20 */
    CHECK(pg.n == 6 && lf_uuid_eq(&pg.items[0].id, &many[10].id));
    /* the app's reach: an app without grants sees nothing */
    lf_app app = {.id = U(777), .tenant_id = LF_DEFAULT_TENANT, .type = "app"};
    q = (lf_tv_listq){.u = &users[ADMIN], .app = &app, .cat = LF_TVC_ALL, .newest_first = 1};
    CHECK_EQ_INT(run(&q, NULL).total, 0);
    /* granted W2: its tickets only, still served from the index alone */
    lf_txn *t;
    lf_workflow wf2;
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_wf_get(t, &LF_DEFAULT_TENANT, &wf2_id, &A, &wf2), LF_OK);
    CHECK_EQ_INT(lf_wf_app_grant(t, &wf2, &app.id, 1, &A), LF_OK);
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    q.per_page = 5;
    CHECK(run(&q, on_w2).visited <= 8);
    q.u = &users[VIEWER];
    q.cat = LF_TVC_VIEW;
    CHECK(run(&q, on_w2).visited <= 8);
    q.cat = LF_TVC_DUTY;
    run(&q, on_w2);
    q.u = &users[CRE];
    q.cat = LF_TVC_OWNER;
    run(&q, cre_w2);
}

static void test_list_children(void)
{
    /* a child of the needle, written with its parent fields */
    lf_txn *t;
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    lf_ticket kid = {.id = U(5000), .tenant_id = LF_DEFAULT_TENANT, .creator_id = users[CRE].id,
                     .label = "{}", .created_at = clock_now, .updated_at = clock_now,
                     .workflow_id = wf_id, .version_id = ver.id, .parent_ticket_id = needle.id,
                     .parent_ticket_node_id = *node("A"), .title = "kid", .act_state = LF_ACT_ON_GOING};
    CHECK_EQ_INT(lf_ticket_insert(t, &kid), LF_OK);
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    lf_ticket_page pg;
    lf_tv_listq q = {.u = &users[CRE], .cat = LF_TVC_ALL, .newest_first = 1,
                     .parent_ticket_id = &needle.id};
    q.u = &users[ADMIN];
    pg = run(&q, NULL);
    CHECK(pg.total == 1 && lf_uuid_eq(&pg.items[0].id, &kid.id));
    q.u = &users[CRE];
    q.cat = LF_TVC_OWNER;
    CHECK_EQ_INT(run(&q, NULL).total, 1);
    q.u = &users[STRANGER];
    CHECK_EQ_INT(run(&q, NULL).total, 0);
    q.cat = LF_TVC_VIEW;
    CHECK_EQ_INT(run(&q, NULL).total, 0);
    q.u = &users[VIEWER];
    CHECK_EQ_INT(run(&q, NULL).total, 1);
    q = (lf_tv_listq){.u = &users[CRE], .cat = LF_TVC_OWNER, .newest_first = 1,
                      .parent_ticket_node_id = node("A")};
    pg = run(&q, NULL);
    CHECK(pg.total == 1 && lf_uuid_eq(&pg.items[0].id, &kid.id));
}

int main(void)
{
    open_fresh();
    RUN(test_menus_in_each_state);
    RUN(test_list_categories);
    RUN(test_list_filters);
    RUN(test_list_children);
    close_store();
    return CHECK_DONE();
}
