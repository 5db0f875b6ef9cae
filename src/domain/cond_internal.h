/* Shared by the condition modules: operators, comparison kinds, compare. */
#ifndef LF_DOMAIN_COND_INTERNAL_H
#define LF_DOMAIN_COND_INTERNAL_H

#include "loonflow/cond.h"

enum { LF_OP_EQ, LF_OP_NE, LF_OP_LT, LF_OP_LE, LF_OP_GT, LF_OP_GE, LF_OP_CONTAINS, LF_OP_NCONTAINS };
enum { LF_CK_STR, LF_CK_NUM, LF_CK_DATE, LF_CK_TIME, LF_CK_DATETIME, LF_CK_SET };

/* Operator spelling -> LF_OP_*, or -1. */
int lf_cond_op(lf_str op);
/* The comparison kind of a field: its component type when known, else the
 * condition's field_type. */
int lf_cond_kind(lf_str component_type, lf_str field_type);
/* 1 when `lhs op rhs` holds under kind, else 0 (also when a side does not
 * convert). */
int lf_cond_cmp(int kind, int op, lf_str lhs, lf_str rhs, int utc_offset_min);

#endif
