/*
** tape.c: the per-thread tapes.  Slow paths of the inline push/pop in
** ccad.h (moving between chunks), the byte-block stack, statistics, and
** freeing chunks (ccad_tape_release, thread exit).
**
** All stacks share one chunk discipline, written once over a `View` (the
** stack's pointers as char *); the typed entry points at the bottom convert
** to and from their own pointer type.  Chunk layout: rt_int.h.
*/
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "rt_int.h"

CCAD__TLS ccad__stack_d ccad__tls_d;
CCAD__TLS ccad__stack_f ccad__tls_f;
CCAD__TLS ccad__stack_i ccad__tls_i;
CCAD__TLS ccad__stack_i32 ccad__tls_i32;
CCAD__TLS ccad__stack_p ccad__tls_p;
CCAD__TLS ccad__stack_b ccad__tls_b;

/* A stack seen as bytes: [base, limit) is the current chunk's storage. */
typedef struct View {
  char *top, *limit, *base;
  ccad__chunk *chunk;
  size_t below;  /* bytes used in the chunks before `chunk` */
} View;

/* The byte-block stack.  A block is stored as its n bytes followed by n
** itself (a size_t, unaligned, read with memcpy), so pop can check the size. */
typedef struct ByteStack {
  View v;
  size_t payload;  /* sum of n over the blocks on the stack */
} ByteStack;

static CCAD__TLS ByteStack tls_bytes;
static CCAD__TLS size_t tls_peak;   /* sampled high-water mark of ccad_tape_bytes() */
CCAD__TLS int ccad__tls_rising;  /* a block pushed (bytes or reserved) since the last peak sample */
static CCAD__TLS int tls_hooked;    /* this thread registered its exit destructor */

static size_t current_bytes(void);

/* {======================================================================
** Thread exit: free the exiting thread's chunks.
** ======================================================================= */

static pthread_key_t exit_key;
static pthread_once_t exit_once = PTHREAD_ONCE_INIT;
static int exit_key_ok;

static void free_all(void);

static void on_thread_exit(void *arg)
{
  (void)arg;
  free_all();
  tls_hooked = 0;
}

static void make_exit_key(void)
{
  exit_key_ok = pthread_key_create(&exit_key, on_thread_exit) == 0;
}

/* Called when a thread allocates its first chunk. */
static void hook_thread_exit(void)
{
  if (tls_hooked)
    return;
  tls_hooked = 1;
  pthread_once(&exit_once, make_exit_key);
  if (exit_key_ok)
    pthread_setspecific(exit_key, &tls_hooked);
}

/* }====================================================================== */

/* {======================================================================
** Chunks
** ======================================================================= */

static ccad__chunk *new_chunk(size_t cap, const char *kind)
{
  ccad__chunk *c = NULL;

  if (cap <= CCAD__ALLOC_MAX - CCAD__CHUNK_HDR)
    c = malloc(CCAD__CHUNK_HDR + cap);
  if (!c) {
    ccad__error(CCAD_ENOMEM, "out of memory allocating a %zu-byte chunk for the %s tape", cap, kind);
    return NULL;
  }
  c->prev = c->next = NULL;
  c->cap = cap;
  c->used = 0;
  hook_thread_exit();
  return c;
}

static void set_chunk(View *v, ccad__chunk *c, size_t used)
{
  v->chunk = c;
  v->base = ccad__chunk_data(c);
  v->limit = v->base + c->cap;
  v->top = v->base + used;
}

/*
** Make the chunk after v's current one current, with at least `need` bytes
** of storage: the cached next chunk if it is big enough, else a new chunk
** inserted after the current one.  Returns 0 (after calling the handler)
** when memory runs out; v is then unchanged.
*/
static int advance(View *v, size_t need, const char *kind)
{
  ccad__chunk *c = v->chunk;
  ccad__chunk *n = c ? c->next : NULL;

  ccad__check_limit(need);
  if (!n || n->cap < need) {
    size_t cap = CCAD__CHUNK_MIN;
    if (c)
      cap = c->cap >= CCAD__CHUNK_MAX / 2 ? CCAD__CHUNK_MAX : 2 * c->cap;
    if (cap < need)
      cap = need;
    n = new_chunk(cap, kind);
    if (!n)
      return 0;
    n->prev = c;
    if (c) {
      n->next = c->next;
      if (n->next)
        n->next->prev = n;
      c->next = n;
    }
  }
  if (c) {
    c->used = (size_t)(v->top - v->base);
    v->below += c->used;
  }
  set_chunk(v, n, 0);
  return 1;
}

/* Make the previous chunk current, keeping this one cached.  Returns 0 when
** there is none. */
static int retreat(View *v)
{
  ccad__chunk *c = v->chunk;

  if (!c || !c->prev)
    return 0;
  c = c->prev;
  v->below -= c->used;
  set_chunk(v, c, c->used);
  return 1;
}

static size_t view_bytes(const View *v)
{
  return v->chunk ? v->below + (size_t)(v->top - v->base) : 0;
}

/* Free the cached chunks after the current one; if the stack is empty, free
** every chunk and reset the stack to its initial (all NULL) state. */
static void release_view(View *v)
{
  ccad__chunk *c, *n;

  if (!v->chunk)
    return;
  for (c = v->chunk->next; c; c = n) {
    n = c->next;
    free(c);
  }
  v->chunk->next = NULL;
  if (view_bytes(v) != 0)
    return;
  for (c = v->chunk; c; c = n) {  /* earlier chunks hold nothing either */
    n = c->prev;
    free(c);
  }
  memset(v, 0, sizeof *v);
}

/* Free every chunk of the stack, values or not. */
static void free_view(View *v)
{
  ccad__chunk *c, *n;

  if (!v->chunk)
    return;
  for (c = v->chunk; c->prev; c = c->prev)
    ;
  for (; c; c = n) {
    n = c->next;
    free(c);
  }
  memset(v, 0, sizeof *v);
}

/* }====================================================================== */

/* {======================================================================
** Typed stacks: slow paths of ccad_push_* / ccad_pop_*
**
** VIEW_OF and SET_FROM convert between a typed stack and a View.  A typed
** stack only leaves a chunk when it is full, so the previous chunk always
** holds values and a pop needs at most one retreat.
** ======================================================================= */

#define VIEW_OF(s) \
  ((View){ (char *)(s)->top, (char *)(s)->limit, (char *)(s)->base, (s)->chunk, (s)->below })

#define SET_FROM(s, v, T) \
  ((s)->top = (T *)(void *)(v).top, (s)->limit = (T *)(void *)(v).limit, \
   (s)->base = (T *)(void *)(v).base, (s)->chunk = (v).chunk, (s)->below = (v).below)

#define TYPED_SLOW_PATHS(K, T, KIND)                                                  \
  void ccad__push_slow_##K(T x)                                                       \
  {                                                                                   \
    ccad__stack_##K *s = &ccad__tls_##K;                                              \
    View v = VIEW_OF(s);                                                              \
    if (!advance(&v, sizeof(T), KIND))                                                \
      return;                                                                         \
    SET_FROM(s, v, T);                                                                \
    *s->top++ = x;                                                                    \
    (void)current_bytes();                                                            \
  }                                                                                   \
  T ccad__pop_slow_##K(void)                                                          \
  {                                                                                   \
    ccad__stack_##K *s = &ccad__tls_##K;                                              \
    View v = VIEW_OF(s);                                                              \
    (void)current_bytes();                                                            \
    if (!retreat(&v)) {                                                               \
      ccad__error(CCAD_EUNDERFLOW, "tape underflow: ccad_pop_" #K " on an empty "     \
                  KIND " tape (the generated code pops more than it pushed)");        \
      return 0;                                                                       \
    }                                                                                 \
    SET_FROM(s, v, T);                                                                \
    return *--s->top;                                                                 \
  }

TYPED_SLOW_PATHS(d, double, "double")
TYPED_SLOW_PATHS(f, float, "float")
TYPED_SLOW_PATHS(i, long, "integer")
TYPED_SLOW_PATHS(i32, int, "int")
TYPED_SLOW_PATHS(p, void *, "pointer")
TYPED_SLOW_PATHS(b, ccad__branch, "branch")

/*
** Bulk blocks (ccad_reserve_* / ccad_release_*).  A block never straddles
** two chunks: when the current one has no room, the block starts a chunk
** of its own (at least n values big) and the old chunk keeps its `used`,
** so popping back into it resumes below its unused tail.  The fast paths
** in ccad.h send n == 0 and a stack without chunks here too.
*/
#define TYPED_BULK_PATHS(K, T, KIND)                                                  \
  static T empty_##K[1]; /* the block of 0 values of a stack without chunks */       \
  T *ccad__reserve_slow_##K(size_t n)                                                 \
  {                                                                                   \
    ccad__stack_##K *s = &ccad__tls_##K;                                              \
    View v = VIEW_OF(s);                                                              \
    if (n == 0 || (v.top && (size_t)(s->limit - s->top) >= n)) {                      \
      T *r = s->top;                                                                  \
      if (n) s->top += n;                                                             \
      return r ? r : empty_##K; /* memcpy(p, q, 0) still wants p and q non-null */   \
    }                                                                                 \
    if (n > (CCAD__ALLOC_MAX - CCAD__CHUNK_HDR) / sizeof(T) ||                        \
        !advance(&v, n * sizeof(T), KIND)) {                                          \
      if (n > (CCAD__ALLOC_MAX - CCAD__CHUNK_HDR) / sizeof(T))                        \
        ccad__error(CCAD_ENOMEM, "out of memory reserving %zu values on the " KIND   \
                    " tape", n);                                                      \
      abort();  /* the handler returned: nowhere to write the values */              \
    }                                                                                 \
    SET_FROM(s, v, T);                                                                \
    T *r = s->top;                                                                    \
    s->top += n;                                                                      \
    (void)current_bytes();                                                            \
    return r;                                                                         \
  }                                                                                   \
  const T *ccad__release_slow_##K(size_t n)                                           \
  {                                                                                   \
    ccad__stack_##K *s = &ccad__tls_##K;                                              \
    View v = VIEW_OF(s);                                                              \
    if (n == 0)                                                                       \
      return s->top ? s->top : empty_##K;                                             \
    (void)current_bytes();                                                            \
    while (v.top == v.base && retreat(&v))                                            \
      ;                                                                               \
    if ((size_t)(v.top - v.base) < n * sizeof(T)) {                                   \
      ccad__error(CCAD_EUNDERFLOW, "tape underflow: ccad_release_" #K "(%zu) but "   \
                  "the " KIND " tape's top block holds fewer values (the generated "  \
                  "code pops more than it pushed)", n);                               \
      abort();  /* the handler returned: no values to hand back */                   \
    }                                                                                 \
    SET_FROM(s, v, T);                                                                \
    s->top -= n;                                                                      \
    return s->top + n;                                                                \
  }

TYPED_BULK_PATHS(d, double, "double")
TYPED_BULK_PATHS(f, float, "float")
TYPED_BULK_PATHS(i, long, "integer")
TYPED_BULK_PATHS(i32, int, "int")

/* }====================================================================== */

/* {======================================================================
** Byte blocks
** ======================================================================= */

void ccad_push_bytes(const void *src, size_t n)
{
  View *v = &tls_bytes.v;
  size_t need;

  if (n > CCAD__ALLOC_MAX - CCAD__CHUNK_HDR - sizeof(size_t)) {
    ccad__error(CCAD_ENOMEM, "out of memory pushing a %zu-byte block on the byte tape", n);
    return;
  }
  need = n + sizeof(size_t);
  if ((size_t)(v->limit - v->top) < need && !advance(v, need, "byte"))
    return;
  if (n)
    memcpy(v->top, src, n);
  memcpy(v->top + n, &n, sizeof n);
  v->top += need;
  tls_bytes.payload += n;
  ccad__tls_rising = 1;  /* sampled at the next pop: a peak is where pushes turn to pops */
}

void ccad_pop_bytes(void *dst, size_t n)
{
  View *v = &tls_bytes.v;
  size_t m;

  if (ccad__tls_rising) {
    ccad__tls_rising = 0;
    (void)current_bytes();
  }
  while (v->top == v->base) {
    if (!retreat(v)) {
      ccad__error(CCAD_EUNDERFLOW, "tape underflow: ccad_pop_bytes(%zu) on an empty byte tape "
                  "(the generated code pops more than it pushed)", n);
      goto zero;
    }
  }
  memcpy(&m, v->top - sizeof m, sizeof m);
  if (m != n) {
    ccad__error(CCAD_EUNDERFLOW, "tape mismatch: ccad_pop_bytes(%zu) but the block on top of "
                "the byte tape has %zu bytes", n, m);
    goto zero;
  }
  v->top -= sizeof m + n;
  if (n)
    memcpy(dst, v->top, n);
  tls_bytes.payload -= n;
  return;
zero:
  if (n && dst)
    memset(dst, 0, n);
}

/* }====================================================================== */

/* {======================================================================
** Statistics and release
** ======================================================================= */

void ccad__sample_peak(void)
{
  ccad__tls_rising = 0;
  (void)current_bytes();
}

/* Exact payload bytes on this thread's tapes; also samples the peak. */
static size_t current_bytes(void)
{
  View d = VIEW_OF(&ccad__tls_d), f = VIEW_OF(&ccad__tls_f), n = VIEW_OF(&ccad__tls_i32);
  View i = VIEW_OF(&ccad__tls_i), p = VIEW_OF(&ccad__tls_p), br = VIEW_OF(&ccad__tls_b);
  size_t b = view_bytes(&d) + view_bytes(&f) + view_bytes(&i) + view_bytes(&n) + view_bytes(&p) + view_bytes(&br) +
             tls_bytes.payload;

  if (b > tls_peak)
    tls_peak = b;
  return b;
}

size_t ccad_tape_bytes(void)
{
  return current_bytes();
}

size_t ccad_tape_peak_bytes(void)
{
  (void)current_bytes();
  return tls_peak;
}

void ccad_tape_reset_peak(void)
{
  tls_peak = 0;
  (void)current_bytes();
}

void ccad__raise_peak(size_t bytes)
{
  if (bytes > tls_peak)
    tls_peak = bytes;
}

int ccad_tape_empty(void)
{
  View d = VIEW_OF(&ccad__tls_d), f = VIEW_OF(&ccad__tls_f), n = VIEW_OF(&ccad__tls_i32);
  View i = VIEW_OF(&ccad__tls_i), p = VIEW_OF(&ccad__tls_p), br = VIEW_OF(&ccad__tls_b);

  /* The byte stack is tested by stored bytes: a 0-byte block still counts. */
  return view_bytes(&d) == 0 && view_bytes(&f) == 0 && view_bytes(&i) == 0 && view_bytes(&n) == 0 &&
         view_bytes(&p) == 0 && view_bytes(&br) == 0 && view_bytes(&tls_bytes.v) == 0;
}

#define RELEASE_TYPED(s, T) \
  do { View v_ = VIEW_OF(s); release_view(&v_); SET_FROM(s, v_, T); } while (0)

void ccad_tape_release(void)
{
  RELEASE_TYPED(&ccad__tls_d, double);
  RELEASE_TYPED(&ccad__tls_f, float);
  RELEASE_TYPED(&ccad__tls_i, long);
  RELEASE_TYPED(&ccad__tls_i32, int);
  RELEASE_TYPED(&ccad__tls_p, void *);
  RELEASE_TYPED(&ccad__tls_b, ccad__branch);
  release_view(&tls_bytes.v);
  ccad__frame_release();
  ccad__omp_parts_release();
}

#define FREE_TYPED(s, T) \
  do { View v_ = VIEW_OF(s); free_view(&v_); SET_FROM(s, v_, T); } while (0)

static void free_all(void)
{
  FREE_TYPED(&ccad__tls_d, double);
  FREE_TYPED(&ccad__tls_f, float);
  FREE_TYPED(&ccad__tls_i, long);
  FREE_TYPED(&ccad__tls_i32, int);
  FREE_TYPED(&ccad__tls_p, void *);
  FREE_TYPED(&ccad__tls_b, ccad__branch);
  free_view(&tls_bytes.v);
  tls_bytes.payload = 0;
  ccad__frame_release();
  ccad__omp_parts_release();
}

/* }====================================================================== */

/* {======================================================================
** Marks: the tapes' sizes at one moment, and dropping what was pushed
** since (checkpoint.c, which runs iterations whose tape is not kept).
** ======================================================================= */

/* Pop v down to `bytes` bytes, retreating over chunks. */
static void rewind_view(View *v, size_t bytes)
{
  while (v->chunk && view_bytes(v) > bytes) {
    size_t here = (size_t)(v->top - v->base), drop = view_bytes(v) - bytes;
    if (drop <= here) {
      v->top -= drop;
      return;
    }
    v->top = v->base;
    if (!retreat(v))
      return;
  }
}

#define MARK_TYPED(s) do { View v_ = VIEW_OF(s); m->n[k++] = view_bytes(&v_); } while (0)
#define REWIND_TYPED(s, T) \
  do { View v_ = VIEW_OF(s); rewind_view(&v_, m->n[k++]); SET_FROM(s, v_, T); } while (0)

static struct {
  size_t (*mark)(void);
  void (*drop)(size_t);
} exts[CCAD__EXTS];
static atomic_int nexts;

void ccad__tape_extend(size_t (*mark)(void), void (*drop)(size_t))
{
  static atomic_flag busy = ATOMIC_FLAG_INIT;
  while (atomic_flag_test_and_set(&busy)) {
  }
  int n = atomic_load(&nexts);
  int known = 0;
  for (int i = 0; i < n; i++)
    known |= exts[i].mark == mark;
  if (!known && n < CCAD__EXTS) {
    exts[n].mark = mark;
    exts[n].drop = drop;
    atomic_store(&nexts, n + 1);
  }
  atomic_flag_clear(&busy);
}

void ccad__tape_mark(ccad__mark *m)
{
  int k = 0;
  (void)current_bytes();
  MARK_TYPED(&ccad__tls_d);
  MARK_TYPED(&ccad__tls_f);
  MARK_TYPED(&ccad__tls_i);
  MARK_TYPED(&ccad__tls_i32);
  MARK_TYPED(&ccad__tls_p);
  MARK_TYPED(&ccad__tls_b);
  m->n[k++] = view_bytes(&tls_bytes.v);
  m->payload = tls_bytes.payload;
  m->frame = ccad__frame_mark();
  int ne = atomic_load(&nexts);
  for (int i = 0; i < CCAD__EXTS; i++)
    m->ext[i] = i < ne ? exts[i].mark() : 0;  /* (one made later had nothing of this thread's yet) */
}

void ccad__tape_rewind(const ccad__mark *m)
{
  int k = 0;
  if (ccad__tls_rising)
    ccad__sample_peak();
  REWIND_TYPED(&ccad__tls_d, double);
  REWIND_TYPED(&ccad__tls_f, float);
  REWIND_TYPED(&ccad__tls_i, long);
  REWIND_TYPED(&ccad__tls_i32, int);
  REWIND_TYPED(&ccad__tls_p, void *);
  REWIND_TYPED(&ccad__tls_b, ccad__branch);
  rewind_view(&tls_bytes.v, m->n[k++]);
  tls_bytes.payload = m->payload;
  ccad__frame_rewind(m->frame);
  int ne = atomic_load(&nexts);
  for (int i = 0; i < ne; i++)
    exts[i].drop(m->ext[i]);
}

/* }====================================================================== */

/* {======================================================================
** Marks: the backward sweep read again (jacrev: one forward sweep, one
** backward sweep per output).  Pops never overwrite a chunk's values and
** keep the chunks they leave cached, so restoring the stacks' pointers
** (and the frames') puts back everything popped since the mark, as long
** as nothing was pushed in between.
** ======================================================================= */

struct ccad_tape_mark {
  ccad__stack_d d;
  ccad__stack_f f;
  ccad__stack_i i;
  ccad__stack_i32 i32;
  ccad__stack_p p;
  ccad__stack_b b;
  ByteStack bytes;
  void *frames;
};

ccad_tape_mark *ccad_tape_mark_here(void)
{
  ccad_tape_mark *m = ccad_malloc(sizeof *m);
  m->d = ccad__tls_d;
  m->f = ccad__tls_f;
  m->i = ccad__tls_i;
  m->i32 = ccad__tls_i32;
  m->p = ccad__tls_p;
  m->b = ccad__tls_b;
  m->bytes = tls_bytes;
  m->frames = ccad__frame_keep();
  return m;
}

void ccad_tape_rewind(const ccad_tape_mark *m)
{
  ccad__tls_d = m->d;
  ccad__tls_f = m->f;
  ccad__tls_i = m->i;
  ccad__tls_i32 = m->i32;
  ccad__tls_p = m->p;
  ccad__tls_b = m->b;
  tls_bytes = m->bytes;
  ccad__frame_restore(m->frames);
}

void ccad_tape_unmark(ccad_tape_mark *m)
{
  if (!m)
    return;
  ccad__frame_unkeep(m->frames);
  ccad_free(m);
}

/* }====================================================================== */
