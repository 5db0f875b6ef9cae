/* Private to the workflow domain files. */
#ifndef LF_DOMAIN_WF_INTERNAL_H
#define LF_DOMAIN_WF_INTERNAL_H

#include "loonflow/workflow.h"

/* The design's edges resolved to node indexes (-1 when an end is unknown)
 * and its adjacency in designer order. */
typedef struct wf_links {
    int *src, *dst;  /* per edge */
    int *start, *to, *reject, *edge; /* CSR: out-edges of node i are start[i]..start[i+1] */
    lf_wf_adj adj;
} wf_links;
int wf_links_build(const lf_wf_design *d, wf_links *l);
void wf_links_free(wf_links *l);
int wf_node_index(const lf_wf_design *d, const char *id);

#endif
