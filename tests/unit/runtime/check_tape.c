/*
** check_tape.c: unit tests for the per-thread tapes (runtime/tape.c):
** LIFO order across many chunk boundaries for every kind, interleaved
** kinds, byte blocks, statistics, release, chunk reuse at a boundary,
** per-thread independence, underflow and out-of-memory through the handler;
** frames (ccad_frame_push/pop).
*/
#define _POSIX_C_SOURCE 200809L
#include <check.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "rt_int.h"  /* white box: chunk sizes, ccad__tls_* layout */

#define MILLIONS 3000000L

/* A handler that records and returns, so the runtime's fallback is tested. */
static int nerrors;
static int last_code;
static char last_message[256];

static void record(int code, const char *message)
{
  nerrors++;
  last_code = code;
  snprintf(last_message, sizeof last_message, "%s", message);
}

static void setup(void)
{
  nerrors = 0;
  last_code = CCAD_OK;
  last_message[0] = '\0';
  ccad_set_error_handler(record);
}

static void teardown(void)
{
  ccad_tape_release();
  ccad_set_error_handler(NULL);
}

/* Values that differ at every index and are exact in every kind. */
static double dval(long i) { return (double)i * 0.5 - 7.0; }
static float fval(long i) { return (float)(i % 100000) * 0.25f; }
static long ival(long i) { return (long)((unsigned long)i * 2654435761UL % 1000003UL) - 500000L; }
static void *pval(long i) { return (void *)(uintptr_t)(i * 16 + 8); }

START_TEST(lifo_double)
{
  for (int round = 0; round < 2; round++) {  /* second round reuses cached chunks */
    for (long i = 0; i < MILLIONS; i++)
      ccad_push_d(dval(i));
    ck_assert_uint_eq(ccad_tape_bytes(), MILLIONS * sizeof(double));
    for (long i = MILLIONS - 1; i >= 0; i--)
      if (ccad_pop_d() != dval(i))
        ck_abort_msg("double tape: wrong value at %ld", i);
    ck_assert(ccad_tape_empty());
  }
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

START_TEST(lifo_float)
{
  for (long i = 0; i < MILLIONS; i++)
    ccad_push_f(fval(i));
  ck_assert_uint_eq(ccad_tape_bytes(), MILLIONS * sizeof(float));
  for (long i = MILLIONS - 1; i >= 0; i--)
    if (ccad_pop_f() != fval(i))
      ck_abort_msg("float tape: wrong value at %ld", i);
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

START_TEST(lifo_long)
{
  for (long i = 0; i < MILLIONS; i++)
    ccad_push_i(ival(i));
  for (long i = MILLIONS - 1; i >= 0; i--)
    if (ccad_pop_i() != ival(i))
      ck_abort_msg("integer tape: wrong value at %ld", i);
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

/* The 32-bit integer tape: 4 bytes a value, its own stack beside the
** long one (a long pushed between ints comes back between them). */
START_TEST(lifo_int32)
{
  for (long i = 0; i < MILLIONS; i++) {
    ccad_push_i32((int)(ival(i) ^ (i << 20)));
    if (i % 5 == 0)
      ccad_push_i(ival(i) * 3);
  }
  ck_assert_uint_eq(ccad_tape_bytes(), MILLIONS * sizeof(int) + (MILLIONS + 4) / 5 * sizeof(long));
  for (long i = MILLIONS - 1; i >= 0; i--) {
    if (i % 5 == 0 && ccad_pop_i() != ival(i) * 3)
      ck_abort_msg("long tape: wrong value at %ld", i);
    if (ccad_pop_i32() != (int)(ival(i) ^ (i << 20)))
      ck_abort_msg("int tape: wrong value at %ld", i);
  }
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(ccad_pop_i32(), 0);  /* underflow: reported, 0 */
  ck_assert_int_eq(nerrors, 1);
  nerrors = 0;
}
END_TEST

START_TEST(lifo_pointer)
{
  for (long i = 0; i < MILLIONS; i++)
    ccad_push_p(pval(i));
  for (long i = MILLIONS - 1; i >= 0; i--)
    if (ccad_pop_p() != pval(i))
      ck_abort_msg("pointer tape: wrong value at %ld", i);
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

/* Branch ids: one bool each (any nonzero id reads back as 1), crossing
** many chunk boundaries. */
START_TEST(lifo_branch)
{
  for (long i = 0; i < MILLIONS; i++)
    ccad_push_b((int)(i * 7 % 5));
  ck_assert_uint_eq(ccad_tape_bytes(), (size_t)MILLIONS * sizeof(ccad__branch));
  for (long i = MILLIONS - 1; i >= 0; i--)
    if (ccad_pop_b() != (i * 7 % 5 != 0))
      ck_abort_msg("branch tape: wrong value at %ld", i);
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

/* Kinds are independent stacks: a pattern that pushes them at different
** rates, with byte blocks in between, pops back in reverse. */
START_TEST(interleaved_kinds)
{
  const long n = 1000000;
  unsigned char blk[40], out[40];

  for (long i = 0; i < n; i++) {
    ccad_push_d(dval(i));
    if (i % 3 == 0)
      ccad_push_i(ival(i));
    if (i % 5 == 0)
      ccad_push_f(fval(i));
    if (i % 7 == 0)
      ccad_push_p(pval(i));
    if (i % 2 == 0)
      ccad_push_b(i % 3 == 1);
    if (i % 11 == 0) {
      memset(blk, (int)(i & 0xff), sizeof blk);
      ccad_push_bytes(blk, (size_t)(i % 40));
    }
  }
  for (long i = n - 1; i >= 0; i--) {
    if (i % 11 == 0) {
      size_t len = (size_t)(i % 40);
      memset(out, 0xee, sizeof out);
      ccad_pop_bytes(out, len);
      for (size_t k = 0; k < len; k++)
        if (out[k] != (unsigned char)(i & 0xff))
          ck_abort_msg("byte block %ld corrupted", i);
    }
    if (i % 2 == 0 && ccad_pop_b() != (i % 3 == 1))
      ck_abort_msg("branch %ld", i);
    if (i % 7 == 0 && ccad_pop_p() != pval(i))
      ck_abort_msg("pointer %ld", i);
    if (i % 5 == 0 && ccad_pop_f() != fval(i))
      ck_abort_msg("float %ld", i);
    if (i % 3 == 0 && ccad_pop_i() != ival(i))
      ck_abort_msg("long %ld", i);
    if (ccad_pop_d() != dval(i))
      ck_abort_msg("double %ld", i);
  }
  ck_assert(ccad_tape_empty());
  ck_assert_uint_eq(ccad_tape_bytes(), 0);
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

static void fill(unsigned char *p, size_t n, unsigned seed)
{
  for (size_t k = 0; k < n; k++)
    p[k] = (unsigned char)(seed * 131u + k * 7u);
}

static int same(const unsigned char *p, size_t n, unsigned seed)
{
  for (size_t k = 0; k < n; k++)
    if (p[k] != (unsigned char)(seed * 131u + k * 7u))
      return 0;
  return 1;
}

/* Blocks of every size class: empty, tiny, bigger than the first chunk,
** bigger than the largest chunk; many small ones across chunks. */
START_TEST(bytes_blocks)
{
  static const size_t sizes[] = { 0, 1, 7, 16, 100000, 3 * 1024 * 1024, 5, 0, 65536, 2 * 1024 * 1024 + 3 };
  const int nsizes = (int)(sizeof sizes / sizeof sizes[0]);
  unsigned char *buf = malloc(4 * 1024 * 1024);
  size_t total = 0;

  ck_assert_ptr_nonnull(buf);
  for (int round = 0; round < 2; round++) {
    for (int k = 0; k < nsizes; k++) {
      fill(buf, sizes[k], (unsigned)k);
      ccad_push_bytes(buf, sizes[k]);
      ccad_push_d(dval(k));
      total += sizes[k] + sizeof(double);
    }
    ck_assert_uint_eq(ccad_tape_bytes(), total);
    for (int k = nsizes - 1; k >= 0; k--) {
      ck_assert(ccad_pop_d() == dval(k));
      memset(buf, 0, sizes[k]);
      ccad_pop_bytes(buf, sizes[k]);
      ck_assert_msg(same(buf, sizes[k], (unsigned)k), "block %d (%zu bytes) corrupted", k, sizes[k]);
      total -= sizes[k] + sizeof(double);
    }
    ck_assert(ccad_tape_empty());
  }

  /* 300000 small blocks: about 6 MB with headers, many chunk changes. */
  for (unsigned k = 0; k < 300000; k++) {
    fill(buf, k % 37, k);
    ccad_push_bytes(buf, k % 37);
  }
  for (unsigned k = 300000; k-- > 0;) {
    ccad_pop_bytes(buf, k % 37);
    if (!same(buf, k % 37, k))
      ck_abort_msg("small block %u corrupted", k);
  }
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
  free(buf);
}
END_TEST

START_TEST(bytes_size_mismatch)
{
  double a[2] = { 1.5, -2.5 }, b[2] = { 9, 9 };
  unsigned char small[4] = { 1, 2, 3, 4 };

  ccad_push_bytes(a, sizeof a);
  ccad_pop_bytes(small, sizeof small);  /* generator bug: wrong size */
  ck_assert_int_eq(nerrors, 1);
  ck_assert_int_eq(last_code, CCAD_EUNDERFLOW);
  ck_assert_ptr_nonnull(strstr(last_message, "16 bytes"));
  ck_assert(small[0] == 0 && small[3] == 0);  /* zero-filled, tape untouched */
  ck_assert_uint_eq(ccad_tape_bytes(), sizeof a);
  ccad_pop_bytes(b, sizeof b);
  ck_assert(b[0] == 1.5 && b[1] == -2.5);
  ck_assert(ccad_tape_empty());
}
END_TEST

START_TEST(stats)
{
  double d[3] = { 1, 2, 3 };
  char block[10] = "abcdefghi";

  ccad_tape_reset_peak();
  ck_assert(ccad_tape_empty());
  ck_assert_uint_eq(ccad_tape_bytes(), 0);
  ck_assert_uint_eq(ccad_tape_peak_bytes(), 0);
  for (int k = 0; k < 3; k++)
    ccad_push_d(d[k]);
  ck_assert_uint_eq(ccad_tape_bytes(), 3 * sizeof(double));
  ccad_push_f(1.0f);
  ccad_push_i(7);
  ccad_push_p(d);
  ccad_push_b(1);
  ccad_push_bytes(block, sizeof block);
  const size_t all = 3 * sizeof(double) + sizeof(float) + sizeof(long) + sizeof(void *) + sizeof(ccad__branch) + sizeof block;
  ck_assert_uint_eq(ccad_tape_bytes(), all);
  ck_assert(!ccad_tape_empty());
  ck_assert_uint_eq(ccad_tape_peak_bytes(), all);

  ccad_pop_bytes(block, sizeof block);
  ck_assert(!ccad_tape_empty());
  int branch = ccad_pop_b();
  ck_assert_int_eq(branch, 1);
  ck_assert(ccad_pop_p() == d);
  ck_assert(ccad_pop_i() == 7);
  ck_assert(ccad_pop_f() == 1.0f);
  ck_assert(!ccad_tape_empty());
  for (int k = 2; k >= 0; k--)
    ck_assert(ccad_pop_d() == d[k]);
  ck_assert(ccad_tape_empty());
  ck_assert_uint_eq(ccad_tape_bytes(), 0);
  ck_assert_uint_eq(ccad_tape_peak_bytes(), all);
  ccad_tape_reset_peak();
  ck_assert_uint_eq(ccad_tape_peak_bytes(), 0);

  /* A zero-byte block is still a block: the tape is not empty. */
  ccad_push_bytes(NULL, 0);
  ck_assert(!ccad_tape_empty());
  ck_assert_uint_eq(ccad_tape_bytes(), 0);
  ccad_pop_bytes(NULL, 0);
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

/* The peak is sampled at chunk changes: without a sample at the top it may
** fall short by less than one chunk per kind; with one it is exact. */
START_TEST(stats_peak_large)
{
  const long n = 1000000;
  const size_t top = (size_t)n * sizeof(double);

  ccad_tape_reset_peak();
  for (long i = 0; i < n; i++)
    ccad_push_d(dval(i));
  for (long i = 0; i < n; i++)
    (void)ccad_pop_d();
  ck_assert_uint_le(ccad_tape_peak_bytes(), top);
  ck_assert_uint_gt(ccad_tape_peak_bytes(), top - CCAD__CHUNK_MAX);

  ccad_tape_reset_peak();
  for (long i = 0; i < n; i++)
    ccad_push_d(dval(i));
  ck_assert_uint_eq(ccad_tape_bytes(), top);
  for (long i = 0; i < n; i++)
    (void)ccad_pop_d();
  ck_assert_uint_eq(ccad_tape_peak_bytes(), top);
  ck_assert_uint_eq(ccad_tape_bytes(), 0);
}
END_TEST

START_TEST(release)
{
  const long n = 1000000, keep = 20000;

  /* Empty tapes: everything is freed and the stack starts over. */
  for (long i = 0; i < n; i++)
    ccad_push_d(dval(i));
  for (long i = 0; i < n; i++)
    (void)ccad_pop_d();
  ck_assert_ptr_nonnull(ccad__tls_d.chunk);
  ccad_tape_release();
  ck_assert_ptr_null(ccad__tls_d.chunk);
  ck_assert(ccad_tape_empty());
  ccad_tape_release();  /* twice is harmless */

  /* Non-empty tapes: chunks holding values stay, the cache goes. */
  for (long i = 0; i < n; i++)
    ccad_push_d(dval(i));
  for (long i = n - 1; i >= keep; i--)
    (void)ccad_pop_d();
  ck_assert_ptr_nonnull(ccad__tls_d.chunk->next);
  ccad_tape_release();
  ck_assert_ptr_null(ccad__tls_d.chunk->next);
  ck_assert_uint_eq(ccad_tape_bytes(), keep * sizeof(double));
  for (long i = keep; i < n; i++)  /* grows again past the freed chunks */
    ccad_push_d(dval(i));
  for (long i = n - 1; i >= 0; i--)
    if (ccad_pop_d() != dval(i))
      ck_abort_msg("value %ld lost across release", i);
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

/* Push/pop back and forth across a chunk boundary reuses the cached chunk. */
START_TEST(boundary_no_thrash)
{
  const long cap = (long)(CCAD__CHUNK_MIN / sizeof(double));  /* first chunk */
  ccad__chunk *second;

  for (long i = 0; i < cap; i++)
    ccad_push_d(dval(i));
  ck_assert(ccad__tls_d.top == ccad__tls_d.limit);
  ck_assert_ptr_null(ccad__tls_d.chunk->prev);
  ccad_push_d(dval(cap));
  second = ccad__tls_d.chunk;
  ck_assert_ptr_nonnull(second->prev);
  for (int k = 0; k < 10000; k++) {
    if (ccad_pop_d() != dval(cap) || ccad_pop_d() != dval(cap - 1))
      ck_abort_msg("round %d: wrong values at the boundary", k);
    if (ccad__tls_d.chunk != second->prev)  /* stepped back to the first chunk */
      ck_abort_msg("round %d: not back in the first chunk", k);
    ccad_push_d(dval(cap - 1));
    ccad_push_d(dval(cap));
    if (ccad__tls_d.chunk != second)  /* the cached chunk, not a new one */
      ck_abort_msg("round %d: a new chunk instead of the cached one", k);
  }
  ck_assert_uint_eq(ccad_tape_bytes(), (size_t)(cap + 1) * sizeof(double));
  for (long i = cap; i >= 0; i--)
    if (ccad_pop_d() != dval(i))
      ck_abort_msg("value %ld", i);
  ck_assert(ccad_tape_empty());
}
END_TEST

START_TEST(underflow)
{
  unsigned char buf[8];

  ck_assert(ccad_pop_d() == 0.0);
  ck_assert_int_eq(last_code, CCAD_EUNDERFLOW);
  ck_assert_ptr_nonnull(strstr(last_message, "ccad_pop_d"));
  ck_assert(ccad_pop_f() == 0.0f);
  ck_assert_ptr_nonnull(strstr(last_message, "ccad_pop_f"));
  ck_assert(ccad_pop_i() == 0);
  ck_assert_ptr_nonnull(strstr(last_message, "ccad_pop_i"));
  ck_assert_ptr_null(ccad_pop_p());
  ck_assert_ptr_nonnull(strstr(last_message, "ccad_pop_p"));
  int branch = ccad_pop_b();  /* (ck_assert_int_eq may evaluate its arguments twice) */
  ck_assert_int_eq(branch, 0);
  ck_assert_ptr_nonnull(strstr(last_message, "ccad_pop_b on"));
  memset(buf, 0xab, sizeof buf);
  ccad_pop_bytes(buf, sizeof buf);
  ck_assert_ptr_nonnull(strstr(last_message, "ccad_pop_bytes"));
  ck_assert(buf[0] == 0 && buf[7] == 0);
  ck_assert_int_eq(nerrors, 6);

  /* Underflow after the stack has used several chunks, and the tape still
  ** works afterwards. */
  for (long i = 0; i < 100000; i++)
    ccad_push_i(ival(i));
  for (long i = 99999; i >= 0; i--)
    if (ccad_pop_i() != ival(i))
      ck_abort_msg("value %ld", i);
  ck_assert(ccad_pop_i() == 0);
  ck_assert_int_eq(nerrors, 7);
  ck_assert_int_eq(last_code, CCAD_EUNDERFLOW);
  ccad_push_i(42);
  ck_assert(ccad_pop_i() == 42);
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 7);
}
END_TEST

START_TEST(oom_huge_block)
{
  char c = 'x';

  ccad_push_d(1.0);
  ccad_push_bytes(&c, SIZE_MAX / 2);
  ck_assert_int_eq(nerrors, 1);
  ck_assert_int_eq(last_code, CCAD_ENOMEM);
  ck_assert_ptr_nonnull(strstr(last_message, "9223372036854775807"));
  ccad_push_bytes(&c, SIZE_MAX);
  ck_assert_int_eq(nerrors, 2);
  ck_assert_int_eq(last_code, CCAD_ENOMEM);
  /* Nothing was pushed; the tape is intact. */
  ck_assert_uint_eq(ccad_tape_bytes(), sizeof(double));
  ck_assert(ccad_pop_d() == 1.0);
  ck_assert(ccad_tape_empty());
}
END_TEST

/* {======================================================================
** Per-thread independence: two threads push different sequences at the
** same time; the main thread's tape stays empty throughout.
** ======================================================================= */

static pthread_barrier_t barrier;

typedef struct Worker {
  long seed;
  long n;
  long nbad;     /* values popped wrong */
  size_t bytes;  /* ccad_tape_bytes() seen at the top */
} Worker;

static void *worker(void *arg)
{
  Worker *w = arg;

  pthread_barrier_wait(&barrier);
  for (long i = 0; i < w->n; i++) {
    ccad_push_d(dval(i + w->seed));
    ccad_push_i(ival(i * w->seed));
  }
  w->bytes = ccad_tape_bytes();
  pthread_barrier_wait(&barrier);  /* main looks at its own tape here */
  pthread_barrier_wait(&barrier);
  for (long i = w->n - 1; i >= 0; i--) {
    if (ccad_pop_i() != ival(i * w->seed))
      w->nbad++;
    if (ccad_pop_d() != dval(i + w->seed))
      w->nbad++;
  }
  if (!ccad_tape_empty())
    w->nbad++;
  /* Leave the chunks cached: thread exit must free them (LeakSanitizer). */
  return NULL;
}

START_TEST(threads_independent)
{
  Worker w[2] = { { 3, 2000000, 0, 0 }, { 1000003, 1500000, 0, 0 } };
  pthread_t t[2];

  ck_assert_int_eq(pthread_barrier_init(&barrier, NULL, 3), 0);
  for (int k = 0; k < 2; k++)
    ck_assert_int_eq(pthread_create(&t[k], NULL, worker, &w[k]), 0);
  ccad_push_d(-1.0);  /* main's own tape */
  pthread_barrier_wait(&barrier);
  pthread_barrier_wait(&barrier);
  ck_assert_uint_eq(ccad_tape_bytes(), sizeof(double));
  pthread_barrier_wait(&barrier);
  for (int k = 0; k < 2; k++)
    ck_assert_int_eq(pthread_join(t[k], NULL), 0);
  pthread_barrier_destroy(&barrier);
  for (int k = 0; k < 2; k++) {
    ck_assert_int_eq(w[k].nbad, 0);
    ck_assert_uint_eq(w[k].bytes, (size_t)w[k].n * (sizeof(double) + sizeof(long)));
  }
  ck_assert(ccad_pop_d() == -1.0);
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
}
END_TEST


/* Frames: LIFO blocks, zeroed on every push even where an earlier block
** was written, aligned, larger than a chunk, and still correct after the
** emptied chunk kept for reuse is released. */
START_TEST(frames)
{
  for (int round = 0; round < 3; round++) {
    double *a = ccad_frame_push(100 * sizeof(double));
    long *b = ccad_frame_push(7 * sizeof(long));
    double *big = ccad_frame_push((size_t)1 << 20);  /* beyond the 64 KiB chunk */
    ck_assert_uint_eq((uintptr_t)a % 16, 0);
    ck_assert_uint_eq((uintptr_t)b % 16, 0);
    ck_assert_uint_eq((uintptr_t)big % 16, 0);
    for (int i = 0; i < 100; i++)
      ck_assert(a[i] == 0.0);
    for (int i = 0; i < 7; i++)
      ck_assert_int_eq(b[i], 0);
    for (size_t i = 0; i < ((size_t)1 << 20) / sizeof(double); i++)
      ck_assert(big[i] == 0.0);
    for (int i = 0; i < 100; i++)
      a[i] = i + 1.0;
    for (int i = 0; i < 7; i++)
      b[i] = -i - 1;
    memset(big, 0xff, (size_t)1 << 20);
    ccad_frame_pop(big);
    ccad_frame_pop(b);
    /* a block pushed where b was is zeroed again, and a survives */
    long *c = ccad_frame_push(7 * sizeof(long));
    for (int i = 0; i < 7; i++)
      ck_assert_int_eq(c[i], 0);
    for (int i = 0; i < 100; i++)
      ck_assert(a[i] == i + 1.0);
    ccad_frame_pop(c);
    ccad_frame_pop(a);
    if (round == 1)
      ccad_tape_release();  /* frees the kept chunk; the next round mallocs again */
  }
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

/* }====================================================================== */

/* {======================================================================
** Bulk blocks: ccad_reserve_* / ccad_release_*
** ======================================================================= */

/* Reserve a block of n doubles, fill it with dval(base + k), k = 0..n-1. */
static void write_block_d(long base, long n)
{
  double *w = ccad_reserve_d((size_t)n);
  for (long k = 0; k < n; k++)
    *w++ = dval(base + k);
}

/* Release it and check it downwards, as the reversed loop reads it. */
static void read_block_d(long base, long n)
{
  const double *r = ccad_release_d((size_t)n);
  for (long k = n - 1; k >= 0; k--)
    if (*--r != dval(base + k))
      ck_abort_msg("block at %ld: wrong value at %ld", base, k);
}

START_TEST(bulk_lifo_with_pushes)
{
  /* singles, a block, singles above it, a nested block; then all back */
  for (long i = 0; i < 1000; i++)
    ccad_push_d(dval(i));
  write_block_d(1000, 5000);
  for (long i = 6000; i < 6010; i++)
    ccad_push_d(dval(i));
  write_block_d(6010, 7);
  ck_assert_uint_eq(ccad_tape_bytes(), 6017 * sizeof(double));
  read_block_d(6010, 7);
  for (long i = 6009; i >= 6000; i--)
    ck_assert(ccad_pop_d() == dval(i));
  read_block_d(1000, 5000);
  for (long i = 999; i >= 0; i--)
    ck_assert(ccad_pop_d() == dval(i));
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

START_TEST(bulk_chunk_boundary)
{
  /* The first chunk holds CCAD__CHUNK_MIN bytes: fill it to 3 slots short,
  ** then a block of 100 starts a chunk of its own; the values below the
  ** gap come back after it, twice (the second round reuses the chunk). */
  long first = (long)(CCAD__CHUNK_MIN / sizeof(double)) - 3;
  for (int round = 0; round < 2; round++) {
    for (long i = 0; i < first; i++)
      ccad_push_d(dval(i));
    write_block_d(first, 100);
    ccad_push_d(dval(first + 100));
    ck_assert_uint_eq(ccad_tape_bytes(), (size_t)(first + 101) * sizeof(double));
    ck_assert(ccad_pop_d() == dval(first + 100));
    read_block_d(first, 100);
    for (long i = first - 1; i >= 0; i--)
      if (ccad_pop_d() != dval(i))
        ck_abort_msg("round %d: wrong value at %ld", round, i);
    ck_assert(ccad_tape_empty());
  }
  /* a block bigger than the largest chunk, and an empty one */
  long big = 3 * (long)(CCAD__CHUNK_MAX / sizeof(double));
  write_block_d(0, big);
  ck_assert(ccad_tape_peak_bytes() >= (size_t)big * sizeof(double));
  write_block_d(0, 0);
  read_block_d(0, 0);
  read_block_d(0, big);
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

START_TEST(bulk_other_kinds)
{
  ccad_tape_release();  /* no chunks yet: the reserve and release of 0 work too, and
                           give a pointer memcpy(p, q, 0) accepts (not NULL) */
  ck_assert_ptr_nonnull(ccad_release_i(0));
  ck_assert_ptr_nonnull(ccad_reserve_d(0));
  ck_assert_ptr_nonnull(ccad_release_d(0));
  long *wi = ccad_reserve_i(300000);
  float *wf = ccad_reserve_f(300000);
  for (long k = 0; k < 300000; k++) {
    wi[k] = ival(k);
    wf[k] = fval(k);
  }
  int *wn = ccad_reserve_i32(1000);
  for (int k = 0; k < 1000; k++)
    wn[k] = -k;
  ccad_push_i(-1);
  ck_assert_uint_eq(ccad_tape_bytes(), 300000 * (sizeof(long) + sizeof(float)) + sizeof(long) + 1000 * sizeof(int));
  ck_assert(ccad_pop_i() == -1);
  const int *rn = ccad_release_i32(1000);
  for (int k = 999; k >= 0; k--)
    if (*--rn != -k)
      ck_abort_msg("wrong int at %d", k);
  const long *ri = ccad_release_i(300000);
  const float *rf = ccad_release_f(300000);
  for (long k = 299999; k >= 0; k--)
    if (*--ri != ival(k) || *--rf != fval(k))
      ck_abort_msg("wrong value at %ld", k);
  ck_assert(ccad_tape_empty());
  ck_assert_int_eq(nerrors, 0);
}
END_TEST

/* The peak is sampled where reserves turn to releases, so a block that
** fits in the first chunk still shows in it. */
START_TEST(bulk_peak_sampled)
{
  ccad_push_d(1.0);
  ccad_tape_reset_peak();
  write_block_d(0, 100);
  read_block_d(0, 100);
  ck_assert_uint_eq(ccad_tape_peak_bytes(), 101 * sizeof(double));
  ck_assert(ccad_pop_d() == 1.0);
  ck_assert(ccad_tape_empty());
}
END_TEST

/* Releasing more than the top block holds: the handler hears of it, then
** the runtime aborts (there is nothing to hand back). */
START_TEST(bulk_underflow_aborts)
{
  ccad_push_d(1.0);
  ccad_release_d(2);
}
END_TEST

/* }====================================================================== */

static Suite *tape_suite(void)
{
  Suite *s = suite_create("tape");
  TCase *tc = tcase_create("core");

  tcase_add_checked_fixture(tc, setup, teardown);
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, lifo_double);
  tcase_add_test(tc, lifo_float);
  tcase_add_test(tc, lifo_long);
  tcase_add_test(tc, lifo_int32);
  tcase_add_test(tc, lifo_pointer);
  tcase_add_test(tc, lifo_branch);
  tcase_add_test(tc, interleaved_kinds);
  tcase_add_test(tc, bytes_blocks);
  tcase_add_test(tc, bytes_size_mismatch);
  tcase_add_test(tc, stats);
  tcase_add_test(tc, stats_peak_large);
  tcase_add_test(tc, release);
  tcase_add_test(tc, boundary_no_thrash);
  tcase_add_test(tc, underflow);
  tcase_add_test(tc, oom_huge_block);
  tcase_add_test(tc, threads_independent);
  tcase_add_test(tc, frames);
  tcase_add_test(tc, bulk_lifo_with_pushes);
  tcase_add_test(tc, bulk_chunk_boundary);
  tcase_add_test(tc, bulk_other_kinds);
  tcase_add_test(tc, bulk_peak_sampled);
  tcase_add_test_raise_signal(tc, bulk_underflow_aborts, SIGABRT);
  suite_add_tcase(s, tc);
  return s;
}

int main(void)
{
  SRunner *sr = srunner_create(tape_suite());
  int nfailed;

  srunner_run_all(sr, CK_NORMAL);
  nfailed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return nfailed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
