/*
 * simplify_lanes.c — S3 cleanup: a vector sweep skips the loops that would
 * only add zeros.
 *
 * A vector sweep carries W derivative directions (lanes) at once; in
 * jacrev's backward sweeps each lane is one output's row. Most of a
 * function's work then belongs to a few lanes: in a dense layer
 * (y[i] = g(sum_j W[i][j] x[j])) row i's loop over j only adds
 * W[i][j] * u_bar[lane] into x_bar[j][lane], and u_bar holds a non-zero
 * only in the sweeps whose lanes include row i. A loop whose every effect
 * is such an add of a multiple of lanes that are all zero does nothing,
 * so it runs behind a test of those lanes:
 *
 *   if (ccad_lanes_any_d(u_bar, 8))
 *     for (j = n - 1; j >= 0; j--) ... x_bar[j][lane] += w * u_bar[lane];
 *
 * This is the sparsity of the Jacobian, found at run time and for free
 * (8 compares against a loop's work): jacrev of an m-row layer does the
 * work of its m rows, not of every sweep's 8 lanes times all rows.
 *
 * A loop L qualifies when its body holds only
 *   - declarations of locals from pure expressions,
 *   - nested counted loops and ifs with pure conditions,
 *   - lane loops whose statements are X[lane] = X[lane] +- R with R
 *     linear in lane vectors v[lane] (a product, quotient or negation of
 *     one such read and pure factors, or a sum of them), or d[lane] = R
 *     into a lane vector d declared in L (which is then zero too),
 * no call, no tape operation, no jump; the lane vectors tested are local
 * arrays of the function that L does not write and whose address nothing
 * takes; and the counters L steps are not read after it before they are
 * written again (simplify_live_after). Skipping L differs from running it
 * only where a factor is infinite or NaN (0 * inf adds NaN; skipped, it
 * adds nothing) and in the sign of a zero sum: what a Jacobian's entry
 * is there is not defined anyway.
 *
 * Requires: a generated function (S3) with lane loops (Stmt.unroll).
 * Provides: simplify_zero_lanes().
 */
#include <stdlib.h>

#include "transform.h"

enum { MAX_TESTED = 4 };  /* lane vectors one test may name */

typedef struct Lanes {
  Var *tested[MAX_TESTED];  /* the lane vectors L adds multiples of */
  int ntested;
  PtrVec counters;          /* scalars L assigns (loop counters) */
  PtrVec scoped;            /* lane vectors declared in L, set from tested ones only */
  Var *lane;                /* the counter of the lane loop being read */
  int width;                /* its lane count */
} Lanes;

static bool lane_vector(const Var *v, int width) {
  return v && v->kind == VAR_LOCAL && !v->is_static && v->type->kind == TY_ARRAY && v->type->len == width &&
         (v->type->base->kind == TY_DOUBLE || v->type->base->kind == TY_FLOAT);
}

/* v[lane] with v a lane vector: v, else NULL */
static Var *lane_read(const Lanes *c, const Expr *e) {
  e = ex_strip_implicit(e);
  if (e->kind != EX_INDEX) return NULL;
  const Expr *b = ex_strip_implicit(e->lhs), *i = ex_strip_implicit(e->rhs);
  if (b->kind != EX_VAR || i->kind != EX_VAR || i->var != c->lane || !lane_vector(b->var, c->width)) return NULL;
  return b->var;
}

static bool note_tested(Lanes *c, Var *v) {
  for (int i = 0; i < c->ntested; i++)
    if (c->tested[i] == v) return true;
  if (c->ntested == MAX_TESTED) return false;
  if (c->ntested && c->tested[0]->type->base->kind != v->type->base->kind) return false;  /* one test, one type */
  c->tested[c->ntested++] = v;
  return true;
}

static bool is_scoped(const Lanes *c, const Var *v) {
  for (int i = 0; i < c->scoped.len; i++)
    if (c->scoped.data[i] == v) return true;
  return false;
}

/* Is e zero whenever the tested lane vectors are (adding those it needs)? */
static bool linear(Lanes *c, const Expr *e) {
  e = ex_strip_implicit(e);
  Var *v = lane_read(c, e);
  if (v) return is_scoped(c, v) || note_tested(c, v);
  int before = c->ntested;
  bool ok = false;
  switch (e->kind) {
  case EX_CAST: ok = linear(c, e->lhs); break;
  case EX_UN: ok = e->op == OP_NEG && linear(c, e->lhs); break;
  case EX_BIN:
    if (e->op == OP_ADD || e->op == OP_SUB) ok = linear(c, e->lhs) && linear(c, e->rhs);
    else if (e->op == OP_MUL) ok = (linear(c, e->lhs) && simplify_pure(e->rhs)) ||
                                   (c->ntested = before, linear(c, e->rhs) && simplify_pure(e->lhs));
    else if (e->op == OP_DIV) ok = linear(c, e->lhs) && simplify_pure(e->rhs);
    break;
  default: break;
  }
  if (!ok) c->ntested = before;
  return ok;
}

/* X = X + R or X = X - R, R linear in lane vectors; or d[lane] = R into
 * a lane vector declared in L (the negation reverse mode makes of u -= e) */
static bool lane_add(Lanes *c, const Stmt *s) {
  if (s->kind != ST_ASSIGN || ex_has_call(s->lhs)) return false;
  Var *d = lane_read(c, s->lhs);
  if (d && is_scoped(c, d)) return linear(c, s->rhs);
  const Expr *r = ex_strip_implicit(s->rhs);
  return r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB) && ir_expr_equal(s->lhs, r->lhs) &&
         simplify_pure(r->lhs) && linear(c, r->rhs);
}

/* i = e (a loop's init or step): i a scalar local, noted as a counter */
static bool counter_set(Lanes *c, const Stmt *s) {
  if (s && s->kind == ST_BLOCK && s->nbody == 1) s = s->body[0];
  if (!s || s->kind != ST_ASSIGN || s->lhs->kind != EX_VAR || s->lhs->var->kind != VAR_LOCAL ||
      s->lhs->var->is_static || s->lhs->var->type->kind != TY_INT || !simplify_pure(s->rhs))
    return false;
  vec_push(&c->counters, s->lhs->var);
  return true;
}

static bool quiet(Lanes *c, const Stmt *s);

static bool quiet_loop(Lanes *c, const Stmt *s) {
  if (!s->init || !s->step || !s->cond || !simplify_pure(s->cond) || !counter_set(c, s->init) ||
      !counter_set(c, s->step))
    return false;
  if (!s->unroll) return quiet(c, s->then);
  Var *outer = c->lane;
  int width = c->width;
  c->lane = c->counters.data[c->counters.len - 1];
  if (c->lane != c->counters.data[c->counters.len - 2]) return false;  /* (init and step: the same counter) */
  c->width = s->unroll;
  const Stmt *b = s->then;
  bool ok = b != NULL;
  if (b && b->kind != ST_BLOCK) ok = lane_add(c, b);
  for (int i = 0; b && b->kind == ST_BLOCK && ok && i < b->nbody; i++) ok = lane_add(c, b->body[i]);
  c->lane = outer;
  c->width = width;
  return ok;
}

/* Does running s only add multiples of the tested lane vectors? */
static bool quiet(Lanes *c, const Stmt *s) {
  if (!s) return true;
  switch (s->kind) {
  case ST_BLOCK:
    for (int i = 0; i < s->nbody; i++)
      if (!quiet(c, s->body[i])) return false;
    return true;
  case ST_DECL:
    if (!s->expr && s->var->type->kind == TY_ARRAY) vec_push(&c->scoped, s->var);  /* (lane_vector says which) */
    return !s->expr || (s->expr->kind != EX_INIT && simplify_pure(s->expr));
  case ST_IF: return simplify_pure(s->cond) && quiet(c, s->then) && quiet(c, s->els);
  case ST_FOR: return !c->lane && quiet_loop(c, s);
  default: return false;
  }
}

/* v used other than as v[...] (decayed into a pointer) or &v[...] */
static Walk escapes(Expr *e, void *ctx) {
  const Var *v = ctx;
  if (e->kind == EX_ADDR && ex_root_var(e->lhs) == v) return WALK_STOP;
  if (e->kind == EX_INDEX) {
    const Expr *b = ex_strip_implicit(e->lhs);
    if (b->kind == EX_VAR && b->var == v) return ex_mentions(e->rhs, v) ? WALK_STOP : WALK_SKIP;
  }
  return e->kind == EX_VAR && e->var == v ? WALK_STOP : WALK_ON;
}

static Walk stores_into(Stmt *s, void *ctx) {
  return (s->kind == ST_ASSIGN && ex_root_var(s->lhs) == ctx) || (s->kind == ST_DECL && s->var == ctx) ? WALK_STOP
                                                                                                      : WALK_ON;
}

/* path[0..n-1]: the function's body down to the loop */
static Stmt *guarded(Stmt **path, int n) {
  Stmt *s = path[n - 1];
  if (s->kind != ST_FOR || s->unroll || s->parallel) return NULL;
  Lanes c = {0};
  bool ok = quiet_loop(&c, s) && c.ntested > 0;
  for (int i = 0; ok && i < c.ntested; i++) ok = st_each(s, stores_into, c.tested[i]) && st_each_expr(path[0], escapes, c.tested[i]);
  for (int i = 0; ok && i < c.counters.len; i++) ok = !simplify_live_after(path, n, c.counters.data[i]);
  free(c.counters.data);
  free(c.scoped.data);
  if (!ok) return NULL;
  RtOp any = c.tested[0]->type->base->kind == TY_FLOAT ? RT_LANES_ANY_F : RT_LANES_ANY_D;
  Expr *test = NULL;
  for (int i = 0; i < c.ntested; i++) {
    Expr *one = ex_rt2(any, ex_var(c.tested[i]), ex_int(c.tested[i]->type->len));
    test = test ? ex_bin(OP_LOR, test, one) : one;
  }
  Stmt *g = st_new(ST_IF, s->loc);
  g->cond = test;
  g->then = st_block(s->loc);
  st_append(g->then, s);
  return g;
}

static void walk(Stmt *s, PtrVec *path) {
  if (!s) return;
  vec_push(path, s);
  for (int i = 0; i < s->nbody; i++) {
    vec_push(path, s->body[i]);
    Stmt *g = guarded((Stmt **)path->data, path->len);
    path->len--;
    if (g) s->body[i] = g;
    else walk(s->body[i], path);
  }
  walk(s->then, path);
  walk(s->els, path);
  path->len--;
}

void simplify_zero_lanes(Fn *f) {
  if (!f->body || f->is_cuda) return;
  PtrVec path = {0};
  walk(f->body, &path);
  free(path.data);
}
