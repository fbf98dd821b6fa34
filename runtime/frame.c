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
