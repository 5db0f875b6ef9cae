/* The ticket engine on a store in /tmp: gateways cascading into gateways,
 * hook nodes waiting, the open-ticket index kept equal to the current
 * nodes, and failures reported with a message. */
#include "check.h"
#include "loonflow/engine.h"
#include "loonflow/ticket.h"
#include "loonflow/workflow.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[32];
static lf_store *st;
static lf_arena A;
static lf_user me;

/* Single quotes stand for double quotes. */
static const char *dq(const char *s)
{
    char *o = lf_arena_strndup(&A, s, strlen(s));
    for (char *p = o; *p; p++)
        if (*p == '\'')
            *p = '"';
    return o;
}

#define NODE(id, type, name, props) \
    "{'id':'" id "','type':'" type "','name':'" name "','props':" props "}"
#define EDGE(id, type, s, d, props)                                                     \
    "{'id':'" id "','type':'" type "','name':'" id "','source_node_id':'" s "',"        \
    "'target_node_id':'" d "','props':" props "}"
#define GT(field, v)                                                                    \
    "{'condition_groups':[{'id':'g','conditions':[{'id':'c','field_type':'number',"     \
    "'field_name':'" field "','operator':'>','value':'" v "'}]}]}"
#define HUMAN                                                                           \
    "{'field_permissions':{'days':'optional'},'assignee_type':'variables',"            \
    "'assignee':'creator','assignment_strategy':'direct'}"
#define FORM                                                                            \
    "'form_schema':{'component_info_list':[{'id':'r','type':'row','component_key':'r'," \
    "'component_name':'','props':{},'children':["                                     \
    "{'id':'t','type':'title','component_key':'title','component_name':'T',"          \
    "'props':{'title_generate_mode':'manual'}},"                                       \
    "{'id':'d','type':'number','component_key':'days','component_name':'D','props':{}}]}]},"
#define START_PERMS "{'field_permissions':{'days':'optional','title':'optional'}}"
#define ADVANCED                                                                        \
    "'advanced_schema':{'notification_info':{'title_template':'','content_template':''," \
    "'selected_channel_list':[]}}}"

static const char DESIGN[] =
    "{'basic_info':{'name':'Cascade','description':'','version':'v1'},"
    FORM
    "'process_schema':{'node_info_list':["
    NODE("s", "start", "S", START_PERMS) ","
    NODE("x1", "exclusive", "X1", "{'default_branch':'e3'}") ","
    NODE("x2", "exclusive", "X2", "{'default_branch':'e5'}") ","
    NODE("p", "parallel", "P", "{}") ","
    NODE("a", "normal", "A", HUMAN) "," NODE("b", "normal", "B", HUMAN) ","
    NODE("j", "normal", "J", HUMAN) "," NODE("m", "normal", "M", HUMAN) ","
    NODE("h", "hook", "H", "{'hook_url':'http://127.0.0.1:9/h','hook_token':'tok'}") ","
    NODE("e", "end", "E", "{}") "],"
    "'edge_info_list':["
    EDGE("e1", "agree", "s", "x1", "{}") ","
    EDGE("e2", "condition", "x1", "x2", GT("days", "5")) ","
    EDGE("e3", "condition", "x1", "h", GT("days", "1000")) ","
    EDGE("e4", "condition", "x2", "p", GT("days", "10")) ","
    EDGE("e5", "condition", "x2", "m", GT("days", "1000")) ","
    EDGE("pa", "other", "p", "a", "{}") "," EDGE("pb", "other", "p", "b", "{}") ","
    EDGE("aj", "agree", "a", "j", "{}") "," EDGE("bj", "agree", "b", "j", "{}") ","
    EDGE("je", "agree", "j", "e", "{}") "," EDGE("me", "agree", "m", "e", "{}") ","
    EDGE("he", "agree", "h", "e", "{}") "]},"
    ADVANCED;

static const char NESTED[] =
    "{'basic_info':{'name':'Nested','description':'','version':'v1'},"
    FORM
    "'process_schema':{'node_info_list':["
    NODE("s", "start", "S", START_PERMS) ","
    NODE("p", "parallel", "P", "{}") "," NODE("q", "parallel", "Q", "{}") ","
    NODE("a", "normal", "A", HUMAN) "," NODE("q1", "normal", "Q1", HUMAN) ","
    NODE("q2", "normal", "Q2", HUMAN) "," NODE("qj", "normal", "QJ", HUMAN) ","
    NODE("j", "normal", "J", HUMAN) "," NODE("e", "end", "E", "{}") "],"
    "'edge_info_list':["
    EDGE("e1", "agree", "s", "p", "{}") ","
    EDGE("pa", "other", "p", "a", "{}") "," EDGE("pq", "other", "p", "q", "{}") ","
    EDGE("q1", "other", "q", "q1", "{}") "," EDGE("q2", "other", "q", "q2", "{}") ","
    EDGE("aj", "agree", "a", "j", "{}") "," EDGE("q1j", "agree", "q1", "qj", "{}") ","
    EDGE("q1s", "reject", "q1", "s", "{}") ","
    EDGE("q2j", "agree", "q2", "qj", "{}") "," EDGE("qjj", "agree", "qj", "j", "{}") ","
    EDGE("je", "agree", "j", "e", "{}") "]},"
    ADVANCED;

static lf_uuid wf_id, nested_id, *cur = &wf_id;
static const lf_wf_graph *G;

static void open_fresh(void)
{
    strcpy(dir, "/tmp/lf_engine_XXXXXX");
    if (!mkdtemp(dir))
        exit(2);
    lf_store_opts o = {.dir = dir, .map_size = 64u << 20, .max_readers = 8, .no_sync = 1};
    if (lf_store_open(&st, &o) != LF_OK)
        exit(2);
    lf_arena_init(&A, 1 << 16, 0);
    lf_txn *t;
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    lf_uuid_v4(&me.id);
    me.tenant_id = LF_DEFAULT_TENANT;
    me.label = "{}";
    me.name = "me";
    me.alias = "Me";
    me.external_user_id = me.phone = me.avatar = me.lang = "";
    me.email = "me@example.com";
    me.password = "!";
    me.type = "normal";
    me.is_active = 1;
    CHECK_EQ_INT(lf_user_insert(t, &me), LF_OK);
    lf_wf_actor who = {LF_DEFAULT_TENANT, me.id, 1700000000};
    const char *designs[] = {DESIGN, NESTED};
    lf_uuid *ids[] = {&wf_id, &nested_id};
    for (int i = 0; i < 2; i++) {
        lf_json j;
        lf_wf_err err = {{0}};
        char perr[64];
        const char *text = dq(designs[i]);
        CHECK_EQ_INT(lf_json_parse(&j, text, strlen(text), &A, 0, perr, sizeof perr), LF_OK);
        int rc = lf_wf_create(t, &who, &j, &A, ids[i], &err);
        if (rc)
            printf("    design refused: %s\n", err.msg);
        CHECK_EQ_INT(rc, LF_OK);
    }
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
}

static void close_store(void)
{
    char p[64];
    lf_wf_graph_cache_clear();
    lf_store_close(st);
    snprintf(p, sizeof p, "%s/data.mdb", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/lock.mdb", dir);
    unlink(p);
    rmdir(dir);
    lf_arena_free(&A);
}

static const char *node_name(const lf_uuid *id)
{
    for (int i = 0; i < G->nnodes; i++)
        if (lf_uuid_eq(&G->nodes[i].id, id))
            return G->nodes[i].name;
    return "?";
}

/* "A,B" (current nodes by name, arrival order) and the state; checks that
 * every current node but the end is in the open-ticket index. */
static const char *where(const lf_uuid *tid, char *buf, size_t cap)
{
    lf_txn *t;
    lf_ticket tk;
    lf_ticket_node *rows;
    size_t n;
    CHECK_EQ_INT(lf_txn_begin(st, 0, &t), LF_OK);
    CHECK_EQ_INT(lf_ticket_get(t, tid, &A, &tk), LF_OK);
    CHECK_EQ_INT(lf_ticket_nodes(t, tid, &A, &rows, &n), LF_OK);
    snprintf(buf, cap, "%s:", tk.act_state);
    for (size_t i = 0; i < n; i++) {
        const char *name = node_name(&rows[i].node_id);
        snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s", i ? "," : "", name);
        CHECK_EQ_INT(lf_wf_node_has_tickets(t, &tk.version_id, &rows[i].node_id),
                     strcmp(name, "E") != 0);
    }
    lf_txn_abort(t);
    return buf;
}

static int create(const char *fields, lf_uuid *tid, char *msg, size_t cap)
{
    lf_txn *t;
    lf_json j;
    char perr[64];
    const char *text = dq(fields);
    CHECK_EQ_INT(lf_json_parse(&j, text, strlen(text), &A, 0, perr, sizeof perr), LF_OK);
    lf_engine e = {0};
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    e.t = t;
    e.a = &A;
    e.now = 1700000100;
    e.op = &me;
    lf_engine_new in = {0};
    in.workflow_id = *cur;
    in.action_id = LF_STR("");
    in.j = &j;
    in.fields = 0;
    /* the start edge's stored id */
    lf_workflow wf;
    lf_wf_version v;
    const lf_wf_graph *g;
    CHECK_EQ_INT(lf_wf_get(t, &LF_DEFAULT_TENANT, cur, &A, &wf), LF_OK);
    CHECK_EQ_INT(lf_wf_version_by_name(t, &wf, LF_STR(""), &A, &v), LF_OK);
    CHECK_EQ_INT(lf_wf_graph_get(t, &v, &g), LF_OK);
    in.action_id = lf_strz(g->edges[g->nodes[g->start].out[0]].id_text);
    int rc = lf_engine_create(&e, &in, tid);
    G = g; /* the cache keeps it while the test runs */
    lf_wf_graph_release(g);
    snprintf(msg, cap, "%s", e.msg);
    if (rc == LF_OK)
        CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    else
        lf_txn_abort(t);
    return rc;
}

static int act(const lf_uuid *tid, const char *node, const char *edge, char *msg, size_t cap)
{
    lf_txn *t;
    const lf_wf_gnode *n = NULL;
    const lf_wf_gedge *ed = NULL;
    for (int i = 0; i < G->nnodes; i++)
        if (!strcmp(G->nodes[i].name, node))
            n = &G->nodes[i];
    for (int i = 0; n && i < n->nout; i++)
        if (!strcmp(G->edges[n->out[i]].name, edge))
            ed = &G->edges[n->out[i]];
    CHECK(n && ed);
    lf_engine e = {0};
    lf_engine_act in = {0};
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    e.t = t;
    e.a = &A;
    e.now = 1700000200;
    e.op = &me;
    in.ticket_id = *tid;
    in.action_type = lf_strz(ed->type_text);
    in.action_id = lf_strz(ed->id_text);
    in.node_id = lf_strz(n->id_text);
    in.fields = -1;
    int rc = lf_engine_handle(&e, &in);
    snprintf(msg, cap, "%s", e.msg);
    if (rc == LF_OK)
        CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    else
        lf_txn_abort(t);
    return rc;
}

static void test_gateways_cascade_into_gateways(void)
{
    lf_uuid t1, t2, t3;
    char msg[400], buf[200];
    CHECK_EQ_INT(create("{'days':20,'title':'x'}", &t1, msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t1, buf, sizeof buf), "on_going:A,B");
    CHECK_EQ_INT(act(&t1, "B", "bj", msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t1, buf, sizeof buf), "on_going:A");
    CHECK_EQ_INT(act(&t1, "J", "je", msg, sizeof msg), LF_EINVAL);
    CHECK_STR(msg, "user has no permission to handle this ticket");
    CHECK_EQ_INT(act(&t1, "A", "aj", msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t1, buf, sizeof buf), "on_going:J");
    CHECK_EQ_INT(act(&t1, "J", "je", msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t1, buf, sizeof buf), "finished:E");

    /* the inner gateway's default branch */
    CHECK_EQ_INT(create("{'days':7}", &t2, msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t2, buf, sizeof buf), "on_going:M");
    /* the outer default: a hook node becomes current and waits */
    CHECK_EQ_INT(create("{'days':1}", &t3, msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t3, buf, sizeof buf), "on_going:H");
}

static void test_failures_say_why(void)
{
    lf_uuid t1;
    char msg[400];
    CHECK_EQ_INT(create("{'days':'many'}", &t1, msg, sizeof msg), LF_EINVAL);
    CHECK(strstr(msg, "Request data is invalid:") && strstr(msg, "days"));
    /* a missing value makes every condition false: the defaults route it */
    CHECK_EQ_INT(create("{}", &t1, msg, sizeof msg), LF_OK);
}

static void test_nested_parallel_regions(void)
{
    lf_uuid t1, t2;
    char msg[400], buf[200];
    cur = &nested_id;
    CHECK_EQ_INT(create("{'title':'n'}", &t1, msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t1, buf, sizeof buf), "on_going:A,Q1,Q2");
    /* the outer merge waits for the branch still inside the inner region */
    CHECK_EQ_INT(act(&t1, "A", "aj", msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t1, buf, sizeof buf), "on_going:Q1,Q2");
    CHECK_EQ_INT(act(&t1, "Q1", "q1j", msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t1, buf, sizeof buf), "on_going:Q2");
    CHECK_EQ_INT(act(&t1, "Q2", "q2j", msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t1, buf, sizeof buf), "on_going:QJ");
    CHECK_EQ_INT(act(&t1, "QJ", "qjj", msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t1, buf, sizeof buf), "on_going:J");
    CHECK_EQ_INT(act(&t1, "J", "je", msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t1, buf, sizeof buf), "finished:E");
    /* a reject out of the inner region leaves the outer one too */
    CHECK_EQ_INT(create("{'title':'r'}", &t2, msg, sizeof msg), LF_OK);
    CHECK_EQ_INT(act(&t2, "Q1", "q1s", msg, sizeof msg), LF_OK);
    CHECK_STR(where(&t2, buf, sizeof buf), "rejected:S");
    cur = &wf_id;
}

int main(void)
{
    open_fresh();
    RUN(test_gateways_cascade_into_gateways);
    RUN(test_failures_say_why);
    RUN(test_nested_parallel_regions);
    close_store();
    return CHECK_DONE();
}
