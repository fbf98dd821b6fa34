/* frame.c — per-thread LIFO storage for the local arrays of split
 * reverse-mode functions (see ccad.h). Chunked, so addresses stay valid;
 * ccad_frame_pop releases the newest block. The last chunk to empty is
 * kept for the next push (a gradient called in a loop would otherwise
 * malloc and free a chunk per call) until ccad_tape_release or thread
 * exit. */
#include <stdint.h>
#include <string.h>

#include "ccad.h"
#include "rt_int.h"

typedef struct Chunk {
  struct Chunk *prev;
  size_t size, used;
  /* blocks follow, 16-byte aligned */
} Chunk;

/* Each block starts with the offset its chunk's 'used' had before it. */
#define HDR ((sizeof(Chunk) + 15) & ~(size_t)15)
#define BLOCK_HDR ((size_t)16)
#define MIN_CHUNK ((size_t)1 << 16)

static _Thread_local Chunk *top;
static _Thread_local unsigned char *newest;  /* header of the newest block */
static _Thread_local Chunk *spare;           /* an empty chunk kept for reuse */
static _Thread_local int held;               /* marks held: emptied chunks stay (tape.c) */

void *ccad_frame_push(size_t n) {
  if (n > PTRDIFF_MAX / 2) {
    ccad__error(CCAD_ENOMEM, "frame block too large");
    return NULL;
  }
  size_t need = ((n + 15) & ~(size_t)15) + BLOCK_HDR;
  if (!top || top->size - top->used < need) {
    size_t size = need > MIN_CHUNK ? need : MIN_CHUNK;
    Chunk *c = spare;
    if (c && c->size >= need) {
      spare = NULL;
    } else {
      c = ccad_malloc(HDR + size);
      c->size = size;
    }
    c->prev = top;
    c->used = 0;
    top = c;
  }
  unsigned char *base = (unsigned char *)top + HDR + top->used;
  struct { size_t used_before; unsigned char *prev_newest; } h = {top->used, newest};
  memcpy(base, &h, sizeof h);
  top->used += need;
  newest = base;
  memset(base + BLOCK_HDR, 0, need - BLOCK_HDR);
  return base + BLOCK_HDR;
}

void ccad_frame_pop(void *p) {
  (void)p;  /* always the newest block: generated code pops in LIFO order */
  if (!top || !newest) return;
  struct { size_t used_before; unsigned char *prev_newest; } h;
  memcpy(&h, newest, sizeof h);
  top->used = h.used_before;
  newest = h.prev_newest;
  if (top->used == 0) {
    Chunk *c = top;
    top = c->prev;
    if (held)  /* a mark may bring it back; ccad__frame_unkeep frees it */
      return;
    if (spare && spare->size >= c->size) {
      ccad_free(c);
    } else {
      ccad_free(spare);
      spare = c;
    }
  }
}

void ccad__frame_release(void) {
  ccad_free(spare);
  spare = NULL;
}

/* Marks (checkpoint.c): the newest block, and popping back to it. */
void *ccad__frame_mark(void) { return newest; }

void ccad__frame_rewind(void *mark) {
  while (newest && newest != (unsigned char *)mark) ccad_frame_pop(NULL);
}

/* A mark: the chunks from the top down with their 'used' and a copy of
 * their blocks, and the newest block. The backward sweep changes frame
 * memory (it restores overwritten locals, accumulates adjoints in local
 * arrays) and frees the frames: chunks it empties under a mark stay
 * allocated (their prev links too), and rewinding puts back these fields
 * and the blocks' bytes. */
typedef struct FrameMark {
  unsigned char *newest;
  int n;
  struct { Chunk *c; size_t used; unsigned char *copy; } at[];
} FrameMark;

void *ccad__frame_keep(void) {
  int n = 0;
  for (Chunk *c = top; c; c = c->prev) n++;
  FrameMark *m = ccad_malloc(sizeof *m + sizeof m->at[0] * (size_t)(n ? n : 1));
  m->newest = newest;
  m->n = n;
  n = 0;
  for (Chunk *c = top; c; c = c->prev, n++) {
    m->at[n].c = c;
    m->at[n].used = c->used;
    m->at[n].copy = ccad_malloc(c->used ? c->used : 1);
    memcpy(m->at[n].copy, (unsigned char *)c + HDR, c->used);
  }
  held++;
  return m;
}

void ccad__frame_restore(const void *mark) {
  const FrameMark *m = mark;
  for (int k = 0; k < m->n; k++) {
    m->at[k].c->used = m->at[k].used;
    memcpy((unsigned char *)m->at[k].c + HDR, m->at[k].copy, m->at[k].used);
  }
  top = m->n ? m->at[0].c : NULL;
  newest = m->newest;
}

void ccad__frame_unkeep(void *mark) {
  FrameMark *m = mark;
  held--;
  /* the marked chunks no longer on the stack: emptied since */
  for (int k = 0; k < m->n; k++) {
    int live = 0;
    for (Chunk *c = top; c && !live; c = c->prev) live = c == m->at[k].c;
    if (!live && !held) {
      if (!spare) spare = m->at[k].c;
      else ccad_free(m->at[k].c);
    }
    ccad_free(m->at[k].copy);
  }
  ccad_free(m);
}
