/* redo.c — the redo log: values the backward sweep overwrites in the
 * caller's memory, written back afterwards (see ccad.h). Per thread. */
#include <stdint.h>
#include <stdlib.h>
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

/* An entry whose n has this bit is a tombstone: the memory [addr, addr +
 * (n without the bit)) was freed, no bytes follow; the entries logged
 * before it (older) into that memory are not written back. */
#define TOMB ((size_t)1 << (sizeof(size_t) * 8 - 1))

static void add(void *addr, const void *bytes, size_t n, size_t tag) {
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
  if (n) memcpy(buf + len, bytes, n);
  Entry e = {addr, n | tag};
  memcpy(buf + len + n, &e, sizeof e);
  len += n + sizeof e;
}

void ccad_redo_push(void *addr, size_t n) { add(addr, addr, n, 0); }

void ccad_redo_free(void *p, size_t n) {
  if (p && len) add(p, NULL, 0, TOMB | n);
  free(p);
}

/* Is [a, a + n) inside a block a tombstone of 'dead' (k of them) covers? */
static int dead_at(const Entry *dead, size_t k, const unsigned char *a, size_t n) {
  for (size_t i = 0; i < k; i++) {
    const unsigned char *lo = dead[i].addr;
    if (a < lo + (dead[i].n & ~TOMB) && lo < a + n) return 1;
  }
  return 0;
}

void ccad_redo_apply(void) {
  /* newest entry first: the backward sweep logged the last write's value
   * first, so the oldest entry (the final value) is applied last; memory
   * freed since (a tombstone, newer) is left alone */
  Entry *dead = NULL;
  size_t ndead = 0, capdead = 0;
  while (len) {
    Entry e;
    memcpy(&e, buf + len - sizeof e, sizeof e);
    if (e.n & TOMB) {
      len -= sizeof e;
      if (ndead == capdead) {
        capdead = capdead ? 2 * capdead : 8;
        Entry *nd = ccad_malloc(capdead * sizeof *nd);
        if (ndead) memcpy(nd, dead, ndead * sizeof *nd);
        ccad_free(dead);
        dead = nd;
      }
      dead[ndead++] = e;
      continue;
    }
    len -= sizeof e + e.n;
    if (!ndead || !dead_at(dead, ndead, e.addr, e.n)) memcpy(e.addr, buf + len, e.n);
  }
  ccad_free(dead);
}
