/* util.c — see util.h. */
#define _DEFAULT_SOURCE /* mmap, madvise, MAP_ANONYMOUS */
#include "util.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void *xmalloc(size_t n) {
  void *p = calloc(1, n ? n : 1);
  if (!p) die("out of memory (%zu bytes)", n);
  return p;
}

/* IR arenas: blocks of BLOCK bytes from mmap (page-aligned, zeroed),
 * each block's first bytes link to the one before. arenas[0] is never
 * released; arenas[d] belongs to the scope of depth d. */
enum { BLOCK = 1 << 20, HEAD = 16 };
typedef struct Arena {
  char *next, *end;
  char *last;  /* newest block, or NULL */
} Arena;
static Arena base_arena, *arenas = &base_arena;  /* arenas[0 .. depth] */
static int depth, cap = 1;

static void *arena_alloc(Arena *a, size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (n > BLOCK / 8) return xmalloc(n);
  if ((size_t)(a->end - a->next) < n) {
    char *b = mmap(NULL, BLOCK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (b == MAP_FAILED) die("out of memory (%d bytes)", BLOCK);
    memcpy(b, &a->last, sizeof a->last);
    a->last = b;
    a->next = b + HEAD;
    a->end = b + BLOCK;
  }
  void *p = a->next;
  a->next += n;
  return p;
}

void *xnode(size_t n) { return arena_alloc(&arenas[depth], n); }

void *xnode_keep(size_t n) { return arena_alloc(&arenas[0], n); }

int xnode_scope_begin(void) {
  if (depth + 1 >= cap) {  /* (a dry run per callee: as deep as the call chain) */
    Arena *grown = xmalloc(sizeof(Arena) * (size_t)cap * 2);
    memcpy(grown, arenas, sizeof(Arena) * (size_t)cap);
    arenas = grown;
    cap *= 2;
  }
  arenas[++depth] = (Arena){0};
  return depth;
}

void xnode_scope_end(int d) {
  if (d != depth || d == 0) die_internal("node scope %d ended at depth %d", d, depth);
  static int check = -1;
  if (check < 0) check = getenv("CCAD_ARENA_CHECK") && strcmp(getenv("CCAD_ARENA_CHECK"), "1") == 0;
  for (char *b = arenas[depth].last, *prev; b; b = prev) {
    memcpy(&prev, b, sizeof prev);
    if (check) mprotect(b, BLOCK, PROT_NONE);
    else madvise(b, BLOCK, MADV_DONTNEED);  /* the pages go, the addresses stay */
  }
  arenas[depth--] = (Arena){0};
}

void xnode_scope_keep(int d) {
  if (d != depth || d == 0) die_internal("node scope %d kept at depth %d", d, depth);
  Arena *in = &arenas[depth], *out = &arenas[depth - 1];
  char *oldest = in->last;
  for (char *prev; oldest; oldest = prev) {
    memcpy(&prev, oldest, sizeof prev);
    if (!prev) break;
  }
  if (oldest) {  /* the chain: the scope's blocks, then the enclosing one's */
    memcpy(oldest, &out->last, sizeof out->last);
    out->last = in->last;
    if (!out->next) {  /* (it had no block yet: go on in the scope's newest) */
      out->next = in->next;
      out->end = in->end;
    }
  }
  arenas[depth--] = (Arena){0};
}

void *xrealloc(void *p, size_t n) {
  p = realloc(p, n ? n : 1);
  if (!p) die("out of memory (%zu bytes)", n);
  return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }

char *xstrndup(const char *s, size_t n) {
  char *p = xmalloc(n + 1);
  memcpy(p, s, n);
  return p;
}

char *xvfmt(const char *fmt, va_list ap) {
  char small[256];  /* most texts fit: formatted once, copied */
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap2);
  va_end(ap2);
  char *p = xmalloc((size_t)n + 1);
  if ((size_t)n < sizeof small) memcpy(p, small, (size_t)n + 1);
  else vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *xfmt(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *p = xvfmt(fmt, ap);
  va_end(ap);
  return p;
}

void die(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "cc-ad: fatal: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  exit(1);
}

void die_internal(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "cc-ad: internal error: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\ncc-ad: this is a bug in cc-ad; please report it with the input file and the command line\n");
  va_end(ap);
  exit(3);
}

void vec_push(PtrVec *v, void *p) {
  if (v->len == v->cap) {
    v->cap = v->cap ? 2 * v->cap : 8;
    v->data = xrealloc(v->data, sizeof(void *) * (size_t)v->cap);
  }
  v->data[v->len++] = p;
}

void *vec_pop(PtrVec *v) { return v->len ? v->data[--v->len] : NULL; }

void sb_putc(StrBuf *b, char c) {
  if (b->len + 2 > b->cap) {
    b->cap = b->cap ? 2 * b->cap : 256;
    b->s = xrealloc(b->s, b->cap);
  }
  b->s[b->len++] = c;
  b->s[b->len] = 0;
}

void sb_puts(StrBuf *b, const char *s) {
  size_t n = strlen(s);
  if (b->len + n + 1 > b->cap) {
    while (b->len + n + 1 > b->cap) b->cap = b->cap ? 2 * b->cap : 256;
    b->s = xrealloc(b->s, b->cap);
  }
  memcpy(b->s + b->len, s, n + 1);
  b->len += n;
}

/* Formatted straight into b's free space (grown and formatted again when short). */
void sb_printf(StrBuf *b, const char *fmt, ...) {
  for (;;) {
    size_t room = b->cap > b->len ? b->cap - b->len : 0;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(room ? b->s + b->len : NULL, room, fmt, ap);
    va_end(ap);
    if ((size_t)n < room) {
      b->len += (size_t)n;
      return;
    }
    if (room) b->s[b->len] = 0;  /* (as it was: b unchanged) */
    while (b->len + (size_t)n + 1 > b->cap) b->cap = b->cap ? 2 * b->cap : 256;
    b->s = xrealloc(b->s, b->cap);
    if (!room) b->s[b->len] = 0;
  }
}

char *sb_take(StrBuf *b) {
  /* exact size: many short strings are kept (the emitter's, names) */
  char *s = b->s ? xrealloc(b->s, b->len + 1) : xstrdup("");
  b->s = NULL;
  b->len = b->cap = 0;
  return s;
}

static uint64_t hash_str(const char *s) {
  uint64_t h = 1469598103934665603ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return h;
}

static uint64_t hash_ptr(const void *p) {
  uint64_t h = (uint64_t)(uintptr_t)p;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

static bool own_has(const NameSet *s, const char *k) {
  if (!s->cap) return false;
  for (uint64_t i = hash_str(k);; i++) {
    const char *e = s->keys[i & (uint64_t)(s->cap - 1)];
    if (!e) return false;
    if (!strcmp(e, k)) return true;
  }
}

bool nameset_has(const NameSet *s, const char *k) { return own_has(s, k) || (s->also && nameset_has(s->also, k)); }

void nameset_add(NameSet *s, const char *k) {
  if (own_has(s, k)) return;
  if (2 * (s->len + 1) > s->cap) {
    NameSet n = {xmalloc(sizeof(char *) * (size_t)(s->cap ? 2 * s->cap : 64)),
                 s->cap ? 2 * s->cap : 64, 0, NULL};
    for (int i = 0; i < s->cap; i++)
      if (s->keys[i]) nameset_add(&n, s->keys[i]);
    free(s->keys);
    n.also = s->also;
    *s = n;
  }
  for (uint64_t i = hash_str(k);; i++) {
    const char **e = &s->keys[i & (uint64_t)(s->cap - 1)];
    if (!*e) {
      *e = k;
      s->len++;
      return;
    }
  }
}

void nameset_inherit(NameSet *dst, const NameSet *src) {
  for (int i = 0; i < src->cap; i++)
    if (src->keys && src->keys[i]) nameset_add(dst, src->keys[i]);
  if (!dst->also) dst->also = src->also;
}

void *ptrmap_get(const PtrMap *m, const void *k) {
  if (!m->cap) return NULL;
  for (uint64_t i = hash_ptr(k);; i++) {
    uint64_t j = i & (uint64_t)(m->cap - 1);
    if (!m->keys[j]) return NULL;
    if (m->keys[j] == k) return m->vals[j];
  }
}

PtrMap ptrmap_copy(const PtrMap *m) {
  PtrMap c = {0};
  if (!m->cap) return c;
  c.keys = xmalloc(sizeof(void *) * (size_t)m->cap);
  c.vals = xmalloc(sizeof(void *) * (size_t)m->cap);
  memcpy(c.keys, m->keys, sizeof(void *) * (size_t)m->cap);
  memcpy(c.vals, m->vals, sizeof(void *) * (size_t)m->cap);
  c.cap = m->cap;
  c.len = m->len;
  return c;
}

void ptrmap_put(PtrMap *m, const void *k, void *v) {
  if (2 * (m->len + 1) > m->cap) {
    int ncap = m->cap ? 2 * m->cap : 64;
    PtrMap n = {xmalloc(sizeof(void *) * (size_t)ncap), xmalloc(sizeof(void *) * (size_t)ncap), ncap, 0};
    for (int i = 0; i < m->cap; i++)
      if (m->keys[i]) ptrmap_put(&n, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    *m = n;
  }
  for (uint64_t i = hash_ptr(k);; i++) {
    uint64_t j = i & (uint64_t)(m->cap - 1);
    if (!m->keys[j]) {
      m->keys[j] = k;
      m->vals[j] = v;
      m->len++;
      return;
    }
    if (m->keys[j] == k) {
      m->vals[j] = v;
      return;
    }
  }
}

void *strmap_get(const StrMap *m, const char *k) {
  if (!m->cap) return NULL;
  for (uint64_t i = hash_str(k);; i++) {
    uint64_t j = i & (uint64_t)(m->cap - 1);
    if (!m->keys[j]) return NULL;
    if (!strcmp(m->keys[j], k)) return m->vals[j];
  }
}

void strmap_put(StrMap *m, const char *k, void *v) {
  if (2 * (m->len + 1) > m->cap) {
    int ncap = m->cap ? 2 * m->cap : 64;
    StrMap n = {xmalloc(sizeof(char *) * (size_t)ncap), xmalloc(sizeof(void *) * (size_t)ncap), ncap, 0};
    for (int i = 0; i < m->cap; i++)
      if (m->keys[i]) strmap_put(&n, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    *m = n;
  }
  for (uint64_t i = hash_str(k);; i++) {
    uint64_t j = i & (uint64_t)(m->cap - 1);
    if (!m->keys[j]) {
      m->keys[j] = k;
      m->vals[j] = v;
      m->len++;
      return;
    }
    if (!strcmp(m->keys[j], k)) {
      m->vals[j] = v;
      return;
    }
  }
}

char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  StrBuf b = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0)
    for (size_t i = 0; i < n; i++) sb_putc(&b, buf[i]);
  fclose(f);
  if (len) *len = b.len;
  return sb_take(&b);
}

bool str_eq(const char *a, const char *b) { return a && b && !strcmp(a, b); }
bool str_starts(const char *s, const char *p) { return !strncmp(s, p, strlen(p)); }
