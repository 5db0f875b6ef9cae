/* The merge node of a parallel gateway, computed as the designer checks it
 * and as upstream's get_parallel_merge_node meant it: a breadth-first walk
 * from each branch; of the nodes every branch reaches, the one with the
 * smallest (largest distance, sum of distances), then the first in designer
 * order. Reject edges are not followed: they leave the parallel region
 * (DECISIONS 3), and following them would make the start node the "merge". */
#include "wf_internal.h"

#include <stdlib.h>
#include <string.h>

static void bfs(const wf_adj *g, int from, int gateway, int *dist, int *queue)
{
    for (int i = 0; i < g->n; i++)
        dist[i] = -1;
    int head = 0, tail = 0;
    dist[from] = 0;
    queue[tail++] = from;
    while (head < tail) {
        int u = queue[head++];
        for (int k = g->out_start[u]; k < g->out_start[u + 1]; k++) {
            int v = g->out_to[k];
            if (g->out_is_reject[k] || v == gateway || v < 0 || dist[v] >= 0)
                continue;
            dist[v] = dist[u] + 1;
            queue[tail++] = v;
        }
    }
}

int lf_wf_parallel_merge(const wf_adj *g, int gateway)
{
    int nb = 0, best = -1;
    int deg = g->out_start[gateway + 1] - g->out_start[gateway];
    int *branch = malloc(sizeof(int) * (size_t)(deg + 1));
    int *dist = malloc(sizeof(int) * (size_t)g->n * (size_t)(deg + 1));
    int *queue = malloc(sizeof(int) * (size_t)(g->n + 1));
    if (!branch || !dist || !queue)
        goto out;
    for (int k = g->out_start[gateway]; k < g->out_start[gateway + 1]; k++) {
        int t = g->out_to[k], dup = 0;
        if (g->out_is_reject[k] || t < 0 || t == gateway)
            continue;
        for (int b = 0; b < nb; b++)
            dup |= branch[b] == t;
        if (!dup)
            branch[nb++] = t;
    }
    if (nb < 2)
        goto out;
    for (int b = 0; b < nb; b++)
        bfs(g, branch[b], gateway, dist + (size_t)b * (size_t)g->n, queue);
    long best_max = 0, best_sum = 0;
    for (int v = 0; v < g->n; v++) {
        long mx = 0, sum = 0;
        int all = 1;
        for (int b = 0; b < nb && all; b++) {
            int d = dist[(size_t)b * (size_t)g->n + (size_t)v];
            all = d >= 0;
            mx = d > mx ? d : mx;
            sum += d;
        }
        if (all && (best < 0 || mx < best_max || (mx == best_max && sum < best_sum))) {
            best = v;
            best_max = mx;
            best_sum = sum;
        }
    }
out:
    free(branch);
    free(dist);
    free(queue);
    return best;
}

int lf_wf_node_index(const lf_wf_design *d, const char *id)
{
    for (int i = 0; i < d->nnodes; i++)
        if (strcmp(d->nodes[i].id, id) == 0)
            return i;
    return -1;
}

int lf_wf_links_build(const lf_wf_design *d, wf_links *l)
{
    size_t ne = (size_t)d->nedges + 1, nn = (size_t)d->nnodes + 2;
    memset(l, 0, sizeof *l);
    l->src = malloc(sizeof(int) * ne);
    l->dst = malloc(sizeof(int) * ne);
    l->to = malloc(sizeof(int) * ne);
    l->reject = malloc(sizeof(int) * ne);
    l->edge = malloc(sizeof(int) * ne);
    l->start = calloc(nn, sizeof(int));
    if (!l->src || !l->dst || !l->to || !l->reject || !l->edge || !l->start) {
        lf_wf_links_free(l);
        return LF_ENOMEM;
    }
    for (int e = 0; e < d->nedges; e++) {
        l->src[e] = lf_wf_node_index(d, d->edges[e].source);
        l->dst[e] = lf_wf_node_index(d, d->edges[e].target);
        if (l->src[e] >= 0)
            l->start[l->src[e] + 1]++;
    }
    for (int i = 0; i < d->nnodes; i++)
        l->start[i + 1] += l->start[i];
    int *fill = calloc(nn, sizeof(int));
    if (!fill) {
        lf_wf_links_free(l);
        return LF_ENOMEM;
    }
    for (int e = 0; e < d->nedges; e++) {
        int s = l->src[e];
        if (s < 0)
            continue;
        int at = l->start[s] + fill[s]++;
        l->to[at] = l->dst[e];
        l->reject[at] = strcmp(d->edges[e].type, "reject") == 0;
        l->edge[at] = e;
    }
    free(fill);
    l->adj = (wf_adj){d->nnodes, l->start, l->to, l->reject};
    return LF_OK;
}

void lf_wf_links_free(wf_links *l)
{
    free(l->src);
    free(l->dst);
    free(l->to);
    free(l->reject);
    free(l->edge);
    free(l->start);
    memset(l, 0, sizeof *l);
}
