#!/bin/sh
# Prints the code (text), initialised data and bss of each module's objects
# and the total. Usage: sizes.sh SIZE_TOOL OBJ_ROOT MODULE...
size=$1
root=$2
shift 2
printf '%-8s %8s %8s %8s %8s %6s\n' module text data bss total files
for m in "$@"; do
    set -- "$root/$m"/*.o
    "$size" -t "$@" | awk -v m="$m" -v n=$# '/TOTALS/ { printf "%-8s %8d %8d %8d %8d %6d\n", m, $1, $2, $3, $4, n }'
done | tee "$root/../sizes.txt"
awk '{ t += $2; d += $3; b += $4; a += $5; f += $6 }
     END { printf "%-8s %8d %8d %8d %8d %6d\n", "total", t, d, b, a, f }' "$root/../sizes.txt"
echo "(bytes; unlinked -Os -mcpu=cortex-m4 -mthumb objects, so before --gc-sections)"
