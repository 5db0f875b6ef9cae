/* Page-1 cost of ticket lists at 1,000 and at 100,000 tickets, side by side:
 * a list is a range scan over its index, so the time must not grow with the
 * number of other tickets. Prints figures; never fails on a slow machine. */
#include "loonflow/accounts.h"
#include "loonflow/port.h"
#include "loonflow/ticket.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static lf_uuid U(uint32_t n)
{
    lf_uuid u = {{0}};
    u.b[0] = 0x40;
    memcpy(u.b + 12, &n, 4);
    return u;
}

/* Ticket i: created one second apart; user 1 is assignee of every 100th,
 * user 2 of every 2nd, everyone else has their own; every 10th is finished,
 * the others on going. */
static int fill(lf_store *st, uint32_t from, uint32_t to)
{
    lf_txn *t;
    int rc = lf_txn_begin(st, 1, &t);
    for (uint32_t i = from; rc == LF_OK && i < to; i++) {
        lf_ticket tk = {.id = U(1000000 + i), .tenant_id = LF_DEFAULT_TENANT, .creator_id = U(3),
                        .created_at = 1700000000 + i, .workflow_id = U(500 + i % 20),
                        .title = "bench",
                        .act_state = i % 10 == 0 ? LF_ACT_FINISHED : LF_ACT_ON_GOING};
        rc = lf_ticket_insert(t, &tk);
        lf_ticket_user u = {.ticket_id = tk.id, .as_assignee = 1};
        u.user_id = i % 100 == 0 ? U(1) : i % 2 == 0 ? U(2) : U(10 + i);
        if (rc == LF_OK)
            rc = lf_ticket_user_put(t, &tk, &u);
    }
    return rc == LF_OK ? lf_txn_commit(t) : rc;
}

static void measure(lf_store *st, const char *what, lf_ticket_source src, lf_uuid key,
                    const char *act_state, uint32_t n)
{
    enum { ROUNDS = 2000 };
    lf_arena a;
    lf_arena_init(&a, 16384, 0);
    lf_ticket_query q = {.source = src, .keys = &key, .nkeys = 1, .from = 1700000000 - 3 * 365 * 86400LL,
                         .to = INT64_MAX - 1, .newest_first = 1, .page = 1, .per_page = 10,
                         .act_state = act_state};
    lf_ticket_page pg = {0};
    uint64_t t0 = lf_port_mono_us();
    for (int r = 0; r < ROUNDS; r++) {
        lf_txn *t;
        if (lf_txn_begin(st, 0, &t) != LF_OK || lf_ticket_list(t, &q, &a, &pg) != LF_OK) {
            printf("  %s: list failed\n", what);
            return;
        }
        lf_txn_abort(t);
        lf_arena_reset(&a);
    }
    double us = (double)(lf_port_mono_us() - t0) / ROUNDS;
    printf("  %-8u %-34s %8.1f us  total %-7lld entries read %llu\n", n, what, us,
           (long long)pg.total, (unsigned long long)pg.visited);
    lf_arena_free(&a);
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "/tmp/lf_bench_tickets";
    lf_store *st;
    lf_store_opts o = {.dir = dir, .map_size = 2048u << 20, .max_readers = 8, .no_sync = 1};
    if (lf_store_open(&st, &o) != LF_OK) {
        printf("cannot open a store in %s\n", dir);
        return 1;
    }
    printf("ticket list page 1 (10 items, newest first), mean of 2000 runs:\n");
    printf("  %-8s %-34s %11s\n", "tickets", "list", "time");
    uint32_t have = 0;
    static const uint32_t sizes[] = {1000, 100000};
    for (size_t s = 0; s < 2; s++) {
        if (fill(st, have, sizes[s]) != LF_OK) {
            printf("cannot insert tickets\n");
            return 1;
        }
        have = sizes[s];
        measure(st, "duty of a user with 1% of tickets", LF_TS_DUTY, U(1), NULL, have);
        measure(st, "duty of a user with 50% of tickets", LF_TS_DUTY, U(2), NULL, have);
        measure(st, "all tickets of the tenant", LF_TS_TENANT, LF_DEFAULT_TENANT, NULL, have);
        measure(st, "all + act_state (10% finished)", LF_TS_STATE, LF_DEFAULT_TENANT, LF_ACT_FINISHED,
                have);
    }
    lf_store_close(st);
    return 0;
}
