#include "loonflow/core.h"

static const char HEX[] = "0123456789abcdef";
static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
static const char B64URL[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

void lf_hex_encode(const void *in, size_t n, char *out)
{
    const uint8_t *p = in;
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = HEX[p[i] >> 4];
        out[2 * i + 1] = HEX[p[i] & 15];
    }
    out[2 * n] = 0;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int lf_hex_decode(lf_str hex, void *out, size_t outcap, size_t *outlen)
{
    if (hex.n % 2 || hex.n / 2 > outcap)
        return LF_EINVAL;
    uint8_t *o = out;
    for (size_t i = 0; i < hex.n; i += 2) {
        int hi = hexval(hex.p[i]), lo = hexval(hex.p[i + 1]);
        if (hi < 0 || lo < 0)
            return LF_EINVAL;
        o[i / 2] = (uint8_t)(hi << 4 | lo);
    }
    *outlen = hex.n / 2;
    return LF_OK;
}

size_t lf_b64_encoded_len(size_t n, int url)
{
    return url ? (n * 4 + 2) / 3 : (n + 2) / 3 * 4;
}

size_t lf_b64_encode(const void *in, size_t n, char *out, int url)
{
    const uint8_t *p = in;
    const char *al = url ? B64URL : B64;
    size_t o = 0, i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        out[o++] = al[v >> 18];
        out[o++] = al[(v >> 12) & 63];
        out[o++] = al[(v >> 6) & 63];
        out[o++] = al[v & 63];
    }
    if (i < n) {
        uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0);
        out[o++] = al[v >> 18];
        out[o++] = al[(v >> 12) & 63];
        if (i + 1 < n)
            out[o++] = al[(v >> 6) & 63];
        else if (!url)
            out[o++] = '=';
        if (!url)
            out[o++] = '=';
    }
    out[o] = 0;
    return o;
}

static int b64val(char c, int url)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == (url ? '-' : '+'))
        return 62;
    if (c == (url ? '_' : '/'))
        return 63;
    return -1;
}

int lf_b64_decode(lf_str in, void *out, size_t outcap, size_t *outlen, int url)
{
    size_t n = in.n;
    if (!url) {
        if (n % 4)
            return LF_EINVAL;
        while (n && in.p[n - 1] == '=' && in.n - n < 2)
            n--;
    } else if (n % 4 == 1) {
        return LF_EINVAL;
    }
    uint8_t *o = out;
    size_t olen = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64val(in.p[i], url);
        if (v < 0)
            return LF_EINVAL;
        acc = acc << 6 | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            if (olen >= outcap)
                return LF_ELIMIT;
            o[olen++] = (uint8_t)(acc >> bits);
        }
    }
    *outlen = olen;
    return LF_OK;
}
