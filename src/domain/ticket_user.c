#include "loonflow/ticket.h"
#include "rec_io.h"
#include "ticket_ix.h"
#include "ticket_key.h"

static const lf_field tuser_fields[] = {
    LF_FIELD(lf_ticket_user, ticket_id, LF_F_UUID),
    LF_FIELD(lf_ticket_user, user_id, LF_F_UUID),
    LF_FIELD(lf_ticket_user, created_at, LF_F_I64),
    LF_FIELD(lf_ticket_user, updated_at, LF_F_I64),
    LF_FIELD(lf_ticket_user, as_creator, LF_F_BOOL),
    LF_FIELD(lf_ticket_user, as_assignee, LF_F_BOOL),
    LF_FIELD(lf_ticket_user, as_processor, LF_F_BOOL),
    LF_FIELD(lf_ticket_user, as_cc_recipient, LF_F_BOOL),
    LF_FIELD(lf_ticket_user, as_consultant, LF_F_BOOL),
    LF_FIELD(lf_ticket_user, assignee_node_ids, LF_F_STR),
};
static const lf_record_type tuser_rt = {tuser_fields, sizeof tuser_fields / sizeof *tuser_fields};

int lf_ticket_user_get(lf_txn *t, const lf_uuid *ticket, const lf_uuid *user, lf_arena *a,
                       lf_ticket_user *out)
{
    lf_key k;
    return lf_rec_get(t, LF_T_TICKET_USER, lf_tkey2(&k, ticket, user->b, 16), &tuser_rt, a, out);
}

/* Moves the user's entry in one list to match a flag. */
static int sync_list(lf_txn *t, lf_ticket_source src, int was, int is, const lf_ticket_user *u,
                     const lf_ticket *tk)
{
    if (was == is)
        return LF_OK;
    return is ? lf_tix_add(t, src, &u->user_id, tk) : lf_tix_del(t, src, &u->user_id, tk);
}

int lf_ticket_user_put(lf_txn *t, const lf_ticket *tk, const lf_ticket_user *u)
{
    lf_key k;
    lf_val key = lf_tkey2(&k, &u->ticket_id, u->user_id.b, 16);
    lf_val cur;
    lf_ticket_user old = {0};
    lf_arena a;
    lf_arena_init(&a, 512, 0);
    int rc = lf_get(t, LF_T_TICKET_USER, key, &cur);
    int existed = rc == LF_OK;
    if (existed)
        rc = lf_record_decode(&tuser_rt, cur.p, cur.n, &a, &old);
    else if (rc == LF_ENOTFOUND)
        rc = LF_OK;
    if (rc == LF_OK && !existed)
        rc = lf_tix_add(t, LF_TS_RELATION, &u->user_id, tk);
    if (rc == LF_OK)
        rc = sync_list(t, LF_TS_DUTY, old.as_assignee, u->as_assignee, u, tk);
    if (rc == LF_OK)
        rc = sync_list(t, LF_TS_WORKED, old.as_processor, u->as_processor, u, tk);
    if (rc == LF_OK)
        rc = lf_rec_put(t, LF_T_TICKET_USER, key, &tuser_rt, u);
    lf_arena_free(&a);
    return rc;
}

int lf_ticket_users(lf_txn *t, const lf_uuid *ticket, lf_arena *a, lf_ticket_user **out, size_t *n)
{
    void *rows;
    int rc = lf_rec_scan(t, LF_T_TICKET_USER, (lf_val){ticket->b, 16}, &tuser_rt, sizeof **out, a,
                         &rows, n);
    if (rc == LF_OK)
        *out = rows;
    return rc;
}
