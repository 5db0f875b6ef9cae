/* POSIX port: clocks, entropy, the log sink, environment and files. */
#include "loonflow/core.h"
#include "loonflow/port.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int64_t lf_port_time_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec;
}

uint64_t lf_port_mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

uint64_t lf_port_mono_ms(void)
{
    return lf_port_mono_us() / 1000u;
}

int lf_port_random(void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n) {
        ssize_t r = getrandom(p, n, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            return LF_EIO;
        }
        p += r;
        n -= (size_t)r;
    }
    return LF_OK;
}

void lf_port_log_write(const char *line, size_t n)
{
    /* One write per line so lines from threads never interleave. */
    while (n) {
        ssize_t w = write(STDERR_FILENO, line, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        line += w;
        n -= (size_t)w;
    }
}

int lf_port_getenv(const char *name, const char **out)
{
    const char *v = getenv(name);
    if (!v)
        return LF_ENOTFOUND;
    *out = v;
    return LF_OK;
}

int lf_port_mkdirs(const char *path)
{
    char tmp[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof tmp)
        return LF_EINVAL;
    memcpy(tmp, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (tmp[i] != '/' && tmp[i] != 0)
            continue;
        char c = tmp[i];
        tmp[i] = 0;
        if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
            return LF_EIO;
        tmp[i] = c;
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return LF_EIO;
    return LF_OK;
}

int lf_port_read_file(const char *path, size_t max, char **out, size_t *outlen)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? LF_ENOTFOUND : LF_EIO;
    size_t cap = 4096, n = 0;
    char *p = malloc(cap);
    int rc = p ? LF_OK : LF_ENOMEM;
    while (rc == LF_OK) {
        if (n + 1 >= cap) {
            if (cap > max) {
                rc = LF_ELIMIT;
                break;
            }
            char *q = realloc(p, cap * 2);
            if (!q) {
                rc = LF_ENOMEM;
                break;
            }
            p = q;
            cap *= 2;
        }
        ssize_t r = read(fd, p + n, cap - n - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            rc = LF_EIO;
        else if (r == 0)
            break;
        else
            n += (size_t)r;
    }
    close(fd);
    if (rc == LF_OK && n > max)
        rc = LF_ELIMIT;
    if (rc != LF_OK) {
        free(p);
        return rc;
    }
    p[n] = 0;
    *out = p;
    *outlen = n;
    return LF_OK;
}
