/*
** checkpoint.c: the driver of `#pragma ad checkpoint` loops (generated
** code only; the protocol is in ccad.h).  Two ways in:
**
** - the trip count is known on entry (ccad_ckpt_begin_n): the forward sweep
**   follows revolve's schedule up to its first turn (advancing untaped and
**   taking snapshots), saves the state before the last iteration and runs
**   that iteration untaped for the loop's result; the backward sweep goes
**   on from there;
** - it is not (ccad_ckpt_begin, a while loop, a loop left by break): the
**   forward sweep runs the loop once, untaped, counting its iterations
**   (ccad_ckpt_iter), after saving the state on entry; the backward sweep
**   then runs revolve's schedule for that count from the entry state.
**
** Either way the backward sweep ends by loading the entry state again, the
** values the backward code of the statements before the loop reads.  A
** state is whatever the generated code saves, in the same order each time:
** ccad_ckpt_save appends to the current slot, ccad_ckpt_load reads the
** current slot from its start.  The tape an untaped iteration pushes is
** dropped (a mark of the tapes, and ccad__tape_rewind).
*/
#include <string.h>

#include "rt_int.h"

typedef struct Slot {
  char *data;
  size_t size, cap;
} Slot;

/* What the driver does next: */
enum {
  S_COUNT,      /* forward, trip count unknown: ccad_ckpt_iter counts */
  S_ENTRY,      /* forward, trip count known: save the entry state first */
  S_FWD,        /* forward: revolve's actions until its first turn */
  S_FWD_LAST,   /* forward: the last iteration, untaped, for the loop's result */
  S_FWD_END,    /* forward: done */
  S_BWD_START,  /* backward after S_FWD_END: load the state before the last iteration */
  S_BWD_TURN,   /* backward: reverse the last iteration */
  S_BWD,        /* backward: revolve's actions */
  S_FINISH      /* the entry state has been loaded: free, DONE */
};

typedef struct Ckpt {
  int snapshots;      /* requested; <= 0: ceil(sqrt(trips)) */
  long trips;
  int stage;
  Slot entry;         /* the state on entry */
  Slot turn;          /* known trip count: the state before the last iteration */
  Slot *slots;        /* revolve's snapshots */
  int nslots;
  Slot *cur;          /* the slot save and load use */
  size_t pos;         /* load position in cur */
  ccad_revolve *r;
  long advance_left;  /* steps of the current ADVANCE still to hand out */
  int rewind;         /* the last action ran an iteration whose tape is dropped */
  int marked;         /* the backward sweep's mark is taken */
  ccad__mark mark;
  struct Ckpt *below;   /* the live driver made before this one (this thread's stack) */
} Ckpt;

static CCAD__TLS long tls_recomputed, tls_steps;

/* This thread's live drivers, newest first: a driver made inside an
** iteration whose tape is dropped (a checkpointed loop nested in another)
** is dropped with it. */
static CCAD__TLS Ckpt *live;

static void finish(Ckpt *c);

/* Rewind the tapes to c's mark and free the drivers made since c. */
static void rewind_to(Ckpt *c)
{
  ccad__tape_rewind(&c->mark);
  while (live && live != c)
    finish(live);
}

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
  c->stage = S_COUNT;
  ccad__tape_mark(&c->mark);
  c->below = live;
  live = c;
  return c;
}

void *ccad_ckpt_begin_n(int snapshots, long trips)
{
  Ckpt *c = ccad_ckpt_begin(snapshots);
  c->trips = trips > 0 ? trips : 0;
  c->stage = S_ENTRY;
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
  rewind_to(c);
  c->trips++;
  tls_recomputed++;  /* run untaped, as an ADVANCE */
}

void ccad_ckpt_end(void *ck)
{
  Ckpt *c = ck;
  rewind_to(c);
}

/* Default snapshots for a loop of l iterations: ceil(sqrt(l)), at least 1. */
static int default_snapshots(long l)
{
  long s = 1;
  while (s * s < l)
    s++;
  return (int)s;
}

static void start_revolve(Ckpt *c)
{
  int s = c->snapshots > 0 ? c->snapshots : default_snapshots(c->trips);
  c->r = ccad_revolve_new(c->trips, s);
  c->nslots = s < c->trips ? s : (int)(c->trips > 0 ? c->trips : 1);
  c->slots = ccad_calloc((size_t)c->nslots, sizeof *c->slots);
  tls_steps += c->trips;
}

static void finish(Ckpt *c)
{
  Ckpt **p = &live;
  while (*p && *p != c)
    p = &(*p)->below;
  if (*p)
    *p = c->below;
  for (int k = 0; k < c->nslots; k++)
    ccad_free(c->slots[k].data);
  ccad_free(c->slots);
  ccad_free(c->entry.data);
  ccad_free(c->turn.data);
  ccad_revolve_free(c->r);
  ccad_free(c);
}

static int load_from(Ckpt *c, Slot *s)
{
  c->cur = s;
  c->pos = 0;
  return CCAD_CKPT_LOAD;
}

static int save_to(Ckpt *c, Slot *s)
{
  s->size = 0;
  c->cur = s;
  return CCAD_CKPT_SAVE;
}

static int advance(Ckpt *c)
{
  c->rewind = 1;
  tls_recomputed++;
  return CCAD_CKPT_ADVANCE;
}

static void mark_backward(Ckpt *c)
{
  if (!c->marked)
    ccad__tape_mark(&c->mark);
  c->marked = 1;
}

/* One of revolve's actions, in the forward sweep (up to the first turn) or the backward one. */
static int revolve_step(Ckpt *c, int forward)
{
  if (c->advance_left > 0) {
    c->advance_left--;
    return advance(c);
  }
  switch (ccad_revolve_next(c->r)) {
  case CCAD_CK_ADVANCE:
    c->advance_left = ccad_revolve_capo(c->r) - ccad_revolve_oldcapo(c->r) - 1;
    return advance(c);
  case CCAD_CK_TAKESHOT:
    return save_to(c, &c->slots[ccad_revolve_check(c->r)]);
  case CCAD_CK_RESTORE:
    return load_from(c, &c->slots[ccad_revolve_check(c->r)]);
  case CCAD_CK_FIRSTURN:
  case CCAD_CK_YOUTURN:
    if (forward) {  /* keep the state before the last iteration, then run it */
      c->stage = S_FWD_LAST;
      return save_to(c, &c->turn);
    }
    return CCAD_CKPT_TURN;
  case CCAD_CK_TERMINATE:
    if (forward) {  /* no iteration at all: the backward sweep only loads the entry state */
      c->stage = S_BWD;
      return CCAD_CKPT_DONE;
    }
    c->stage = S_FINISH;
    return load_from(c, &c->entry);
  default:  /* ERROR: the handler has been called */
    c->stage = S_FINISH;
    return load_from(c, &c->entry);
  }
}

int ccad_ckpt_next(void *ck)
{
  Ckpt *c = ck;
  if (c->rewind) {
    rewind_to(c);
    c->rewind = 0;
  }
  switch (c->stage) {
  case S_ENTRY:
    start_revolve(c);
    c->stage = S_FWD;
    return save_to(c, &c->entry);
  case S_FWD:
    return revolve_step(c, 1);
  case S_FWD_LAST:
    c->stage = S_FWD_END;
    return advance(c);
  case S_FWD_END:
    c->stage = S_BWD_START;
    return CCAD_CKPT_DONE;
  case S_COUNT:  /* the backward sweep of a loop whose iterations were counted */
    start_revolve(c);
    mark_backward(c);
    c->stage = S_BWD;
    return load_from(c, &c->entry);  /* state 0, revolve's current state */
  case S_BWD_START:
    mark_backward(c);
    c->stage = S_BWD_TURN;
    return load_from(c, &c->turn);
  case S_BWD_TURN:
    c->stage = S_BWD;
    return CCAD_CKPT_TURN;
  case S_BWD:
    mark_backward(c);
    return revolve_step(c, 0);
  default:
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
  tls_recomputed = tls_steps = 0;
}
