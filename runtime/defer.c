/*
** defer.c: frees the forward sweep defers (see ccad.h).  A block the
** primal frees may still be read by the backward sweep, which runs later:
** generated code hands it here instead, and the requested function frees
** every block it deferred once its backward sweep is done
** (ccad_defer_apply).  An iteration a checkpoint runs again without its
** backward sweep (its tape dropped) frees its blocks with the tape.  A
** block deferred twice (at the primal's free and by its malloc's
** backward code) is freed once.  Per thread.
*/
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "rt_int.h"

static _Thread_local void **blocks;
static _Thread_local size_t nblocks, capblocks;

static size_t defer_mark(void) { return nblocks; }

static int by_address(const void *a, const void *b)
{
  uintptr_t x = (uintptr_t)*(void *const *)a, y = (uintptr_t)*(void *const *)b;
  return x < y ? -1 : x > y;
}

/* Free the blocks deferred since n, each once. */
static void defer_drop(size_t n)
{
  if (nblocks <= n)
    return;
  qsort(blocks + n, nblocks - n, sizeof *blocks, by_address);
  for (size_t i = n; i < nblocks; i++)
    if (i == n || blocks[i] != blocks[i - 1])
      free(blocks[i]);
  nblocks = n;
}

void ccad_defer_free(void *p)
{
  static atomic_int told;  /* checkpoints drop these with the tapes they rewind */
  if (!p)
    return;
  if (!atomic_load(&told)) {
    ccad__tape_extend(defer_mark, defer_drop);
    atomic_store(&told, 1);
  }
  if (nblocks == capblocks) {
    size_t ncap = capblocks ? 2 * capblocks : 64;
    void **nb = ccad_malloc(ncap * sizeof *nb);
    if (nblocks)
      memcpy(nb, blocks, nblocks * sizeof *nb);
    ccad_free(blocks);
    blocks = nb;
    capblocks = ncap;
  }
  blocks[nblocks++] = p;
}

void ccad_defer_apply(void)
{
  defer_drop(0);
  ccad_free(blocks);
  blocks = NULL;
  capblocks = 0;
}
