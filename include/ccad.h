/*
** ccad.h: the public interface of libccad, the runtime that code generated
** by cc-ad links against (-lccad -lm).
**
** Five parts: per-thread tapes (LIFO stacks that reverse mode pushes values
** on during the forward sweep and pops during the reverse sweep), memory for
** shadow buffers, an error hook, a binomial checkpointing controller
** (revolve) for `#pragma ad checkpoint` loops, and the special functions
** that derivatives of math.h functions need (digamma and its derivatives).
**
** Everything a program can see is prefixed ccad_ / CCAD_.  Names with a
** double underscore (ccad__*) are private: they appear here only because the
** push/pop fast paths are inline; do not use them.
**
** The header compiles as C99/C11, as C++ and under CUDA (nvcc); device code
** cannot call it, but including it is harmless.
*/
#ifndef CCAD_H
#define CCAD_H

#include <stddef.h>
#include <stdint.h>

#define CCAD_VERSION_MAJOR 0
#define CCAD_VERSION_MINOR 1
#define CCAD_VERSION_PATCH 0
#define CCAD_VERSION_STRING "0.1.0"

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

/* Thread-local storage and branch hints, for C11, older C, C++ and MSVC. */
#if defined(__cplusplus)
#  define CCAD__TLS thread_local
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#  define CCAD__TLS _Thread_local
#elif defined(__GNUC__)
#  define CCAD__TLS __thread
#elif defined(_MSC_VER)
#  define CCAD__TLS __declspec(thread)
#else
#  error "ccad.h needs thread-local storage (C11 _Thread_local or C++11 thread_local)"
#endif

#if defined(__GNUC__)
#  define CCAD__UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#  define CCAD__UNLIKELY(x) (x)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* {======================================================================
** Errors
**
** The runtime never exits on its own: every failure calls the error handler
** with a code and a one-line message.  The default handler prints
** "ccad: fatal: <message>" to stderr and calls abort().  A handler may
** longjmp out, or return; what happens after it returns is said at each
** function (pops return 0, a failed push is dropped, ccad_malloc aborts).
** The handler is process-wide; set it before starting threads.
** ======================================================================= */

enum {
  CCAD_OK = 0,          /* no error (never passed to the handler) */
  CCAD_ENOMEM = 1,      /* allocation failed; the message names the size */
  CCAD_EUNDERFLOW = 2,  /* pop of an empty tape or a pop_bytes size mismatch:
                           a generator bug, never answered with garbage */
  CCAD_ESCHEDULE = 3,   /* invalid checkpoint schedule (bad steps/snapshots) */
  CCAD_ELIMIT = 4,      /* the tapes would exceed the tape limit (ccad_set_tape_limit) */
  CCAD_ETEAM = 5,        /* the backward sweep of an OpenMP loop runs in another team than its forward sweep */
  CCAD_ECALLEE = 9      /* a call through a function pointer reached a function cc-ad did not
                           differentiate (ccad_unknown_callee) */
};

typedef void (*ccad_error_handler)(int code, const char *message);

/* Install h as the error handler and return the previous one (NULL = the default); NULL restores the default. */
ccad_error_handler ccad_set_error_handler(ccad_error_handler h);

/* Generated code calls it where a call through a function pointer reaches
** none of the functions cc-ad differentiated for it (a pointer from another
** translation unit): reports CCAD_ECALLEE naming the call's site; if the
** handler returns, the call runs without a derivative. */
void ccad_unknown_callee(const char *site);

/* }====================================================================== */

/* {======================================================================
** Tapes
**
** Each thread has one LIFO stack per element kind: double (_d), float (_f),
** long (_i: trip counts, long and size_t values), int (_i32: values of
** types of 32 bits or fewer, int indices and counters), pointer (_p), branch (_b: which
** way an if went, one bool each), and one for byte blocks
** (push_bytes/pop_bytes).  Stacks are independent: values
** must be popped in reverse order of pushing *within a kind*; interleaving
** kinds is fine.  The stacks are _Thread_local, so generated code is safe
** under OpenMP: each thread records and reverses its own tape.
**
** Storage is a doubly linked list of chunks (64 KiB, doubling up to 1 MiB).
** Popping back into a previous chunk keeps the emptied chunk cached for the
** next push, so no push or pop mallocs except when the tape grows past its
** largest size so far.  ccad_tape_release() frees the cache; a thread's
** chunks are also freed when the thread exits.
**
** Pushing when memory runs out calls the handler with CCAD_ENOMEM; if the
** handler returns, the value is dropped (the tape is then out of step with
** the program, so derivatives computed afterwards are meaningless).
** Popping an empty stack calls the handler with CCAD_EUNDERFLOW; if the
** handler returns, the pop returns 0 (NULL, or a zero-filled block).
** ======================================================================= */

typedef struct ccad__chunk ccad__chunk;  /* private: see runtime/rt_int.h */

/* One stack: [base, limit) is the current chunk's storage, top the next free
** slot; below counts the bytes held in earlier chunks.  Private. */
typedef struct ccad__stack_d { double *top, *limit, *base; ccad__chunk *chunk; size_t below; } ccad__stack_d;
typedef struct ccad__stack_f { float  *top, *limit, *base; ccad__chunk *chunk; size_t below; } ccad__stack_f;
typedef struct ccad__stack_i { long   *top, *limit, *base; ccad__chunk *chunk; size_t below; } ccad__stack_i;
typedef struct ccad__stack_i32 { int  *top, *limit, *base; ccad__chunk *chunk; size_t below; } ccad__stack_i32;
typedef struct ccad__stack_p { void  **top, **limit, **base; ccad__chunk *chunk; size_t below; } ccad__stack_p;
/* Branch ids are stored as bool, not unsigned char: a store through a
** character pointer may alias anything, and would make the compiler reload
** the tape pointers and the program's own data after every push. */
#ifdef __cplusplus
typedef bool ccad__branch;
#else
typedef _Bool ccad__branch;
#endif
typedef struct ccad__stack_b { ccad__branch *top, *limit, *base; ccad__chunk *chunk; size_t below; } ccad__stack_b;

extern CCAD__TLS ccad__stack_d ccad__tls_d;
extern CCAD__TLS ccad__stack_f ccad__tls_f;
extern CCAD__TLS ccad__stack_i ccad__tls_i;
extern CCAD__TLS ccad__stack_i32 ccad__tls_i32;
extern CCAD__TLS ccad__stack_p ccad__tls_p;
extern CCAD__TLS ccad__stack_b ccad__tls_b;

/* Private slow paths: push into a new chunk / pop from the previous chunk. */
void   ccad__push_slow_d(double v);
void   ccad__push_slow_f(float v);
void   ccad__push_slow_i(long v);
void   ccad__push_slow_i32(int v);
void   ccad__push_slow_p(void *v);
void   ccad__push_slow_b(ccad__branch v);
double ccad__pop_slow_d(void);
float  ccad__pop_slow_f(void);
long   ccad__pop_slow_i(void);
int    ccad__pop_slow_i32(void);
void  *ccad__pop_slow_p(void);
ccad__branch ccad__pop_slow_b(void);

/* Generated code only: 1 when one of the n lanes of a vector sweep's
** derivative is not zero (a NaN counts), else 0. A loop that only adds
** multiples of lanes that are all zero is skipped. */
static inline int ccad_lanes_any_d(const double *v, int n)
{
  for (int i = 0; i < n; i++)
    if (v[i] != 0.0) return 1;
  return 0;
}

static inline int ccad_lanes_any_f(const float *v, int n)
{
  for (int i = 0; i < n; i++)
    if (v[i] != 0.0f) return 1;
  return 0;
}

/* Generated code only (the pattern sweep of a sparse driver): the union
** of two sets of directions, each a double's 64 bits, one per column (or
** row) of the Jacobian, instead of a number. */
static inline double ccad_bits_or(double a, double b)
{
  union { double d; unsigned long long u; } x, y;
  x.d = a;
  y.d = b;
  x.u |= y.u;
  return x.d;
}

/* Push a double onto this thread's double tape. */
static inline void ccad_push_d(double v)
{
  /* direct access, no pointer to the thread-local (gcc's UBSan misreads one) */
  if (CCAD__UNLIKELY(ccad__tls_d.top == ccad__tls_d.limit)) { ccad__push_slow_d(v); return; }
  *ccad__tls_d.top++ = v;
}

/* Pop the last double pushed by this thread (0 after an underflow the handler returned from). */
static inline double ccad_pop_d(void)
{
  if (CCAD__UNLIKELY(ccad__tls_d.top == ccad__tls_d.base)) return ccad__pop_slow_d();
  return *--ccad__tls_d.top;
}

/* Push a float onto this thread's float tape. */
static inline void ccad_push_f(float v)
{
  /* direct access, no pointer to the thread-local (gcc's UBSan misreads one) */
  if (CCAD__UNLIKELY(ccad__tls_f.top == ccad__tls_f.limit)) { ccad__push_slow_f(v); return; }
  *ccad__tls_f.top++ = v;
}

/* Pop the last float pushed by this thread (0 after an underflow the handler returned from). */
static inline float ccad_pop_f(void)
{
  if (CCAD__UNLIKELY(ccad__tls_f.top == ccad__tls_f.base)) return ccad__pop_slow_f();
  return *--ccad__tls_f.top;
}

/* Push an integer (int, index, branch id, trip count) onto this thread's integer tape. */
static inline void ccad_push_i(long v)
{
  /* direct access, no pointer to the thread-local (gcc's UBSan misreads one) */
  if (CCAD__UNLIKELY(ccad__tls_i.top == ccad__tls_i.limit)) { ccad__push_slow_i(v); return; }
  *ccad__tls_i.top++ = v;
}

/* Pop the last integer pushed by this thread (0 after an underflow the handler returned from). */
static inline long ccad_pop_i(void)
{
  if (CCAD__UNLIKELY(ccad__tls_i.top == ccad__tls_i.base)) return ccad__pop_slow_i();
  return *--ccad__tls_i.top;
}

/* Push an int (or a narrower integer) onto this thread's 32-bit integer tape. */
static inline void ccad_push_i32(int v)
{
  /* direct access, no pointer to the thread-local (gcc's UBSan misreads one) */
  if (CCAD__UNLIKELY(ccad__tls_i32.top == ccad__tls_i32.limit)) { ccad__push_slow_i32(v); return; }
  *ccad__tls_i32.top++ = v;
}

/* Pop the last int pushed by this thread (0 after an underflow the handler returned from). */
static inline int ccad_pop_i32(void)
{
  if (CCAD__UNLIKELY(ccad__tls_i32.top == ccad__tls_i32.base)) return ccad__pop_slow_i32();
  return *--ccad__tls_i32.top;
}

/* Push a pointer onto this thread's pointer tape. */
static inline void ccad_push_p(void *v)
{
  /* direct access, no pointer to the thread-local (gcc's UBSan misreads one) */
  if (CCAD__UNLIKELY(ccad__tls_p.top == ccad__tls_p.limit)) { ccad__push_slow_p(v); return; }
  *ccad__tls_p.top++ = v;
}

/* Pop the last pointer pushed by this thread (NULL after an underflow the handler returned from). */
static inline void *ccad_pop_p(void)
{
  if (CCAD__UNLIKELY(ccad__tls_p.top == ccad__tls_p.base)) return ccad__pop_slow_p();
  return *--ccad__tls_p.top;
}

/* Push a branch id (0 or 1: which way an if went) onto this thread's branch tape. */
static inline void ccad_push_b(int v)
{
  /* direct access, no pointer to the thread-local (gcc's UBSan misreads one) */
  if (CCAD__UNLIKELY(ccad__tls_b.top == ccad__tls_b.limit)) { ccad__push_slow_b(v != 0); return; }
  *ccad__tls_b.top++ = v != 0;
}

/* Pop the last branch id pushed by this thread (0 after an underflow the handler returned from). */
static inline int ccad_pop_b(void)
{
  if (CCAD__UNLIKELY(ccad__tls_b.top == ccad__tls_b.base)) return ccad__pop_slow_b();
  return *--ccad__tls_b.top;
}

/*
** Bulk pushes (generated code only).  A counted loop whose every iteration
** pushes the same number of values of one kind reserves them all before
** it runs, and its reversed loop takes them back in one step; in between,
** the loops write and read through a local pointer, with no check per
** value.  Same LIFO order as n pushes and n pops.
**   ccad_reserve_K(n): room for n values, contiguous; write them in push
**     order starting at the returned pointer.
**   ccad_release_K(n): removes the last n values (one reserved block) and
**     returns one past the last; read them downwards (*--p).
** If memory runs out, or fewer than n values of one block are on top, the
** handler is called (CCAD_ENOMEM, CCAD_EUNDERFLOW) and, if it returns,
** abort(): there is no storage to hand back.
*/
extern CCAD__TLS int ccad__tls_rising;  /* private: pushed since the peak was last sampled */
void ccad__sample_peak(void);
double *ccad__reserve_slow_d(size_t n);
float *ccad__reserve_slow_f(size_t n);
long *ccad__reserve_slow_i(size_t n);
int *ccad__reserve_slow_i32(size_t n);
const double *ccad__release_slow_d(size_t n);
const float *ccad__release_slow_f(size_t n);
const long *ccad__release_slow_i(size_t n);
const int *ccad__release_slow_i32(size_t n);

#define CCAD__BULK(K, T)                                                              \
  static inline T *ccad_reserve_##K(size_t n)                                         \
  {                                                                                   \
    T *r = ccad__tls_##K.top;                                                         \
    ccad__tls_rising = 1;                                                             \
    if (CCAD__UNLIKELY((size_t)(ccad__tls_##K.limit - r) <= n)) return ccad__reserve_slow_##K(n); \
    ccad__tls_##K.top = r + n;                                                        \
    return r;                                                                         \
  }                                                                                   \
  static inline const T *ccad_release_##K(size_t n)                                   \
  {                                                                                   \
    if (CCAD__UNLIKELY(ccad__tls_rising)) ccad__sample_peak(); /* a peak: pushes turn to pops */ \
    T *r = ccad__tls_##K.top;                                                         \
    if (CCAD__UNLIKELY((size_t)(r - ccad__tls_##K.base) < n || r == ccad__tls_##K.base)) \
      return ccad__release_slow_##K(n);                                               \
    ccad__tls_##K.top = r - n;                                                        \
    return r;                                                                         \
  }
CCAD__BULK(d, double)
CCAD__BULK(f, float)
CCAD__BULK(i, long)
CCAD__BULK(i32, int)
#undef CCAD__BULK

/* Save n bytes from src (a whole array or struct) on this thread's byte tape. */
void ccad_push_bytes(const void *src, size_t n);

/* Restore into dst the last block pushed by ccad_push_bytes, which must have size n (else CCAD_EUNDERFLOW). */
void ccad_pop_bytes(void *dst, size_t n);

/*
** Statistics, per thread.  "Bytes on the tapes" is the payload: sizeof the
** element for every value pushed and not yet popped, plus n for every byte
** block (the runtime's own bookkeeping is not counted).  ccad_tape_bytes()
** is exact.  The peak is sampled, not tracked on every push: it is updated
** whenever a stack moves to another chunk, at the first pop_bytes or
** ccad_release_* after a push_bytes or ccad_reserve_* (where the tape
** turns from growing to shrinking),
** and at every call of ccad_tape_bytes() or ccad_tape_peak_bytes().  It never
** exceeds the true high-water mark and falls short of it by less than one
** chunk (1 MiB) for each of the five inline kinds; it is exact for tapes that
** are sampled at their peak or that cross chunk boundaries there.
*/

/* Bytes currently on this thread's tapes (exact). */
size_t ccad_tape_bytes(void);

/* High-water mark of ccad_tape_bytes() since the last reset (sampled, see above). */
size_t ccad_tape_peak_bytes(void);

/* Reset the high-water mark to the current ccad_tape_bytes(). */
void ccad_tape_reset_peak(void);

/*
** Memory controls.  A tape limit in bytes (0, the default: none), process-wide,
** read from the environment variable CCAD_TAPE_LIMIT ("512M", "2G", "64K" or a
** number of bytes) on first use unless set here.  It is checked whenever one
** of a thread's tapes starts a new chunk (64 KiB to 1 MiB): when the bytes on
** this thread's tapes plus the chunk's would pass it, the handler is called
** with CCAD_ELIMIT and a message naming the generated function running and
** the bytes ("tape limit exceeded in f_grad: ..."); the default handler
** aborts, so a gradient too big for the machine stops with that message
** instead of being killed by the system.
** With CCAD_TAPE_REPORT=1 in the environment, the program prints at exit, for
** each generated reverse-mode function, its calls and the largest growth of
** the tapes during one call.
*/
void ccad_set_tape_limit(size_t bytes);
size_t ccad_tape_limit(void);

/* Generated code only: a reverse-mode function named name starts / ends on this thread (nested calls allowed). */
void ccad_fn_begin(const char *name);
void ccad_fn_end(void);
#if defined(__CUDA_ARCH__)  /* device code: nothing to name */
#  define ccad_fn_begin(name) ((void)(name))
#  define ccad_fn_end() ((void)0)
#endif

/* 1 when all of this thread's stacks are empty, else 0. */
int ccad_tape_empty(void);

/* Free this thread's cached tape and frame chunks; chunks still holding values are kept, so on empty tapes everything is freed. */
void ccad_tape_release(void);

/* Marks (generated code only: jacrev runs its backward sweep once per
** output over one forward sweep).  ccad_tape_mark_here() records this
** thread's tapes and frames; after a backward sweep has popped some of
** what was pushed before the mark (and pushed nothing),
** ccad_tape_rewind(m) makes it all readable again; ccad_tape_unmark(m)
** ends the mark (the tapes stay as they are) and frees it. */
typedef struct ccad_tape_mark ccad_tape_mark;
ccad_tape_mark *ccad_tape_mark_here(void);
void ccad_tape_rewind(const ccad_tape_mark *m);
void ccad_tape_unmark(ccad_tape_mark *m);

/* Redo log (generated code only): the backward sweep restores overwritten
** values of the caller's memory; before each such restore it logs the
** value being replaced, and ccad_redo_apply() writes the logged values
** back in order, leaving the caller's memory as the primal left it.
** ccad_redo_free(p, n) frees p, whose n bytes may have been logged: the
** log will not write into them. */
void ccad_redo_push(void *addr, size_t n);
void ccad_redo_free(void *p, size_t n);
void ccad_redo_apply(void);

/* Deferred frees (generated code only): a block the primal frees that the
** backward sweep may still read is handed to ccad_defer_free(p) instead;
** ccad_defer_apply(), at the end of the requested function, frees each
** block deferred on this thread once (however often it was deferred).
** An iteration a checkpoint runs again untaped frees its blocks when its
** tape is dropped. */
void ccad_defer_free(void *p);
void ccad_defer_apply(void);

/* Frames (generated code only): the local arrays of a function whose
** forward and backward sweeps are separate functions live here, so both
** sweeps, and pointers into them, see the same memory. LIFO; the memory
** is zeroed and aligned for any type. */
void *ccad_frame_push(size_t n);
void ccad_frame_pop(void *p);   /* releases the newest block (p, for readability) */

/* }====================================================================== */

/* {======================================================================
** Memory for shadow buffers
**
** ccad_malloc and ccad_calloc never return NULL: on failure they call the
** handler with CCAD_ENOMEM and, if it returns, abort() (there is no memory
** to give back).  Zero-byte requests return a unique pointer.
** ======================================================================= */

/* Allocate n bytes (uninitialized); never returns NULL. */
void *ccad_malloc(size_t n);

/* Allocate count*size zeroed bytes, checking the product for overflow; never returns NULL. */
void *ccad_calloc(size_t count, size_t size);

/* Free memory from ccad_malloc/ccad_calloc (NULL is ignored). */
void ccad_free(void *p);

/* }====================================================================== */

/* {======================================================================
** Binomial checkpointing (revolve, Griewank & Walther, ACM TOMS 26(1) 2000)
**
** A controller only: it says what to do next; the caller stores the states.
** The loop has `steps` iterations; step i maps state i to state i+1, so the
** states are 0..steps.  At most `snapshots` states are stored at once, in
** slots 0..snapshots-1.  The caller holds one current state (initially
** state 0) and loops:
**
**   action = ccad_revolve_next(r);
**   ADVANCE    run steps oldcapo .. capo-1 without taping (state oldcapo -> capo)
**   TAKESHOT   store the current state (state capo) in slot check
**   RESTORE    load slot check into the current state (it is state capo)
**   FIRSTURN   the current state is capo = steps-1: run the last step with
**              taping (the state it produces is the loop's result), then
**              reverse it (adjoint of step capo)
**   YOUTURN    run step capo with taping from the current state, then reverse it
**   TERMINATE  every step has been reversed, in descending order
**   ERROR      invalid schedule (the handler was called with CCAD_ESCHEDULE)
**
** Every step is reversed exactly once, in the order steps-1, ..., 1, 0.
** Slots form a stack: check is 0 for the first snapshot (of state 0), and a
** slot is reused only after the steps above its state have been reversed.
** snapshots >= steps gives the store-every-step schedule (steps-1 advances).
** steps == 1 gives FIRSTURN, TERMINATE (no snapshot); steps == 0 TERMINATE.
** steps >= 2 needs snapshots >= 1 (the slot for state 0); negative counts are
** invalid.
**
** Counting convention.  The schedule is optimal: with s snapshots (the one
** of state 0 included) and l steps, the number of steps run by ADVANCE is
**   t*l - C(s+t, s+1),  t the least integer with C(s+t, s) >= l,
** (ccad_binomial_extra_steps), i.e. the recomputation beyond one plain
** forward sweep; each FIRSTURN/YOUTURN runs one more step (with taping), so
** ccad_revolve_forward_steps() at TERMINATE is that number plus l.  Example:
** l = 10^4 costs 5.76 extra steps per step with s = 10, 3.80 with s = 20.
** ======================================================================= */

typedef enum {
  CCAD_CK_ADVANCE,    /* run steps oldcapo..capo-1 without taping */
  CCAD_CK_TAKESHOT,   /* store state capo in slot check */
  CCAD_CK_RESTORE,    /* load state capo from slot check */
  CCAD_CK_FIRSTURN,   /* tape and reverse the last step, capo = steps-1 */
  CCAD_CK_YOUTURN,    /* tape and reverse step capo */
  CCAD_CK_TERMINATE,  /* done: all steps reversed */
  CCAD_CK_ERROR       /* invalid schedule */
} ccad_ck_action;

typedef struct ccad_revolve ccad_revolve;  /* opaque controller state */

/* New controller for `steps` steps and `snapshots` slots; invalid arguments call the handler (CCAD_ESCHEDULE) and give a controller whose next() is ERROR. */
ccad_revolve *ccad_revolve_new(long steps, int snapshots);

/* The next action (see above); TERMINATE is repeated once reached; ERROR for a NULL or invalid controller. */
ccad_ck_action ccad_revolve_next(ccad_revolve *r);

/* Current state index: target of ADVANCE, state of TAKESHOT/RESTORE, step of FIRSTURN/YOUTURN. */
long ccad_revolve_capo(const ccad_revolve *r);

/* For ADVANCE: the state advanced from (steps oldcapo..capo-1 are run); equals capo after any other action. */
long ccad_revolve_oldcapo(const ccad_revolve *r);

/* Snapshot slot (0..snapshots-1) for TAKESHOT and RESTORE. */
int ccad_revolve_check(const ccad_revolve *r);

/* Steps run so far: all ADVANCE steps plus one per FIRSTURN/YOUTURN. */
long ccad_revolve_forward_steps(const ccad_revolve *r);

/* Free a controller (NULL is ignored). */
void ccad_revolve_free(ccad_revolve *r);

/*
** Checkpointed loops (generated code only, `#pragma ad checkpoint`).  The
** actions ccad_ckpt_next(ck) returns: ADVANCE run one iteration (its tape
** is dropped), SAVE save the loop's state (ccad_ckpt_save, piece by piece),
** LOAD load it (ccad_ckpt_load, the same pieces in the same order), TURN
** run one iteration taping it, then reverse it, DONE stop.
** A loop whose trip count n is known on entry: the forward sweep calls
** ck = ccad_ckpt_begin_n(K, n) and does the actions until DONE, then pushes
** ck; the backward sweep pops ck and does the actions until DONE.  Other
** loops: the forward sweep calls ck = ccad_ckpt_begin(K), saves the state,
** runs the loop calling ccad_ckpt_iter(ck) at the start of each iteration,
** then ccad_ckpt_end(ck), and pushes ck; the backward sweep as above.
** Iterations are reversed last to first by revolve's schedule for the trip
** count with K snapshots (K <= 0: ceil(sqrt(n))); the last LOAD is the
** state on entry; ck is freed at the backward sweep's DONE.
*/
enum { CCAD_CKPT_DONE, CCAD_CKPT_ADVANCE, CCAD_CKPT_SAVE, CCAD_CKPT_LOAD, CCAD_CKPT_TURN };
void *ccad_ckpt_begin(int snapshots);
void *ccad_ckpt_begin_n(int snapshots, long trips);
void ccad_ckpt_save(void *ck, const void *src, size_t n);
void ccad_ckpt_load(void *ck, void *dst, size_t n);
void ccad_ckpt_iter(void *ck);
void ccad_ckpt_end(void *ck);
int ccad_ckpt_next(void *ck);

/* Iterations of checkpointed loops run without taping (ADVANCE) by this
** thread since the last reset.  For one loop of l >= 1 iterations and K
** snapshots: ccad_binomial_extra_steps(l, K) + 1 when the trip count is known
** on entry, ccad_binomial_extra_steps(l, K) + l when it is counted. */
long ccad_checkpoint_recomputations(void);

/* Iterations of checkpointed loops reversed by this thread since the last reset. */
long ccad_checkpoint_steps(void);

/* Reset both counters to 0. */
void ccad_checkpoint_reset_counts(void);

/* Optimal ADVANCE steps t*l - C(s+t, s+1) for l = steps, s = snapshots (see above); -1 if steps < 0, snapshots < 0, or steps >= 2 with snapshots < 1; LONG_MAX on overflow. */
long ccad_binomial_extra_steps(long steps, int snapshots);

/* }====================================================================== */

/* {======================================================================
** Special functions
**
** The polygamma functions that derivatives of lgamma and tgamma call:
** d/dx lgamma(x) = digamma(x) (lgamma is log|Gamma|, so this holds for
** negative x too), d/dx tgamma(x) = tgamma(x)*digamma(x), and each next
** function is the derivative of the previous one.  Double versions are
** accurate to a few ulps, except near the zeros of digamma and tetragamma
** (e.g. digamma's at x = 1.4616...), where the error is a few ulps of the
** terms that cancel there (absolute, not relative, accuracy).  Float
** versions compute in double and round.
**
** Poles at x = 0, -1, -2, ...: near a pole p the functions behave like
** -1/(x-p), 1/(x-p)^2 and -2/(x-p)^3.  So digamma and tetragamma return
** the one-sided limit at a signed zero (-inf at +0, +inf at -0) and NaN at
** negative integers (the two sides diverge with opposite signs), and
** trigamma returns +inf at every pole.  At +inf they return +inf, 0, -0;
** at -inf, and for NaN, NaN.
** ======================================================================= */

/* Digamma psi(x) = d/dx lgamma(x). */
double ccad_digamma(double x);

/* Digamma psi(x) = d/dx lgamma(x), in float. */
float ccad_digammaf(float x);

/* Trigamma psi'(x) = d/dx digamma(x). */
double ccad_trigamma(double x);

/* Trigamma psi'(x) = d/dx digamma(x), in float. */
float ccad_trigammaf(float x);

/* Tetragamma psi''(x) = d/dx trigamma(x). */
double ccad_tetragamma(double x);

/* Tetragamma psi''(x) = d/dx trigamma(x), in float. */
float ccad_tetragammaf(float x);

/* }====================================================================== */

/* {======================================================================
** Sorting (generated code only)
**
** A qsort(base, n, size, cmp) of data that may carry derivatives is lowered
** by cc-ad to this permutation and a copy of the elements through it, which
** moves each derivative with its value: perm[k] is the index in base of the
** element that goes to place k.  The sort is a stable merge sort under cmp
** (C leaves the order of elements cmp finds equal unspecified: here they
** keep their order), which calls cmp only on elements of base.  size must
** be esize, the size of the element type cc-ad moves (else the handler is
** called with CCAD_ESORT and, if it returns, perm is the identity).  A
** failed allocation calls the handler with CCAD_ENOMEM.
** ======================================================================= */

enum { CCAD_ESORT = 10 };  /* a qsort's size argument is not the size of the elements cc-ad moves */

/* perm[0 .. n): the permutation qsort(base, n, size, cmp) applies, as above; base is only read (not
** const, like qsort's: compilers warn of a const argument whose memory they cannot see written). */
void ccad_sort_perm(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *), long *perm,
                    size_t esize);

/* }====================================================================== */

/* {======================================================================
** OpenMP: the reverse sweeps of a parallel loop
**
** Each thread of a parallel loop's forward sweep records its iterations on
** its own tape; the backward sweep runs them back in a team of the same
** size, where each thread must be the thread that recorded them (libgomp
** keeps its pool's threads in order).  ccad_omp_check checks that, with
** what the forward sweep recorded, and otherwise calls the handler with
** CCAD_ETEAM (if it returns, the derivatives are meaningless).  These are
** inline so that they follow the flags FILE.ad.c is compiled with: without
** OpenMP a team is one thread.
** ======================================================================= */

#ifdef _OPENMP
#include <omp.h>
/* This thread's number in its team. */
static inline long ccad_omp_thread(void) { return omp_get_thread_num(); }
/* The number of threads in this thread's team. */
static inline long ccad_omp_threads(void) { return omp_get_num_threads(); }
/* The most threads a parallel region started here would have. */
static inline long ccad_omp_max_threads(void) { return omp_get_max_threads(); }
#else
/* This thread's number in its team. */
static inline long ccad_omp_thread(void) { return 0; }
/* The number of threads in this thread's team. */
static inline long ccad_omp_threads(void) { return 1; }
/* The most threads a parallel region started here would have. */
static inline long ccad_omp_max_threads(void) { return 1; }
#endif

void ccad__omp_team_error(long tid, long nth);  /* private */

/* Are a and b one pointer, or bytes or more apart? (A parallel loop's
** backward sweep adds into a_bar[i] and b_bar[i], i its counter, of one
** array: plainly where this holds for the span of i, else atomically.) */
static inline int ccad_omp_apart(const void *a, const void *b, size_t bytes)
{
  uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;
  return x == y || (x > y ? x - y : y - x) >= bytes;
}

/* An adjoint array that the threads of a loop's backward sweep accumulate
** into (generated code): ccad_omp_part_d(x_bar, n) is this thread's copy
** of its n values, zeroed, made on the thread's first call for x_bar;
** after the loop, ccad_omp_parts_add_d(x_bar, n) adds every copy into
** x_bar and frees them.  On the heap, where an OpenMP array-section
** reduction would put the copies on the threads' stacks. */
double *ccad_omp_part_d(double *shared, size_t n);
float *ccad_omp_part_f(float *shared, size_t n);
void ccad_omp_parts_add_d(double *shared, size_t n);
void ccad_omp_parts_add_f(float *shared, size_t n);

/* Is this thread number tid of a team of nth, as in the forward sweep? */
static inline void ccad_omp_check(long tid, long nth)
{
  if (CCAD__UNLIKELY(tid != ccad_omp_thread() || nth != ccad_omp_threads())) ccad__omp_team_error(tid, nth);
}

/* }====================================================================== */

/* {======================================================================
** Sparse Jacobians and Hessians
**
** A request with the `sparse` clause (jacfwd, jacrev, hessian) generates
** `f_jacfwd(..., ccad_csr *jac)` (`ccad_csr *hess` for hessian) and
** `f_jacfwd_pattern(..., ccad_csr *jac)`.  The matrix is m x n (hessian:
** n x n) in compressed sparse row form: row i's entries are
** val[rowptr[i] .. rowptr[i+1]-1], in columns col[...] (ascending).
**
**     ccad_csr J = {0};           // empty: the first call finds the pattern
**     f_jacrev(x, y, &J);         // pattern, colouring and values
**     f_jacrev(x2, y, &J);        // values only: the pattern is reused
**     ccad_csr_free(&J);          // J is empty again
**
** The pattern is found by a pattern sweep, f's derivative sweep with sets
** of 64 columns (rows) in each derivative's bits, checked once by a check
** sweep (below), or where there is none by sweeps with NaN seeds (which
** propagate through every product); either way a derivative that is zero
** at this point but not structurally is in the pattern, found at the
** inputs of that call; it holds for every input that takes the same
** branches.
** Later calls compress the sweeps by a colouring of the pattern (columns
** for jacfwd, rows for jacrev, a star colouring of the symmetric pattern
** for hessian): ccad_csr_colors(&J) sweeps per call instead of n or m.
** A call that reuses a pattern ends with one check sweep in a fixed
** direction v, compared with J v computed from the values; a difference
** (f took other branches, and its matrix has entries outside the pattern)
** makes the call find the pattern of its own inputs and start again, so
** the values are never those of a stale pattern.  When f's structure does
** not depend on its inputs, set J.skip_check = 1 to save that sweep.
** f_jacfwd_pattern always recomputes the pattern and leaves val zero.  Code compiled with -ffinite-math-only
** (-ffast-math) may lose the NaNs: compile f's derivatives without it.
** Values are double whatever f's type.  Indices are int.
** ======================================================================= */

typedef struct ccad_csr {
  int nrows, ncols;      /* m and n */
  int nnz;               /* entries: rowptr[nrows] */
  int *rowptr;           /* nrows + 1 */
  int *col;              /* nnz, ascending within each row */
  double *val;           /* nnz */
  int skip_check;        /* set it to skip the check sweep (below) */
  struct ccad__sparse *plan;  /* private: the colouring; NULL when empty */
  struct ccad__scratch *scratch;  /* private: a driver's lane buffers, kept from call to call */
  int pattern_call;      /* private: the next call finds the pattern alone (f_jacfwd_pattern) */
} ccad_csr;

/* Free what a sparse driver allocated in a and make it empty ({0}). */
void ccad_csr_free(ccad_csr *a);

/* Sweeps per call once a has a pattern (its colours); 0 when empty. */
int ccad_csr_colors(const ccad_csr *a);

/* Private: called by the generated drivers.  kind: 0 jacfwd, 1 jacrev,
** 2 hessian, plus 4 when f computes in float, plus 8 when the driver has a pattern sweep.  Phase 0 finds the
** pattern (one NaN-seeded sweep per column, row for jacrev; by the pattern sweep, 64 per lane as bits), phase 1
** the values (one sweep per colour). */
int  ccad__sparse_begin(ccad_csr *a, int kind, long m, long n, int fresh);
/* f_jacfwd_pattern(..., a) is a->pattern_call = 1, then f_jacfwd(..., a) */
void ccad__sparse_pattern_call(ccad_csr *a);
long ccad__sparse_sweeps(const ccad_csr *a, int phase);
void ccad__sparse_seed(ccad_csr *a, int phase, long sweep, double *seed);
void ccad__sparse_gather(ccad_csr *a, int phase, long sweep, const double *got);
/* a vector sweep of W <= CCAD__SPARSE_LANES lanes, block by block, then ccad__sparse_gathered once */
enum { CCAD__SPARSE_LANES = 16 };
void ccad__sparse_seed_lanes(ccad_csr *a, int phase, long sweep, int lanes, long off, long n, double *d, int rows);
void ccad__sparse_gather_lanes(ccad_csr *a, int phase, long sweep, int lanes, long off, long n, const double *d, int rows);
void ccad__sparse_gathered(ccad_csr *a, int phase, long sweep, int lanes);
/* buffer 'slot' (< CCAD__SPARSE_LANES) of at least 'bytes', kept in a until ccad_csr_free; contents undefined */
void *ccad__sparse_scratch(ccad_csr *a, int slot, size_t bytes);
int  ccad__sparse_next(ccad_csr *a, int phase, int last);
/* 1 while this phase's sweeps carry sets of directions as bits (ccad_bits_or): the pattern sweep variant runs */
int  ccad__sparse_bits(const ccad_csr *a, int phase);

/* }====================================================================== */

#ifdef __cplusplus
}
#endif

#endif /* CCAD_H */
