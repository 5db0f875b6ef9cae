/* Workflow designs on arbitrary bytes: JSON, then the design reader, the
 * validator and, for a valid design, the graph compiler and its accessors.
 * All in-process: none of these steps touches the store (the save path's
 * id-ownership checks and permission-list lookups do, and are not covered).
 * A design that validates must compile, its graph must have its start node,
 * and what the writers produce must be JSON again. */
#include "fuzz.h"
#include "loonflow/workflow.h"

#include <string.h>

static lf_arena arena;
static int ready;

static void check_json(const lf_buf *b)
{
    lf_json j;
    char err[256];
    FUZZ_ASSERT(lf_json_parse(&j, b->p, b->n, &arena, 0, err, sizeof err) == LF_OK);
}

static void walk(const lf_wf_graph *g)
{
    const lf_wf_gnode *s = lf_wf_graph_start(g);
    FUZZ_ASSERT(s != NULL);
    FUZZ_ASSERT(s->type == LF_WFN_START);
    FUZZ_ASSERT(lf_wf_graph_node(g, lf_strz(s->id_text)) == s);
    for (int i = 0; i < g->nnodes; i++) {
        const lf_wf_gnode *n = &g->nodes[i];
        const lf_wf_gedge *out[64];
        int k = lf_wf_graph_out(g, n, out, 64);
        FUZZ_ASSERT(k == n->nout);
        for (int e = 0; e < k && e < 64; e++) {
            FUZZ_ASSERT(out[e]->source == i);
            FUZZ_ASSERT(out[e]->target >= 0 && out[e]->target < g->nnodes);
            FUZZ_ASSERT(lf_wf_graph_edge(g, lf_strz(out[e]->id_text)) != NULL);
        }
        for (int c = 0; c < g->ncomps; c++) {
            const lf_wf_gcomp *k2 = &g->comps[c];
            lf_wf_fperm p = lf_wf_graph_field_perm(g, n, lf_strz(k2->key));
            FUZZ_ASSERT(lf_wf_fperm_name(p) != NULL);
            lf_wf_graph_shown_as(n, k2);
            lf_wf_graph_component(g, lf_strz(k2->key));
        }
    }
    for (int h = 0; h < g->nhooks; h++)
        lf_wf_hook_has_event(&g->hooks[h], "create");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready) {
        lf_arena_init(&arena, 1 << 14, 256u << 20);
        ready = 1;
    }
    lf_json j;
    lf_wf_design d;
    lf_wf_err err;
    char jerr[256];
    if (lf_json_parse(&j, (const char *)data, size, &arena, 0, jerr, sizeof jerr) != LF_OK)
        goto out;
    if (lf_wf_design_parse(&j, &arena, &d, &err) != LF_OK) {
        FUZZ_ASSERT(err.msg[0] != 0);
        goto out;
    }
    lf_buf b;
    lf_jw w;
    lf_buf_init(&b, 1u << 24);
    lf_jw_init(&w, &b);
    lf_wf_doc_info info = {&(lf_uuid){{1}}, &(lf_uuid){{2}}, "v"};
    lf_wf_design_write(&d, &info, &w);
    if (!w.err && !b.oom)
        check_json(&b);
    lf_buf_free(&b);
    if (lf_wf_validate(&d, &err) != LF_OK) {
        FUZZ_ASSERT(err.msg[0] != 0);
        goto out;
    }
    lf_buf_init(&b, 1u << 24);
    lf_jw_init(&w, &b);
    lf_jw_obj(&w);
    lf_wf_write_process(&d, size & 1, &w);
    lf_jw_obj_end(&w);
    if (!w.err && !b.oom)
        check_json(&b);
    lf_buf_free(&b);
    lf_wf_version v = {0};
    v.name = "v";
    v.rev = 7;
    lf_wf_graph *g = NULL;
    FUZZ_ASSERT(lf_wf_graph_compile(&d, &v, &g) == LF_OK);
    walk(g);
    lf_wf_graph_free(g);
out:
    lf_arena_reset(&arena);
    return 0;
}
