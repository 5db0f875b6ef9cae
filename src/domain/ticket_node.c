#include "loonflow/accounts.h"
#include "loonflow/ticket.h"
#include "rec_io.h"
#include "ticket_key.h"

#include <stdlib.h>
#include <string.h>

int lf_ticket_ids_has(const char *joined, const lf_uuid *id)
{
    char one[LF_UUID_STRLEN + 1];
    lf_uuid_format(id, one);
    for (const char *p = joined ? strstr(joined, one) : NULL; p; p = strstr(p + 1, one))
        if ((p == joined || p[-1] == ',') && (p[LF_UUID_STRLEN] == 0 || p[LF_UUID_STRLEN] == ','))
            return 1;
    return 0;
}

static const lf_field node_fields[] = {
    LF_FIELD(lf_ticket_node, ticket_id, LF_F_UUID),
    LF_FIELD(lf_ticket_node, node_id, LF_F_UUID),
    LF_FIELD(lf_ticket_node, created_at, LF_F_I64),
    LF_FIELD(lf_ticket_node, updated_at, LF_F_I64),
    LF_FIELD(lf_ticket_node, assignee_type, LF_F_STR),
    LF_FIELD(lf_ticket_node, assignee, LF_F_STR),
    LF_FIELD(lf_ticket_node, all_assignee_result, LF_F_JSON),
    LF_FIELD(lf_ticket_node, hook_status, LF_F_STR),
    LF_FIELD(lf_ticket_node, in_consult, LF_F_BOOL),
    LF_FIELD(lf_ticket_node, in_parallel, LF_F_BOOL),
    LF_FIELD(lf_ticket_node, in_accept_wait, LF_F_BOOL),
    LF_FIELD(lf_ticket_node, consult_from_id, LF_F_UUID),
    LF_FIELD(lf_ticket_node, consult_target_id, LF_F_UUID),
    LF_FIELD(lf_ticket_node, parallel_node_id, LF_F_UUID),
    LF_FIELD(lf_ticket_node, consult_prev_assignee, LF_F_STR),
    LF_FIELD(lf_ticket_node, seq, LF_F_I64),
};
static const lf_record_type node_rt = {node_fields, sizeof node_fields / sizeof *node_fields};

int lf_ticket_node_put(lf_txn *t, lf_ticket_node *n)
{
    lf_key k;
    lf_val old;
    lf_val key = lf_tkey2(&k, &n->ticket_id, n->node_id.b, 16);
    int rc = lf_get(t, LF_T_TICKET_CUR, key, &old);
    if (rc == LF_ENOTFOUND) {
        uint64_t seq;
        if ((rc = lf_next_seq(t, "seq.ticket_node", &seq)))
            return rc;
        n->seq = (int64_t)seq;
    } else if (rc) {
        return rc;
    }
    return lf_rec_put(t, LF_T_TICKET_CUR, key, &node_rt, n);
}

int lf_ticket_node_del(lf_txn *t, const lf_uuid *ticket, const lf_uuid *node)
{
    lf_key k;
    lf_val key = lf_tkey2(&k, ticket, node->b, 16), old;
    lf_uuid aid; /* the node id is shared by every ticket (and visit): a fresh one per row */
    int rc = lf_get(t, LF_T_TICKET_CUR, key, &old);
    if (rc == LF_OK)
        rc = lf_uuid_v4(&aid);
    if (rc == LF_OK)
        rc = lf_archive_put(t, "ticket_node", &aid, old);
    if (rc == LF_OK)
        rc = lf_del(t, LF_T_TICKET_CUR, key);
    return rc;
}

static int by_seq(const void *a, const void *b)
{
    const lf_ticket_node *x = a, *y = b;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

int lf_ticket_nodes(lf_txn *t, const lf_uuid *ticket, lf_arena *a, lf_ticket_node **out, size_t *n)
{
    void *rows;
    int rc = lf_rec_scan(t, LF_T_TICKET_CUR, (lf_val){ticket->b, 16}, &node_rt, sizeof **out, a,
                         &rows, n);
    if (rc)
        return rc;
    *out = rows;
    qsort(*out, *n, sizeof **out, by_seq);
    return LF_OK;
}
