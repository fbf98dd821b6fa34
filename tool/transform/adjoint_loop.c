/*
 * adjoint_loop.c — reverse mode, loop reversal.
 * Requires: adjoint_prep.c (prepared body), adjoint_stmt.c (adj_block).
 * Provides: adj_loop (a loop's forward copy and its reversed backward
 * loop: counted loops walk their counter back, others tape the trip
 * count), adj_loop_header and adj_counted_ctr (the counted-loop shape).
 */
#include <stdint.h>
#include <string.h>

#include "adjoint_int.h"
#include "../ir/rules.h"

static Expr *cl(const Expr *e) { return ir_clone_expr(e, NULL); }

static Expr *pop_i(void) { return ex_rt0(RT_POP_I); }

static Stmt *push_i(Expr *e, SrcLoc loc) { return st_expr(ex_rt1(RT_PUSH_I, e), loc); }

/* ---- Counted loops --------------------------------------------------------- */

bool adj_stmt_mentions(const Stmt *s, const Var *x) {
  if (!s) return false;
  if (ex_mentions(s->lhs, x) || ex_mentions(s->rhs, x) || ex_mentions(s->expr, x) || ex_mentions(s->cond, x)) return true;
  if (s->kind == ST_DECL && s->var == x) return true;
  if (adj_stmt_mentions(s->then, x) || adj_stmt_mentions(s->els, x) || adj_stmt_mentions(s->init, x) ||
      adj_stmt_mentions(s->step, x))
    return true;
  for (int i = 0; i < s->nbody; i++)
    if (adj_stmt_mentions(s->body[i], x)) return true;
  return false;
}

/* Only variables, constants and arithmetic: values the loop cannot change
 * if it writes none of the variables. */
static bool plain(const Expr *e, const Stmt *body) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM: return true;
  case EX_VAR: return e->var->type->kind == TY_INT && !adj_writes_var(body, e->var);
  case EX_CAST:
  case EX_UN: return plain(e->lhs, body);
  case EX_BIN: return plain(e->lhs, body) && plain(e->rhs, body);
  case EX_COND: return plain(e->cond, body) && plain(e->lhs, body) && plain(e->rhs, body);
  default: return false;
  }
}

/* b + k, folding b = n - k and integer literals (n - 1 + 1 reads badly). */
static Expr *plus_const(Expr *b, long k) {
  const Expr *e = ex_strip_implicit(b);
  if (e->kind == EX_NUM && e->type->kind == TY_INT) return ex_num(e->value + (double)k, b->type);
  const Expr *r = e->kind == EX_BIN ? ex_strip_implicit(e->rhs) : NULL;
  if (r && r->kind == EX_NUM && r->type->kind == TY_INT &&
      ((e->op == OP_SUB && (long)r->value == k) || (e->op == OP_ADD && (long)r->value == -k)))
    return ir_clone_expr(e->lhs, NULL);
  return ex_bin(k > 0 ? OP_ADD : OP_SUB, b, ex_int(k > 0 ? k : -k));
}

/* for (i = a; i REL b; i += c) with i, a and b unchanged by the body: the
 * trip count as an expression over a and b, and a (as long). When c is +1
 * or -1, *down is the backward loop that walks i back from its last value
 * without any arithmetic that can overflow (body to be filled in):
 *     i < b, i <= b:   for (i = b [+ 1]; i > a;) { i--; ... }
 *     i > b, i >= b:   for (i = b [- 1]; i < a;) { i++; ... }  */
bool adj_loop_header(const Stmt *s, Var **ctr, const Expr **first, const Expr **bound, long *step) {
  if (s->kind != ST_FOR || !s->init || !s->step || !s->cond) return false;
  const Stmt *in = s->init->kind == ST_BLOCK && s->init->nbody == 1 ? s->init->body[0] : s->init;
  const Stmt *st = s->step->kind == ST_BLOCK && s->step->nbody == 1 ? s->step->body[0] : s->step;
  Var *i;
  const Expr *a;
  if (in->kind == ST_DECL && in->expr) {
    i = in->var;
    a = in->expr;
  } else if (in->kind == ST_ASSIGN && in->lhs->kind == EX_VAR) {
    i = in->lhs->var;
    a = in->rhs;
  } else {
    return false;
  }
  if (i->type->kind != TY_INT || st->kind != ST_ASSIGN || st->lhs->kind != EX_VAR || st->lhs->var != i ||
      !adj_invertible(st->lhs, st->rhs) || adj_writes_var(s->then, i))
    return false;
  const Expr *r = ex_strip_implicit(st->rhs);
  const Expr *cv = r->rhs;
  while (cv->kind == EX_CAST) cv = cv->lhs;
  long c = (long)cv->value * (r->op == OP_ADD ? 1 : -1);
  const Expr *cond = s->cond;
  if (c == 0 || cond->kind != EX_BIN || cond->op < OP_LT || cond->op > OP_NE) return false;
  const Expr *lhs = ex_strip_implicit(cond->lhs);
  if (lhs->kind != EX_VAR || lhs->var != i) return false;
  *ctr = i;
  *first = a;
  *bound = cond->rhs;
  *step = c;
  return true;
}

/* e as a long: a literal stays a literal */
static Expr *long_of(const Expr *e) {
  const Expr *x = ex_strip_implicit(e);
  if (x->kind == EX_NUM) return ex_num(x->value, ty_long());
  return ex_cast(ty_long(), ir_clone_expr(e, NULL));
}

/* b - a, folding a == 0 */
static Expr *long_sub(Expr *b, Expr *a) {
  if (ex_is_zero(a)) return b;
  Expr *d = ex_bin(OP_SUB, b, a);
  d->type = ty_long();
  return d;
}

static bool counted(const Stmt *s, Var **ctr, Expr **first, Expr **trips, long *step, Stmt **down) {
  Var *i;
  const Expr *a, *bound;
  long c;
  if (!adj_loop_header(s, &i, &a, &bound, &c) || !plain(bound, s->then) || !plain(a, s->then)) return false;
  const Expr *cond = s->cond;
  BinOp op = cond->op;
  if ((op == OP_LT || op == OP_LE) && c < 0) return false;
  if ((op == OP_GT || op == OP_GE) && c > 0) return false;
  if (op == OP_EQ) return false;
  Expr *A = long_of(a), *B = long_of(cond->rhs);
  long m = c > 0 ? c : -c;
  Expr *hi = op == OP_LT || op == OP_LE ? B : A, *lo = op == OP_LT || op == OP_LE ? A : B;
  Expr *t;
  if (op == OP_NE) {
    t = ex_bin(OP_DIV, ex_bin(OP_SUB, B, A), ex_num((double)c, ty_long()));  /* (b - a) / c */
  } else {
    /* < and >: hi > lo ? (hi - lo + m - 1) / m : 0;  <= and >=: hi >= lo ? (hi - lo) / m + 1 : 0 */
    bool incl = op == OP_LE || op == OP_GE;
    Expr *span = long_sub(ir_clone_expr(hi, NULL), ir_clone_expr(lo, NULL));
    if (!incl && m > 1) span = ex_bin(OP_ADD, span, ex_num((double)(m - 1), ty_long()));
    if (m > 1) span = ex_bin(OP_DIV, span, ex_num((double)m, ty_long()));
    if (incl) span = ex_bin(OP_ADD, span, ex_num(1, ty_long()));
    t = ex_cond(ex_bin(incl ? OP_GE : OP_GT, hi, lo), span, ex_num(0, ty_long()));
  }
  t->type = ty_long();
  *ctr = i;
  *first = ir_clone_expr(A, NULL);
  *trips = t;
  *step = c;
  *down = NULL;
  if (op != OP_NE && (c == 1 || c == -1)) {
    SrcLoc loc = s->loc;
    Type *it = ty_unqual(i->type);
    Expr *b = ir_clone_expr(cond->rhs, NULL);
    if (op == OP_LE || op == OP_GE) b = plus_const(b, c);
    Stmt *r = st_new(ST_FOR, loc);
    r->init = st_assign(ex_var(i), b, loc);
    r->cond = ex_bin(c > 0 ? OP_GT : OP_LT, ex_var(i), ir_clone_expr(a, NULL));
    r->then = st_block(loc);
    Expr *next = ex_bin(c > 0 ? OP_SUB : OP_ADD, ex_var(i), ex_int(1));
    next->type = it;
    st_append(r->then, st_assign(ex_var(i), next, loc));
    *down = r;
  }
  return true;
}

Var *adj_counted_ctr(const Stmt *loop) {
  Var *ctr;
  Expr *first, *trips;
  long step;
  Stmt *down;
  return counted(loop, &ctr, &first, &trips, &step, &down) ? ctr : NULL;
}

Expr *adj_counted_trips(const Stmt *loop) {
  Var *ctr;
  Expr *first, *trips;
  long step;
  Stmt *down;
  return counted(loop, &ctr, &first, &trips, &step, &down) ? trips : NULL;
}

/* The counter's least value and the span of values it takes, from the
 * first to the last iteration (spaced by the step), as longs; false for a
 * loop that is not counted or runs no iteration with != */
bool adj_counted_span(const Stmt *loop, Expr **lo, Expr **span) {
  Var *ctr;
  Expr *first, *trips;
  long step;
  Stmt *down;
  if (!counted(loop, &ctr, &first, &trips, &step, &down) || loop->cond->op == OP_NE) return false;
  long m = step > 0 ? step : -step;
  /* (trips - 1) * m + 1 values; the least is first, or first - (trips - 1) * m going down */
  Expr *last = ex_bin(OP_SUB, ir_clone_expr(trips, NULL), ex_num(1, ty_long()));
  if (m > 1) last = ex_bin(OP_MUL, last, ex_num((double)m, ty_long()));
  *span = m == 1 ? trips : ex_bin(OP_ADD, last, ex_num(1, ty_long()));
  *lo = step > 0 ? first : ex_bin(OP_SUB, first, ir_clone_expr(last, NULL));
  return true;
}

/* The guard that sets an arm's locals again (adjoint_recompute.c,
 * guard_block: `if (c) { q = sqrt(a); }`, or `if (!(c))` for the else
 * arm) right before the backward code's own `if (c)` on the same
 * condition: its statements go to the top of that arm, one test of c.
 * They only set locals c does not read, so c is the same in both. */
static bool merge_guard(Adj *a, Stmt *g, Stmt *r) {
  if (!ptrmap_get(&a->iter_guards, g) || g->els || r->kind != ST_IF || g->then->kind != ST_BLOCK) return false;
  const Expr *c = g->cond;
  bool els = !ir_expr_equal(c, r->cond);
  if (els && !(c->kind == EX_UN && c->op == OP_NOT && ir_expr_equal(c->lhs, r->cond))) return false;
  for (int i = 0; i < g->then->nbody; i++) {
    const Stmt *x = g->then->body[i];
    if (x->kind != ST_ASSIGN || x->lhs->kind != EX_VAR || ex_mentions(r->cond, x->lhs->var)) return false;
  }
  Stmt **arm = els ? &r->els : &r->then;
  Stmt *m = st_block(g->loc);
  for (int i = 0; i < g->then->nbody; i++) st_append(m, g->then->body[i]);
  for (int i = 0; *arm && i < (*arm)->nbody; i++) st_append(m, (*arm)->body[i]);
  if (*arm && (*arm)->kind != ST_BLOCK) st_append(m, *arm);
  *arm = m;
  return true;
}

/* A loop: the body reversed inside a loop that runs the iterations
 * backward (counted loops walk their counter back, others pop their trip
 * count). */
void adj_loop(Adj *a, Stmt *s, Stmt *fwd, Stmt *bwd) {
  SrcLoc loc = s->loc;
  Stmt *fi = st_block(loc), *bi = st_block(loc);
  if (s->init) adj_block(a, s->init, fi, bi);
  /* a write of each element once needs no save if nothing read the old
   * values before the loop */
  if (a->phase == 2)
    for (int i = 0; i < a->fresh.cap; i++)
      if (a->fresh.keys && a->fresh.keys[i] && a->fresh.vals[i] == s) {
        Stmt *w = (Stmt *)a->fresh.keys[i];
        if (!adj_is_read(a, w->lhs)) ptrmap_put(&a->fresh_ok, w, (void *)1);
      }
  /* earlier iterations run before every statement of the body */
  if (a->phase == 2) adj_before_add_loop(a, s);
  a->loop_depth++;
  Stmt *fb = st_block(loc), *bb = st_block(loc), *fs = st_block(loc), *bs = st_block(loc);
  Stmt *saved_pre = a->loop_pre;
  a->loop_pre = st_block(loc);
  vec_push(&a->loops, s);
  Stmt *replay = adj_replay_body(a, s, fb, bb);
  a->loops.len--;
  if (a->loop_pre->nbody || replay) {
    /* the iteration's locals again, then recomputed buffers: the
     * iteration's backward code reads them */
    Stmt *nb = st_block(loc);
    int npre = a->loop_pre->nbody;
    if (npre && bb->nbody && merge_guard(a, a->loop_pre->body[npre - 1], bb->body[0])) npre--;
    for (int i = 0; replay && i < replay->nbody; i++) st_append(nb, replay->body[i]);
    for (int i = 0; i < npre; i++) st_append(nb, a->loop_pre->body[i]);
    for (int i = 0; i < bb->nbody; i++) st_append(nb, bb->body[i]);
    bb = nb;
  }
  a->loop_pre = saved_pre;
  if (s->step) adj_block(a, s->step, fs, bs);
  a->loop_depth--;
  if (adj_omp_loop(a, s, fi, fb, fs, bb, bs, fwd, bwd)) {
    for (int i = 0; i < bi->nbody; i++) st_append(bwd, bi->body[i]);
    const char *key = xfmt("%s:%d:%d", loc.file, loc.line, loc.col);
    if (s->checkpoint && a->phase == 2 && !a->trial && !nameset_has(&a->m->ckpt_told, key)) {
      nameset_add(&a->m->ckpt_told, key);  /* (its sweeps stay parallel: each thread tapes its iterations) */
      diag_at(loc, D_CHECKPOINT_TAPED, "loop", "it runs in parallel (OpenMP), each thread taping its own iterations");
    }
    return;
  }
  for (int i = 0; i < fi->nbody; i++) st_append(fwd, fi->body[i]);
  if (s->checkpoint && (bb->nbody || bs->nbody) && adj_ckpt_loop(a, s, fb, bb, fs, bs, fwd, bwd)) {
    for (int i = 0; i < bi->nbody; i++) st_append(bwd, bi->body[i]);
    return;
  }
  Stmt *loop = st_new(s->kind, loc);
  loop->is_do = s->is_do;
  loop->cond = cl(s->cond);
  loop->then = fb;
  loop->step = fs->nbody ? fs : NULL;
  Var *ctr;
  Expr *trips, *first;
  long step;
  Stmt *down;
  if (bb->nbody && counted(s, &ctr, &first, &trips, &step, &down)) {
    /* for (i = a; i < b; i += c): the backward loop recomputes the trip
     * count and i from a and b (still valid: the backward code reads them,
     * so later overwrites of them are taped); nothing is pushed */
    bool used = false;
    for (int i = 0; i < bb->nbody && !used; i++) used = adj_stmt_mentions(bb->body[i], ctr);
    Stmt *r = down;
    if (!used || !down) {
      Var *n = adj_temp(a, "iters", ty_long(), ex_int(0), a->top, loc);
      ptrmap_put(&a->nolive, n, (void *)1);
      r = st_new(ST_FOR, loc);
      r->init = st_assign(ex_var(n), trips, loc);
      r->cond = ex_bin(OP_GT, ex_var(n), ex_int(0));
      r->step = st_assign(ex_var(n), ex_bin(OP_SUB, ex_var(n), ex_int(1)), loc);
      r->then = st_block(loc);
      Expr *k = ex_bin(OP_MUL, ex_bin(OP_SUB, ex_var(n), ex_int(1)), ex_num((double)step, ty_long()));
      if (used)
        st_append(r->then, st_assign(ex_var(ctr), ex_cast(ty_unqual(ctr->type), ex_bin(OP_ADD, first, k)), loc));
    }
    for (int i = 0; i < bb->nbody; i++) st_append(r->then, bb->body[i]);
    adj_bulk_tapes(a, loop, r, trips, fwd, bwd, loc);
    st_append(fwd, loop);
    st_append(bwd, r);
    ptrmap_put(&a->recon, r, ctr);
  } else if (bb->nbody || bs->nbody) {
    /* the trip count is taped; the backward loop runs it down */
    Var *n = adj_temp(a, "iters", ty_long(), ex_int(0), a->top, loc);
    ptrmap_put(&a->nolive, n, (void *)1);
    st_append(fwd, st_assign(ex_var(n), ex_int(0), loc));
    Stmt *body = st_block(loc);
    st_append(body, st_assign(ex_var(n), ex_bin(OP_ADD, ex_var(n), ex_int(1)), loc));
    for (int i = 0; i < fb->nbody; i++) st_append(body, fb->body[i]);
    loop->then = body;
    st_append(fwd, loop);
    st_append(fwd, push_i(ex_var(n), loc));
    Stmt *r = st_new(ST_FOR, loc);
    r->init = st_assign(ex_var(n), pop_i(), loc);
    r->cond = ex_bin(OP_GT, ex_var(n), ex_int(0));
    r->step = st_assign(ex_var(n), ex_bin(OP_SUB, ex_var(n), ex_int(1)), loc);
    r->then = st_block(loc);
    for (int i = 0; i < bs->nbody; i++) st_append(r->then, bs->body[i]);
    for (int i = 0; i < bb->nbody; i++) st_append(r->then, bb->body[i]);
    st_append(bwd, r);
  } else {
    st_append(fwd, loop);
  }
  for (int i = 0; i < bi->nbody; i++) st_append(bwd, bi->body[i]);
}
