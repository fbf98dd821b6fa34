/* frame.c — per-thread LIFO storage for the local arrays of split
 * reverse-mode functions (see ccad.h). Chunked, so addresses stay valid. */
#include <stdint.h>
#include <string.h>

#include "ccad.h"
#include "rt_int.h"

typedef struct Chunk {
  struct Chunk *prev;
  size_t size, used;
  /* data follows, 16-byte aligned */
} Chunk;

#define HDR ((sizeof(Chunk) + 15) & ~(size_t)15)
#define MIN_CHUNK ((size_t)1 << 16)

static _Thread_local Chunk *top;

void *ccad_frame_push(size_t n) {
  /* each block records its size just before its data */
  size_t need = ((n + 15) & ~(size_t)15) + 16;
  if (!top || top->size - top->used < need) {
    size_t size = need > MIN_CHUNK ? need : MIN_CHUNK;
    Chunk *c = ccad_malloc(HDR + size);
    c->prev = top;
    c->size = size;
    c->used = 0;
    top = c;
  }
  unsigned char *base = (unsigned char *)top + HDR + top->used;
  memcpy(base, &need, sizeof need);
  top->used += need;
  memset(base + 16, 0, need - 16);
  return base + 16;
}

void ccad_frame_pop(void *p) {
  if (!top || !p) return;
  size_t need;
  memcpy(&need, (unsigned char *)p - 16, sizeof need);
  top->used -= need;
  if (top->used == 0) {
    Chunk *c = top;
    top = c->prev;
    ccad_free(c);
  }
}
