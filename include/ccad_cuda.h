/*
** ccad_cuda.h: the derivative tape of the code cc-ad writes to FILE.ad.cu
** (cuda(f_grad), cuda(f_vjp), cuda(f_hvp), ...).  Included by FILE.ad.cu
** only; CUDA C++ (nvcc), not C.
**
** Each batch element (one GPU thread, or one iteration of f_cuda_host) has
** its own tape: one stack per kind of value (double, float, long, pointer,
** branch, byte blocks, frames, the redo log), each a list of segments
** carved from the element's arena.  The launcher gives every element an
** equal slice of one cudaMalloc'd arena, sized from the free device memory
** (ccad_gpu_setup); a tape that outgrows its slice carves further regions
** from the device heap (malloc in device code).  When that fails too, the
** element stops (its results are invalid) and f_cuda returns
** cudaErrorMemoryAllocation: an error code, not a crash.  f_cuda_host runs
** the same code on the CPU, its regions from malloc; there a tape error
** prints a message and aborts, as libccad's default error handler does.
**
** Names are ccad_gpu_* (device copies of functions are ccad_dev_*); all of this is private to generated code.
*/
#ifndef CCAD_CUDA_H
#define CCAD_CUDA_H

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cuda_runtime.h>

#define CCAD_GPU static __host__ __device__ inline

/* Generated code: a function of FILE.c declared _Noreturn or
 * __attribute__((noreturn)) keeps saying so in FILE.ad.c's copies and
 * declarations (else a caller that ends in a call of it warns that control
 * reaches the end of a non-void function). */
#ifndef CCAD__NORETURN
#  if defined(__GNUC__) || defined(__clang__)
#    define CCAD__NORETURN __attribute__((noreturn))
#  elif defined(__cplusplus)
#    define CCAD__NORETURN [[noreturn]]
#  elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#    define CCAD__NORETURN _Noreturn
#  else
#    define CCAD__NORETURN
#  endif
#endif

/* A segment: this header, then cap bytes (16-byte aligned). */
typedef struct ccad_gpu_seg {
  struct ccad_gpu_seg *prev, *next;
  size_t cap, used; /* used: valid while another segment is current */
} ccad_gpu_seg;

typedef struct ccad_gpu_stack {
  ccad_gpu_seg *seg;
  char *top, *base, *limit;
  size_t lost; /* pushes dropped (out of memory): their pops return 0 */
} ccad_gpu_stack;

enum { CCAD_GPU_D, CCAD_GPU_F, CCAD_GPU_I, CCAD_GPU_I32, CCAD_GPU_P, CCAD_GPU_B, CCAD_GPU_BYTES,
       CCAD_GPU_FRAME, CCAD_GPU_REDO, CCAD_GPU_NSTACKS };

/* A region malloc'd when the arena is full, freed by ccad_gpu_end. */
typedef struct ccad_gpu_region {
  struct ccad_gpu_region *prev;
} ccad_gpu_region;

typedef struct ccad_gpu_tape {
  char *next, *end;          /* free part of the current region */
  ccad_gpu_region *regions;  /* malloc'd ones, newest first */
  size_t grow;               /* size of the next malloc'd region */
  size_t carved;             /* bytes handed to the stacks */
  int active;                /* between ccad_gpu_begin and ccad_gpu_end */
  int err;                   /* 1: out of memory, 2: pop of an empty stack */
  char *scratch;             /* where dropped blocks go */
  size_t scratch_n;
  ccad_gpu_stack s[CCAD_GPU_NSTACKS];
  void **defer;              /* blocks whose free waits for the backward sweep (ccad_gpu_defer_free) */
  size_t ndefer, capdefer;
} ccad_gpu_tape;

#define CCAD_GPU_HDR ((sizeof(ccad_gpu_seg) + 15) & ~(size_t)15)
#define CCAD_GPU_SEG ((size_t)2048)

/* What the elements of a launch report: the first error, the largest tape. */
typedef struct ccad_gpu_status {
  int err;
  int unused;
  unsigned long long peak; /* bytes carved by the largest tape */
} ccad_gpu_status;

/* What the launcher hands the kernel: per-element tapes and arena slices. */
typedef struct ccad_gpu_globals {
  ccad_gpu_tape *tapes;
  char *arena;
  size_t per;               /* bytes of arena per element */
  ccad_gpu_status *status;
} ccad_gpu_globals;

static __device__ ccad_gpu_globals ccad_gpu_g;
static thread_local ccad_gpu_tape ccad_gpu_host_tape;

CCAD_GPU ccad_gpu_tape *ccad_gpu_cur(void)
{
#ifdef __CUDA_ARCH__
  return &ccad_gpu_g.tapes[blockIdx.x * blockDim.x + threadIdx.x];
#else
  return &ccad_gpu_host_tape;
#endif
}

/* On the host, a tape used outside ccad_gpu_begin/end is a generator bug. */
CCAD_GPU void ccad_gpu_check_active(const ccad_gpu_tape *t)
{
#ifndef __CUDA_ARCH__
  if (!t->active) {
    fprintf(stderr, "ccad: fatal: the device tape is used outside ccad_gpu_begin (a generator bug)\n");
    abort();
  }
#else
  (void)t;
#endif
}

/* Start element b's tape: on the device in its slice of the arena. */
CCAD_GPU void ccad_gpu_begin(int b)
{
  ccad_gpu_tape *t = ccad_gpu_cur();
  memset(t, 0, sizeof *t);
  t->grow = (size_t)64 * 1024;
  t->active = 1;
#ifdef __CUDA_ARCH__
  t->next = ccad_gpu_g.arena + (size_t)b * ccad_gpu_g.per;
  t->end = t->next + ccad_gpu_g.per;
#else
  (void)b;
#endif
}

CCAD_GPU void ccad_gpu_defer_apply(void);

/* End the element: free its regions; its error code (0 if none). */
CCAD_GPU int ccad_gpu_end(void)
{
  ccad_gpu_tape *t = ccad_gpu_cur();
  ccad_gpu_defer_apply();  /* (an element stopped by an error) */
  while (t->regions) {
    ccad_gpu_region *r = t->regions;
    t->regions = r->prev;
    free(r);
  }
  free(t->scratch);
  t->scratch = NULL;
  t->active = 0;
#ifdef __CUDA_ARCH__
  if (t->err) atomicCAS(&ccad_gpu_g.status->err, 0, t->err);
  atomicMax(&ccad_gpu_g.status->peak, (unsigned long long)t->carved);
#else
  if (t->err) { /* as libccad's default handler: f_cuda_host returns nothing to check */
    fprintf(stderr, "ccad: fatal: %s in f_cuda_host's per-element code\n",
            t->err == 1 ? "out of memory for the tape" : "tape underflow (a generator bug)");
    abort();
  }
#endif
  return t->err;
}

/* Out of memory. On the device the element stops here (PTX exit): its
** results are invalid and f_cuda returns cudaErrorMemoryAllocation.  On
** the host (f_cuda_host, for tests) the pushes that did not fit are
** dropped and their pops return 0. */
CCAD_GPU void ccad_gpu_fail(ccad_gpu_tape *t)
{
  t->err = 1;
#ifdef __CUDA_ARCH__
  (void)ccad_gpu_end();
  asm volatile("exit;");
#endif
}

/* n bytes (a multiple of 16) of fresh memory from the tape's regions. */
CCAD_GPU char *ccad_gpu_carve(ccad_gpu_tape *t, size_t n)
{
  if ((size_t)(t->end - t->next) < n) {
    size_t size = t->grow;
    while (size < n + 16) size *= 2;
    ccad_gpu_region *r = (ccad_gpu_region *)malloc(size);
    if (!r) return NULL;
    r->prev = t->regions;
    t->regions = r;
    t->next = (char *)r + 16;
    t->end = (char *)r + size;
    t->grow = size * 2;
  }
  char *p = t->next;
  t->next += n;
  t->carved += n;
  return p;
}

CCAD_GPU void ccad_gpu_set(ccad_gpu_stack *s, ccad_gpu_seg *c, size_t used)
{
  s->seg = c;
  s->base = (char *)c + CCAD_GPU_HDR;
  s->limit = s->base + c->cap;
  s->top = s->base + used;
}

/* Room for n bytes on top of stack k (NULL: dropped, out of memory). */
CCAD_GPU char *ccad_gpu_room(int k, size_t n)
{
  ccad_gpu_tape *t = ccad_gpu_cur();
  ccad_gpu_stack *s = &t->s[k];
  ccad_gpu_check_active(t);
  if (!s->lost && s->seg && (size_t)(s->limit - s->top) >= n) {
    char *r = s->top;
    s->top += n;
    return r;
  }
  if (s->lost) { /* keep LIFO: everything above a dropped push is dropped */
    s->lost++;
    return NULL;
  }
  ccad_gpu_seg *c = s->seg, *nx = c ? c->next : NULL;
  if (!nx || nx->cap < n) {
    size_t cap = n > CCAD_GPU_SEG ? (n + 15) & ~(size_t)15 : CCAD_GPU_SEG;
    nx = (ccad_gpu_seg *)ccad_gpu_carve(t, CCAD_GPU_HDR + cap);
    if (!nx) {
      ccad_gpu_fail(t);
      s->lost = 1;
      return NULL;
    }
    nx->cap = cap;
    nx->prev = c;
    nx->next = NULL; /* a cached one too small is abandoned to the arena */
    if (c) c->next = nx;
  }
  if (c) c->used = (size_t)(s->top - s->base);
  ccad_gpu_set(s, nx, 0);
  char *r = s->top;
  s->top += n;
  return r;
}

/* Make the newest non-empty segment of s current; 0 if s is empty. */
CCAD_GPU int ccad_gpu_settle(ccad_gpu_stack *s)
{
  while (!s->seg || s->top == s->base) {
    if (!s->seg || !s->seg->prev) return 0;
    ccad_gpu_set(s, s->seg->prev, s->seg->prev->used);
  }
  return 1;
}

/* The n bytes on top of stack k, removed (NULL: a dropped push). */
CCAD_GPU char *ccad_gpu_take(int k, size_t n)
{
  ccad_gpu_tape *t = ccad_gpu_cur();
  ccad_gpu_stack *s = &t->s[k];
  ccad_gpu_check_active(t);
  if (s->lost) {
    s->lost--;
    return NULL;
  }
  if (n == 0) /* an empty block (a loop that ran 0 times): nothing to check */
    return s->top ? s->top : (char *)s;
  if (!ccad_gpu_settle(s) || (size_t)(s->top - s->base) < n) {
    t->err = 2;
    return NULL;
  }
  s->top -= n;
  return s->top;
}

#define CCAD_GPU_TYPED(K, T, KIND)                                  \
  CCAD_GPU void ccad_gpu_push_##K(T v)                              \
  {                                                                 \
    char *p = ccad_gpu_room(KIND, sizeof(T));                       \
    if (p) memcpy(p, &v, sizeof(T));                                \
  }                                                                 \
  CCAD_GPU T ccad_gpu_pop_##K(void)                                 \
  {                                                                 \
    T v;                                                            \
    char *p = ccad_gpu_take(KIND, sizeof(T));                       \
    if (p) memcpy(&v, p, sizeof(T)); else memset(&v, 0, sizeof v);  \
    return v;                                                       \
  }
CCAD_GPU_TYPED(d, double, CCAD_GPU_D)
CCAD_GPU_TYPED(f, float, CCAD_GPU_F)
CCAD_GPU_TYPED(i, long, CCAD_GPU_I)
CCAD_GPU_TYPED(i32, int, CCAD_GPU_I32)
CCAD_GPU_TYPED(p, void *, CCAD_GPU_P)
CCAD_GPU_TYPED(b, int, CCAD_GPU_B)
#undef CCAD_GPU_TYPED

/* Blocks of n values: written upwards from reserve's result, read
** downwards from one past the last (release's result).  A dropped block
** (out of memory) reads and writes the tape's one scratch buffer: its
** values are garbage, as the element's results already are. */
CCAD_GPU char *ccad_gpu_scratch(size_t n)
{
  ccad_gpu_tape *t = ccad_gpu_cur();
  if (n > t->scratch_n) {
    free(t->scratch);
    t->scratch = (char *)malloc(n);
    t->scratch_n = t->scratch ? n : 0;
    if (!t->scratch) ccad_gpu_fail(t);
  }
  return t->scratch;
}

#define CCAD_GPU_BULK(K, T, KIND)                                   \
  CCAD_GPU T *ccad_gpu_reserve_##K(size_t n)                        \
  {                                                                 \
    char *p = ccad_gpu_room(KIND, n * sizeof(T));                   \
    return (T *)(p ? p : ccad_gpu_scratch(n * sizeof(T)));          \
  }                                                                 \
  CCAD_GPU const T *ccad_gpu_release_##K(size_t n)                  \
  {                                                                 \
    char *p = ccad_gpu_take(KIND, n * sizeof(T));                   \
    if (!p) p = ccad_gpu_scratch(n * sizeof(T));                    \
    return (const T *)(void *)p + n;                                \
  }
CCAD_GPU_BULK(d, double, CCAD_GPU_D)
CCAD_GPU_BULK(f, float, CCAD_GPU_F)
CCAD_GPU_BULK(i, long, CCAD_GPU_I)
CCAD_GPU_BULK(i32, int, CCAD_GPU_I32)
#undef CCAD_GPU_BULK

#define CCAD_GPU_ROUND(n) (((n) + 15) & ~(size_t)15)

/* Byte blocks: the bytes, rounded up to 16. */
CCAD_GPU void ccad_gpu_push_bytes(const void *src, size_t n)
{
  char *p = ccad_gpu_room(CCAD_GPU_BYTES, CCAD_GPU_ROUND(n));
  if (p && n) memcpy(p, src, n);
}

CCAD_GPU void ccad_gpu_pop_bytes(void *dst, size_t n)
{
  char *p = ccad_gpu_take(CCAD_GPU_BYTES, CCAD_GPU_ROUND(n));
  if (!n) return;
  if (p) memcpy(dst, p, n); else memset(dst, 0, n);
}

/* Frames: zeroed blocks with their size in the 16 bytes after them. */
CCAD_GPU void *ccad_gpu_frame_push(size_t n)
{
  size_t m = CCAD_GPU_ROUND(n);
  char *p = ccad_gpu_room(CCAD_GPU_FRAME, m + 16);
  if (!p) p = ccad_gpu_scratch(m + 16);
  if (!p) return NULL;
  memset(p, 0, m);
  memcpy(p + m, &m, sizeof m);
  return p;
}

CCAD_GPU void ccad_gpu_frame_pop(void *q)
{
  ccad_gpu_stack *s = &ccad_gpu_cur()->s[CCAD_GPU_FRAME];
  size_t m = 0;
  (void)q;
  if (!s->lost && ccad_gpu_settle(s)) memcpy(&m, s->top - 16, sizeof m);
  (void)ccad_gpu_take(CCAD_GPU_FRAME, m + 16);
}

/* An OpenMP loop's adjoint arrays per thread (ccad_omp_part_d in ccad.h):
** an element runs its loops in one GPU thread, whose copy is the array. */
CCAD_GPU double *ccad_gpu_omp_part_d(double *shared, size_t n) { (void)n; return shared; }
CCAD_GPU float *ccad_gpu_omp_part_f(float *shared, size_t n) { (void)n; return shared; }
CCAD_GPU void ccad_gpu_omp_parts_add_d(double *shared, size_t n) { (void)shared, (void)n; }
CCAD_GPU void ccad_gpu_omp_parts_add_f(float *shared, size_t n) { (void)shared, (void)n; }

/* The redo log: bytes, then their address and size (16 bytes). */
CCAD_GPU void ccad_gpu_redo_push(void *addr, size_t n)
{
  size_t m = CCAD_GPU_ROUND(n);
  char *p = ccad_gpu_room(CCAD_GPU_REDO, m + 16);
  if (!p) return;
  if (n) memcpy(p, addr, n);
  memcpy(p + m, &addr, sizeof addr);
  memcpy(p + m + 8, &n, sizeof n);
}

/* p freed, its n bytes perhaps logged: a tombstone (n with the top bit,
 * no bytes) that keeps the log from writing there (as in redo.c). */
#define CCAD_GPU_TOMB ((size_t)1 << (sizeof(size_t) * 8 - 1))
CCAD_GPU void ccad_gpu_redo_free(void *p, size_t n)
{
  char *q = p ? ccad_gpu_room(CCAD_GPU_REDO, 16) : NULL;
  if (q) {
    size_t t = n | CCAD_GPU_TOMB;
    memcpy(q, &p, sizeof p);
    memcpy(q + 8, &t, sizeof t);
  }
  free(p);
}

CCAD_GPU void ccad_gpu_redo_apply(void)
{
  ccad_gpu_stack *s = &ccad_gpu_cur()->s[CCAD_GPU_REDO];
  s->lost = 0; /* a log that lost entries cannot be applied in full */
  char *dead[8];
  size_t dead_n[8];
  int ndead = 0, dropped = 0;
  while (ccad_gpu_settle(s)) {
    void *addr;
    size_t n;
    memcpy(&addr, s->top - 16, sizeof addr);
    memcpy(&n, s->top - 8, sizeof n);
    if (n & CCAD_GPU_TOMB) {
      ccad_gpu_take(CCAD_GPU_REDO, 16);
      if (ndead < 8) {
        dead[ndead] = (char *)addr;
        dead_n[ndead++] = n & ~CCAD_GPU_TOMB;
      } else {
        dropped = 1; /* too many freed blocks to tell: write back nothing older */
      }
      continue;
    }
    char *p = ccad_gpu_take(CCAD_GPU_REDO, CCAD_GPU_ROUND(n) + 16);
    int skip = dropped;
    for (int i = 0; i < ndead && !skip; i++)
      skip = (char *)addr < dead[i] + dead_n[i] && dead[i] < (char *)addr + n;
    if (n && !skip) memcpy(addr, p, n);
  }
}

/* Frees deferred to the end of the element's backward sweep (ccad.h's
** ccad_defer_free): each block once. */
CCAD_GPU void ccad_gpu_defer_free(void *p)
{
  ccad_gpu_tape *t = ccad_gpu_cur();
  if (!p) return;
  for (size_t i = 0; i < t->ndefer; i++)
    if (t->defer[i] == p) return;
  if (t->ndefer == t->capdefer) {
    size_t cap = t->capdefer ? 2 * t->capdefer : 16;
    void **d = (void **)malloc(cap * sizeof *d);
    if (!d) {
      ccad_gpu_fail(t);
      return;
    }
    if (t->ndefer) memcpy(d, t->defer, t->ndefer * sizeof *d);
    free(t->defer);
    t->defer = d;
    t->capdefer = cap;
  }
  t->defer[t->ndefer++] = p;
}

CCAD_GPU void ccad_gpu_defer_apply(void)
{
  ccad_gpu_tape *t = ccad_gpu_cur();
  for (size_t i = 0; i < t->ndefer; i++) free(t->defer[i]);
  free(t->defer);
  t->defer = NULL;
  t->ndefer = t->capdefer = 0;
}

/* Memory for shadow buffers: the device heap (NULL on failure). */
CCAD_GPU void *ccad_gpu_malloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (!p) ccad_gpu_fail(ccad_gpu_cur());
  return p;
}

CCAD_GPU void *ccad_gpu_calloc_z(size_t n, size_t size)
{
  void *p = ccad_gpu_malloc(n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

CCAD_GPU void ccad_gpu_free(void *p) { free(p); }

/* {======================================================================
** The launcher's side (host)
** ======================================================================= */

/* The launcher keeps its tapes and arena between calls (one loop of an
** optimiser calls f_cuda again and again): reused while the batch fits and
** the slices suit the tapes seen, otherwise reallocated with slices of
** twice the largest tape of the last launch (64 KiB more, up to the
** quarter of the free memory). */
typedef struct ccad_gpu_cache {
  ccad_gpu_globals g;
  int batch;   /* elements g has tapes for */
  size_t want; /* bytes per element the next launch should have */
} ccad_gpu_cache;

static ccad_gpu_cache ccad_gpu_host_c;

static inline void ccad_gpu_drop(void)
{
  ccad_gpu_cache *c = &ccad_gpu_host_c;
  if (c->g.tapes) {
    cudaFree(c->g.tapes);
    cudaFree(c->g.arena);
    cudaFree(c->g.status);
  }
  memset(&c->g, 0, sizeof c->g);
  c->batch = 0;
}

/* Tapes and arena for batch elements; 0 or a CUDA error code. */
static inline int ccad_gpu_setup(int batch)
{
  ccad_gpu_cache *c = &ccad_gpu_host_c;
  if (c->g.tapes && batch <= c->batch && c->want == c->g.per)
    return (int)cudaMemset(c->g.status, 0, sizeof(ccad_gpu_status));
  ccad_gpu_drop();
  size_t free_b = 0, total_b = 0;
  cudaError_t e = cudaMemGetInfo(&free_b, &total_b);
  if (e != cudaSuccess) return (int)e;
  size_t per = free_b / 4 / (size_t)batch;
  if (per > ((size_t)16 << 20)) per = (size_t)16 << 20;
  if (c->want && c->want < per) per = c->want;
  per &= ~(size_t)15;
  ccad_gpu_globals g = {NULL, NULL, per, NULL};
  e = cudaMalloc((void **)&g.tapes, (size_t)batch * sizeof(ccad_gpu_tape));
  if (e == cudaSuccess && per) e = cudaMalloc((void **)&g.arena, (size_t)batch * per);
  if (e == cudaSuccess) e = cudaMalloc((void **)&g.status, sizeof(ccad_gpu_status));
  if (e == cudaSuccess) e = cudaMemset(g.status, 0, sizeof(ccad_gpu_status));
  if (e == cudaSuccess) e = cudaMemcpyToSymbol(ccad_gpu_g, &g, sizeof g);
  c->g = g;
  c->batch = batch;
  c->want = per;
  if (e != cudaSuccess) {
    ccad_gpu_drop();
    c->want = 0;
  }
  return (int)e;
}

/* After the kernel (err: its launch or synchronisation): err, or the first
** element's tape error (out of memory: cudaErrorMemoryAllocation). */
static inline int ccad_gpu_finish(int err)
{
  ccad_gpu_cache *c = &ccad_gpu_host_c;
  ccad_gpu_status st = {0, 0, 0};
  if (err != 0 || cudaMemcpy(&st, c->g.status, sizeof st, cudaMemcpyDeviceToHost) != cudaSuccess) {
    ccad_gpu_drop();  /* the device may be in an error state: start afresh */
    c->want = 0;
    return err ? err : (int)cudaErrorUnknown;
  }
  if (st.err) {
    ccad_gpu_drop();
    c->want = 0;
    return st.err == 1 ? (int)cudaErrorMemoryAllocation : (int)cudaErrorUnknown;
  }
  size_t want = (2 * (size_t)st.peak + ((size_t)64 << 10) + 15) & ~(size_t)15;
  if (want > c->g.per || 4 * want < c->g.per) c->want = want; /* resized at the next setup */
  return 0;
}

/* }====================================================================== */

#endif /* CCAD_CUDA_H */
