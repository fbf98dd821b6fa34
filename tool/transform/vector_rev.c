/*
 * vector_rev.c — vector reverse mode: jacrev's split sweeps widened to W
 * adjoint directions (lanes) per backward sweep.
 *
 * jacrev's split path runs f's forward sweep once and its backward
 * function f_bwd once per output. Adjoints are linear in the seeds, as
 * tangents are in theirs, so f_bwd widens the way a jvp function does
 * (vector.c): the tape's pops and the primal values they restore run once
 * for all W lanes, every statement on adjoints once per lane, and a call
 * of a callee's g_bwd becomes one call of its vector variant. W rows of
 * the Jacobian per backward sweep.
 *
 * vector.c widens the variables of Fn.shadows. Here they are found: the
 * adjoint parameters (f's p_bar, ret_bar; a callee's, those its callers
 * pass adjoints in), every local set from them, and every local pointer
 * through which an adjoint is stored, to a fixed point over f_fwd, f_bwd
 * and their callees together (a split pair shares its locals: a frame
 * f_fwd allocates for adjoints, f_bwd pops). Adjoints never flow into
 * primal values. The tape operations that carry adjoint memory are marked
 * moves_tangent for vector.c, as tangent.c marks a reverse result's: a
 * frame W times the bytes, a pointer into adjoint memory (pushed and
 * popped whole, pointing to rows). A custom_vjp rule on scalars runs once
 * per lane; one handed an array (its adjoint memory has no lanes) keeps
 * the scalar sweeps.
 * An adjoint stored into anything else,
 * a callee's result carrying one, or any other tape operation on adjoints,
 * and the sweeps stay scalar.
 *
 * Requires: f_fwd and f_bwd of adjoint_split_request and their callees.
 * Provides: vectorize_adjoint(), the rows variants (x_bar[i][lane]).
 */
#include <stdint.h>

#include "transform.h"

typedef struct Taint {
  PtrMap wide;   /* Var* carrying adjoints, or pointing into adjoint memory */
  PtrVec fns;    /* the functions involved: fw, bw, their generated callees */
  PtrMap seen;   /* Fn* in fns */
  PtrVec marks;  /* Expr* marked moves_tangent here (unmarked at the end) */
  bool grew, bad;
} Taint;

static Walk is_tainted(Expr *e, void *ctx) {
  return e->kind == EX_VAR && ptrmap_get(&((Taint *)ctx)->wide, e->var) ? WALK_STOP : WALK_ON;
}

static bool tainted(Taint *t, const Expr *e) { return e && !ex_each(e, is_tainted, t); }

static void taint(Taint *t, Var *v) {
  if (ptrmap_get(&t->wide, v)) return;
  ptrmap_put(&t->wide, v, (void *)1);
  t->grew = true;
}

static void add_fn(Taint *t, Fn *g) {
  if (ptrmap_get(&t->seen, g)) return;
  ptrmap_put(&t->seen, g, (void *)1);
  vec_push(&t->fns, g);
  t->grew = true;
}

static Fn *callee(const Expr *e) {
  return e && e->kind == EX_CALL && e->fn && e->fn->is_generated && e->fn->body ? e->fn : NULL;
}

static const Expr *uncast(const Expr *e) {
  while (e && e->kind == EX_CAST) e = e->lhs;
  return e;
}

/* A call of a generated callee links each argument with its parameter:
 * an adjoint passed, the parameter carries adjoints; a parameter that
 * carries them (the callee stores adjoints through it), the argument's
 * variable does. */
static Walk link_call(Expr *e, void *ctx) {
  Taint *t = ctx;
  Fn *g = callee(e);
  if (g) add_fn(t, g);
  for (int i = 0; g && i < e->nargs && i < g->nparams; i++) {
    if (tainted(t, e->args[i])) taint(t, g->params[i]);
    if (!ptrmap_get(&t->wide, g->params[i]) || tainted(t, e->args[i])) continue;
    Var *root = ex_root_var(e->args[i]);
    if (!root || root->kind == VAR_GLOBAL) {
      t->bad = true;  /* adjoints stored into memory the sweep does not own */
      return WALK_STOP;
    }
    taint(t, root);
  }
  return WALK_ON;
}

/* Another function given adjoints (a custom_vjp rule: y_bar in, &x_bar
 * out) runs once per lane: what it stores through &v is an adjoint (v
 * carries them: &v[lane]). Any other pointer to floating memory it is
 * given (a rule's array: v_bar, a frame the sweep zeroes and reads back)
 * would get every lane's contribution in one adjoint without lanes, or,
 * pointing into rows, be read as one direction: the sweeps stay scalar.
 * memset, memcpy and memmove take all lanes at once (vector.c scales
 * their byte counts). */
static bool mem_fn(const Expr *e) {
  return e->text && (str_eq(e->text, "memset") || str_eq(e->text, "memcpy") || str_eq(e->text, "memmove"));
}

static Walk foreign_call(Expr *e, void *ctx) {
  Taint *t = ctx;
  if (e->kind != EX_CALL || e->rt || callee(e) || mem_fn(e) || !tainted(t, e)) return WALK_ON;
  for (int i = 0; i < e->nargs; i++) {
    const Expr *a = ex_strip_implicit(e->args[i]);
    if (a->kind == EX_ADDR && a->lhs->kind == EX_VAR && ty_is_float(a->lhs->type) && a->lhs->var->kind == VAR_LOCAL) {
      taint(t, a->lhs->var);
    } else if ((ty_is_ptr(a->type) || a->type->kind == TY_ARRAY) && (tainted(t, a) || ty_points_to_float(a->type))) {
      t->bad = true;
      return WALK_STOP;
    }
  }
  return WALK_ON;
}

/* An adjoint stored: its variable carries adjoints (a pointer it is stored
 * through points into adjoint memory). */
static Walk spread(Stmt *s, void *ctx) {
  Taint *t = ctx;
  if (tainted(t, s->cond) || (s->kind == ST_RETURN && tainted(t, s->expr))) {
    t->bad = true;  /* control flow on adjoints (no lane-wide branch), an adjoint returned */
    return WALK_STOP;
  }
  Expr *val = s->kind == ST_DECL ? s->expr : s->kind == ST_ASSIGN ? s->rhs : NULL;
  Var *to = s->kind == ST_DECL ? s->var : s->kind == ST_ASSIGN ? ex_root_var(s->lhs) : NULL;
  /* cur_bar = (void *)*a_bar, cur_bar carrying adjoints: the memory it
   * points into does too (the other direction of the store) */
  Var *from = val && !callee(val) && ty_is_ptr(val->type) ? ex_root_var(uncast(val)) : NULL;
  if (to && from && ptrmap_get(&t->wide, to) && from->kind != VAR_GLOBAL) taint(t, from);
  if (!tainted(t, val) || callee(val)) return WALK_ON;  /* (g_fwd's result is primal; g_bwd's none) */
  if (!to || to->kind == VAR_GLOBAL) {
    t->bad = true;  /* an adjoint stored into memory the sweep does not own */
    return WALK_STOP;
  }
  taint(t, to);
  return WALK_ON;
}

/* The tape operations on adjoint memory, marked for vector.c: a frame for
 * adjoints and a pointer into them, pushed or popped whole. */
static void mark(Taint *t, Expr *call) {
  if (call->moves_tangent) return;
  call->moves_tangent = true;
  vec_push(&t->marks, call);
}

static Walk tape_ops(Stmt *s, void *ctx) {
  Taint *t = ctx;
  Expr *val = s->kind == ST_DECL ? s->expr : s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_EXPR ? s->expr : NULL;
  Expr *call = (Expr *)uncast(val);
  if (!call || call->kind != EX_CALL || !call->rt) return WALK_ON;
  Var *to = s->kind == ST_DECL ? s->var : s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR ? s->lhs->var : NULL;
  RtKind k = rt_info[call->rt].kind;
  RtElem el = rt_info[call->rt].elem;
  bool into = to && ptrmap_get(&t->wide, to), args = tainted(t, call);
  if (into && ((k == RK_POP && el == RE_PTR) || k == RK_FRAME_PUSH) && !args)
    mark(t, call);
  else if (k == RK_PUSH && el == RE_PTR && args && !into)
    mark(t, call);
  else if (k == RK_FRAME_POP || (!into && !args))
    return WALK_ON;  /* (a frame is released whole) */
  else
    t->bad = true;  /* adjoint values on the tape, a block of them, a checkpoint of them */
  return t->bad ? WALK_STOP : WALK_ON;
}

typedef struct Shadows {
  Taint *t;
  Fn *g;
} Shadows;

static Walk declared(Stmt *s, void *ctx) {
  Shadows *c = ctx;
  if (s->kind == ST_DECL && ptrmap_get(&c->t->wide, s->var)) vec_push(&c->g->shadows, s->var);
  return WALK_ON;
}

/* g's adjoint variables into g->shadows, for vector.c */
static void set_shadows(Taint *t, Fn *g) {
  g->shadows = (PtrVec){0};
  for (int i = 0; i < g->nparams; i++)
    if (ptrmap_get(&t->wide, g->params[i])) vec_push(&g->shadows, g->params[i]);
  st_each(g->body, declared, &(Shadows){t, g});  /* (a split pair's locals are listed in neither) */
}

/* The variants of f_bwd (returned) and f_fwd (*vfw), or NULL for both. */
Fn *vectorize_adjoint(Module *m, Fn *fw, const bool *fw_adj, Fn *bw, const bool *bw_adj, int width, Fn **vfw) {
  Taint t = {0};
  add_fn(&t, fw);
  add_fn(&t, bw);
  for (int i = 0; i < fw->nparams; i++)
    if (fw_adj[i]) taint(&t, fw->params[i]);
  for (int i = 0; i < bw->nparams; i++)
    if (bw_adj[i]) taint(&t, bw->params[i]);
  for (int round = 0; t.grew && !t.bad && round < 1000; round++) {
    t.grew = false;
    for (int i = 0; i < t.fns.len && !t.bad; i++) {
      Fn *g = t.fns.data[i];
      st_each(g->body, spread, &t);
      st_each_expr(g->body, link_call, &t);
      st_each_expr(g->body, foreign_call, &t);
    }
  }
  /* f's own primal parameters carry no adjoints: the driver passes f's memory */
  for (int i = 0; i < fw->nparams; i++) t.bad |= !fw_adj[i] && ptrmap_get(&t.wide, fw->params[i]);
  for (int i = 0; i < bw->nparams; i++) t.bad |= !bw_adj[i] && ptrmap_get(&t.wide, bw->params[i]);
  for (int i = 0; i < t.fns.len && !t.bad; i++) st_each(((Fn *)t.fns.data[i])->body, tape_ops, &t);
  Fn *v = NULL;
  if (!t.bad && !t.grew) {
    for (int i = 0; i < t.fns.len; i++) set_shadows(&t, t.fns.data[i]);
    v = vectorize_adjoint_fn(m, bw, width);
    *vfw = v ? vectorize_adjoint_fn(m, fw, width) : NULL;  /* (its frames and taped pointers, its callees') */
    if (!*vfw) v = NULL;
  }
  /* the scalar functions as they were: shadows are jvp's field, marks tangent.c's */
  for (int i = 0; i < t.fns.len; i++) ((Fn *)t.fns.data[i])->shadows = (PtrVec){0};
  for (int i = 0; i < t.marks.len; i++) ((Expr *)t.marks.data[i])->moves_tangent = false;
  return v;
}
