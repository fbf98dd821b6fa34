/*
 * vector_bits.c — a sparse driver's pattern sweep: the vector sweep with
 * sets of directions in its lanes instead of numbers.
 *
 * The first call of a sparse driver finds the Jacobian's pattern by
 * probing: one NaN-seeded column (jacrev: row) per lane, n / W runs of the
 * sweep, minutes for n = 100,000. A derivative is linear in the seeds,
 * and the pattern only needs to know which seeds reach it; so the pattern
 * sweep is a copy of the vector sweep (and of every generated function it
 * calls) in which each lane statement computes the union of the sets its
 * operands hold, 64 directions in the bits of a lane's double:
 *
 *   u_dot[lane] += w * x_dot[j][lane]   becomes  u_dot[lane] = ccad_bits_or(u_dot[lane], x_dot[j][lane])
 *   s_dot[lane] = c * u_dot[lane]       becomes  s_dot[lane] = u_dot[lane]
 *   t_dot[lane] = a > b ? p[lane] : q[lane]      (a choice stays a choice)
 *
 * so 64 W columns per sweep. Primal code is unchanged (it never reads a
 * derivative); copies, tape pushes and pops of lanes move the bits as
 * they are. A lane statement that calls anything else (a custom rule, once
 * per lane) or stores other than a double: no pattern sweep, the NaN
 * probes stay. The runtime checks a pattern found this way with one check
 * sweep and probes with NaNs again if it missed an entry
 * (runtime/sparse.c).
 *
 * Requires: a vector sweep (vector.c, vector_rev.c), before simplify.
 * Provides: bits_variant().
 */
#include <stdlib.h>

#include "transform.h"

typedef struct Bits {
  Module *m;
  PtrMap made;  /* Fn* -> its pattern copy */
  PtrVec order; /* the copies, in the order made */
  bool bad;
} Bits;

static Fn *bits_fn(Bits *b, Fn *g);

static Expr *unite(Expr *a, Expr *b) {
  if (!a) return b;
  if (!b || ir_expr_equal(a, b)) return a;  /* (x_dot x + x x_dot) */
  return ex_rt2(RT_BITS_OR, a, b);
}

/* The set e holds (e: a lane statement's value, linear in the lanes it
 * reads), or NULL for none. */
static Expr *set_of(Bits *b, const Expr *e, const Var *lane) {
  if (!e || !ex_mentions(e, lane)) return NULL;  /* a coefficient, a constant */
  switch (e->kind) {
  case EX_INDEX:
  case EX_DEREF:
  case EX_MEMBER:
    if (e->type->kind == TY_DOUBLE) return ir_clone_expr(e, NULL);
    break;
  case EX_CAST:
    if (e->type->kind == TY_DOUBLE && e->lhs->type->kind == TY_DOUBLE) return set_of(b, e->lhs, lane);
    break;
  case EX_UN:
    if (e->op == OP_NEG || e->op == OP_PLUS) return set_of(b, e->lhs, lane);
    break;
  case EX_BIN:
    if (e->op == OP_ADD || e->op == OP_SUB || e->op == OP_MUL || e->op == OP_DIV)
      return unite(set_of(b, e->lhs, lane), set_of(b, e->rhs, lane));
    break;
  case EX_COND:
    if (!ex_mentions(e->cond, lane)) {
      Expr *x = set_of(b, e->lhs, lane), *y = set_of(b, e->rhs, lane);
      return ex_cond(ir_clone_expr(e->cond, NULL), x ? x : d_zero(ty_double()), y ? y : d_zero(ty_double()));
    }
    break;
  default: break;
  }
  b->bad = true;
  return NULL;
}

static bool tape_op(const Expr *e, RtKind k) {
  e = ex_strip_implicit(e);
  return e && e->kind == EX_CALL && e->rt && rt_info[e->rt].kind == k;
}

/* One statement of a lane loop, rewritten in place. */
static void lane_stmt(Bits *b, Stmt *s, const Var *lane) {
  if (s->kind == ST_EXPR && tape_op(s->expr, RK_PUSH)) return;
  if (s->kind != ST_ASSIGN || s->lhs->type->kind != TY_DOUBLE || ex_has_call(s->lhs)) {
    b->bad = true;
    return;
  }
  if (tape_op(s->rhs, RK_POP)) return;
  if (!simplify_pure(s->rhs)) {  /* (a <math.h> coefficient, cos(u), is fine: set_of leaves it out) */
    b->bad = true;
    return;
  }
  const Expr *r = ex_strip_implicit(s->rhs);
  if (r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB) && ir_expr_equal(s->lhs, r->lhs)) {
    s->rhs = unite(ir_clone_expr(s->lhs, NULL), set_of(b, r->rhs, lane));
    return;
  }
  Expr *set = set_of(b, s->rhs, lane);
  s->rhs = set ? set : d_zero(ty_double());
}

static Walk rewrite(Stmt *s, void *ctx) {
  Bits *b = ctx;
  if (s->kind != ST_FOR || !s->unroll) return b->bad ? WALK_STOP : WALK_ON;
  const Stmt *init = s->init && s->init->kind == ST_BLOCK && s->init->nbody == 1 ? s->init->body[0] : s->init;
  if (!init || init->kind != ST_ASSIGN || init->lhs->kind != EX_VAR) {
    b->bad = true;
    return WALK_STOP;
  }
  const Var *lane = init->lhs->var;
  Stmt *body = s->then;
  if (body && body->kind == ST_BLOCK)
    for (int i = 0; i < body->nbody; i++) lane_stmt(b, body->body[i], lane);
  else if (body)
    lane_stmt(b, body, lane);
  return b->bad ? WALK_STOP : WALK_SKIP;
}

/* Calls of generated functions go to their pattern copies. */
static Walk redirect(Expr *e, void *ctx) {
  Bits *b = ctx;
  if (e->kind != EX_CALL || !e->fn || !e->fn->is_generated || !e->fn->body) return WALK_ON;
  Fn *c = bits_fn(b, e->fn);
  if (!c) return WALK_STOP;
  e->fn = c;
  e->text = c->name;
  return WALK_ON;
}

static Var *copy_var(PtrMap *map, Var *v) {
  if (!v) return NULL;
  Var *n = ptrmap_get(map, v);
  if (n) return n;
  n = xmalloc(sizeof *n);
  *n = *v;
  ptrmap_put(map, v, n);
  return n;
}

static Fn *copy_fn(Module *m, Fn *g) {
  Fn *c = xmalloc(sizeof *c);
  *c = *g;
  c->name = tr_fresh_fn_name(m, xfmt("%s_pattern", g->name));
  c->is_static = true;
  c->names = (NameSet){0};
  nameset_inherit(&c->names, &g->names);
  PtrMap map = {0};
  c->params = xmalloc(sizeof(Var *) * (size_t)(g->nparams ? g->nparams : 1));
  for (int i = 0; i < g->nparams; i++) c->params[i] = copy_var(&map, g->params[i]);
  c->ret_shadow = copy_var(&map, g->ret_shadow);
  c->locals = (PtrVec){0};
  for (int i = 0; i < g->locals.len; i++) vec_push(&c->locals, copy_var(&map, g->locals.data[i]));
  c->shadows = (PtrVec){0};
  for (int i = 0; i < g->shadows.len; i++) vec_push(&c->shadows, copy_var(&map, g->shadows.data[i]));
  c->body = ir_clone_stmt(g->body, &map);
  free(map.keys);
  free(map.vals);
  return c;
}

static Fn *bits_fn(Bits *b, Fn *g) {
  if (b->bad) return NULL;
  Fn *c = ptrmap_get(&b->made, g);
  if (c) return c;
  c = copy_fn(b->m, g);
  ptrmap_put(&b->made, g, c);  /* before its calls: a recursive one finds it */
  vec_push(&b->order, c);
  st_each(c->body, rewrite, b);
  if (!b->bad) st_each_expr(c->body, redirect, b);
  if (!b->bad) simplify_dead_vars(c, 0);  /* the coefficients no lane reads now */
  if (!b->bad) simplify_unused_params(c);
  return b->bad ? NULL : c;
}

/* A pattern sweep runs on one thread: an atomic update of a lane's set
 * (r_dot[e][lane] = ccad_bits_or(...)) is no form '#pragma omp atomic'
 * takes, and a reduction(+) would add the sets' bits as numbers. */
static Walk no_omp(Stmt *s, void *ctx) {
  (void)ctx;
  s->omp = NULL;
  s->omp_atomic = false;
  s->omp_single = false;
  s->parallel = false;
  return WALK_ON;
}

/* The pattern sweep of vector sweep sw (its lanes' doubles as sets of 64
 * directions), or NULL where a lane statement is not a linear combination
 * of lanes. */
Fn *bits_variant(Module *m, Fn *sw) {
  Fn *made = ptrmap_get(&m->pattern_sweeps, sw);
  if (made) return made;  /* (f_jacfwd and f_jacfwd_pattern share it) */
  Bits b = {.m = m};
  Fn *c = bits_fn(&b, sw);
  if (c) ptrmap_put(&m->pattern_sweeps, sw, c);
  for (int i = 0; c && i < b.order.len; i++) {
    st_each(((Fn *)b.order.data[i])->body, no_omp, NULL);
    vec_push(&m->generated, b.order.data[i]);
  }
  free(b.order.data);
  free(b.made.keys);
  free(b.made.vals);
  return c;
}
