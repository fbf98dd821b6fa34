/*
 * adjoint_replay.c — reverse mode: a loop body's opening statements over
 * fixed data run again at the start of the backward iteration instead of
 * being taped (adj_replay_body), and a counted loop's elements A[c] kept
 * apart in the to-be-recorded facts (adj_before_add_loop).
 *
 * Requires: Adj after preparation (adj_prepare); the iteration facts and
 * the cost rule of adjoint_recompute.c (adj_iter_index, adj_fixed_var,
 * adj_stable_load, RECOMPUTE_MAX).
 * Provides: adj_replay_body, adj_replayed, adj_before_add_loop.
 */
#include "adjoint_int.h"
#include "../ir/rules.h"

/* ---- An iteration's prefix run again ---------------------------------------
 * A pair loop's body that starts by computing values of its own from fixed
 * data (d[k] = x[i][k] - x[j][k]; d[k] -= box * round(d[k] / box); r2 +=
 * d[k] * d[k] in a loop over k, then the cutoff test on r2): saving the old
 * values of d and r2 before every overwrite costs tens of bytes per pair,
 * yet the iteration can compute them again. The body's leading statements
 * P (the longest prefix that stores only into such locals) save nothing
 * for the other iterations; the backward iteration runs them again first,
 * so that the rest of its backward code, and the iteration-local values
 * and branch conditions it reads them through (adj_replayed), see the
 * forward iteration's values; P's own backward code pops what P's forward
 * code saved for it, if anything (a value P overwrites that P's own
 * backward code reads).
 * Sound when:
 *   - every variable P stores into (L) is a hoisted local scalar of
 *     arithmetic type, or a one-dimensional array of them only ever
 *     indexed, whose address is not taken, named nowhere outside the
 *     loop's body and stored into by no statement after P;
 *   - P reads L only after it wrote it in the same iteration (a scalar by
 *     an assignment, an array element A[c] by an assignment at the top of
 *     the body of a counted loop over c before any other use), and
 *     otherwise only constants, fixed variables and counters (fixed_var)
 *     and memory nothing stores into from the outermost loop on
 *     (stable_load); no calls but <math.h>, no early exits;
 *   - the statements after P read only the values of L that P sets on
 *     every path: scalars set at P's top level, arrays written whole (a
 *     loop for (c = 0; c < N; c++) over an array of N elements) or, in a
 *     counted loop, only at its own counter (A[j], set by P as above).
 * It is chosen where the scalar rule above does not reach (P has a loop,
 * an array, or a floating local written twice) and when running P again
 * is cheap: inner loops of constant trip counts, a cost of at most
 * REPLAY_MAX by the rule above. Loops inside P replay nothing of their
 * own (the enclosing replay has set their values). */

/* A prefix that costs more than this (a few values of the cost rule
 * above: each would take a push and a pop) is left to the tape. */
#define REPLAY_MAX (8 * RECOMPUTE_MAX)

typedef struct Replay {
  int np;        /* statements of the body that P holds */
  PtrMap vars;   /* L: Var* -> 1 */
  PtrMap whole;  /* L's values set on every path of P: Var* -> 1 */
  PtrMap lvs;    /* L: Var* -> an lvalue of it P stores into (its to-be-recorded keys) */
} Replay;

#define RP_FULL ((void *)1)

static bool rp_local_ok(Adj *a, const Var *v) {
  if (v->kind != VAR_LOCAL || v->is_static || !ptrmap_get(&a->hoisted, v) || ptrmap_get(&a->addr_taken, v)) return false;
  const Type *t = v->type;
  if (t->kind == TY_ARRAY) {
    if (t->vla || t->len <= 0) return false;
    t = t->base;
  }
  if (t->kind != TY_INT && t->kind != TY_FLOAT && t->kind != TY_DOUBLE) return false;
  if (a->split) {
    const void *lid = act_loc_id(a->v, ex_var((Var *)v));
    if (lid && ptrmap_get(&a->escaping, lid)) return false;
  }
  return true;
}

static const Var *indexed_array(const Expr *lv) {
  if (lv->kind != EX_INDEX) return NULL;
  const Expr *b = ex_strip_implicit(lv->lhs);
  return b->kind == EX_VAR && b->var->type->kind == TY_ARRAY ? b->var : NULL;
}

/* w: Var* -> 1 + the writes of it */
static void note_write(PtrMap *w, const Var *v, long n) {
  long cur = (long)ptrmap_get(w, v);
  ptrmap_put(w, v, (void *)((cur ? cur : 1) + n));
}

/* The variables s stores into, into w (and counts of floating scalar
 * writes); false if s is not of P's kinds or stores elsewhere. */
static bool rp_writes(Adj *a, const Stmt *s, PtrMap *w, int *loops, PtrMap *lvs) {
  if (!s) return true;
  switch (s->kind) {
  case ST_BLOCK:
    for (int i = 0; i < s->nbody; i++)
      if (!rp_writes(a, s->body[i], w, loops, lvs)) return false;
    return true;
  case ST_DECL:
    if (s->expr && s->expr->kind == EX_INIT) return false;
    note_write(w, s->var, s->expr ? 1 : 0);
    return rp_local_ok(a, s->var);
  case ST_ASSIGN: {
    const Var *v = s->lhs->kind == EX_VAR ? s->lhs->var : indexed_array(s->lhs);
    if (!v || !rp_local_ok(a, v)) return false;
    note_write(w, v, 1);
    ptrmap_put(lvs, v, s->lhs);
    return true;
  }
  case ST_FOR:
    if (s->checkpoint || s->parallel || s->omp || s->unroll) return false;
    ++*loops;
    return rp_writes(a, s->init, w, loops, lvs) && rp_writes(a, s->step, w, loops, lvs) &&
           rp_writes(a, s->then, w, loops, lvs);
  case ST_WHILE:
    ++*loops;
    return rp_writes(a, s->then, w, loops, lvs);
  case ST_IF: return rp_writes(a, s->then, w, loops, lvs) && rp_writes(a, s->els, w, loops, lvs);
  default: return false;
  }
}

typedef struct RpCtx { Adj *a; int from; const PtrMap *vars; } RpCtx;

static bool rp_expr(RpCtx *c, const Expr *e, const PtrMap *def, const Var *ctr) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return true;
  case EX_VAR:
    if (ptrmap_get(c->vars, e->var)) return e->var->type->kind != TY_ARRAY && ptrmap_get(def, e->var) == RP_FULL;
    return adj_fixed_var(c->a, e->var, c->from);
  case EX_CAST:
  case EX_UN: return rp_expr(c, e->lhs, def, ctr);
  case EX_BIN: return rp_expr(c, e->lhs, def, ctr) && rp_expr(c, e->rhs, def, ctr);
  case EX_COND: return rp_expr(c, e->cond, def, ctr) && rp_expr(c, e->lhs, def, ctr) && rp_expr(c, e->rhs, def, ctr);
  case EX_INDEX:
  case EX_DEREF:
  case EX_MEMBER: {
    const Var *arr = indexed_array(e);
    if (arr && ptrmap_get(c->vars, arr)) {
      /* A[c] of this iteration of c's loop, or an array written whole */
      const void *d = ptrmap_get(def, arr);
      const Expr *ix = ex_strip_implicit(e->rhs);
      if (!(d == RP_FULL || (d && ix->kind == EX_VAR && ix->var == d && ix->var == ctr))) return false;
      return rp_expr(c, e->rhs, def, ctr);
    }
    if (!adj_stable_load(c->a, e, c->from)) return false;
    return rp_expr(c, e->lhs, def, ctr) && (e->kind != EX_INDEX || rp_expr(c, e->rhs, def, ctr));
  }
  case EX_CALL:
    if (e->rt || e->fn || !e->text || !rule_find(e->text)) return false;
    for (int i = 0; i < e->nargs; i++)
      if (!rp_expr(c, e->args[i], def, ctr)) return false;
    return true;
  default: return false;
  }
}

/* s reads L only after writing it (see above); def: what holds a value of
 * this iteration, RP_FULL or, for an array, the counter whose element it
 * holds; ctr: the counter of the loop whose body s is a top statement of. */
static bool rp_stmt(RpCtx *c, const Stmt *s, PtrMap *def, const Var *ctr) {
  if (!s) return true;
  switch (s->kind) {
  case ST_BLOCK:
    for (int i = 0; i < s->nbody; i++)
      if (!rp_stmt(c, s->body[i], def, ctr)) return false;
    return true;
  case ST_DECL:
    if (!s->expr) return true;
    if (!rp_expr(c, s->expr, def, ctr)) return false;
    ptrmap_put(def, s->var, RP_FULL);
    return true;
  case ST_ASSIGN: {
    if (!rp_expr(c, s->rhs, def, ctr)) return false;
    if (s->lhs->kind == EX_VAR) {
      ptrmap_put(def, s->lhs->var, RP_FULL);
      return true;
    }
    const Var *arr = indexed_array(s->lhs);
    if (!rp_expr(c, s->lhs->rhs, def, ctr)) return false;
    const Expr *ix = ex_strip_implicit(s->lhs->rhs);
    if (ctr && ix->kind == EX_VAR && ix->var == ctr && ptrmap_get(def, arr) != RP_FULL) ptrmap_put(def, arr, (void *)ctr);
    return true;
  }
  case ST_FOR: {
    if (!rp_stmt(c, s->init, def, ctr) || !rp_expr(c, s->cond, def, ctr)) return false;
    PtrMap body = ptrmap_copy(def);
    Var *k = adj_counted_ctr(s);
    if (k && !ptrmap_get(c->vars, k)) k = NULL;
    if (!rp_stmt(c, s->then, &body, k) || !rp_stmt(c, s->step, &body, NULL) || !rp_expr(c, s->cond, &body, NULL))
      return false;
    /* for (c = 0; c < N; c++) over A[N]: A written whole */
    Var *i;
    const Expr *lo, *hi;
    long step;
    if (!k || !adj_loop_header(s, &i, &lo, &hi, &step) || step != 1 || s->cond->op != OP_LT) return true;
    lo = ex_strip_implicit(lo);
    hi = ex_strip_implicit(hi);
    if (lo->kind != EX_NUM || lo->value != 0 || hi->kind != EX_NUM) return true;
    for (int h = 0; h < body.cap; h++)
      if (body.keys && body.keys[h] && body.vals[h] == (void *)k) {
        const Var *arr = body.keys[h];
        if (arr->type->kind == TY_ARRAY && arr->type->len == (long)hi->value) ptrmap_put(def, arr, RP_FULL);
      }
    return true;
  }
  case ST_WHILE: {
    if (!rp_expr(c, s->cond, def, ctr)) return false;
    PtrMap body = ptrmap_copy(def);
    return rp_stmt(c, s->then, &body, NULL) && rp_expr(c, s->cond, &body, NULL);
  }
  case ST_IF: {
    if (!rp_expr(c, s->cond, def, ctr)) return false;
    PtrMap t = ptrmap_copy(def), e = ptrmap_copy(def);
    return rp_stmt(c, s->then, &t, NULL) && rp_stmt(c, s->els, &e, NULL);
  }
  default: return false;
  }
}

typedef struct IdxCtx { const PtrMap *vars; PtrMap *n; } IdxCtx;

static Walk index_visit(Expr *e, void *ctx) {
  IdxCtx *c = ctx;
  const Var *arr = indexed_array(e);
  if (arr && ptrmap_get(c->vars, arr)) adj_count_up(c->n, arr, 1);
  return WALK_ON;
}

static void index_sites(const Stmt *s, IdxCtx *c) {
  if (s) st_each_expr(s, index_visit, c);
}

typedef struct AtCtx { const Var *arr, *ctr; bool ok; } AtCtx;

static Walk at_visit(Expr *e, void *ctx) {
  AtCtx *c = ctx;
  if (indexed_array(e) == c->arr) {
    const Expr *ix = ex_strip_implicit(e->rhs);
    if (ix->kind != EX_VAR || ix->var != c->ctr) c->ok = false;
    return WALK_SKIP;  /* (the array under it is this element's) */
  }
  if (e->kind == EX_VAR && e->var == c->arr) c->ok = false;
  return WALK_ON;
}

/* s names array arr only as arr[ctr] */
static bool only_at(const Stmt *s, const Var *arr, const Var *ctr) {
  AtCtx c = {arr, ctr, true};
  st_each_expr(s, at_visit, &c);
  return c.ok;
}

/* s stores into a variable of L */
static bool rp_stores(const Stmt *s, const PtrMap *vars) {
  if (!s) return false;
  if (s->kind == ST_DECL && ptrmap_get(vars, s->var)) return true;
  if (s->kind == ST_ASSIGN) {
    const Var *v = s->lhs->kind == EX_VAR ? s->lhs->var : indexed_array(s->lhs);
    if (v && ptrmap_get(vars, v)) return true;
  }
  if (rp_stores(s->then, vars) || rp_stores(s->els, vars) || rp_stores(s->init, vars) || rp_stores(s->step, vars))
    return true;
  for (int i = 0; i < s->nbody; i++)
    if (rp_stores(s->body[i], vars)) return true;
  return false;
}

/* What running s again costs by recompute_cost's measure (operators and
 * loads 1, math calls 8), inner loops times their constant trip counts;
 * -1 for a loop whose trip count is not a constant. */
static long rp_cost_expr(const Expr *e) {
  if (!e) return 0;
  long c = e->kind == EX_CALL ? RECOMPUTE_CALL
           : e->kind == EX_BIN || e->kind == EX_COND || e->kind == EX_INDEX || e->kind == EX_DEREF ||
                   e->kind == EX_MEMBER || (e->kind == EX_UN && ty_is_float(e->type))
               ? 1
               : 0;
  c += rp_cost_expr(e->lhs) + rp_cost_expr(e->rhs) + rp_cost_expr(e->cond);
  for (int i = 0; i < e->nargs; i++) c += rp_cost_expr(e->args[i]);
  return c;
}

static long rp_cost(const Stmt *s) {
  if (!s) return 0;
  switch (s->kind) {
  case ST_BLOCK: {
    long c = 0;
    for (int i = 0; i < s->nbody; i++) {
      long ci = rp_cost(s->body[i]);
      if (ci < 0) return -1;
      c += ci;
    }
    return c;
  }
  case ST_DECL: return rp_cost_expr(s->expr);
  case ST_ASSIGN: return rp_cost_expr(s->rhs) + (s->lhs->kind == EX_INDEX ? rp_cost_expr(s->lhs->rhs) : 0);
  case ST_IF: {
    long t = rp_cost(s->then), e = rp_cost(s->els);
    return t < 0 || e < 0 ? -1 : 1 + rp_cost_expr(s->cond) + (t > e ? t : e);
  }
  case ST_FOR: {
    Var *i;
    const Expr *lo, *hi;
    long step;
    if (!adj_loop_header(s, &i, &lo, &hi, &step) || step <= 0 || s->cond->op != OP_LT) return -1;
    lo = ex_strip_implicit(lo);
    hi = ex_strip_implicit(hi);
    if (lo->kind != EX_NUM || hi->kind != EX_NUM) return -1;
    long trips = ((long)hi->value - (long)lo->value + step - 1) / step;
    long body = rp_cost(s->then);
    if (body < 0 || trips > 64) return -1;
    return trips <= 0 ? 0 : trips * (body + 2);
  }
  default: return -1;
  }
}

static Replay *find_replay(Adj *a, const Stmt *loop) {
  const Stmt *b = loop->then;
  /* (a loop inside a replayed prefix: the enclosing replay set its values) */
  if (!b || b->kind != ST_BLOCK || loop->checkpoint || loop->parallel || loop->omp || !a->body || a->in_prefix)
    return NULL;
  for (int d = 0; d < a->loops.len; d++) {
    const Stmt *l = a->loops.data[d];
    if (l->checkpoint) return NULL;
  }
  int from = adj_outer_from(a);
  if (from < 0) return NULL;
  Replay *r = xmalloc(sizeof *r);
  IterIndex *ix = adj_iter_index(a);
  PtrMap sites = {0};
  adj_mention_sites(b, &sites);
  PtrMap w = {0};
  int loops = 0, np = 0;
  for (; np < b->nbody; np++) {
    PtrMap w1 = ptrmap_copy(&w);
    int l1 = loops;
    if (!rp_writes(a, b->body[np], &w1, &l1, &r->lvs)) break;
    /* L: named only inside the body (r2 += d[k] * d[k] ends a loop over k's) */
    bool inside = true;
    for (int h = 0; h < w1.cap && inside; h++)
      if (w1.keys && w1.keys[h]) inside = ptrmap_get(&ix->nsites, w1.keys[h]) == ptrmap_get(&sites, w1.keys[h]);
    if (!inside) break;
    w = w1;
    loops = l1;
  }
  if (np == 0 || np == b->nbody) return NULL;
  /* worth it: what the scalar rule does not reach */
  bool worth = loops > 0, floating = false;
  for (int h = 0; h < w.cap; h++) {
    if (!w.keys || !w.keys[h]) continue;
    const Var *v = w.keys[h];
    ptrmap_put(&r->vars, v, (void *)1);
    const Type *t = v->type->kind == TY_ARRAY ? v->type->base : v->type;
    if (ty_is_float(t)) floating = true;
    if (v->type->kind == TY_ARRAY || (ty_is_float(t) && (long)w.vals[h] > 2)) worth = true;
  }
  if (!worth || !floating) return NULL;
  /* cheap: a few values' worth of the scalar rule's limit */
  long cost = 0;
  for (int i = 0; i < np && cost >= 0; i++) {
    long ci = rp_cost(b->body[i]);
    cost = ci < 0 ? -1 : cost + ci;
  }
  if (cost < 0 || cost > REPLAY_MAX) return NULL;
  /* arrays only indexed, L stored into by P alone */
  PtrMap idx = {0};
  IdxCtx ic = {&r->vars, &idx};
  index_sites(b, &ic);
  for (int h = 0; h < r->vars.cap; h++) {
    if (!r->vars.keys || !r->vars.keys[h]) continue;
    const Var *v = r->vars.keys[h];
    if (v->type->kind == TY_ARRAY && ptrmap_get(&idx, v) != ptrmap_get(&sites, v)) return NULL;
  }
  for (int i = np; i < b->nbody; i++)
    if (rp_stores(b->body[i], &r->vars)) return NULL;
  /* in a counted loop over c, P may set A[c] for the rest to read */
  Var *own = adj_counted_ctr(loop);
  RpCtx c = {a, from, &r->vars};
  PtrMap def = {0};
  for (int i = 0; i < np; i++)
    if (!rp_stmt(&c, b->body[i], &def, own)) return NULL;
  for (int h = 0; h < r->vars.cap; h++) {
    if (!r->vars.keys || !r->vars.keys[h]) continue;
    const Var *v = r->vars.keys[h];
    const void *d = ptrmap_get(&def, v);
    bool whole = d == RP_FULL;
    if (whole) ptrmap_put(&r->whole, v, (void *)1);
    for (int i = np; i < b->nbody && !whole; i++)
      if (adj_stmt_mentions(b->body[i], v) && !(own && d == own && only_at(b->body[i], v, own))) return NULL;
  }
  r->np = np;
  return r;
}

/* The prepared statement as plain forward code: declarations of hoisted
 * locals become assignments (or nothing). */
static Stmt *primal_copy(const Stmt *s);

static void primal_into(Stmt *into, const Stmt *s) {
  if (s->kind == ST_BLOCK && !s->omp) {
    for (int i = 0; i < s->nbody; i++) primal_into(into, s->body[i]);
  } else if (s->kind != ST_DECL || s->expr) {
    st_append(into, primal_copy(s));
  }
}

static Stmt *primal_copy(const Stmt *s) {
  if (!s) return NULL;
  if (s->kind == ST_DECL) return st_assign(ex_var(s->var), ir_clone_expr(s->expr, NULL), s->loc);
  if (s->kind == ST_BLOCK) {
    Stmt *b = st_block(s->loc);
    primal_into(b, s);
    return b;
  }
  Stmt *c = ir_clone_stmt(s, NULL);
  c->then = primal_copy(s->then);
  c->els = primal_copy(s->els);
  c->init = primal_copy(s->init);
  c->step = primal_copy(s->step);
  return c;
}

static Walk tape_visit(Expr *e, void *any) {
  if (e->kind == EX_CALL && e->rt) {
    *(bool *)any = true;
    return WALK_STOP;
  }
  return WALK_ON;
}

static bool uses_tape(const Stmt *s) {
  bool any = false;
  st_each_expr(s, tape_visit, &any);
  return any;
}

bool adj_replayed(const Adj *a, const Var *x) { return ptrmap_get(&a->replayed, x) != NULL; }

Stmt *adj_replay_body(Adj *a, Stmt *loop, Stmt *fwd, Stmt *bwd) {
  const void *m = ptrmap_get(&a->replay, loop);
  if (!m) {
    m = find_replay(a, loop);
    ptrmap_put(&a->replay, loop, m ? (void *)m : (void *)a);  /* (a: none) */
  }
  const Replay *r = m == (void *)a ? NULL : m;
  if (!r) {
    adj_block(a, loop->then, fwd, bwd);
    return NULL;
  }
  const Stmt *b = loop->then;
  SrcLoc loc = b->loc;
  Stmt *p = st_block(loc), *rest = st_block(loc);
  for (int i = 0; i < b->nbody; i++) st_append(i < r->np ? p : rest, b->body[i]);
  /* the replay serves earlier iterations: while P is built, their reads
   * of L need no save (put back after it: a class may hold more) */
  PtrVec gone = {0};
  if (a->phase == 2 && a->before)
    for (int h = 0; h < r->vars.cap; h++) {
      if (!r->vars.keys || !r->vars.keys[h]) continue;
      Var *v = (Var *)r->vars.keys[h];
      const Expr *lv = ptrmap_get(&r->lvs, v);
      const void *keys[2] = {v, act_loc_id(a->v, lv ? (Expr *)lv : ex_var(v))};
      for (int q = 0; q < 2; q++) {
        int k = keys[q] ? tbr_find(a->tbr, keys[q]) : -1;
        if (k >= 0 && tbrset_has(a->before, k)) {
          tbrset_del(a->before, k);
          vec_push(&gone, (void *)(long)(k + 1));
        }
      }
    }
  Stmt *fp = st_block(loc), *bp = st_block(loc), *fr = st_block(loc), *br = st_block(loc);
  Stmt *pre = a->loop_pre;
  a->loop_pre = NULL;
  a->in_prefix++;
  adj_block(a, p, fp, bp);
  a->in_prefix--;
  a->loop_pre = pre;
  for (int q = 0; q < gone.len; q++) tbrset_add(a->before, (int)(long)gone.data[q] - 1);
  PtrMap outer = a->replayed;
  a->replayed = ptrmap_copy(&outer);
  for (int h = 0; h < r->whole.cap; h++)
    if (r->whole.keys && r->whole.keys[h]) ptrmap_put(&a->replayed, r->whole.keys[h], (void *)1);
  adj_block(a, rest, fr, br);
  a->replayed = outer;
  /* forward: P's forward code (it saves only what P's own backward code
   * reads), the rest's; backward: P again (its forward code as written
   * when that saves nothing: the same operations, the same values), the
   * rest's backward code, P's (the backward sweep still only pops:
   * jacrev's split sweeps) */
  Stmt *again = uses_tape(fp) ? primal_copy(p) : ir_clone_stmt(fp, NULL);
  for (int i = 0; i < fp->nbody; i++) st_append(fwd, fp->body[i]);
  for (int i = 0; i < fr->nbody; i++) st_append(fwd, fr->body[i]);
  for (int i = 0; i < br->nbody; i++) st_append(bwd, br->body[i]);
  for (int i = 0; i < bp->nbody; i++) st_append(bwd, bp->body[i]);
  return again;
}

/* ---- Elements of one iteration -------------------------------------------
 * for (k = 0; k < 3; k++) { d[k] = ..; d[k] -= ..; r2 += d[k] * d[k]; }:
 * iteration k touches only d[k], so what the backward code of the other
 * iterations reads of d needs no save before a store of this one's. When
 * the loop's body names a local array (whose address is not taken) only as
 * A[c], c the loop's counter, which the body does not change, and every
 * store of the body into A's memory class is such an A[c] (a class may
 * hold more) and the body calls nothing but <math.h>, the loop's own reads
 * of A are left out of what earlier statements read (adj_before_add);
 * statements before the loop that read A still count. */

typedef struct ElemCtx { Adj *a; PtrMap cands; } ElemCtx;

static Walk elem_visit(Expr *e, void *ctx) {
  ElemCtx *c = ctx;
  if (e->kind == EX_VAR && e->var->type->kind == TY_ARRAY && e->var->kind == VAR_LOCAL && !e->var->is_static &&
      !ptrmap_get(&c->a->addr_taken, e->var))
    ptrmap_put(&c->cands, e->var, (void *)1);
  return WALK_ON;
}

/* every store of s into class cls is arr[ctr] */
static bool stores_only_at(Adj *a, const Stmt *s, const void *cls, const Var *arr, const Var *ctr) {
  if (!s) return true;
  if (s->kind == ST_ASSIGN && act_loc_id(a->v, s->lhs) == cls) {
    const Expr *ix = indexed_array(s->lhs) == arr ? ex_strip_implicit(s->lhs->rhs) : NULL;
    if (!ix || ix->kind != EX_VAR || ix->var != ctr) return false;
  }
  if (s->kind == ST_DECL && s->var != arr && act_loc_id(a->v, ex_var(s->var)) == cls) return false;
  if (!stores_only_at(a, s->then, cls, arr, ctr) || !stores_only_at(a, s->els, cls, arr, ctr) ||
      !stores_only_at(a, s->init, cls, arr, ctr) || !stores_only_at(a, s->step, cls, arr, ctr))
    return false;
  for (int i = 0; i < s->nbody; i++)
    if (!stores_only_at(a, s->body[i], cls, arr, ctr)) return false;
  return true;
}

/* an element of arr that s stores into */
static const Expr *some_elem(const Stmt *s, const Var *arr) {
  if (!s) return NULL;
  if (s->kind == ST_ASSIGN && indexed_array(s->lhs) == arr) return s->lhs;
  const Expr *e;
  if ((e = some_elem(s->then, arr)) || (e = some_elem(s->els, arr)) || (e = some_elem(s->init, arr)) ||
      (e = some_elem(s->step, arr)))
    return e;
  for (int i = 0; i < s->nbody; i++)
    if ((e = some_elem(s->body[i], arr))) return e;
  return NULL;
}

void adj_before_add_loop(Adj *a, const Stmt *loop) {
  Var *c = a->before ? adj_counted_ctr(loop) : NULL;
  PtrVec drop = {0};
  if (c && !adj_calls_any(loop->then)) {
    ElemCtx ec = {a, {0}};
    st_each_expr(loop->then, elem_visit, &ec);
    for (int h = 0; h < ec.cands.cap; h++) {
      if (!ec.cands.keys || !ec.cands.keys[h]) continue;
      const Var *arr = ec.cands.keys[h];
      const Expr *lv = some_elem(loop->then, arr);
      AtCtx at = {arr, c, true};
      if (loop->cond) ex_each(loop->cond, at_visit, &at);
      if (!lv || !at.ok || !only_at(loop->then, arr, c) || (loop->step && !only_at(loop->step, arr, c))) continue;
      const void *cls = act_loc_id(a->v, (Expr *)lv);
      if (cls && !stores_only_at(a, loop->then, cls, arr, c)) continue;
      const void *keys[2] = {arr, cls};
      for (int q = 0; q < 2; q++) {
        int k = keys[q] ? tbr_find(a->tbr, keys[q]) : -1;
        if (k >= 0 && !tbrset_has(a->before, k)) vec_push(&drop, (void *)(long)(k + 1));
      }
    }
  }
  adj_before_add(a, loop);
  for (int q = 0; q < drop.len; q++) tbrset_del(a->before, (int)(long)drop.data[q] - 1);
}
