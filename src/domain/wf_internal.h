/* Private to the workflow domain files. */
#ifndef LF_DOMAIN_WF_INTERNAL_H
#define LF_DOMAIN_WF_INTERNAL_H

#include "loonflow/workflow.h"

/* Parallel merge node (the first node every branch reaches, breadth-first,
 * over non-reject edges, not through the gateway): node index or -1. Shared
 * by validation (rule 15) and compilation. */
typedef struct wf_adj {
    int n;
    const int *out_start, *out_to, *out_is_reject; /* CSR adjacency */
} wf_adj;
int lf_wf_parallel_merge(const wf_adj *g, int gateway);

/* The design's edges resolved to node indexes (-1 when an end is unknown)
 * and its adjacency in designer order. */
typedef struct wf_links {
    int *src, *dst;  /* per edge */
    int *start, *to, *reject, *edge; /* CSR: out-edges of node i are start[i]..start[i+1] */
    wf_adj adj;
} wf_links;
int lf_wf_links_build(const lf_wf_design *d, wf_links *l);
void lf_wf_links_free(wf_links *l);
int lf_wf_node_index(const lf_wf_design *d, const char *id);

#endif
