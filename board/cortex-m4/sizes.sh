#!/bin/sh
# Prints the code (text, with read-only data), initialised data and bss of
# each module's objects, the total, then the port modules after "--".
# Usage: sizes.sh SIZE_TOOL OBJ_ROOT DIR... [-- PORT_DIR...]
size=$1
root=$2
shift 2
row() { # DIR: one line for the objects in OBJ_ROOT/DIR
    label=${1#src/}
    set -- "$root/$1"/*.o
    "$size" -t "$@" | awk -v m="$label" -v n=$# \
        '/TOTALS/ { printf "%-10s %8d %8d %8d %8d %6d\n", m, $1, $2, $3, $4, n }'
}
printf '%-10s %8s %8s %8s %8s %6s\n' module text data bss total files
rows=$(while [ $# -gt 0 ] && [ "$1" != "--" ]; do row "$1"; shift; done)
echo "$rows"
echo "$rows" | awk '{ t += $2; d += $3; b += $4; a += $5; f += $6 }
    END { printf "%-10s %8d %8d %8d %8d %6d\n", "total", t, d, b, a, f }'
while [ $# -gt 0 ] && [ "$1" != "--" ]; do shift; done
[ "$1" = "--" ] && shift
for d in "$@"; do row "$d"; done
echo "(bytes; unlinked -Os -mcpu=cortex-m4 -mthumb objects, so before --gc-sections)"
