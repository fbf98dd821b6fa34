/*
** checkpoint.c: the driver of `#pragma ad checkpoint` loops (generated
** code only; the protocol is in ccad.h).  The forward sweep runs the loop
** once without keeping its tape, counting its iterations, after saving the
** loop's state on entry.  The backward sweep then knows the trip count,
** whatever the loop was (for, while, break): it runs revolve's binomial
** schedule for (trips, snapshots) from the entry state, one action per
** ccad_ckpt_next, and ends by loading the entry state again, which is what
** the backward code of the statements before the loop expects to read.
**
** A state is whatever the generated code saves, in the same order each
** time: ccad_ckpt_save appends to the current slot, ccad_ckpt_load reads
** the current slot from its start.
*/
#include <string.h>

#include "rt_int.h"

typedef struct Slot {
  char *data;
  size_t size, cap;
} Slot;

typedef struct Ckpt {
  int snapshots;      /* requested, <= 0: ceil(sqrt(trips)) */
  long trips;         /* iterations the forward sweep ran */
  int phase;          /* 0 forward, 1 backward (revolve), 2 entry loaded, 3 done */
  Slot entry;         /* the state on entry */
  Slot *slots;        /* revolve's snapshots */
  int nslots;
  Slot *cur;          /* the slot save/load use */
  size_t pos;         /* load position in cur */
  ccad_revolve *r;
  long advance_left;  /* steps of the current ADVANCE still to hand out */
  int rewind;         /* the last action ran an iteration whose tape is dropped */
  ccad__mark mark;
} Ckpt;

static CCAD__TLS long tls_recomputed, tls_steps, tls_loops;

static void slot_put(Slot *s, const void *src, size_t n)
{
  if (s->cap - s->size < n) {
    size_t cap = s->cap ? 2 * s->cap : 256;
    while (cap - s->size < n)
      cap *= 2;
    char *d = ccad_malloc(cap);
    if (s->size)
      memcpy(d, s->data, s->size);
    ccad_free(s->data);
    s->data = d;
    s->cap = cap;
  }
  if (n)
    memcpy(s->data + s->size, src, n);
  s->size += n;
}

void *ccad_ckpt_begin(int snapshots)
{
  Ckpt *c = ccad_calloc(1, sizeof *c);
  c->snapshots = snapshots;
  c->cur = &c->entry;
  ccad__tape_mark(&c->mark);
  return c;
}

void ccad_ckpt_save(void *ck, const void *src, size_t n)
{
  Ckpt *c = ck;
  slot_put(c->cur, src, n);
}

void ccad_ckpt_load(void *ck, void *dst, size_t n)
{
  Ckpt *c = ck;
  if (n > c->cur->size - c->pos) {
    ccad__error(CCAD_EUNDERFLOW, "checkpoint: loading %zu bytes from a snapshot of %zu "
                "(the generated code loads more than it saved)", n, c->cur->size - c->pos);
    return;
  }
  if (n)
    memcpy(dst, c->cur->data + c->pos, n);
  c->pos += n;
}

void ccad_ckpt_iter(void *ck)
{
  Ckpt *c = ck;
  ccad__tape_rewind(&c->mark);
  c->trips++;
}

void ccad_ckpt_end(void *ck)
{
  Ckpt *c = ck;
  ccad__tape_rewind(&c->mark);
}

/* Default snapshots for a loop of l iterations: ceil(sqrt(l)), at least 1. */
static int default_snapshots(long l)
{
  long s = 1;
  while (s * s < l)
    s++;
  return (int)s;
}

static void start_backward(Ckpt *c)
{
  int s = c->snapshots > 0 ? c->snapshots : default_snapshots(c->trips);
  c->r = ccad_revolve_new(c->trips, s);
  c->nslots = s < c->trips ? s : (int)(c->trips > 0 ? c->trips : 1);
  c->slots = ccad_calloc((size_t)c->nslots, sizeof *c->slots);
  c->phase = 1;
  tls_loops++;
  tls_steps += c->trips;
}

static void finish(Ckpt *c)
{
  for (int k = 0; k < c->nslots; k++)
    ccad_free(c->slots[k].data);
  ccad_free(c->slots);
  ccad_free(c->entry.data);
  ccad_revolve_free(c->r);
  ccad_free(c);
}

static int load_from(Ckpt *c, Slot *s)
{
  c->cur = s;
  c->pos = 0;
  return CCAD_CKPT_LOAD;
}

int ccad_ckpt_next(void *ck)
{
  Ckpt *c = ck;
  if (c->rewind) {
    ccad__tape_rewind(&c->mark);
    c->rewind = 0;
  }
  if (c->phase == 0) {
    start_backward(c);
    ccad__tape_mark(&c->mark);
    return load_from(c, &c->entry);  /* state 0, revolve's current state */
  }
  if (c->phase == 2) {
    finish(c);
    return CCAD_CKPT_DONE;
  }
  if (c->advance_left > 0) {
    c->advance_left--;
    c->rewind = 1;
    tls_recomputed++;
    return CCAD_CKPT_ADVANCE;
  }
  switch (ccad_revolve_next(c->r)) {
  case CCAD_CK_ADVANCE:
    c->advance_left = ccad_revolve_capo(c->r) - ccad_revolve_oldcapo(c->r) - 1;
    c->rewind = 1;
    tls_recomputed++;
    return CCAD_CKPT_ADVANCE;
  case CCAD_CK_TAKESHOT: {
    Slot *s = &c->slots[ccad_revolve_check(c->r)];
    s->size = 0;
    c->cur = s;
    return CCAD_CKPT_SAVE;
  }
  case CCAD_CK_RESTORE:
    return load_from(c, &c->slots[ccad_revolve_check(c->r)]);
  case CCAD_CK_FIRSTURN:
  case CCAD_CK_YOUTURN:
    return CCAD_CKPT_TURN;
  case CCAD_CK_TERMINATE:
    c->phase = 2;
    return load_from(c, &c->entry);  /* the values the code before the loop reads */
  default:  /* ERROR: the handler has been called */
    finish(c);
    return CCAD_CKPT_DONE;
  }
}

long ccad_checkpoint_recomputations(void)
{
  return tls_recomputed;
}

long ccad_checkpoint_steps(void)
{
  return tls_steps;
}

void ccad_checkpoint_reset_counts(void)
{
  tls_recomputed = tls_steps = tls_loops = 0;
}
