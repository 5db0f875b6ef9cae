#!/bin/sh
# Nothing above port/ may include an OS header: src/ may use the C11
# standard headers, jsmn and mbedTLS; LMDB's header only in its backend.
# Prints each offending include and fails if there is one.
std='assert|complex|ctype|errno|fenv|float|inttypes|iso646|limits|locale|math|setjmp|signal|stdalign|stdarg|stdatomic|stdbool|stddef|stdint|stdio|stdlib|stdnoreturn|string|tgmath|threads|time|uchar|wchar|wctype'
bad=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*<' src |
      grep -vE "<($std)\.h>|<jsmn\.h>|<mbedtls/[a-z0-9_]+\.h>" |
      grep -vE '^src/store/store_lmdb\.h:[0-9]+:#include <lmdb\.h>')
if [ -n "$bad" ]; then
    echo "OS headers above port/ (move that code into port/):"
    echo "$bad"
    exit 1
fi
echo "headers: src/ includes no OS header"
