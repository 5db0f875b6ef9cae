/* Helpers shared by the field modules (validation, options, templates). */
#ifndef LF_DOMAIN_FIELD_INTERNAL_H
#define LF_DOMAIN_FIELD_INTERNAL_H

#include "loonflow/json.h"

/* Characters in s, or -1 when s is not well-formed UTF-8 (RFC 3629). */
long lf_field_utf8_count(lf_str s);
/* Byte length of the first max_chars characters of s. */
size_t lf_field_utf8_prefix(lf_str s, size_t max_chars);

/* Comma-list iteration: each call yields the next item with spaces trimmed
 * (possibly empty); 0 when the list is used up. */
int lf_field_list_next(lf_str *rest, lf_str *item);

/* The option object in props.options_with_keys whose "key" is key, or -1. */
int lf_field_option_find(const lf_json *pj, int props, lf_str key);

#endif
