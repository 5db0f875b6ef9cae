/* How search_value matches a text field: a case-insensitive (ASCII)
 * substring, what an operator typing into a search box expects. */
#include "internal.h"

#include <string.h>

static int ascii_lower(int ch)
{
    return ch >= 'A' && ch <= 'Z' ? ch + 32 : ch;
}

int lf_icontains(const char *hay, lf_str needle)
{
    size_t hn = strlen(hay);
    if (needle.n == 0)
        return 1;
    for (size_t i = 0; i + needle.n <= hn; i++) {
        size_t k = 0;
        while (k < needle.n && ascii_lower((unsigned char)hay[i + k]) ==
                                   ascii_lower((unsigned char)needle.p[k]))
            k++;
        if (k == needle.n)
            return 1;
    }
    return 0;
}
