/* omp_parts.c — each thread's copy of an adjoint array that the backward
 * sweep of an OpenMP loop accumulates into (see ccad.h), on the heap: an
 * OpenMP array-section reduction puts such copies on the threads' stacks,
 * which gcc's libgomp overflows past a few MB (llm.c's layers at T = 1024).
 *
 * A list of every copy not yet added, under a spin lock (the runtime is
 * built without OpenMP); each thread finds its own through a small cache
 * that any add makes stale (a generation count). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "rt_int.h"

typedef struct Part {
  struct Part *next;
  const void *shared;  /* the array it is a copy of */
  const void *owner;   /* the thread's cache: who made it */
  void *mem;
  size_t bytes;        /* its size (one array may be copied for two sizes: x_bar and y_bar, one memory) */
} Part;

static atomic_flag lock = ATOMIC_FLAG_INIT;
static Part *parts;
static atomic_long generation;

/* Copies added and kept for the next loop (a gradient called in a loop
 * would otherwise map, fault in and unmap megabytes per call), until
 * ccad_tape_release. */
enum { SPARE = 16 };
static struct {
  void *mem;
  size_t bytes;
} spare[SPARE];

enum { SLOTS = 4 };
static CCAD__TLS struct {
  const void *shared;
  long gen;
  void *mem;
  size_t bytes;
} cache[SLOTS];
static CCAD__TLS int next_slot;

/* ThreadSanitizer's hooks, present when the program is built with it: this
 * file is not instrumented, so TSan would not see the lock order a copy
 * handed from one thread (added, kept) to another (reused) follows. */
#if defined(__GNUC__) && !defined(_WIN32)
extern void __tsan_acquire(void *addr) __attribute__((weak));
extern void __tsan_release(void *addr) __attribute__((weak));
#define TSAN_ACQUIRE() (__tsan_acquire ? __tsan_acquire(&lock) : (void)0)
#define TSAN_RELEASE() (__tsan_release ? __tsan_release(&lock) : (void)0)
#else
#define TSAN_ACQUIRE() ((void)0)
#define TSAN_RELEASE() ((void)0)
#endif

static void take(void) {
  while (atomic_flag_test_and_set_explicit(&lock, memory_order_acquire)) {
  }
  TSAN_ACQUIRE();
}

static void give(void) {
  TSAN_RELEASE();
  atomic_flag_clear_explicit(&lock, memory_order_release);
}

static void *part(const void *shared, size_t bytes) {
  long gen = atomic_load(&generation);
  for (int i = 0; i < SLOTS; i++)
    if (cache[i].shared == shared && cache[i].gen == gen && cache[i].bytes >= bytes) return cache[i].mem;
  void *mem = NULL;
  size_t have = bytes;
  take();
  for (Part *p = parts; p && !mem; p = p->next)
    if (p->shared == shared && p->owner == (const void *)cache && p->bytes >= bytes) mem = p->mem, have = p->bytes;
  give();
  if (!mem) {
    Part *p = malloc(sizeof *p);
    take();
    for (int i = 0; i < SPARE && !mem; i++)
      if (spare[i].mem && spare[i].bytes >= bytes) {
        mem = spare[i].mem;
        spare[i].mem = NULL;
      }
    give();
    if (mem)
      memset(mem, 0, bytes);
    else
      mem = calloc(bytes ? bytes : 1, 1);
    if (!p || !mem) {
      free(p);
      free(mem);
      ccad__error(CCAD_ENOMEM, "out of memory: a thread's copy of an adjoint array (%zu bytes)", bytes);
      abort();
    }
    *p = (Part){NULL, shared, cache, mem, bytes};
    take();
    p->next = parts;
    parts = p;
    give();
  }
  int s = next_slot++ % SLOTS;
  cache[s].shared = shared;
  cache[s].gen = gen;
  cache[s].mem = mem;
  cache[s].bytes = have;
  return mem;
}

/* A copy added: kept for reuse, in an empty slot or in place of the
 * smallest kept one if that is smaller. */
static void keep(void *mem, size_t bytes) {
  int at = 0;
  take();
  for (int i = 0; i < SPARE; i++)
    if (!spare[i].mem || (spare[at].mem && spare[i].bytes < spare[at].bytes)) at = i;
  void *drop = mem;
  if (!spare[at].mem || spare[at].bytes < bytes) {
    drop = spare[at].mem;
    spare[at].mem = mem;
    spare[at].bytes = bytes;
  }
  give();
  free(drop);
}

void ccad__omp_parts_release(void) {
  take();
  for (int i = 0; i < SPARE; i++) {
    free(spare[i].mem);
    spare[i].mem = NULL;
  }
  give();
}

/* The copies of shared, taken off the list (the caches go stale). */
static Part *take_parts(const void *shared) {
  Part *mine = NULL, **at = &parts;
  take();
  while (*at) {
    Part *p = *at;
    if (p->shared == shared) {
      *at = p->next;
      p->next = mine;
      mine = p;
    } else {
      at = &p->next;
    }
  }
  atomic_fetch_add(&generation, 1);
  give();
  return mine;
}

double *ccad_omp_part_d(double *shared, size_t n) { return part(shared, n * sizeof(double)); }
float *ccad_omp_part_f(float *shared, size_t n) { return part(shared, n * sizeof(float)); }

/* Every copy of shared added into it, then kept for reuse; each copy has
 * the size it was made for, n or that of another array at the same
 * address privatised in the same loop. */
#define PARTS_ADD(T, suffix)                                  \
  void ccad_omp_parts_add_##suffix(T *shared, size_t n) {     \
    (void)n;                                                  \
    for (Part *p = take_parts(shared), *next; p; p = next) {  \
      const T *v = p->mem;                                    \
      size_t m = p->bytes / sizeof(T); /* (n, or another array's size at the same address) */ \
      for (size_t k = 0; k < m; k++) shared[k] += v[k];       \
      next = p->next;                                         \
      keep(p->mem, p->bytes);                                 \
      free(p);                                                \
    }                                                         \
  }
PARTS_ADD(double, d)
PARTS_ADD(float, f)
