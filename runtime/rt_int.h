/*
** rt_int.h: private to the runtime sources (and white-box unit tests): the chunk
** layout behind the tapes and the internal error entry point.
*/
#ifndef CCAD_RT_INT_H
#define CCAD_RT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "ccad.h"

/*
** A chunk is one malloc: this header, padded to max_align_t, then `cap`
** bytes of storage.  A stack's chunks form a doubly linked list; the
** stack's `chunk` is the one `top` points into.  Chunks before it are
** full up to their `used`; chunks after it are empty and cached for reuse.
** Invariants, for a stack s of element type T:
**   s->base == (T *)ccad__chunk_data(s->chunk)
**   s->limit == s->base + s->chunk->cap / sizeof(T)
**   s->below == sum of c->used over the chunks before s->chunk
*/
struct ccad__chunk {
  ccad__chunk *prev;  /* older chunk, holding values pushed earlier */
  ccad__chunk *next;  /* newer chunk, empty (cached) */
  size_t cap;         /* bytes of storage */
  size_t used;        /* bytes in use; valid while this is not the current chunk */
};

/* Bytes taken by the header, so that storage is aligned for any type. */
#define CCAD__CHUNK_HDR \
  ((sizeof(ccad__chunk) + _Alignof(max_align_t) - 1) / _Alignof(max_align_t) * _Alignof(max_align_t))

/* Storage sizes: the first chunk of a stack is MIN bytes, each new one
** doubles, up to MAX.  A byte block larger than MAX gets a chunk of its own. */
#define CCAD__CHUNK_MIN ((size_t)64 * 1024)
#define CCAD__CHUNK_MAX ((size_t)1024 * 1024)

/* Largest single allocation the runtime attempts (malloc cannot do more). */
#define CCAD__ALLOC_MAX ((size_t)PTRDIFF_MAX)

static inline char *ccad__chunk_data(ccad__chunk *c)
{
  return (char *)c + CCAD__CHUNK_HDR;
}

/* Record stacks of other libraries that the forward sweep pushes beside
 * the tapes (libccad_mpi's records of MPI calls): a rewind drops what
 * they pushed since the mark too (an iteration a checkpoint runs again).
 * mark() is this thread's stack size, drop(n) pops it back to n. */
enum { CCAD__EXTS = 4 };
void ccad__tape_extend(size_t (*mark)(void), void (*drop)(size_t));

/* The tapes' sizes at one moment (tape.c): ccad__tape_rewind pops back to them. */
typedef struct ccad__mark {
  size_t n[7];     /* bytes on the six typed stacks and the byte stack */
  size_t payload;  /* the byte stack's payload */
  void *frame;     /* the newest frame block */
  size_t ext[CCAD__EXTS];  /* the record stacks of ccad__tape_extend (0: none yet then) */
} ccad__mark;
void ccad__tape_mark(ccad__mark *m);
void ccad__tape_rewind(const ccad__mark *m);
void *ccad__frame_mark(void);
void ccad__frame_rewind(void *mark);

/* limits.c: the tape limit, checked before a tape takes 'more' bytes of a new chunk */
void ccad__check_limit(size_t more);
/* tape.c: the peak becomes at least bytes */
void ccad__raise_peak(size_t bytes);

/* Free the empty frame chunk kept for reuse (frame.c; from ccad_tape_release and thread exit). */
void ccad__frame_release(void);

/* Free the adjoint copies kept for reuse (omp_parts.c; from ccad_tape_release). */
void ccad__omp_parts_release(void);

/* Format a message and call the error handler (error.c).  Returns if the handler does. */
void ccad__error(int code, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

/* Frames under a tape mark (tape.c): while one is held, popped chunks are
** kept; rewind restores the frames of the mark, unmark frees what the
** sweeps since left empty. */
void *ccad__frame_keep(void);
void ccad__frame_restore(const void *mark);
void ccad__frame_unkeep(void *mark);

#endif /* CCAD_RT_INT_H */
