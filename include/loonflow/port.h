/* The port contract: everything loonflowd needs from a platform.
 *
 * A platform implements exactly these functions in port/<name>/ (mixing
 * files of several ports is fine: board/lwip-tap takes the network from
 * port/lwip and the rest from port/posix), and nothing above port/ includes
 * an OS header. Errors are the LF_E* codes of core.h. In short it provides:
 *   - time: a UTC wall clock (signature timestamps, JWT expiry, records)
 *     and a monotonic clock (timeouts);
 *   - entropy: a CSPRNG or hardware TRNG (ids, tokens, secrets, salts);
 *   - a log sink;
 *   - TCP sockets plus a readiness poller and a waker (BSD sockets + epoll
 *     in port/posix, lwIP's socket API + lwip_poll in port/lwip);
 *   - threads or RTOS tasks, mutexes and condition variables (the worker
 *     pool that runs slow work such as password hashing off the loop);
 *   - small files and the environment (configuration, first-start
 *     credentials); a platform without them returns LF_ENOTFOUND.
 *
 * Storage is not called through this header but the store backend has its
 * own needs. LMDB (store_lmdb.c) needs a file system with mmap(MAP_SHARED)
 * of a file as large as map_size, fsync/fdatasync, and process-shared
 * robust pthread mutexes in its lock file (or one process alone); that is
 * a Linux gateway. An MCU without an MMU gets another backend of store.h
 * (a key-value store on flash) instead, and this contract stays the same.
 */
#ifndef LOONFLOW_PORT_H
#define LOONFLOW_PORT_H

#include <stddef.h>
#include <stdint.h>

/* ---- time ---- */
/* Wall clock, Unix seconds (UTC). An MCU sets it (RTC, SNTP) before it
 * serves: app signatures more than 120 s (by default) off it are refused. */
int64_t lf_port_time_s(void);
uint64_t lf_port_mono_ms(void); /* monotonic milliseconds, any origin */
uint64_t lf_port_mono_us(void); /* monotonic microseconds, any origin */

/* ---- entropy: cryptographically secure; LF_EIO if none is available ---- */
int lf_port_random(void *buf, size_t n);

/* ---- log sink: one complete line (with '\n') per call, from any thread;
 * lines must not interleave ---- */
void lf_port_log_write(const char *line, size_t n);

/* ---- TCP sockets ----
 * Small non-negative integers on every supported stack (BSD descriptors,
 * lwIP sockets). Sockets handed out are non-blocking; each is used by one
 * thread at a time (lwIP does not allow one socket in two threads). */
typedef int lf_sock;
#define LF_SOCK_NONE (-1)

/* Listens on host:port (host is a numeric IPv4/IPv6 address or "localhost");
 * port 0 picks a free one, reported by lf_port_sock_port. */
int lf_port_listen(const char *host, uint16_t port, int backlog, lf_sock *out);
int lf_port_sock_port(lf_sock s, uint16_t *port);
/* LF_EAGAIN when no connection is pending. peer gets "addr:port". */
int lf_port_accept(lf_sock listener, lf_sock *out, char *peer, size_t peercap);
/* >0 bytes moved, 0 on orderly close (recv only), LF_EAGAIN, or LF_EIO. */
long lf_port_recv(lf_sock s, void *buf, size_t n);
long lf_port_send(lf_sock s, const void *buf, size_t n);
void lf_port_close(lf_sock s);
/* Blocking client connect with a timeout, for outbound calls and tests. */
int lf_port_connect(const char *host, uint16_t port, int timeout_ms, lf_sock *out);

/* ---- readiness poller (epoll on Linux, lwip_poll on lwIP) ----
 * Used by the event loop's thread alone. Level-triggered: a socket stays
 * reported while it is readable/writable. A peer's close or reset reports
 * LF_POLL_IN (the next recv says 0 or LF_EIO). max_socks bounds how many
 * sockets may be added (LF_ELIMIT past it); a wait may also return early
 * with 0, so callers re-check their flags and timers after every wait. */
enum { LF_POLL_IN = 1, LF_POLL_OUT = 2, LF_POLL_ERR = 4 };
typedef struct lf_poller lf_poller;
typedef struct lf_poll_event {
    void *udata;
    unsigned events;
} lf_poll_event;

int lf_poller_create(lf_poller **out, int max_socks);
void lf_poller_destroy(lf_poller *p);
int lf_poller_add(lf_poller *p, lf_sock s, unsigned events, void *udata);
int lf_poller_mod(lf_poller *p, lf_sock s, unsigned events, void *udata);
int lf_poller_del(lf_poller *p, lf_sock s);
/* Waits up to timeout_ms (-1 forever); returns the number of events (0 on
 * timeout or when interrupted by a stop signal) or a negative error. */
int lf_poller_wait(lf_poller *p, lf_poll_event *ev, int max, int timeout_ms);

/* A waker lets another thread end a lf_poller_wait: it is registered with the
 * poller with `udata`, and reported as LF_POLL_IN until drained. Signal is
 * safe from any thread (several at once) and may coalesce: one drain
 * answers any number of signals. (eventfd on Linux, a loopback UDP
 * datagram on lwIP.) */
typedef struct lf_waker lf_waker;
int lf_waker_create(lf_waker **out, lf_poller *p, void *udata);
void lf_waker_signal(lf_waker *w);
void lf_waker_drain(lf_waker *w);
void lf_waker_destroy(lf_waker *w, lf_poller *p);

/* ---- threads (or RTOS tasks) ----
 * lf_cond_wait may wake spuriously; callers loop on their condition, and
 * call lf_cond_signal/broadcast with the mutex held (port/lwip builds its
 * condition variable from a semaphore and relies on that). */
typedef struct lf_thread lf_thread;
typedef struct lf_mutex lf_mutex;
typedef struct lf_cond lf_cond;
int lf_thread_start(lf_thread **out, void (*fn)(void *), void *arg);
void lf_thread_join(lf_thread *t);
int lf_mutex_create(lf_mutex **out);
void lf_mutex_destroy(lf_mutex *m);
void lf_mutex_lock(lf_mutex *m);
void lf_mutex_unlock(lf_mutex *m);
int lf_cond_create(lf_cond **out);
void lf_cond_destroy(lf_cond *c);
void lf_cond_wait(lf_cond *c, lf_mutex *m);
void lf_cond_signal(lf_cond *c);
void lf_cond_broadcast(lf_cond *c);

/* ---- files and environment: paths are '/'-separated. A platform with no
 * file system or environment returns LF_ENOTFOUND (defaults are used). ---- */
int lf_port_mkdirs(const char *path); /* like mkdir -p, mode 0700 */
/* Reads a whole (small) file into a malloc'd NUL-terminated buffer. */
int lf_port_read_file(const char *path, size_t max, char **out, size_t *outlen);
int lf_port_getenv(const char *name, const char **out); /* LF_ENOTFOUND if unset */

/* ---- process: a stop request (SIGTERM/SIGINT on Unix; whatever the board
 * chooses on an RTOS) sets *flag to 1. Where a signal can end lf_poller_wait
 * it does (epoll); elsewhere (lwIP) the loop sees the flag after its next
 * wait, within the loop's one-second wait. Broken pipes never kill the
 * process: send reports LF_EIO instead. */
void lf_port_on_stop(volatile int *flag);

#endif
