/* Domain: applications and auth configs keep their index rows exact through
 * insert, rename and delete, and deletes leave an archive copy. */
#include "check.h"
#include "loonflow/accounts.h"
#include "loonflow/manage.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[32];
static lf_store *store;

static void open_fresh(void)
{
    strcpy(dir, "/tmp/lf_apps_XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        exit(2);
    }
    lf_store_opts o = {.dir = dir, .map_size = (size_t)64 << 20, .no_sync = 1};
    if (lf_store_open(&store, &o) != LF_OK) {
        printf("cannot open a store in %s\n", dir);
        exit(1);
    }
}

static void close_and_remove(void)
{
    char p[64];
    lf_store_close(store);
    snprintf(p, sizeof p, "%s/data.mdb", dir);
    unlink(p);
    snprintf(p, sizeof p, "%s/lock.mdb", dir);
    unlink(p);
    rmdir(dir);
}

static size_t count(lf_txn *t, lf_table tb)
{
    size_t n = 0;
    CHECK_EQ_INT(lf_table_count(t, tb, &n), LF_OK);
    return n;
}

static lf_uuid tenant(int n)
{
    lf_uuid u = {{0}};
    u.b[15] = (uint8_t)n;
    return u;
}

static lf_app app(int tenant_n, const char *name)
{
    lf_app a = {.tenant_id = tenant(tenant_n), .label = "{}", .name = name, .description = "",
                .token = "tok", .type = "admin"};
    lf_uuid_v4(&a.id);
    return a;
}

typedef struct seen {
    int n;
    lf_uuid ids[8];
} seen;

static int see_app(const lf_app *a, void *ctx)
{
    seen *s = ctx;
    s->ids[s->n++] = a->id;
    return s->n == 8;
}

static int see_config(const lf_auth_config *cfg, void *ctx)
{
    seen *s = ctx;
    s->ids[s->n++] = cfg->id;
    return s->n == 8;
}

static void test_app_indexes_follow_insert_rename_delete(void)
{
    lf_txn *t;
    lf_arena a;
    lf_arena_init(&a, 4096, 0);
    CHECK_EQ_INT(lf_txn_begin(store, 1, &t), LF_OK);
    lf_app x = app(1, "x"), y = app(1, "y"), other = app(2, "x");
    CHECK_EQ_INT(lf_app_insert(t, &x), LF_OK);
    CHECK_EQ_INT(lf_app_insert(t, &y), LF_OK);
    CHECK_EQ_INT(lf_app_insert(t, &other), LF_OK); /* same name, another tenant */
    lf_app dup = app(1, "x");
    CHECK_EQ_INT(lf_app_insert(t, &dup), LF_EEXIST);
    CHECK_EQ_INT(count(t, LF_T_APP_NAME), 3);
    CHECK_EQ_INT(count(t, LF_T_APP_TENANT), 3);

    /* The tenant's list is in id order and holds only its apps. */
    seen s = {0};
    CHECK_EQ_INT(lf_app_each_of_tenant(t, &x.tenant_id, &a, see_app, &s), LF_OK);
    CHECK_EQ_INT(s.n, 2);
    CHECK(memcmp(&s.ids[0], &s.ids[1], sizeof(lf_uuid)) < 0);

    /* A rename onto a taken name fails; a free one moves the name index. */
    lf_app renamed = y;
    renamed.name = "x";
    CHECK_EQ_INT(lf_app_update(t, &y, &renamed), LF_EEXIST);
    renamed.name = "z";
    CHECK_EQ_INT(lf_app_update(t, &y, &renamed), LF_OK);
    lf_app got;
    CHECK_EQ_INT(lf_app_by_name(t, &y.tenant_id, lf_strz("y"), &a, &got), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_app_by_name(t, &y.tenant_id, lf_strz("z"), &a, &got), LF_OK);
    CHECK(lf_uuid_eq(&got.id, &y.id));
    CHECK_EQ_INT(count(t, LF_T_APP_NAME), 3);

    /* Delete: record and both index rows gone, an archive copy kept. */
    CHECK_EQ_INT(lf_app_delete(t, &renamed), LF_OK);
    CHECK_EQ_INT(lf_app_get(t, &y.id, &a, &got), LF_ENOTFOUND);
    CHECK_EQ_INT(lf_app_by_name(t, &y.tenant_id, lf_strz("z"), &a, &got), LF_ENOTFOUND);
    CHECK_EQ_INT(count(t, LF_T_APP_NAME), 2);
    CHECK_EQ_INT(count(t, LF_T_APP_TENANT), 2);
    CHECK_EQ_INT(count(t, LF_T_ARCHIVE), 1);
    s.n = 0;
    CHECK_EQ_INT(lf_app_each_of_tenant(t, &x.tenant_id, &a, see_app, &s), LF_OK);
    CHECK_EQ_INT(s.n, 1);
    CHECK(lf_uuid_eq(&s.ids[0], &x.id));
    lf_txn_abort(t);
    lf_arena_free(&a);
}

static void test_auth_configs_list_newest_first_per_tenant(void)
{
    lf_txn *t;
    lf_arena a;
    lf_arena_init(&a, 4096, 0);
    CHECK_EQ_INT(lf_txn_begin(store, 1, &t), LF_OK);
    lf_auth_config cfg[3];
    for (int i = 0; i < 3; i++) {
        cfg[i] = (lf_auth_config){.tenant_id = tenant(i == 1 ? 2 : 1), .label = "{}",
                                  .type = "wecom", .client_id = "c", .client_secret = "s",
                                  .redirect_uri = "r", .agent_id = "1", .is_enabled = 1};
        lf_uuid_v4(&cfg[i].id);
        CHECK_EQ_INT(lf_auth_config_insert(t, &cfg[i]), LF_OK);
    }
    CHECK(cfg[0].seq < cfg[1].seq && cfg[1].seq < cfg[2].seq);
    seen s = {0};
    CHECK_EQ_INT(lf_auth_config_each_of_tenant(t, &cfg[0].tenant_id, &a, see_config, &s), LF_OK);
    CHECK_EQ_INT(s.n, 2);
    CHECK(lf_uuid_eq(&s.ids[0], &cfg[2].id) && lf_uuid_eq(&s.ids[1], &cfg[0].id));

    lf_auth_config got;
    cfg[0].client_secret = "rotated";
    CHECK_EQ_INT(lf_auth_config_update(t, &cfg[0]), LF_OK);
    CHECK_EQ_INT(lf_auth_config_get(t, &cfg[0].id, &a, &got), LF_OK);
    CHECK_STR(got.client_secret, "rotated");
    CHECK_EQ_INT(got.seq, cfg[0].seq);

    CHECK_EQ_INT(lf_auth_config_delete(t, &got), LF_OK);
    CHECK_EQ_INT(lf_auth_config_get(t, &cfg[0].id, &a, &got), LF_ENOTFOUND);
    CHECK_EQ_INT(count(t, LF_T_AUTH_CONFIG_TENANT), 2);
    s.n = 0;
    CHECK_EQ_INT(lf_auth_config_each_of_tenant(t, &cfg[0].tenant_id, &a, see_config, &s), LF_OK);
    CHECK_EQ_INT(s.n, 1);
    s.n = 0;
    lf_uuid none = tenant(9);
    CHECK_EQ_INT(lf_auth_config_each_of_tenant(t, &none, &a, see_config, &s), LF_OK);
    CHECK_EQ_INT(s.n, 0);
    lf_txn_abort(t);
    lf_arena_free(&a);
}

int main(void)
{
    open_fresh();
    RUN(test_app_indexes_follow_insert_rename_delete);
    RUN(test_auth_configs_list_newest_first_per_tenant);
    close_and_remove();
    return CHECK_DONE();
}
