/* The organisation domain on a real store: department trees (ancestors,
 * descendants, moves, cycles, depth), memberships with one primary,
 * approvers and leaders, roles, and the cleanup a delete does. */
#include "check.h"
#include "loonflow/accounts.h"
#include "loonflow/store.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[32];
static lf_store *store;
static lf_txn *txn;
static lf_arena arena;
static const lf_uuid T1 = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}};
static const lf_uuid T2 = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}};
static const lf_uuid NONE = {{0}};

static lf_uuid id_of(int n)
{
    lf_uuid u = {{0}};
    u.b[0] = 0xd0;
    u.b[15] = (uint8_t)n;
    return u;
}

static void begin(void)
{
    lf_store_opts o = {.dir = dir, .map_size = 16 << 20, .max_readers = 8, .no_sync = 1};
    strcpy(dir, "/tmp/lf_org_XXXXXX");
    if (!mkdtemp(dir) || lf_store_open(&store, &o) != LF_OK || lf_txn_begin(store, 1, &txn) != LF_OK) {
        printf("cannot open a store in %s\n", dir);
        exit(2);
    }
    lf_arena_init(&arena, 4096, 0);
}

static void end(void)
{
    char p[64];
    lf_txn_abort(txn);
    lf_store_close(store);
    lf_arena_free(&arena);
    snprintf(p, sizeof p, "%s/data.mdb", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/lock.mdb", dir);
    unlink(p);
    rmdir(dir);
}

static lf_dept dept(int n, int parent, const lf_uuid *tenant)
{
    lf_dept d = {.id = id_of(n), .tenant_id = *tenant, .label = "{}", .name = "d"};
    if (parent)
        d.parent_id = id_of(parent);
    char *name = lf_arena_printf(&arena, "D%d", n);
    d.name = name;
    CHECK_EQ_INT(lf_dept_insert(txn, &d), LF_OK);
    return d;
}

static lf_user user(int n, const lf_uuid *tenant)
{
    lf_user u = {.id = id_of(100 + n), .tenant_id = *tenant, .label = "{}", .name = "u",
                 .alias = "", .external_user_id = "", .phone = "", .avatar = "", .lang = "",
                 .password = "!", .type = "normal", .is_active = 1};
    u.email = lf_arena_printf(&arena, "u%d@example.com", n);
    CHECK_EQ_INT(lf_user_insert(txn, &u), LF_OK);
    return u;
}

static int ids_are(const lf_ids *l, const int *want, size_t n)
{
    if (l->n != n)
        return 0;
    for (size_t i = 0; i < n; i++) {
        lf_uuid u = id_of(want[i]);
        if (!lf_uuid_eq(&l->v[i], &u))
            return 0;
    }
    return 1;
}

/* 1 -> 2 -> 3 -> 4, 1 -> 5, 6; 7 in the other tenant */
static void make_tree(void)
{
    dept(1, 0, &T1);
    dept(2, 1, &T1);
    dept(3, 2, &T1);
    dept(4, 3, &T1);
    dept(5, 1, &T1);
    dept(6, 0, &T1);
    dept(7, 0, &T2);
}

static void test_tree_walks(void)
{
    begin();
    make_tree();
    lf_ids l = {0};
    lf_uuid d4 = id_of(4), d1 = id_of(1), d3 = id_of(3), d7 = id_of(7), d6 = id_of(6);
    CHECK_EQ_INT(lf_dept_ancestors(txn, &T1, &d4, &arena, &l), LF_OK);
    CHECK(ids_are(&l, (int[]){3, 2, 1}, 3));
    l.n = 0;
    CHECK_EQ_INT(lf_dept_descendants(txn, &T1, &d1, &arena, &l), LF_OK);
    CHECK(ids_are(&l, (int[]){2, 5, 3, 4}, 4)); /* breadth first */
    l.n = 0;
    CHECK_EQ_INT(lf_dept_children(txn, &T1, &NONE, &arena, &l), LF_OK);
    CHECK(ids_are(&l, (int[]){1, 6}, 2));
    l.n = 0;
    CHECK_EQ_INT(lf_dept_all(txn, &T1, &arena, &l), LF_OK);
    CHECK_EQ_INT(l.n, 6);
    CHECK(!lf_ids_has(&l, &d7));
    CHECK(lf_dept_is_within(txn, &T1, &d4, &d1));
    CHECK(lf_dept_is_within(txn, &T1, &d3, &d3));
    CHECK(!lf_dept_is_within(txn, &T1, &d1, &d4));
    CHECK(!lf_dept_is_within(txn, &T1, &d6, &d1));
    int depth = 0, height = 0;
    CHECK_EQ_INT(lf_dept_depth(txn, &T1, &d4, &depth), LF_OK);
    CHECK_EQ_INT(depth, 4);
    CHECK_EQ_INT(lf_dept_height(txn, &T1, &d1, &height), LF_OK);
    CHECK_EQ_INT(height, 4);
    lf_dept d;
    CHECK_EQ_INT(lf_dept_get(txn, &T1, &d4, &arena, &d), LF_OK);
    const char *path = NULL;
    CHECK_EQ_INT(lf_dept_path(txn, &d, &arena, &path), LF_OK);
    CHECK_STR(path, "D1-D2-D3-D4");
    /* another tenant's department is not found, and not a child here */
    CHECK_EQ_INT(lf_dept_get(txn, &T1, &d7, &arena, &d), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_dept_get(txn, &T2, &d7, &arena, &d), LF_OK);
    end();
}

static void test_move(void)
{
    begin();
    make_tree();
    lf_uuid d3 = id_of(3), d6 = id_of(6), d1 = id_of(1);
    lf_dept old, moved;
    CHECK_EQ_INT(lf_dept_get(txn, &T1, &d3, &arena, &old), LF_OK);
    moved = old;
    moved.parent_id = d6;
    CHECK_EQ_INT(lf_dept_update(txn, &old, &moved), LF_OK);
    lf_ids l = {0};
    CHECK_EQ_INT(lf_dept_children(txn, &T1, &d6, &arena, &l), LF_OK);
    CHECK(ids_are(&l, (int[]){3}, 1));
    l.n = 0;
    CHECK_EQ_INT(lf_dept_descendants(txn, &T1, &d1, &arena, &l), LF_OK);
    CHECK(ids_are(&l, (int[]){2, 5}, 2));
    lf_uuid d4 = id_of(4);
    CHECK(lf_dept_is_within(txn, &T1, &d4, &d6));
    CHECK(!lf_dept_is_within(txn, &T1, &d4, &d1));
    end();
}

static void test_cycle_in_store_is_detected(void)
{
    begin();
    /* A cycle written behind the API's back (corruption) must not hang walks. */
    lf_dept a = dept(1, 2, &T1);
    dept(2, 1, &T1);
    lf_ids l = {0};
    CHECK_EQ_INT(lf_dept_ancestors(txn, &T1, &a.id, &arena, &l), LF_EINVAL);
    lf_uuid d1 = id_of(1), d9 = id_of(9);
    CHECK(lf_dept_is_within(txn, &T1, &d1, &d9)); /* a broken chain counts as within: moves are refused */
    end();
}

static void test_memberships_and_primary(void)
{
    begin();
    make_tree();
    lf_user u = user(1, &T1), v = user(2, &T1);
    lf_uuid op = id_of(200);
    lf_ids want = {0};
    lf_uuid d4 = id_of(4), d2 = id_of(2), d5 = id_of(5), d1 = id_of(1);
    lf_ids_push(&want, &arena, &d5);
    lf_ids_push(&want, &arena, &d2);
    CHECK_EQ_INT(lf_user_set_depts(txn, &u.id, &want, &op, 1), LF_OK);
    lf_user_dept *ud;
    size_t n;
    CHECK_EQ_INT(lf_user_depts(txn, &u.id, &arena, &ud, &n), LF_OK);
    CHECK_EQ_INT(n, 2);
    CHECK(n == 2 && lf_uuid_eq(&ud[0].dept_id, &d5) && ud[0].is_primary && !ud[1].is_primary);
    /* reorder: the first becomes primary */
    want.n = 0;
    lf_ids_push(&want, &arena, &d2);
    lf_ids_push(&want, &arena, &d5);
    CHECK_EQ_INT(lf_user_set_depts(txn, &u.id, &want, &op, 1), LF_OK);
    CHECK_EQ_INT(lf_user_depts(txn, &u.id, &arena, &ud, &n), LF_OK);
    CHECK(n == 2 && lf_uuid_eq(&ud[0].dept_id, &d2) && ud[0].is_primary && !ud[1].is_primary);
    want.n = 0;
    lf_ids_push(&want, &arena, &d4);
    CHECK_EQ_INT(lf_user_set_depts(txn, &v.id, &want, &op, 1), LF_OK);
    /* members of 1 and everything under it: both users, once each */
    lf_ids l = {0};
    CHECK_EQ_INT(lf_dept_users_deep(txn, &T1, &d1, &arena, &l), LF_OK);
    CHECK_EQ_INT(l.n, 2);
    CHECK(lf_ids_has(&l, &u.id) && lf_ids_has(&l, &v.id));
    l.n = 0;
    CHECK_EQ_INT(lf_dept_users(txn, &d2, &arena, &l), LF_OK);
    CHECK(l.n == 1 && lf_uuid_eq(&l.v[0], &u.id));
    /* u's departments and their ancestors: 5, 2, 1 */
    l.n = 0;
    CHECK_EQ_INT(lf_user_depts_up(txn, &T1, &u.id, &arena, &l), LF_OK);
    CHECK(ids_are(&l, (int[]){1, 2, 5}, 3));
    l.n = 0;
    CHECK_EQ_INT(lf_user_depts_up(txn, &T2, &u.id, &arena, &l), LF_OK);
    CHECK_EQ_INT(l.n, 0);
    /* deleting the primary department promotes the other one */
    lf_dept leaf;
    CHECK_EQ_INT(lf_dept_get(txn, &T1, &d5, &arena, &leaf), LF_OK);
    lf_dept mid;
    CHECK_EQ_INT(lf_dept_get(txn, &T1, &d2, &arena, &mid), LF_OK);
    CHECK_EQ_INT(lf_dept_delete(txn, &mid, &op, 2), LF_EEXIST); /* has children */
    CHECK_EQ_INT(lf_user_depts(txn, &u.id, &arena, &ud, &n), LF_OK);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(lf_dept_delete(txn, &leaf, &op, 2), LF_OK);
    CHECK_EQ_INT(lf_user_depts(txn, &u.id, &arena, &ud, &n), LF_OK);
    CHECK(n == 1 && lf_uuid_eq(&ud[0].dept_id, &d2) && ud[0].is_primary);
    want.n = 0;
    lf_ids_push(&want, &arena, &d4);
    lf_ids_push(&want, &arena, &d2);
    CHECK_EQ_INT(lf_user_set_depts(txn, &u.id, &want, &op, 1), LF_OK);
    lf_uuid d3 = id_of(3);
    lf_dept d4r, d3r;
    CHECK_EQ_INT(lf_dept_get(txn, &T1, &d4, &arena, &d4r), LF_OK);
    CHECK_EQ_INT(lf_dept_delete(txn, &d4r, &op, 3), LF_OK);
    CHECK_EQ_INT(lf_user_depts(txn, &u.id, &arena, &ud, &n), LF_OK);
    CHECK(n == 1 && lf_uuid_eq(&ud[0].dept_id, &d2) && ud[0].is_primary);
    CHECK_EQ_INT(lf_user_depts(txn, &v.id, &arena, &ud, &n), LF_OK);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(lf_dept_get(txn, &T1, &d3, &arena, &d3r), LF_OK);
    end();
}

static void test_approvers_leader_roles_and_user_delete(void)
{
    begin();
    make_tree();
    lf_user u = user(1, &T1), v = user(2, &T1);
    lf_uuid op = id_of(200), d1 = id_of(1), d2 = id_of(2);
    lf_dept a;
    CHECK_EQ_INT(lf_dept_get(txn, &T1, &d1, &arena, &a), LF_OK);
    lf_ids l = {0};
    CHECK_EQ_INT(lf_dept_approvers_or_leader(txn, &a, &arena, &l), LF_OK);
    CHECK_EQ_INT(l.n, 0);
    lf_dept b = a;
    b.leader_id = v.id;
    CHECK_EQ_INT(lf_dept_update(txn, &a, &b), LF_OK);
    CHECK_EQ_INT(lf_dept_approvers_or_leader(txn, &b, &arena, &l), LF_OK);
    CHECK(l.n == 1 && lf_uuid_eq(&l.v[0], &v.id)); /* no approvers: the leader */
    lf_ids ap = {0};
    lf_ids_push(&ap, &arena, &u.id);
    CHECK_EQ_INT(lf_dept_set_approvers(txn, &d1, &ap, &op, 1), LF_OK);
    CHECK_EQ_INT(lf_dept_set_approvers(txn, &d2, &ap, &op, 1), LF_OK);
    l.n = 0;
    CHECK_EQ_INT(lf_dept_approvers_or_leader(txn, &b, &arena, &l), LF_OK);
    CHECK(l.n == 1 && lf_uuid_eq(&l.v[0], &u.id)); /* approvers first */
    /* roles */
    lf_role r = {.id = id_of(50), .tenant_id = T1, .name = "r", .description = "", .label = ""};
    CHECK_EQ_INT(lf_role_put(txn, &r), LF_OK);
    CHECK_EQ_INT(lf_role_link(txn, &r.id, &u.id), LF_OK);
    CHECK_EQ_INT(lf_role_link(txn, &r.id, &u.id), LF_OK);
    CHECK_EQ_INT(lf_role_link(txn, &r.id, &v.id), LF_OK);
    l.n = 0;
    CHECK_EQ_INT(lf_role_users(txn, &r.id, &arena, &l), LF_OK);
    CHECK_EQ_INT(l.n, 2);
    lf_role got;
    CHECK_EQ_INT(lf_role_get(txn, &T2, &r.id, &arena, &got), LF_ENOTFOUND);
    /* deleting u takes its approver duties, roles and memberships along */
    lf_ids want = {0};
    lf_ids_push(&want, &arena, &d2);
    CHECK_EQ_INT(lf_user_set_depts(txn, &u.id, &want, &op, 1), LF_OK);
    CHECK_EQ_INT(lf_user_delete(txn, &u, &op, 5), LF_OK);
    l.n = 0;
    CHECK_EQ_INT(lf_dept_approvers(txn, &d1, &arena, &l), LF_OK);
    CHECK_EQ_INT(l.n, 0);
    CHECK_EQ_INT(lf_dept_approvers(txn, &d2, &arena, &l), LF_OK);
    CHECK_EQ_INT(l.n, 0);
    CHECK_EQ_INT(lf_role_users(txn, &r.id, &arena, &l), LF_OK);
    CHECK(l.n == 1 && lf_uuid_eq(&l.v[0], &v.id));
    l.n = 0;
    CHECK_EQ_INT(lf_dept_users(txn, &d2, &arena, &l), LF_OK);
    CHECK_EQ_INT(l.n, 0);
    lf_user gone;
    CHECK_EQ_INT(lf_user_get(txn, &u.id, &arena, &gone), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_user_by_email(txn, lf_strz(u.email), &arena, &gone), LF_ENOTFOUND);
    l.n = 0;
    CHECK_EQ_INT(lf_user_all(txn, &T1, &arena, &l), LF_OK);
    CHECK(l.n == 1 && lf_uuid_eq(&l.v[0], &v.id));
    CHECK_EQ_INT(lf_role_delete(txn, &r, &op, 6), LF_OK);
    l.n = 0;
    CHECK_EQ_INT(lf_user_roles(txn, &v.id, &arena, &l), LF_OK);
    CHECK_EQ_INT(l.n, 0);
    CHECK_EQ_INT(lf_role_all(txn, &T1, &arena, &l), LF_OK);
    CHECK_EQ_INT(l.n, 0);
    end();
}

static int count_pats(const lf_pat *p, void *ctx)
{
    (void)p;
    ++*(int *)ctx;
    return 0;
}

/* A deleted user's tokens are archived with it; another user's stay. */
static void test_user_delete_takes_its_tokens(void)
{
    begin();
    lf_user u = user(1, &T1), v = user(2, &T1);
    lf_uuid op = id_of(200);
    for (int i = 0; i < 3; i++) {
        lf_pat p = {.id = id_of(60 + i), .tenant_id = T1, .user_id = i < 2 ? u.id : v.id,
                    .label = "", .secret_hash = "h", .mask_prefix = "m"};
        CHECK_EQ_INT(lf_pat_insert(txn, &p), LF_OK);
    }
    int n = 0;
    CHECK_EQ_INT(lf_pat_each_of_user(txn, &u.id, &arena, count_pats, &n), LF_OK);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(lf_user_delete(txn, &u, &op, 5), LF_OK);
    n = 0;
    CHECK_EQ_INT(lf_pat_each_of_user(txn, &u.id, &arena, count_pats, &n), LF_OK);
    CHECK_EQ_INT(n, 0);
    lf_pat got;
    lf_uuid first = id_of(60), third = id_of(62);
    CHECK_EQ_INT(lf_pat_get(txn, &first, &arena, &got), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_pat_get(txn, &third, &arena, &got), LF_OK);
    n = 0;
    CHECK_EQ_INT(lf_pat_each_of_user(txn, &v.id, &arena, count_pats, &n), LF_OK);
    CHECK_EQ_INT(n, 1);
    end();
}

static void test_sort_unique(void)
{
    lf_arena a;
    lf_ids l = {0};
    lf_arena_init(&a, 1024, 0);
    int order[] = {5, 3, 5, 1, 3, 9};
    for (size_t i = 0; i < 6; i++) {
        lf_uuid u = id_of(order[i]);
        lf_ids_push(&l, &a, &u);
    }
    lf_ids_sort_unique(&l);
    CHECK(ids_are(&l, (int[]){1, 3, 5, 9}, 4));
    lf_arena_free(&a);
}

int main(void)
{
    RUN(test_user_delete_takes_its_tokens);
    RUN(test_sort_unique);
    RUN(test_tree_walks);
    RUN(test_move);
    RUN(test_cycle_in_store_is_detected);
    RUN(test_memberships_and_primary);
    RUN(test_approvers_leader_roles_and_user_delete);
    return CHECK_DONE();
}
