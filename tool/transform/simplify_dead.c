/*
 * simplify_dead.c — S3 cleanup: stores into a transform's scalar locals
 * that nothing reads before the next store.
 *
 * The jvp of a reverse-mode result (hessian, hvp) computes tangents in the
 * forward sweep that only the backward sweep would read, and the backward
 * sweep computes them again (the to-be-recorded facts recompute instead of
 * taping), or zeroes an adjoint's tangent that the next iteration sets
 * anew: dead stores, which a vector sweep would make W times. A backward
 * liveness pass over the structured IR finds them: loops to a fixed point,
 * break to the loop's exit, continue to its step, return to nothing (the
 * candidates are locals). Only floating scalar locals the transform made
 * (id >= first), whose address is never taken, and stores of pure
 * expressions (no call that could store or move the tape) go. A function
 * with switch or OpenMP is left alone.
 *
 * Requires: a generated function (S3).
 * Provides: the same without those stores (simplify_dead_vars then drops
 *   the variables nothing reads).
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "transform.h"

typedef struct Dse {
  PtrMap idx;     /* candidate Var* -> index + 1 */
  int n, words;
  bool removed;
  long work;      /* statements visited: nested loops each iterate to their fixed point */
  long limit;     /* the dry run's budget; the rewrite after it (at most about twice the work) has none */
} Dse;

/* Deeply nested loops make the pass exponential in the depth; past this
 * many visits it gives up and leaves the function as it is. */
enum { WORK_MAX = 4000000 };

typedef unsigned long long Word;

typedef struct Loop {
  const Word *exit, *next;  /* live after the loop; live where continue goes */
} Loop;

static Word *bits(const Dse *d) { return xmalloc(sizeof(Word) * (size_t)(d->words ? d->words : 1)); }  /* zeroed */
static Word *copy(const Dse *d, const Word *a) {
  Word *c = bits(d);
  memcpy(c, a, sizeof(Word) * (size_t)d->words);
  return c;
}
static void join(const Dse *d, Word *into, const Word *b) {
  for (int i = 0; i < d->words; i++) into[i] |= b[i];
}
static bool same(const Dse *d, const Word *a, const Word *b) { return !memcmp(a, b, sizeof(Word) * (size_t)d->words); }

static int index_of(const Dse *d, const Var *v) { return (int)(intptr_t)ptrmap_get(&d->idx, v) - 1; }

typedef struct Reads {
  const Dse *d;
  Word *live;
} Reads;

static Walk read_e(Expr *e, void *ctx) {
  Reads *r = ctx;
  int k = e->kind == EX_VAR ? index_of(r->d, e->var) : -1;
  if (k >= 0) r->live[k / 64] |= 1ull << (k % 64);
  return WALK_ON;
}

static void reads(const Dse *d, const Expr *e, Word *live) { ex_each(e, read_e, &(Reads){d, live}); }

/* live: live after s on entry, live before s on return. rewrite: dead
 * stores are emptied (the pass over the final fixed point). */
static void live_in(Dse *d, Stmt *s, Word *live, const Loop *loop, bool rewrite) {
  if (!s || ++d->work > d->limit) return;
  switch (s->kind) {
  case ST_BLOCK:
    for (int i = s->nbody - 1; i >= 0; i--) live_in(d, s->body[i], live, loop, rewrite);
    if (rewrite) {  /* drop the emptied stores */
      int k = 0;
      for (int i = 0; i < s->nbody; i++)
        if (s->body[i]->kind != ST_BLOCK || s->body[i]->nbody) s->body[k++] = s->body[i];
      s->nbody = k;
    }
    return;
  case ST_ASSIGN: {
    int k = s->lhs->kind == EX_VAR ? index_of(d, s->lhs->var) : -1;
    if (k >= 0) {
      bool is_live = live[k / 64] >> (k % 64) & 1;
      if (!is_live && simplify_pure(s->rhs)) {
        if (rewrite) {
          *s = *st_block(s->loc);  /* nothing */
          d->removed = true;
        }
        return;
      }
      live[k / 64] &= ~(1ull << (k % 64));
    } else {
      reads(d, s->lhs, live);
    }
    reads(d, s->rhs, live);
    return;
  }
  case ST_DECL: {
    int k = index_of(d, s->var);
    if (k >= 0 && s->expr && s->expr->kind != EX_NUM && !(live[k / 64] >> (k % 64) & 1) && simplify_pure(s->expr)) {
      if (rewrite) {  /* T v = e with v dead: T v = 0 */
        s->expr = d_zero(s->var->type);
        d->removed = true;
      }
      return;
    }
    if (k >= 0) live[k / 64] &= ~(1ull << (k % 64));
    reads(d, s->expr, live);
    return;
  }
  case ST_EXPR: reads(d, s->expr, live); return;
  case ST_RETURN:
    memset(live, 0, sizeof(Word) * (size_t)d->words);
    reads(d, s->expr, live);
    return;
  case ST_BREAK: memcpy(live, loop->exit, sizeof(Word) * (size_t)d->words); return;
  case ST_CONTINUE: memcpy(live, loop->next, sizeof(Word) * (size_t)d->words); return;
  case ST_IF: {
    Word *other = copy(d, live);
    live_in(d, s->then, live, loop, rewrite);
    live_in(d, s->els, other, loop, rewrite);
    join(d, live, other);
    reads(d, s->cond, live);
    free(other);
    return;
  }
  case ST_WHILE:
  case ST_FOR: {
    /* head: live where the condition is tested; for a do-while, where
     * its body starts is what the condition's test leads to */
    Word *exit = copy(d, live), *head = copy(d, live), *next = bits(d), *body = bits(d);
    for (;;) {
      /* next: live before the step (for) or the test (while, do) */
      memcpy(next, head, sizeof(Word) * (size_t)d->words);
      if (s->kind == ST_FOR) live_in(d, s->step, next, NULL, false);
      memcpy(body, next, sizeof(Word) * (size_t)d->words);
      live_in(d, s->then, body, &(Loop){exit, next}, false);
      Word *h = bits(d);
      if (s->cond) {
        join(d, h, exit);
        reads(d, s->cond, h);
      }
      join(d, h, body);
      bool done = same(d, h, head);
      free(head);
      head = h;
      if (done) break;
    }
    if (rewrite) {
      memcpy(next, head, sizeof(Word) * (size_t)d->words);
      if (s->kind == ST_FOR) live_in(d, s->step, next, NULL, true);
      memcpy(body, next, sizeof(Word) * (size_t)d->words);
      live_in(d, s->then, body, &(Loop){exit, next}, true);
    }
    /* before the loop: the test (while, for after init) or the body (do) */
    memcpy(live, s->is_do ? body : head, sizeof(Word) * (size_t)d->words);
    if (s->kind == ST_FOR) live_in(d, s->init, live, loop, rewrite);
    free(exit);
    free(head);
    free(next);
    free(body);
    return;
  }
  default: return;
  }
}

typedef struct Scan {
  Dse *d;
  bool bail;
} Scan;

static Walk addr_taken(Expr *e, void *ctx) {
  Scan *c = ctx;
  if (e->kind == EX_ADDR) {
    const Expr *x = e->lhs;
    while (x && (x->kind == EX_MEMBER || x->kind == EX_INDEX)) x = x->lhs;
    if (x && x->kind == EX_VAR && index_of(c->d, x->var) >= 0) ptrmap_put(&c->d->idx, x->var, NULL);
  }
  return WALK_ON;
}

static Walk unsupported(Stmt *s, void *ctx) {
  if (s->kind == ST_SWITCH || s->omp || s->omp_atomic || s->parallel) ((Scan *)ctx)->bail = true;
  return WALK_ON;
}

void simplify_dead_stores(Fn *f, int first_id) {
  Dse d = {0};
  Scan c = {.d = &d};
  st_each(f->body, unsupported, &c);
  if (c.bail) return;
  for (int i = 0; i < f->locals.len; i++) {
    Var *v = f->locals.data[i];
    if (v->kind == VAR_LOCAL && v->id >= first_id && ty_is_float(v->type)) ptrmap_put(&d.idx, v, (void *)1);
  }
  st_each_expr(f->body, addr_taken, &c);
  PtrVec cands = {0};
  for (int i = 0; i < f->locals.len; i++)
    if (ptrmap_get(&d.idx, f->locals.data[i])) vec_push(&cands, f->locals.data[i]);
  if (!cands.len) return;
  for (int i = 0; i < cands.len; i++) ptrmap_put(&d.idx, cands.data[i], (void *)(intptr_t)(i + 1));
  d.n = cands.len;
  d.words = (d.n + 63) / 64;
  for (int round = 0; round < 8; round++) {  /* a store gone can make the stores it read dead */
    d.removed = false;
    d.work = 0;
    d.limit = WORK_MAX;
    Word *live = bits(&d);
    live_in(&d, f->body, live, NULL, false);  /* a dry run within the budget */
    bool within = d.work <= WORK_MAX;
    if (within) {
      memset(live, 0, sizeof(Word) * (size_t)d.words);
      d.limit = LONG_MAX;  /* (a cut-short rewrite would remove what it has not proved dead) */
      live_in(&d, f->body, live, NULL, true);
    }
    free(live);
    if (!within || !d.removed) break;
  }
}
