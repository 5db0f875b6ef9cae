#include "loonflow/accounts.h"
#include "loonflow/ticket.h"
#include "rec_io.h"
#include "ticket_ix.h"

#include <string.h>

static const lf_field ticket_fields[] = {
    LF_FIELD(lf_ticket, id, LF_F_UUID),
    LF_FIELD(lf_ticket, tenant_id, LF_F_UUID),
    LF_FIELD(lf_ticket, label, LF_F_JSON),
    LF_FIELD(lf_ticket, creator_id, LF_F_UUID),
    LF_FIELD(lf_ticket, created_at, LF_F_I64),
    LF_FIELD(lf_ticket, updated_at, LF_F_I64),
    LF_FIELD(lf_ticket, seq, LF_F_I64),
    LF_FIELD(lf_ticket, workflow_id, LF_F_UUID),
    LF_FIELD(lf_ticket, version_id, LF_F_UUID),
    LF_FIELD(lf_ticket, parent_ticket_id, LF_F_UUID),
    LF_FIELD(lf_ticket, parent_ticket_node_id, LF_F_UUID),
    LF_FIELD(lf_ticket, title, LF_F_STR),
    LF_FIELD(lf_ticket, act_state, LF_F_STR),
};
static const lf_record_type ticket_rt = {ticket_fields, sizeof ticket_fields / sizeof *ticket_fields};

int lf_act_state_valid(lf_str s)
{
    return lf_tix_state_no(s) >= 0;
}

int lf_ticket_get(lf_txn *t, const lf_uuid *id, lf_arena *a, lf_ticket *out)
{
    return lf_rec_get(t, LF_T_TICKET, lf_uuid_val(id), &ticket_rt, a, out);
}

int lf_ticket_insert(lf_txn *t, lf_ticket *tk)
{
    uint64_t seq;
    int rc = lf_next_seq(t, "seq.ticket", &seq);
    if (rc)
        return rc;
    tk->seq = (int64_t)seq;
    rc = lf_put_new(t, LF_T_TICKET, lf_uuid_val(&tk->id), (lf_val){"", 0});
    if (rc == LF_OK)
        rc = lf_rec_put(t, LF_T_TICKET, lf_uuid_val(&tk->id), &ticket_rt, tk);
    if (rc == LF_OK)
        rc = lf_tix_add(t, LF_TS_STATE, &tk->tenant_id, tk);
    if (rc == LF_OK)
        rc = lf_tix_add(t, LF_TS_TENANT, &tk->tenant_id, tk);
    if (rc == LF_OK)
        rc = lf_tix_add(t, LF_TS_CREATOR, &tk->creator_id, tk);
    if (rc == LF_OK)
        rc = lf_tix_add(t, LF_TS_WORKFLOW, &tk->workflow_id, tk);
    if (rc == LF_OK && !lf_uuid_is_zero(&tk->parent_ticket_id))
        rc = lf_tix_add(t, LF_TS_PARENT, &tk->parent_ticket_id, tk);
    return rc;
}

/* The state list entry moves here, against the stored record, so that no
 * engine path that changes act_state can leave the index behind. */
int lf_ticket_update(lf_txn *t, const lf_ticket *tk)
{
    lf_arena a;
    lf_ticket old;
    lf_arena_init(&a, 1024, 0);
    int rc = lf_ticket_get(t, &tk->id, &a, &old);
    if (rc == LF_OK)
        rc = lf_rec_put(t, LF_T_TICKET, lf_uuid_val(&tk->id), &ticket_rt, tk);
    if (rc == LF_OK && strcmp(old.act_state, tk->act_state ? tk->act_state : "") != 0) {
        rc = lf_tix_del(t, LF_TS_STATE, &old.tenant_id, &old);
        if (rc == LF_OK)
            rc = lf_tix_add(t, LF_TS_STATE, &old.tenant_id, tk);
    }
    lf_arena_free(&a);
    return rc;
}
