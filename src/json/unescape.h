/* Shared inside the json module: string comparison against a slice. */
#ifndef LF_JSON_UNESCAPE_H
#define LF_JSON_UNESCAPE_H

#include "loonflow/json.h"

/* Like lf_json_str_eqz for a key that is not NUL-terminated (path segments). */
int lf_json_str_eqn(const lf_json *j, int v, const char *z, size_t zn);

#endif
