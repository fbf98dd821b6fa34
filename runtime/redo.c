/* redo.c — the redo log: values the backward sweep overwrites in the
 * caller's memory, written back afterwards (see ccad.h). Per thread. */
#include <stdint.h>
#include <string.h>

#include "ccad.h"
#include "rt_int.h"

typedef struct Entry {
  void *addr;
  size_t n;
} Entry;

/* Entries and their bytes share one growable buffer per thread. */
static _Thread_local unsigned char *buf;
static _Thread_local size_t len, cap;

void ccad_redo_push(void *addr, size_t n) {
  size_t need = len + sizeof(Entry) + n;
  if (need > cap) {
    size_t ncap = cap ? cap : 4096;
    while (ncap < need) ncap *= 2;
    unsigned char *nb = ccad_malloc(ncap);
    if (len) memcpy(nb, buf, len);
    ccad_free(buf);
    buf = nb;
    cap = ncap;
  }
  /* bytes first, entry header last, so the log reads backwards */
  memcpy(buf + len, addr, n);
  Entry e = {addr, n};
  memcpy(buf + len + n, &e, sizeof e);
  len += n + sizeof e;
}

void ccad_redo_apply(void) {
  /* newest entry first: the backward sweep logged the last write's value
   * first, so the oldest entry (the final value) is applied last */
  while (len) {
    Entry e;
    memcpy(&e, buf + len - sizeof e, sizeof e);
    len -= sizeof e + e.n;
    memcpy(e.addr, buf + len, e.n);
  }
}
