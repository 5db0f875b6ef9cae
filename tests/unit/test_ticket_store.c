/* The ticket store: records, relations and their list indexes, checked
 * against a brute-force model of the same tickets. */
#include "check.h"
#include "loonflow/accounts.h"
#include "loonflow/ticket.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[32];
static lf_store *st;

static void open_fresh(void)
{
    strcpy(dir, "/tmp/lf_ticket_XXXXXX");
    if (!mkdtemp(dir))
        exit(2);
    lf_store_opts o = {.dir = dir, .map_size = 64u << 20, .max_readers = 8, .no_sync = 1};
    if (lf_store_open(&st, &o) != LF_OK)
        exit(2);
}

static void close_store(void)
{
    char p[64];
    lf_store_close(st);
    snprintf(p, sizeof p, "%s/data.mdb", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/lock.mdb", dir);
    unlink(p);
    rmdir(dir);
}

static lf_uuid U(int n)
{
    lf_uuid u = {{0}};
    u.b[0] = 0x40;
    u.b[15] = (uint8_t)n;
    u.b[14] = (uint8_t)(n >> 8);
    return u;
}

/* ---- a model of the tickets the tests create ---- */
#define NT 300
typedef struct model {
    lf_uuid id;
    int64_t created;
    int creator, workflow, duty_of, state;
} model;
static model m[NT];
static const char *const states[] = {LF_ACT_ON_GOING, LF_ACT_FINISHED, LF_ACT_REJECTED};

static void fill(void)
{
    lf_txn *t;
    lf_arena a;
    lf_arena_init(&a, 4096, 0);
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    srand(7);
    for (int i = 0; i < NT; i++) {
        model *x = &m[i];
        x->id = U(1000 + i);
        x->created = 1700000000 + (rand() % 50) * 60; /* many share a second */
        x->creator = rand() % 4;
        x->workflow = rand() % 5;
        x->duty_of = rand() % 6; /* 4, 5: nobody */
        x->state = rand() % 3;
        lf_ticket tk = {.id = x->id, .tenant_id = LF_DEFAULT_TENANT, .creator_id = U(x->creator),
                        .created_at = x->created, .updated_at = x->created,
                        .workflow_id = U(100 + x->workflow), .title = "t",
                        .act_state = states[x->state]};
        CHECK_EQ_INT(lf_ticket_insert(t, &tk), LF_OK);
        if (x->duty_of < 4) {
            lf_ticket_user u = {.ticket_id = x->id, .user_id = U(x->duty_of), .as_assignee = 1};
            CHECK_EQ_INT(lf_ticket_user_put(t, &tk, &u), LF_OK);
        }
    }
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    lf_arena_free(&a);
}

/* Order of the model: created, then insertion (= seq). */
static int model_before(int i, int j)
{
    return m[i].created != m[j].created ? m[i].created < m[j].created : i < j;
}

typedef int (*member_fn)(const model *x, const void *arg);

static int is_creator(const model *x, const void *arg) { return x->creator == *(const int *)arg; }
static int is_duty(const model *x, const void *arg) { return x->duty_of == *(const int *)arg; }
static int in_wfs(const model *x, const void *arg)
{
    const int *w = arg; /* w[0] count, then workflow numbers */
    for (int i = 1; i <= w[0]; i++)
        if (x->workflow == w[i])
            return 1;
    return 0;
}

static int is_state(const model *x, const void *arg) { return x->state == *(const int *)arg; }
static int in_set(const model *x, const void *arg)
{
    const int *w = arg; /* w[0] count, then ticket numbers */
    for (int i = 1; i <= w[0]; i++)
        if (x == &m[w[i]])
            return 1;
    return 0;
}

static int only_finished(const lf_ticket *tk, void *ctx)
{
    (void)ctx;
    return strcmp(tk->act_state, LF_ACT_FINISHED) == 0;
}

/* Runs q and compares items and total with the model. */
static void compare(lf_ticket_query *q, member_fn member, const void *arg)
{
    int idx[NT], n = 0;
    for (int i = 0; i < NT; i++) {
        if (!member(&m[i], arg) || m[i].created < q->from || m[i].created > q->to)
            continue;
        if (q->filter && m[i].state != 1)
            continue;
        idx[n++] = i;
    }
    for (int i = 1; i < n; i++) /* insertion sort by the model order */
        for (int j = i; j > 0 && (q->newest_first ? model_before(idx[j - 1], idx[j])
                                                  : model_before(idx[j], idx[j - 1]));
             j--) {
            int tmp = idx[j];
            idx[j] = idx[j - 1];
            idx[j - 1] = tmp;
        }
    int64_t skip = (q->page - 1) * q->per_page;
    if (skip >= n)
        skip = n ? (n - 1) / q->per_page * q->per_page : 0;
    lf_txn *t;
    lf_arena a;
    lf_arena_init(&a, 4096, 0);
    lf_ticket_page pg;
    CHECK_EQ_INT(lf_txn_begin(st, 0, &t), LF_OK);
    CHECK_EQ_INT(lf_ticket_list(t, q, &a, &pg), LF_OK);
    CHECK_EQ_INT(pg.total, n);
    int64_t want = n - skip < q->per_page ? n - skip : q->per_page;
    CHECK_EQ_INT(pg.n, want);
    for (size_t i = 0; i < pg.n && (int64_t)i < want; i++)
        CHECK(lf_uuid_eq(&pg.items[i].id, &m[idx[skip + (int64_t)i]].id));
    lf_txn_abort(t);
    lf_arena_free(&a);
}

static void test_lists_match_the_model(void)
{
    static const int64_t windows[][2] = {
        {0, INT64_MAX}, {1700000000 + 600, 1700000000 + 1200}, {1700000000 + 2900, INT64_MAX},
        {0, 1700000000}, {1800000000, 1900000000}};
    for (size_t w = 0; w < sizeof windows / sizeof *windows; w++)
        for (int newest = 0; newest < 2; newest++)
            for (int page = 1; page <= 7; page += 3)
                for (int filtered = 0; filtered < 2; filtered++) {
                    lf_ticket_query q = {.from = windows[w][0], .to = windows[w][1],
                                         .newest_first = newest, .page = page, .per_page = 10,
                                         .filter = filtered ? only_finished : NULL};
                    int who = page % 4;
                    lf_uuid user = U(who);
                    q.source = LF_TS_CREATOR;
                    q.keys = &user;
                    q.nkeys = 1;
                    compare(&q, is_creator, &who);
                    q.source = LF_TS_DUTY;
                    compare(&q, is_duty, &who);
                    int wf[] = {3, 0, 2, 4};
                    lf_uuid wids[] = {U(100), U(102), U(104)};
                    q.source = LF_TS_WORKFLOW;
                    q.keys = wids;
                    q.nkeys = 3;
                    compare(&q, in_wfs, wf);
                    int state = (page + newest) % 3;
                    q.source = LF_TS_STATE;
                    q.keys = &LF_DEFAULT_TENANT;
                    q.nkeys = 1;
                    q.act_state = states[state];
                    compare(&q, is_state, &state);
                    /* named tickets, one of them twice, one unknown */
                    int set[] = {5, 7, 0, 299, 42, 150};
                    lf_uuid tids[] = {m[7].id, m[0].id, m[299].id, m[42].id, U(9999), m[150].id, m[0].id};
                    q.source = LF_TS_IDS;
                    q.keys = tids;
                    q.nkeys = 7;
                    q.act_state = NULL;
                    compare(&q, in_set, set);
                }
}

/* Every state, all windows and both orders, against the model. */
static void compare_states(void)
{
    for (int state = 0; state < 3; state++)
        for (int newest = 0; newest < 2; newest++)
            for (int page = 1; page <= 4; page += 3) {
                lf_ticket_query q = {.source = LF_TS_STATE, .keys = &LF_DEFAULT_TENANT, .nkeys = 1,
                                     .act_state = states[state], .from = 0, .to = INT64_MAX,
                                     .newest_first = newest, .page = page, .per_page = 25};
                compare(&q, is_state, &state);
                q.from = 1700000000 + 600;
                q.to = 1700000000 + 1800;
                compare(&q, is_state, &state);
            }
}

static void test_state_changes_move_entries(void)
{
    lf_txn *t;
    lf_arena a;
    lf_arena_init(&a, 4096, 0);
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    for (int i = 0; i < NT; i += 3) {
        lf_ticket tk;
        CHECK_EQ_INT(lf_ticket_get(t, &m[i].id, &a, &tk), LF_OK);
        m[i].state = (m[i].state + 1 + i % 2) % 3;
        tk.act_state = states[m[i].state];
        tk.title = "renamed";
        CHECK_EQ_INT(lf_ticket_update(t, &tk), LF_OK);
    }
    for (int i = 1; i < NT; i += 7) { /* a rewrite in the same state moves nothing */
        lf_ticket tk;
        CHECK_EQ_INT(lf_ticket_get(t, &m[i].id, &a, &tk), LF_OK);
        tk.updated_at++;
        CHECK_EQ_INT(lf_ticket_update(t, &tk), LF_OK);
    }
    lf_ticket ghost = {.id = U(9998), .tenant_id = LF_DEFAULT_TENANT, .act_state = LF_ACT_CLOSED};
    CHECK_EQ_INT(lf_ticket_update(t, &ghost), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_txn_commit(t), LF_OK);
    lf_arena_free(&a);
    compare_states();
    /* an unknown state names no list */
    lf_ticket_query q = {.source = LF_TS_STATE, .keys = &LF_DEFAULT_TENANT, .nkeys = 1,
                         .act_state = "on-going", .from = 0, .to = INT64_MAX, .page = 1, .per_page = 5};
    lf_ticket_page pg;
    CHECK_EQ_INT(lf_txn_begin(st, 0, &t), LF_OK);
    lf_arena_init(&a, 4096, 0);
    CHECK_EQ_INT(lf_ticket_list(t, &q, &a, &pg), LF_EINVAL);
    /* a state's page costs its own entries, however many tickets are in others */
    q.act_state = LF_ACT_REJECTED;
    q.newest_first = 1;
    CHECK_EQ_INT(lf_ticket_list(t, &q, &a, &pg), LF_OK);
    CHECK_EQ_INT(pg.n, 5);
    CHECK(pg.visited <= 5);
    CHECK(pg.total > 50 && pg.total < NT - 50);
    lf_txn_abort(t);
    lf_arena_free(&a);
}

static void test_relation_flags_move_list_entries(void)
{
    lf_txn *t;
    lf_arena a;
    lf_arena_init(&a, 4096, 0);
    lf_ticket tk;
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_ticket_get(t, &m[0].id, &a, &tk), LF_OK);
    lf_uuid who = U(9);
    lf_ticket_user u = {.ticket_id = tk.id, .user_id = who, .as_assignee = 1};
    CHECK_EQ_INT(lf_ticket_user_put(t, &tk, &u), LF_OK);
    lf_ticket_query q = {.source = LF_TS_DUTY, .keys = &who, .nkeys = 1, .from = 0,
                         .to = INT64_MAX, .page = 1, .per_page = 10};
    lf_ticket_page pg;
    CHECK_EQ_INT(lf_ticket_list(t, &q, &a, &pg), LF_OK);
    CHECK_EQ_INT(pg.total, 1);
    u.as_assignee = 0;
    u.as_processor = 1;
    CHECK_EQ_INT(lf_ticket_user_put(t, &tk, &u), LF_OK);
    CHECK_EQ_INT(lf_ticket_list(t, &q, &a, &pg), LF_OK);
    CHECK_EQ_INT(pg.total, 0);
    q.source = LF_TS_WORKED;
    CHECK_EQ_INT(lf_ticket_list(t, &q, &a, &pg), LF_OK);
    CHECK_EQ_INT(pg.total, 1);
    q.source = LF_TS_RELATION;
    CHECK_EQ_INT(lf_ticket_list(t, &q, &a, &pg), LF_OK);
    CHECK_EQ_INT(pg.total, 1);
    lf_ticket_user back;
    CHECK_EQ_INT(lf_ticket_user_get(t, &tk.id, &who, &a, &back), LF_OK);
    CHECK(back.as_processor && !back.as_assignee);
    lf_txn_abort(t);
    lf_arena_free(&a);
}

static void test_page_cost_does_not_grow_with_other_tickets(void)
{
    lf_txn *t;
    lf_arena a;
    lf_arena_init(&a, 4096, 0);
    lf_uuid who = U(1);
    lf_ticket_query q = {.source = LF_TS_DUTY, .keys = &who, .nkeys = 1, .from = 0,
                         .to = INT64_MAX, .newest_first = 1, .page = 1, .per_page = 5};
    lf_ticket_page pg;
    CHECK_EQ_INT(lf_txn_begin(st, 0, &t), LF_OK);
    CHECK_EQ_INT(lf_ticket_list(t, &q, &a, &pg), LF_OK);
    /* the page's own entries, no counting walk: the window holds them all */
    CHECK_EQ_INT(pg.n, 5);
    CHECK(pg.visited <= 5);
    lf_txn_abort(t);
    lf_arena_free(&a);
}

static void test_nodes_fields_and_history(void)
{
    lf_txn *t;
    lf_arena a;
    lf_arena_init(&a, 4096, 0);
    lf_uuid tid = m[1].id;
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    lf_ticket_node n1 = {.ticket_id = tid, .node_id = U(60), .assignee_type = "users",
                         .assignee = "a,b", .all_assignee_result = "{}"};
    lf_ticket_node n2 = {.ticket_id = tid, .node_id = U(50), .in_parallel = 1,
                         .all_assignee_result = "{}"};
    CHECK_EQ_INT(lf_ticket_node_put(t, &n1), LF_OK);
    CHECK_EQ_INT(lf_ticket_node_put(t, &n2), LF_OK);
    lf_ticket_node *rows;
    size_t n;
    CHECK_EQ_INT(lf_ticket_nodes(t, &tid, &a, &rows, &n), LF_OK);
    CHECK_EQ_INT(n, 2);
    CHECK(n == 2 && lf_uuid_eq(&rows[0].node_id, &n1.node_id)); /* arrival order, not key order */
    CHECK(n == 2 && rows[1].in_parallel && strcmp(rows[0].assignee, "a,b") == 0);
    CHECK_EQ_INT(lf_ticket_node_del(t, &tid, &n1.node_id), LF_OK);
    CHECK_EQ_INT(lf_ticket_node_del(t, &tid, &n1.node_id), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_ticket_nodes(t, &tid, &a, &rows, &n), LF_OK);
    CHECK_EQ_INT(n, 1);

    CHECK_EQ_INT(lf_ticket_field_put(t, &tid, LF_STR("days"), LF_STR("3")), LF_OK);
    CHECK_EQ_INT(lf_ticket_field_put(t, &tid, LF_STR("reason"), LF_STR("\"flu\"")), LF_OK);
    CHECK_EQ_INT(lf_ticket_field_put(t, &m[2].id, LF_STR("days"), LF_STR("9")), LF_OK);
    lf_val v;
    CHECK_EQ_INT(lf_ticket_field_get(t, &tid, LF_STR("days"), &v), LF_OK);
    CHECK(v.n == 1 && memcmp(v.p, "3", 1) == 0);
    CHECK_EQ_INT(lf_ticket_field_del(t, &tid, LF_STR("days")), LF_OK);
    CHECK_EQ_INT(lf_ticket_field_get(t, &tid, LF_STR("days"), &v), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_ticket_field_put(t, &tid, LF_STR(""), LF_STR("1")), LF_EINVAL);

    for (int i = 0; i < 23; i++) {
        lf_flow f = {.ticket_id = tid, .created_at = 1700000000 + i, .action_type = "agree",
                     .comment = lf_arena_printf(&a, "c%d", i), .processor_type = "user",
                     .processor = "x", .ticket_data = "{}"};
        CHECK_EQ_INT(lf_flow_append(t, &f), LF_OK);
        CHECK_EQ_INT(f.seq, i + 1);
    }
    lf_flow *fl;
    int64_t total;
    CHECK_EQ_INT(lf_flow_page(t, &tid, 0, 1, 10, &a, &fl, &n, &total), LF_OK);
    CHECK_EQ_INT(total, 23);
    CHECK_EQ_INT(n, 10);
    CHECK(n == 10 && strcmp(fl[0].comment, "c22") == 0 && strcmp(fl[9].comment, "c13") == 0);
    CHECK_EQ_INT(lf_flow_page(t, &tid, 1, 3, 10, &a, &fl, &n, &total), LF_OK);
    CHECK_EQ_INT(n, 3);
    CHECK(n == 3 && strcmp(fl[0].comment, "c20") == 0);
    CHECK_EQ_INT(lf_flow_page(t, &tid, 1, 4, 10, &a, &fl, &n, &total), LF_OK);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(lf_flow_page(t, &tid, 1, INT64_MAX, 10, &a, &fl, &n, &total), LF_OK);
    CHECK_EQ_INT(n, 0);
    lf_txn_abort(t);
    lf_arena_free(&a);
}

/* Every removed row is kept: two tickets leaving the same node, or one ticket
 * leaving it twice, leave three archived rows. */
static void test_removed_nodes_are_all_archived(void)
{
    lf_txn *t;
    size_t before, after;
    CHECK_EQ_INT(lf_txn_begin(st, 1, &t), LF_OK);
    CHECK_EQ_INT(lf_table_count(t, LF_T_ARCHIVE, &before), LF_OK);
    const lf_uuid *tickets[3] = {&m[3].id, &m[4].id, &m[3].id};
    for (int i = 0; i < 3; i++) {
        lf_ticket_node r = {.ticket_id = *tickets[i], .node_id = U(61),
                            .all_assignee_result = "{}"};
        CHECK_EQ_INT(lf_ticket_node_put(t, &r), LF_OK);
        CHECK_EQ_INT(lf_ticket_node_del(t, tickets[i], &r.node_id), LF_OK);
    }
    CHECK_EQ_INT(lf_table_count(t, LF_T_ARCHIVE, &after), LF_OK);
    CHECK_EQ_INT(after - before, 3);
    lf_txn_abort(t);
}

int main(void)
{
    open_fresh();
    fill();
    RUN(test_lists_match_the_model);
    RUN(test_state_changes_move_entries);
    RUN(test_relation_flags_move_list_entries);
    RUN(test_page_cost_does_not_grow_with_other_tickets);
    RUN(test_nodes_fields_and_history);
    RUN(test_removed_nodes_are_all_archived);
    close_store();
    return CHECK_DONE();
}
