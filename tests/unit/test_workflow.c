/* Workflow definitions: one test per validation rule (the message must name
 * the rule), the structural checks, the compiled graph and its cache, the
 * parallel merge node, and the store-backed checks (open tickets on a node,
 * archived versions). */
#include "check.h"
#include "loonflow/accounts.h"
#include "loonflow/workflow.h"

#include <stdlib.h>
#include <unistd.h>

/* Designs are written with ' for " to keep them readable here. */
static const char *BASE =
    "{'basic_info':{'name':'Leave','description':'','version':'v1'},"
    "'form_schema':{'component_info_list':[{'id':'r1','type':'row','component_key':'row1',"
    "'component_name':'','props':{},'children':["
    "{'id':'c1','type':'title','component_key':'title','component_name':'T',"
    "'props':{'title_generate_mode':'automatic'}},"
    "{'id':'c2','type':'number','component_key':'days','component_name':'D','props':{}},"
    "{'id':'c3','type':'creator_info','component_key':'creator_info','component_name':'C','props':{}},"
    "{'id':'c4','type':'externaldata','component_key':'ext','component_name':'X',"
    "'props':{'data_source_url':'http://x','data_source_token':'tok'}}]}]},"
    "'process_schema':{'node_info_list':["
    "{'id':'s','type':'start','name':'Start','props':{'field_permissions':{'title':'hidden','days':'required'}}},"
    "{'id':'x','type':'exclusive','name':'Route','props':{'default_branch':'e3'}},"
    "{'id':'m','type':'normal','name':'Manager','props':{'field_permissions':{'days':'readonly'},"
    "'assignee_type':'variables','assignee':'creator','assignment_strategy':'direct'}},"
    "{'id':'h','type':'hook','name':'Hook','props':{'hook_url':'http://h','hook_token':'ht'}},"
    "{'id':'e','type':'end','name':'End','props':{}}],"
    "'edge_info_list':["
    "{'id':'e1','type':'agree','name':'Submit','source_node_id':'s','target_node_id':'x','props':{}},"
    "{'id':'e2','type':'condition','name':'long','source_node_id':'x','target_node_id':'m',"
    "'props':{'condition_groups':[{'conditions':[]}]}},"
    "{'id':'e3','type':'condition','name':'short','source_node_id':'x','target_node_id':'e','props':{}},"
    "{'id':'e4','type':'agree','name':'Approve','source_node_id':'m','target_node_id':'h','props':{}},"
    "{'id':'e5','type':'reject','name':'Reject','source_node_id':'m','target_node_id':'s','props':{}},"
    "{'id':'e6','type':'agree','name':'Done','source_node_id':'h','target_node_id':'e','props':{}}]},"
    "'advanced_schema':{'customization_info':{'hook_info_list':[{'id':'k1','url':'http://k',"
    "'token':'t','event_list':['pre_start','withdrawn']}]}}}";

#define NORMAL(id, name)                                                                  \
    "{'id':'" id "','type':'normal','name':'" name "','props':{'field_permissions':{'a':'readonly'}," \
    "'assignee_type':'users','assignee':'u','assignment_strategy':'direct'}}"
#define EDGE(id, type, s, t)                                                               \
    "{'id':'" id "','type':'" type "','name':'" id "','source_node_id':'" s "','target_node_id':'" t "'}"

static const char *PARALLEL =
    "{'basic_info':{'name':'Buy','version':'p1'},"
    "'form_schema':{'component_info_list':[{'id':'r','type':'row','component_key':'r',"
    "'children':[{'id':'t','type':'title','component_key':'title'},"
    "{'id':'a','type':'text','component_key':'a'}]}]},"
    "'process_schema':{'node_info_list':["
    "{'id':'s','type':'start','name':'Start','props':{'field_permissions':{'a':'optional'}}},"
    "{'id':'p','type':'parallel','name':'Split'}," NORMAL("a1", "A1") "," NORMAL("a2", "A2") ","
    NORMAL("b1", "B1") "," NORMAL("b2", "B2") "," NORMAL("j", "Join") ","
    "{'id':'e','type':'end','name':'End'}],"
    "'edge_info_list':[" EDGE("1", "agree", "s", "p") "," EDGE("2", "other", "p", "a1") ","
    EDGE("3", "other", "p", "b1") "," EDGE("4", "agree", "a1", "a2") ","
    EDGE("5", "reject", "a1", "s") "," EDGE("6", "agree", "a2", "j") ","
    EDGE("7", "agree", "b1", "b2") "," EDGE("8", "agree", "b2", "j") ","
    EDGE("9", "agree", "j", "e") "]}}";

static lf_arena A;

/* The design with each "from" replaced by "to" (once, in order), quotes fixed. */
static char *edit(const char *base, const char *const *repl)
{
    size_t cap = strlen(base) + 4096; /* room for the edits */
    char *s = lf_arena_alloc(&A, cap);
    strcpy(s, base);
    for (; repl && repl[0]; repl += 2) {
        char *at = strstr(s, repl[0]);
        if (!at) {
            printf("    edit: '%s' not found\n", repl[0]);
            check_current_failed = 1;
            continue;
        }
        size_t fl = strlen(repl[0]), tl = strlen(repl[1]);
        memmove(at + tl, at + fl, strlen(at + fl) + 1);
        memcpy(at, repl[1], tl);
    }
    for (char *p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    return s;
}

/* Parses and validates; returns the message ("" when valid). */
static const char *check_design(const char *text, lf_wf_design *d, lf_json *j)
{
    static lf_wf_err err;
    char perr[64];
    lf_wf_design dd;
    lf_json jj;
    if (!d)
        d = &dd;
    if (!j)
        j = &jj;
    err.msg[0] = 0;
    if (lf_json_parse(j, text, strlen(text), &A, 0, perr, sizeof perr) != LF_OK) {
        printf("    bad test JSON: %s\n", perr);
        return "bad json";
    }
    int rc = lf_wf_design_parse(j, &A, d, &err);
    if (rc == LF_OK)
        rc = lf_wf_validate(d, &err);
    if (rc != LF_OK && !err.msg[0])
        return "error without message";
    return rc == LF_OK ? "" : err.msg;
}

/* The rule key must be in the message, right after the prefix. */
static void expect_rule(const char *base, const char *const *repl, const char *rule)
{
    const char *msg = check_design(edit(base, repl), NULL, NULL);
    char want[128];
    snprintf(want, sizeof want, "Request data is invalid:%s", rule);
    if (strncmp(msg, want, strlen(want)) != 0) {
        printf("    expected %s, got \"%s\"\n", rule, msg);
        check_current_failed = 1;
    }
}

#define RULE(name, rule, ...)                                                              \
    static void name(void)                                                                 \
    {                                                                                      \
        static const char *const r[] = {__VA_ARGS__, NULL};                                \
        expect_rule(BASE, r, rule);                                                        \
    }
#define PRULE(name, rule, ...)                                                             \
    static void name(void)                                                                 \
    {                                                                                      \
        static const char *const r[] = {__VA_ARGS__, NULL};                                \
        expect_rule(PARALLEL, r, rule);                                                    \
    }

static void test_base_designs_are_valid(void)
{
    static const char *const timer[] = {
        "'type':'hook','name':'Hook','props':{'hook_url':'http://h','hook_token':'ht'}",
        "'type':'timer','name':'Wait','props':{'delay_seconds':3600}",
        "'condition_groups':[{'conditions':[]}]",
        "'condition_groups':[{'conditions':[{'field_name':'days','operator':'>','value':'3'}]}]",
        NULL};
    CHECK_STR(check_design(edit(BASE, timer), NULL, NULL), "");
    CHECK_STR(check_design(edit(BASE, NULL), NULL, NULL), "");
    CHECK_STR(check_design(edit(PARALLEL, NULL), NULL, NULL), "");
}

/* ENGINE.md 2.10, rules 1..18 */
RULE(test_rule01_workflow_name, "basic.workflowNameEmpty", "'name':'Leave'", "'name':' '")
RULE(test_rule02_node_name, "basic.nodeNameRequired", "'name':'Manager'", "'name':''")
RULE(test_rule03_no_start, "basic.startNodeRequired", "'type':'start'", "'type':'normal'")
RULE(test_rule03_two_starts, "basic.startNodeCountError", "'id':'h','type':'hook'",
     "'id':'h','type':'start'")
RULE(test_rule04_no_end, "basic.endNodeRequired", "'id':'e','type':'end'", "'id':'e','type':'normal'")
RULE(test_rule04_two_ends, "basic.endNodeCountError", "'id':'h','type':'hook'", "'id':'h','type':'end'")
RULE(test_rule05_form_empty, "form.formDesignEmpty",
     "{'id':'r1','type':'row','component_key':'row1','component_name':'','props':{},'children':["
     "{'id':'c1','type':'title','component_key':'title','component_name':'T',"
     "'props':{'title_generate_mode':'automatic'}},"
     "{'id':'c2','type':'number','component_key':'days','component_name':'D','props':{}},"
     "{'id':'c3','type':'creator_info','component_key':'creator_info','component_name':'C','props':{}},"
     "{'id':'c4','type':'externaldata','component_key':'ext','component_name':'X',"
     "'props':{'data_source_url':'http://x','data_source_token':'tok'}}]}",
     "", "{'title':'hidden','days':'required'}", "{}", "{'days':'readonly'}", "{}")
RULE(test_rule05_row_without_children, "form.rowComponentNoChildren", "]}]},'process_schema'",
     "]},{'id':'r2','type':'row','component_key':'row2','children':[]}]},'process_schema'")
RULE(test_rule06_title_count, "form.titleComponentCountError", "'type':'number'", "'type':'title'")
RULE(test_rule07_external_data_source, "form.externalDataSourceRequired",
     "'data_source_token':'tok'", "'data_source_token':''")
RULE(test_rule08_external_data_editable, "fieldPermission.externalDataReadOnlyOrHidden",
     "{'days':'readonly'}", "{'days':'readonly','ext':'optional'}")
RULE(test_rule09_info_component_editable, "fieldPermission.infoComponentReadOnlyOrHidden",
     "{'days':'readonly'}", "{'days':'readonly','creator_info':'required'}")
RULE(test_rule10_start_needs_input, "fieldPermission.startNodeNeedInputField", "'days':'required'",
     "'days':'readonly'")
RULE(test_rule11_auto_title_hidden, "fieldPermission.autoTitleMustHidden", "'title':'hidden'",
     "'title':'readonly'")
RULE(test_rule12_normal_needs_visible_field, "fieldPermission.nodeNeedNonHiddenField",
     "{'days':'readonly'}", "{'days':'hidden'}")
RULE(test_rule13_assignee_type, "node.assigneeTypeRequired", "'assignee_type':'variables',", "")
RULE(test_rule13_assignee, "node.assigneeRequired", "'assignee':'creator'", "'assignee':''")
RULE(test_rule13_strategy, "node.assignmentStrategyRequired", ",'assignment_strategy':'direct'", "")
RULE(test_rule14_node_without_outgoing, "process.nodeNoOutgoing", "'source_node_id':'h'",
     "'source_node_id':'m'")
RULE(test_rule14_end_without_incoming, "process.endNodeNoIncoming", "'target_node_id':'e','props':{}},",
     "'target_node_id':'m','props':{}},", "'source_node_id':'h','target_node_id':'e'",
     "'source_node_id':'h','target_node_id':'m'")
PRULE(test_rule15_no_convergence, "parallel.noConvergenceNode", EDGE("8", "agree", "b2", "j"),
      EDGE("8", "agree", "b2", "s"))
PRULE(test_rule15_convergence_not_normal, "parallel.convergenceNodeNotNormal",
      EDGE("8", "agree", "b2", "j"), EDGE("8", "agree", "b2", "e"))
RULE(test_rule16_exclusive_from_end, "exclusive.incomingFromEnd", "]},'advanced_schema'",
     ",{'id':'e7','type':'agree','name':'Back','source_node_id':'e','target_node_id':'x'}]},"
     "'advanced_schema'")
RULE(test_rule17_hook_single_outgoing, "node.timerHookSingleOutgoing", "]},'advanced_schema'",
     ",{'id':'e7','type':'agree','name':'Again','source_node_id':'h','target_node_id':'s'}]},"
     "'advanced_schema'")
RULE(test_rule17_self_loop, "node.timerHookSelfLoop", "'source_node_id':'h','target_node_id':'e'",
     "'source_node_id':'h','target_node_id':'h'", "'target_node_id':'e','props':{}},",
     "'target_node_id':'e','props':{}},{'id':'e8','type':'agree','name':'Fin','source_node_id':'m',"
     "'target_node_id':'e'},")
RULE(test_rule17_hook_url, "node.hookUrlRequired", "'hook_url':'http://h'", "'hook_url':''")
RULE(test_rule17_hook_token, "node.hookTokenRequired", "'hook_token':'ht'", "'hook_token':' '")
RULE(test_rule18_condition_groups, "edge.conditionGroupsEmpty", "'condition_groups':[{'conditions':[]}]",
     "'condition_groups':[]")

/* structural checks */
RULE(test_struct_node_type, "process.nodeTypeInvalid", "'type':'hook'", "'type':'robot'")
RULE(test_struct_edge_type, "process.edgeTypeInvalid", "'type':'reject'", "'type':'accept'")
RULE(test_struct_edge_source, "process.edgeSourceMissing", "'source_node_id':'m'", "'source_node_id':'zz'")
RULE(test_struct_duplicate_node_id, "process.nodeIdDuplicate", "'id':'h','type'", "'id':'m','type'")
RULE(test_struct_component_key, "form.componentKeyInvalid", "'component_key':'days'",
     "'component_key':'Days-1'")
RULE(test_struct_component_type, "form.componentTypeInvalid", "'type':'number'", "'type':'slider'")
RULE(test_struct_permission_key, "fieldPermission.unknownField", "{'days':'readonly'}",
     "{'days':'readonly','nope':'readonly'}")
RULE(test_struct_permission_value, "fieldPermission.invalidValue", "{'days':'readonly'}",
     "{'days':'editable'}")
RULE(test_struct_assignee_type, "node.assigneeTypeInvalid", "'assignee_type':'variables'",
     "'assignee_type':'robots'")
RULE(test_struct_exclusive_edge_type, "exclusive.edgeMustBeCondition", "'type':'condition','name':'long'",
     "'type':'agree','name':'long'")
RULE(test_struct_condition_outside_exclusive, "edge.conditionOutsideExclusive",
     "'type':'agree','name':'Approve'", "'type':'condition','name':'Approve'")
RULE(test_struct_default_branch, "exclusive.defaultBranchInvalid", "'default_branch':'e3'",
     "'default_branch':'e4'")
RULE(test_struct_condition_operator, "edge.conditionInvalid", "'condition_groups':[{'conditions':[]}]",
     "'condition_groups':[{'conditions':[{'field_name':'days','operator':'=~'}]}]")
RULE(test_struct_condition_shape, "edge.conditionInvalid", "'condition_groups':[{'conditions':[]}]",
     "'condition_groups':[{'when':[]}]")
RULE(test_struct_timer_delay, "node.timerDelayInvalid",
     "'type':'hook','name':'Hook','props':{'hook_url':'http://h','hook_token':'ht'}",
     "'type':'timer','name':'Wait','props':{'delay_seconds':'soon'}")
PRULE(test_struct_parallel_reject_branch, "parallel.branchEdgeType", EDGE("3", "other", "p", "b1"),
      EDGE("3", "reject", "p", "b1"))

static void test_parse_errors_name_the_object(void)
{
    static const char *const r1[] = {"'pre_start'", "'whenever'", NULL};
    const char *m = check_design(edit(BASE, r1), NULL, NULL);
    CHECK(strstr(m, "hook_info_list[0]") && strstr(m, "unknown event 'whenever'"));
    static const char *const r2[] = {"'type':'row'", "'type':'text'", NULL};
    m = check_design(edit(BASE, r2), NULL, NULL);
    CHECK(strstr(m, "component_info_list[0]") && strstr(m, "must be a row"));
    static const char *const r3[] = {",'target_node_id':'x'", "", NULL};
    m = check_design(edit(BASE, r3), NULL, NULL);
    CHECK_STR(m, "Request data is invalid:process_schema.edge_info_list[0]: 'target_node_id' is "
                 "required");
}

static void test_design_size_is_bounded(void)
{
    lf_buf b;
    lf_buf_init(&b, 0);
    lf_buf_puts(&b, "{'basic_info':{'name':'Big','version':'v'},'form_schema':{'component_info_list':[]},"
                    "'process_schema':{'node_info_list':[");
    for (int i = 0; i < 201; i++)
        lf_buf_printf(&b, "%s{'id':'n%d','type':'normal','name':'N'}", i ? "," : "", i);
    lf_buf_puts(&b, "]}}");
    lf_buf_putc(&b, 0);
    const char *m = check_design(edit(b.p, NULL), NULL, NULL);
    CHECK_STR(m, "Request data is invalid:process_schema: more than 200 nodes");
    lf_buf_free(&b);
}

/* Every value's span in a JSON text (keys excluded), depth first. */
static void value_spans(const lf_json *j, int v, lf_str *out, int *n, int cap)
{
    if (*n < cap)
        out[(*n)++] = lf_json_raw(j, v);
    lf_json_type t = lf_json_type_of(j, v);
    for (int k = t == LF_JSON_OBJECT || t == LF_JSON_ARRAY ? lf_json_first(j, v) : -1; k >= 0;
         k = lf_json_next(j, k))
        value_spans(j, t == LF_JSON_OBJECT ? k + 1 : k, out, n, cap);
}

/* Replaces random values of valid designs by pieces of other designs: what
 * comes out is valid JSON; parsing, validation, compilation and writing must
 * not crash (ASan and UBSan watch) and a rejection always carries a message. */
static void test_mutated_designs_never_crash(void)
{
    static const char *const bits[] = {
        "'s'", "'x'", "'m'", "'h'", "'e'", "'e3'", "'a1'", "'j'", "'parallel'", "'exclusive'",
        "'condition'", "'reject'", "'start'", "'end'", "'hook'", "'timer'", "'required'", "{}",
        "[]", "null", "1", "''", "'title'", "'row'", "{'conditions':[]}", "'temp_1'", "-5",
        "[{'conditions':[{'field_name':'a','operator':'>'}]}]", "{'a':'optional'}", "'\\u0000'",
    };
    const char *src[] = {edit(BASE, NULL), edit(PARALLEL, NULL)};
    char *bases[2];
    for (int i = 0; i < 2; i++) /* outside the arena, which is reset below */
        if ((bases[i] = malloc(strlen(src[i]) + 1)))
            strcpy(bases[i], src[i]);
    if (!bases[0] || !bases[1])
        exit(2);
    unsigned seed = 12345;
    int valid = 0, rejected = 0;
    for (int it = 0; it < 3000; it++) {
        char *s = lf_arena_strndup(&A, bases[it & 1], strlen(bases[it & 1]));
        for (int k = 0; s && k < 1 + it % 3; k++) {
            lf_json j;
            lf_str spans[512];
            int n = 0;
            char perr[64];
            if (lf_json_parse(&j, s, strlen(s), &A, 0, perr, sizeof perr) != LF_OK)
                break;
            value_spans(&j, 0, spans, &n, 512);
            seed = seed * 1103515245u + 12345u;
            lf_str at = spans[1 + (seed >> 8) % (unsigned)(n - 1)];
            seed = seed * 1103515245u + 12345u;
            char piece[96];
            snprintf(piece, sizeof piece, "%s", bits[(seed >> 8) % (sizeof bits / sizeof *bits)]);
            for (char *p = piece; *p; p++)
                if (*p == '\'')
                    *p = '"';
            size_t off = (size_t)(at.p - s), pl = strlen(piece), total = strlen(s);
            char *t = lf_arena_alloc(&A, total - at.n + pl + 1);
            if (!t)
                break;
            memcpy(t, s, off);
            memcpy(t + off, piece, pl);
            strcpy(t + off + pl, s + off + at.n);
            s = t;
        }
        lf_wf_design d;
        lf_json j;
        const char *m = check_design(s, &d, &j);
        CHECK(strcmp(m, "bad json") != 0 && strcmp(m, "error without message") != 0);
        if (*m) {
            rejected++;
            continue;
        }
        valid++;
        lf_wf_graph *g = NULL;
        lf_wf_version v = {.name = "v", .rev = it};
        CHECK_EQ_INT(lf_wf_graph_compile(&d, &v, &g), LF_OK);
        lf_wf_graph_free(g);
        lf_buf out;
        lf_jw w;
        lf_uuid z = {{0}};
        lf_wf_doc_info info = {&z, &z, "v"};
        lf_buf_init(&out, 0);
        lf_jw_init(&w, &out);
        lf_wf_design_write(&d, &info, &w);
        CHECK(!w.err && !out.oom);
        lf_buf_free(&out);
        if (it % 64 == 0)
            lf_arena_reset(&A);
    }
    free(bases[0]);
    free(bases[1]);
    /* both sides ran: some mutations keep a valid design, most are refused */
    CHECK(valid > 50 && rejected > 1000);
    printf("    mutated designs: %d valid, %d refused\n", valid, rejected);
}

static void test_hook_events_are_canonical(void)
{
    lf_wf_design d;
    lf_json j;
    CHECK_STR(check_design(edit(BASE, NULL), &d, &j), "");
    CHECK_EQ_INT(d.nhooks, 1);
    CHECK_EQ_INT(d.hooks[0].events.n, 2);
    CHECK_STR(d.hooks[0].events.v[0], "pre_create");
    CHECK_STR(d.hooks[0].events.v[1], "withdraw");
}

static void test_parallel_merge_is_the_join(void)
{
    lf_wf_design d;
    lf_json j;
    lf_wf_graph *g = NULL;
    lf_wf_version v = {.name = "p1", .rev = 7};
    CHECK_STR(check_design(edit(PARALLEL, NULL), &d, &j), "");
    CHECK_EQ_INT(lf_wf_graph_compile(&d, &v, &g), LF_OK);
    if (!g)
        return;
    const lf_wf_gnode *p = lf_wf_graph_node(g, LF_STR("p"));
    CHECK(p && p->type == LF_WFN_PARALLEL && p->merge >= 0);
    if (p && p->merge >= 0)
        CHECK_STR(g->nodes[p->merge].name, "Join");
    CHECK(lf_wf_graph_node(g, LF_STR("a1"))->merge == -1);
    lf_wf_graph_free(g);
}

static void test_graph_accessors(void)
{
    lf_wf_design d;
    lf_json j;
    lf_wf_graph *g = NULL;
    lf_wf_version v = {.name = "v1", .rev = 1};
    CHECK_STR(check_design(edit(BASE, NULL), &d, &j), "");
    CHECK_EQ_INT(lf_wf_graph_compile(&d, &v, &g), LF_OK);
    if (!g)
        return;
    const lf_wf_gnode *s = lf_wf_graph_start(g);
    CHECK(s && strcmp(s->name, "Start") == 0 && s->type == LF_WFN_START);
    CHECK_EQ_INT(lf_wf_graph_field_perm(g, s, LF_STR("days")), LF_WFF_REQUIRED);
    CHECK_EQ_INT(lf_wf_graph_field_perm(g, s, LF_STR("title")), LF_WFF_HIDDEN);
    CHECK_EQ_INT(lf_wf_graph_field_perm(g, s, LF_STR("ext")), LF_WFF_HIDDEN);
    const lf_wf_gnode *x = lf_wf_graph_node(g, LF_STR("x"));
    const lf_wf_gedge *out[4];
    CHECK(x != NULL);
    if (!x)
        return;
    CHECK_EQ_INT(lf_wf_graph_out(g, x, out, 4), 2);
    CHECK_STR(out[0]->name, "long"); /* designer order */
    CHECK_STR(out[1]->name, "short");
    CHECK(out[0]->condition_groups != NULL && out[1]->condition_groups == NULL);
    CHECK_EQ_INT(x->default_branch, out[1]->index);
    const lf_wf_gedge *e5 = lf_wf_graph_edge(g, LF_STR("e5"));
    CHECK(e5 && e5->type == LF_WFE_REJECT && g->nodes[e5->target].index == s->index);
    const lf_wf_gnode *m = lf_wf_graph_node(g, LF_STR("m"));
    CHECK(m && strcmp(m->assignee_type, "variables") == 0 && strcmp(m->assignee, "creator") == 0 &&
          m->nin == 1 && m->nout == 2);
    const lf_wf_gnode *h = lf_wf_graph_node(g, LF_STR("h"));
    CHECK(h && strcmp(h->hook_url, "http://h") == 0 && strcmp(h->hook_token, "ht") == 0);
    const lf_wf_gcomp *c = lf_wf_graph_component(g, LF_STR("days"));
    CHECK(c && strcmp(c->type, "number") == 0 && c->parent == 0 && c->index == 2);
    CHECK(lf_wf_graph_component(g, LF_STR("row1")) == NULL); /* rows are not fields */
    CHECK_EQ_INT(g->ncomps, 5);
    CHECK_STR(g->comps[0].type, "row");
    CHECK(lf_wf_graph_node(g, LF_STR("nope")) == NULL);
    CHECK_EQ_INT(g->nhooks, 1);
    CHECK(g->nhooks == 1 && strcmp(g->hooks[0].url, "http://k") == 0 &&
          lf_wf_hook_has_event(&g->hooks[0], "pre_create") &&
          lf_wf_hook_has_event(&g->hooks[0], "withdraw") &&
          !lf_wf_hook_has_event(&g->hooks[0], "create"));
    CHECK_EQ_INT(g->channels.n, 0);
    CHECK_STR(g->title_template, "");
    lf_wf_graph_free(g);
}

/* ---- with a store ---- */

static char dir[32];

static lf_store *open_store(void)
{
    strcpy(dir, "/tmp/lf_wf_XXXXXX");
    if (!mkdtemp(dir))
        exit(2);
    lf_store_opts o = {.dir = dir, .map_size = 64u << 20, .max_readers = 16, .no_sync = 1};
    lf_store *s = NULL;
    if (lf_store_open(&s, &o) != LF_OK)
        exit(2);
    return s;
}

static void close_store(lf_store *s)
{
    char p[64];
    lf_store_close(s);
    snprintf(p, sizeof p, "%s/data.mdb", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/lock.mdb", dir);
    unlink(p);
    rmdir(dir);
}

static int create_base(lf_txn *t, const lf_wf_actor *who, lf_workflow *wf, lf_wf_version *v)
{
    lf_json j;
    lf_wf_err err;
    lf_uuid id;
    char perr[64];
    const char *text = edit(BASE, NULL);
    int rc = lf_json_parse(&j, text, strlen(text), &A, 0, perr, sizeof perr);
    if (!rc)
        rc = lf_wf_create(t, who, &j, &A, &id, &err);
    if (!rc)
        rc = lf_wf_get(t, &who->tenant_id, &id, &A, wf);
    if (!rc)
        rc = lf_wf_version_by_name(t, wf, LF_STR(""), &A, v);
    return rc;
}

/* The stored design without the hook node (its edges re-linked), as JSON. */
static const char *without_hook(lf_txn *t, const lf_wf_version *v)
{
    lf_json j;
    lf_wf_design d;
    if (lf_wf_design_load(t, &v->id, &A, &j, &d) != LF_OK)
        return "";
    int h = -1, end = -1;
    for (int i = 0; i < d.nnodes; i++) {
        if (strcmp(d.nodes[i].type, "hook") == 0)
            h = i;
        if (strcmp(d.nodes[i].type, "end") == 0)
            end = i;
    }
    const char *hid = d.nodes[h].id;
    for (int e = 0; e < d.nedges; e++) {
        if (strcmp(d.edges[e].source, hid) == 0) {
            memmove(&d.edges[e], &d.edges[e + 1], sizeof *d.edges * (size_t)(d.nedges - e - 1));
            d.nedges--;
            e--;
        } else if (strcmp(d.edges[e].target, hid) == 0) {
            d.edges[e].target = d.nodes[end].id;
        }
    }
    memmove(&d.nodes[h], &d.nodes[h + 1], sizeof *d.nodes * (size_t)(d.nnodes - h - 1));
    d.nnodes--;
    lf_buf b;
    lf_jw w;
    lf_wf_doc_info info = {&v->workflow_id, &v->tenant_id, v->name};
    lf_buf_init(&b, 0);
    lf_jw_init(&w, &b);
    lf_wf_design_write(&d, &info, &w);
    char *out = lf_arena_strndup(&A, b.p, b.n);
    lf_buf_free(&b);
    return out;
}

static int save_text(lf_txn *t, const lf_wf_actor *who, const lf_workflow *wf, const char *text,
                     lf_wf_err *err)
{
    lf_json j;
    char perr[64];
    int rc = lf_json_parse(&j, text, strlen(text), &A, 0, perr, sizeof perr);
    return rc ? rc : lf_wf_save(t, who, wf, &j, &A, err);
}

/* Archived definitions (kind "workflow_definition"). */
static int archived_defs(lf_txn *t)
{
    static const char kind[] = "workflow_definition";
    lf_cursor *c;
    lf_val k, v;
    int n = 0;
    if (lf_cursor_open(t, LF_T_ARCHIVE, &c))
        return -1;
    for (int rc = lf_cursor_seek(c, (lf_val){kind, sizeof kind}, &k, &v); rc == LF_OK;
         rc = lf_cursor_next(c, &k, &v)) {
        if (k.n < sizeof kind || memcmp(k.p, kind, sizeof kind) != 0)
            break;
        char *rec = lf_arena_strndup(&A, v.p, v.n);
        n += rec && strstr(rec, "\"definition\":{\"basic_info\"") != NULL;
    }
    lf_cursor_close(c);
    return n;
}

static void test_node_with_open_ticket_cannot_be_removed_in_place(void)
{
    lf_store *s = open_store();
    lf_txn *t;
    lf_workflow wf;
    lf_wf_version v;
    lf_wf_err err = {{0}};
    lf_wf_actor who = {LF_DEFAULT_TENANT, {{1}}, 1000};
    lf_uuid ticket = {{9, 9}}, hook_id;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(create_base(t, &who, &wf, &v), LF_OK);
    const char *text = without_hook(t, &v);
    const lf_wf_graph *g;
    CHECK_EQ_INT(lf_wf_graph_get(t, &v, &g), LF_OK);
    for (int i = 0; i < g->nnodes; i++)
        if (g->nodes[i].type == LF_WFN_HOOK)
            hook_id = g->nodes[i].id;
    lf_wf_graph_release(g);
    /* an open ticket sits on the hook node: the in-place save is refused */
    CHECK_EQ_INT(lf_wf_ticket_node_put(t, &v.id, &hook_id, &ticket), LF_OK);
    CHECK(lf_wf_node_has_tickets(t, &v.id, &hook_id));
    CHECK_EQ_INT(save_text(t, &who, &wf, text, &err), LF_EINVAL);
    CHECK(strstr(err.msg, "node 'Hook' can not be removed") && strstr(err.msg, "new version"));
    /* the ticket moved on: now it may go */
    CHECK_EQ_INT(lf_wf_ticket_node_del(t, &v.id, &hook_id, &ticket), LF_OK);
    CHECK(!lf_wf_node_has_tickets(t, &v.id, &hook_id));
    CHECK_EQ_INT(archived_defs(t), 0);
    CHECK_EQ_INT(save_text(t, &who, &wf, text, &err), LF_OK);
    CHECK_EQ_INT(archived_defs(t), 1); /* the replaced definition is kept */
    lf_wf_version v2;
    CHECK_EQ_INT(lf_wf_version_by_name(t, &wf, LF_STR("v1"), &A, &v2), LF_OK);
    CHECK(v2.rev != v.rev);
    CHECK_EQ_INT(lf_wf_graph_get(t, &v2, &g), LF_OK);
    CHECK_EQ_INT(g->nnodes, 4); /* the new rev compiled afresh */
    lf_wf_graph_release(g);
    CHECK_EQ_INT(lf_wf_graph_of(t, &v.id, &g), LF_OK); /* by version id, as tickets hold it */
    CHECK(g && g->nnodes == 4 && g->rev == v2.rev);
    lf_wf_graph_release(g);
    lf_txn_abort(t);
    lf_wf_graph_cache_clear();
    close_store(s);
}

static void test_archived_version_refuses_new_tickets(void)
{
    lf_store *s = open_store();
    lf_txn *t;
    lf_workflow wf;
    lf_wf_version v, cand;
    lf_wf_err err = {{0}};
    lf_wf_actor who = {LF_DEFAULT_TENANT, {{1}}, 1000};
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(create_base(t, &who, &wf, &v), LF_OK);
    CHECK_STR(v.type, "default");
    CHECK_EQ_INT(lf_wf_version_open_for_tickets(&v, &err), LF_OK);
    /* the only default cannot be archived */
    CHECK_EQ_INT(lf_wf_version_update(t, &who, &wf, &v.id, NULL, NULL, "archived", &A, &err),
                 LF_EINVAL);
    /* a second version, made default, lets the first be archived */
    static const char *const r[] = {"'version':'v1'", "'version':'v2'", NULL};
    CHECK_EQ_INT(save_text(t, &who, &wf, edit(BASE, r), &err), LF_OK);
    CHECK_EQ_INT(lf_wf_version_by_name(t, &wf, LF_STR("v2"), &A, &cand), LF_OK);
    CHECK_STR(cand.type, "candidate");
    CHECK_EQ_INT(lf_wf_version_update(t, &who, &wf, &cand.id, NULL, NULL, "default", &A, &err),
                 LF_OK);
    CHECK_EQ_INT(lf_wf_version_update(t, &who, &wf, &v.id, NULL, NULL, "archived", &A, &err),
                 LF_OK);
    CHECK_EQ_INT(lf_wf_version_by_name(t, &wf, LF_STR("v1"), &A, &v), LF_OK);
    CHECK_STR(v.type, "archived");
    CHECK_EQ_INT(lf_wf_version_open_for_tickets(&v, &err), LF_EINVAL);
    CHECK_STR(err.msg, "workflow version is archived");
    lf_wf_version got;
    CHECK_EQ_INT(lf_wf_version_for_new_ticket(t, &wf, LF_STR("v1"), &A, &got, &err), LF_EINVAL);
    CHECK_STR(err.msg, "workflow version is archived");
    CHECK_EQ_INT(lf_wf_version_for_new_ticket(t, &wf, LF_STR("v9"), &A, &got, &err), LF_ENOTFOUND);
    CHECK_STR(err.msg, "version is not existed or has been deleted");
    CHECK_EQ_INT(lf_wf_get(t, &LF_DEFAULT_TENANT, &wf.id, &A, &wf), LF_OK);
    CHECK(lf_uuid_eq(&wf.default_version_id, &cand.id));
    CHECK_EQ_INT(lf_wf_version_for_new_ticket(t, &wf, LF_STR(""), &A, &got, &err), LF_OK);
    CHECK(lf_uuid_eq(&got.id, &cand.id)); /* no name: the default version */
    lf_txn_abort(t);
    close_store(s);
}

static int count_wf(const lf_uuid *id, void *ctx)
{
    (void)id;
    ++*(int *)ctx;
    return 0;
}

static void test_permission_index_is_a_range_scan(void)
{
    lf_store *s = open_store();
    lf_txn *t;
    lf_workflow wf;
    lf_wf_version v;
    lf_wf_actor who = {LF_DEFAULT_TENANT, {{1}}, 1000};
    lf_uuid app = {{5, 5, 5}};
    int n = 0;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(create_base(t, &who, &wf, &v), LF_OK);
    CHECK(!lf_wf_has_perm(t, &LF_DEFAULT_TENANT, LF_WFP_API, &app, &wf.id, NULL));
    CHECK_EQ_INT(lf_wf_app_grant(t, &wf, &app, 1, &A), LF_OK);
    CHECK(lf_wf_has_perm(t, &LF_DEFAULT_TENANT, LF_WFP_API, &app, &wf.id, NULL));
    CHECK(lf_wf_has_perm(t, &LF_DEFAULT_TENANT, LF_WFP_API, &app, &wf.id, &v.id));
    lf_uuid other = {{7}};
    CHECK(!lf_wf_has_perm(t, &LF_DEFAULT_TENANT, LF_WFP_API, &app, &wf.id, &other));
    CHECK_EQ_INT(lf_wf_each_by_target(t, &LF_DEFAULT_TENANT, LF_WFP_API, &app, count_wf, &n), LF_OK);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_INT(lf_wf_app_grant(t, &wf, &app, 0, &A), LF_OK);
    CHECK(!lf_wf_has_perm(t, &LF_DEFAULT_TENANT, LF_WFP_API, &app, &wf.id, NULL));
    /* an open ticket on any node of a version keeps the workflow */
    lf_uuid node = {{3}}, ticket = {{4}};
    CHECK_EQ_INT(lf_wf_ticket_node_put(t, &v.id, &node, &ticket), LF_OK);
    CHECK(lf_wf_node_has_tickets(t, &v.id, NULL));
    CHECK_EQ_INT(lf_wf_delete(t, &wf, &A), LF_EBUSY);
    CHECK_EQ_INT(lf_wf_get(t, &LF_DEFAULT_TENANT, &wf.id, &A, &wf), LF_OK);
    CHECK_EQ_INT(lf_wf_ticket_node_del(t, &v.id, &node, &ticket), LF_OK);
    CHECK_EQ_INT(lf_wf_delete(t, &wf, &A), LF_OK);
    CHECK_EQ_INT(lf_wf_get(t, &LF_DEFAULT_TENANT, &wf.id, &A, &wf), LF_ENOTFOUND);
    lf_txn_abort(t);
    close_store(s);
}

static int count_version(const lf_wf_version *v, void *ctx)
{
    (void)v;
    ++*(int *)ctx;
    return 0;
}

/* Deleting a workflow removes every version of it in one call. */
static void test_delete_removes_every_version(void)
{
    lf_store *s = open_store();
    lf_txn *t;
    lf_workflow wf;
    lf_wf_version v;
    lf_wf_err err = {{0}};
    lf_wf_actor who = {LF_DEFAULT_TENANT, {{1}}, 1000};
    size_t before, after;
    int n = 0;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_table_count(t, LF_T_WF_VERSION, &before), LF_OK);
    CHECK_EQ_INT(create_base(t, &who, &wf, &v), LF_OK);
    static const char *const r2[] = {"'version':'v1'", "'version':'v2'", NULL};
    static const char *const r3[] = {"'version':'v1'", "'version':'v3'", NULL};
    CHECK_EQ_INT(save_text(t, &who, &wf, edit(BASE, r2), &err), LF_OK);
    CHECK_EQ_INT(save_text(t, &who, &wf, edit(BASE, r3), &err), LF_OK);
    CHECK_EQ_INT(lf_wf_version_each(t, &wf, &A, count_version, &n), LF_OK);
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(lf_wf_delete(t, &wf, &A), LF_OK);
    n = 0;
    CHECK_EQ_INT(lf_wf_version_each(t, &wf, &A, count_version, &n), LF_OK);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(lf_table_count(t, LF_T_WF_VERSION, &after), LF_OK);
    CHECK_EQ_INT(after, before);
    lf_txn_abort(t);
    close_store(s);
}

/* A grant rewrites the design under a new rev, so the cached graph follows;
 * forgetting a target takes it out of every workflow that names it. */
static void test_grants_reach_the_graph_and_forget_clears_them(void)
{
    lf_store *s = open_store();
    lf_txn *t;
    lf_workflow wf;
    lf_wf_version v;
    lf_wf_actor who = {LF_DEFAULT_TENANT, {{1}}, 1000};
    lf_uuid app = {{6, 6, 6}};
    const lf_wf_graph *g;
    int n = 0;
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(create_base(t, &who, &wf, &v), LF_OK);
    CHECK_EQ_INT(lf_wf_graph_get(t, &v, &g), LF_OK);
    CHECK_EQ_INT(g->apps.n, 0);
    lf_wf_graph_release(g);
    CHECK_EQ_INT(lf_wf_app_grant(t, &wf, &app, 1, &A), LF_OK);
    CHECK_EQ_INT(lf_wf_version_by_name(t, &wf, LF_STR(""), &A, &v), LF_OK);
    CHECK_EQ_INT(lf_wf_graph_get(t, &v, &g), LF_OK);
    CHECK_EQ_INT(g->apps.n, 1);
    lf_wf_graph_release(g);
    CHECK_EQ_INT(lf_wf_forget(t, &LF_DEFAULT_TENANT, LF_WFP_API, &app, &A), LF_OK);
    CHECK(!lf_wf_has_perm(t, &LF_DEFAULT_TENANT, LF_WFP_API, &app, &wf.id, NULL));
    CHECK_EQ_INT(lf_wf_each_by_target(t, &LF_DEFAULT_TENANT, LF_WFP_API, &app, count_wf, &n), LF_OK);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(lf_wf_version_by_name(t, &wf, LF_STR(""), &A, &v), LF_OK);
    CHECK_EQ_INT(lf_wf_graph_get(t, &v, &g), LF_OK);
    CHECK_EQ_INT(g->apps.n, 0);
    lf_wf_graph_release(g);
    /* a target named nowhere is nothing to do */
    CHECK_EQ_INT(lf_wf_forget(t, &LF_DEFAULT_TENANT, LF_WFP_ADMIN, &app, &A), LF_OK);
    lf_txn_abort(t);
    close_store(s);
}

static void test_graph_cache_is_shared_and_bounded(void)
{
    lf_store *s = open_store();
    lf_txn *t;
    lf_workflow wf;
    lf_wf_version v;
    lf_wf_actor who = {LF_DEFAULT_TENANT, {{1}}, 1000};
    const lf_wf_graph *g1, *g2;
    lf_wf_graph_cache_clear();
    CHECK_EQ_INT(lf_txn_begin(s, 1, &t), LF_OK);
    CHECK_EQ_INT(create_base(t, &who, &wf, &v), LF_OK);
    CHECK_EQ_INT(lf_wf_graph_get(t, &v, &g1), LF_OK);
    CHECK_EQ_INT(lf_wf_graph_get(t, &v, &g2), LF_OK);
    CHECK(g1 == g2);
    CHECK_EQ_INT(lf_wf_graph_cache_count(), 1);
    lf_wf_graph_release(g2);
    /* another rev of the same version retires the entry; the holder keeps its copy */
    v.rev++;
    CHECK_EQ_INT(lf_wf_graph_get(t, &v, &g2), LF_OK);
    CHECK(g1 != g2);
    CHECK_EQ_INT(lf_wf_graph_cache_count(), 1);
    CHECK_STR(g1->nodes[0].name, "Start");
    lf_wf_graph_release(g1);
    lf_wf_graph_release(g2);
    /* more versions than slots: the count stays bounded */
    for (int i = 0; i < 34; i++) {
        lf_workflow w2;
        lf_wf_version v2;
        const lf_wf_graph *g;
        CHECK_EQ_INT(create_base(t, &who, &w2, &v2), LF_OK);
        CHECK_EQ_INT(lf_wf_graph_get(t, &v2, &g), LF_OK);
        lf_wf_graph_release(g);
    }
    CHECK_EQ_INT(lf_wf_graph_cache_count(), 32);
    lf_txn_abort(t);
    lf_wf_graph_cache_clear();
    CHECK_EQ_INT(lf_wf_graph_cache_count(), 0);
    close_store(s);
}

int main(void)
{
    lf_arena_init(&A, 1 << 16, 0);
    RUN(test_base_designs_are_valid);
    RUN(test_rule01_workflow_name);
    RUN(test_rule02_node_name);
    RUN(test_rule03_no_start);
    RUN(test_rule03_two_starts);
    RUN(test_rule04_no_end);
    RUN(test_rule04_two_ends);
    RUN(test_rule05_form_empty);
    RUN(test_rule05_row_without_children);
    RUN(test_rule06_title_count);
    RUN(test_rule07_external_data_source);
    RUN(test_rule08_external_data_editable);
    RUN(test_rule09_info_component_editable);
    RUN(test_rule10_start_needs_input);
    RUN(test_rule11_auto_title_hidden);
    RUN(test_rule12_normal_needs_visible_field);
    RUN(test_rule13_assignee_type);
    RUN(test_rule13_assignee);
    RUN(test_rule13_strategy);
    RUN(test_rule14_node_without_outgoing);
    RUN(test_rule14_end_without_incoming);
    RUN(test_rule15_no_convergence);
    RUN(test_rule15_convergence_not_normal);
    RUN(test_rule16_exclusive_from_end);
    RUN(test_rule17_hook_single_outgoing);
    RUN(test_rule17_self_loop);
    RUN(test_rule17_hook_url);
    RUN(test_rule17_hook_token);
    RUN(test_rule18_condition_groups);
    RUN(test_struct_node_type);
    RUN(test_struct_edge_type);
    RUN(test_struct_edge_source);
    RUN(test_struct_duplicate_node_id);
    RUN(test_struct_component_key);
    RUN(test_struct_component_type);
    RUN(test_struct_permission_key);
    RUN(test_struct_permission_value);
    RUN(test_struct_assignee_type);
    RUN(test_struct_exclusive_edge_type);
    RUN(test_struct_condition_outside_exclusive);
    RUN(test_struct_default_branch);
    RUN(test_struct_condition_operator);
    RUN(test_struct_condition_shape);
    RUN(test_struct_timer_delay);
    RUN(test_struct_parallel_reject_branch);
    RUN(test_parse_errors_name_the_object);
    RUN(test_design_size_is_bounded);
    RUN(test_hook_events_are_canonical);
    RUN(test_mutated_designs_never_crash);
    RUN(test_parallel_merge_is_the_join);
    RUN(test_graph_accessors);
    RUN(test_node_with_open_ticket_cannot_be_removed_in_place);
    RUN(test_archived_version_refuses_new_tickets);
    RUN(test_permission_index_is_a_range_scan);
    RUN(test_delete_removes_every_version);
    RUN(test_grants_reach_the_graph_and_forget_clears_them);
    RUN(test_graph_cache_is_shared_and_bounded);
    lf_arena_free(&A);
    return CHECK_DONE();
}
