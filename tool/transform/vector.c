/*
 * vector.c — vector forward mode: a jvp function widened to W tangent
 * directions per sweep (jacfwd uses it). S3 -> S3.
 *
 * Every tangent variable x_dot of type T becomes W of them, x_dot[W] (a
 * parameter: an array of W shadows; T *ret_dot points to W results), and
 * every statement that touches a tangent runs once per lane:
 *
 *   y_dot = cos(u) * u_dot;   =>   for (lane = 0; lane < W; lane++)
 *                                     y_dot[lane] = cos(u) * u_dot[lane];
 *
 * The primal statements run once for all W directions. A call to a
 * callee's jvp runs once per lane (its own primal with it). W is a
 * compile-time constant, so the lane loops can be unrolled or vectorised.
 */
#include <stdint.h>
#include <string.h>

#include "rules.h"
#include "transform.h"

typedef struct Vec {
  Module *m;
  Fn *f;
  PtrMap wide;      /* shadow Var* -> how it is indexed: 1 array, 2 pointer offset */
  Var *lane;
  int width;
  bool failed;
} Vec;

static Expr *lane_e(Vec *w, Expr *e) {
  if (!e) return NULL;
  if (e->kind == EX_VAR) {
    intptr_t how = (intptr_t)ptrmap_get(&w->wide, e->var);
    if (how == 1) return ex_index(ex_var(e->var), ex_var(w->lane));
    if (how == 2) {
      Expr *p = ex_bin(OP_ADD, ex_var(e->var), ex_var(w->lane));
      p->type = e->var->type;
      return p;
    }
    return e;
  }
  e->lhs = lane_e(w, e->lhs);
  e->rhs = lane_e(w, e->rhs);
  e->cond = lane_e(w, e->cond);
  for (int i = 0; i < e->nargs; i++) e->args[i] = lane_e(w, e->args[i]);
  return e;
}

static bool touches_e(Vec *w, const Expr *e) {
  if (!e) return false;
  if (e->kind == EX_VAR && ptrmap_get(&w->wide, e->var)) return true;
  if (touches_e(w, e->lhs) || touches_e(w, e->rhs) || touches_e(w, e->cond)) return true;
  for (int i = 0; i < e->nargs; i++)
    if (touches_e(w, e->args[i])) return true;
  return false;
}

/* Does e take values off the tape (a pop, or a call of an f_bwd)? */
static bool pops(Module *m, const Expr *e) {
  if (!e) return false;
  if (e->kind == EX_CALL && e->text) {
    if (str_starts(e->text, "ccad_pop") || str_eq(e->text, "ccad_frame_pop")) return true;
    Fn *g = e->fn;
    for (int i = 0; !g && m && i < m->generated.len; i++)
      if (str_eq(((Fn *)m->generated.data[i])->name, e->text)) g = m->generated.data[i];
    if (g && g->tape_dir < 0) return true;
  }
  if (pops(m, e->lhs) || pops(m, e->rhs) || pops(m, e->cond)) return true;
  for (int i = 0; i < e->nargs; i++)
    if (pops(m, e->args[i])) return true;
  return false;
}

/* Math calls that do not depend on the lane are computed once, before the
 * lane loop (cos(u) in y_dot = cos(u) * u_dot). */
static Expr *hoist_invariant(Vec *w, Expr *e, Stmt *pre) {
  if (!e) return NULL;
  if (e->kind == EX_CALL && e->text && rule_find(e->text) && !touches_e(w, e) && ty_is_arith(e->type)) {
    Var *t = fn_new_var(w->f, "inv", ty_unqual(e->type), VAR_LOCAL, e->loc);
    st_append(pre, st_decl(t, e, e->loc));
    return ex_var(t);
  }
  if (e->kind == EX_CALL && !rule_find(e->text)) return e;  /* calls with effects run per lane */
  e->lhs = hoist_invariant(w, e->lhs, pre);
  e->rhs = hoist_invariant(w, e->rhs, pre);
  if (e->kind != EX_COND) e->cond = hoist_invariant(w, e->cond, pre);
  for (int i = 0; i < e->nargs; i++) e->args[i] = hoist_invariant(w, e->args[i], pre);
  return e;
}

static Stmt *per_lane(Vec *w, Stmt *s) {
  Stmt *c = ir_clone_stmt(s, NULL);
  Stmt *pre = st_block(s->loc);
  if (c->kind == ST_ASSIGN) c->rhs = hoist_invariant(w, c->rhs, pre);
  /* what lanes push in order 0..W-1 they pop in order W-1..0 */
  bool down = pops(w->m, s->lhs) || pops(w->m, s->rhs) || pops(w->m, s->expr);
  c->lhs = lane_e(w, c->lhs);
  c->rhs = lane_e(w, c->rhs);
  c->expr = lane_e(w, c->expr);
  SrcLoc loc = s->loc;
  Stmt *f = st_new(ST_FOR, loc);
  if (down) {
    f->init = st_assign(ex_var(w->lane), ex_int(w->width - 1), loc);
    f->cond = ex_bin(OP_GE, ex_var(w->lane), ex_int(0));
    f->step = st_assign(ex_var(w->lane), ex_bin(OP_SUB, ex_var(w->lane), ex_int(1)), loc);
    f->then = st_block(loc);
    st_append(f->then, c);
    st_append(pre, f);
    return pre;
  }
  f->init = st_assign(ex_var(w->lane), ex_int(0), loc);
  f->cond = ex_bin(OP_LT, ex_var(w->lane), ex_int(w->width));
  f->step = st_assign(ex_var(w->lane), ex_bin(OP_ADD, ex_var(w->lane), ex_int(1)), loc);
  f->then = st_block(loc);
  st_append(f->then, c);
  st_append(pre, f);
  return pre->nbody == 1 ? f : pre;
}

static Type *array_of(Type *t, int n) {
  Type *a = ty_new(TY_ARRAY, NULL);
  a->base = t;
  a->len = n;
  return a;
}

static void widen(Vec *w, Stmt *s) {
  if (!s) return;
  if (s->kind != ST_BLOCK) {
    widen(w, s->then);
    widen(w, s->els);
    widen(w, s->init);
    widen(w, s->step);
    return;
  }
  int n;
  Stmt **old = st_take_body(s, &n);
  for (int i = 0; i < n; i++) {
    Stmt *c = old[i];
    if (c->kind == ST_DECL && ptrmap_get(&w->wide, c->var)) {
      /* T x_dot = e;  =>  T x_dot[W]; for (lane..) x_dot[lane] = e_lane; */
      Expr *init = c->expr;
      c->expr = NULL;
      st_append(s, c);
      if (init && init->kind == EX_INIT) {
        w->failed = true;
      } else if (init) {
        st_append(s, per_lane(w, st_assign(ex_var(c->var), init, c->loc)));
      } else if (!ty_is_arith(c->var->type->base) && !ty_is_ptr(c->var->type->base)) {
        /* aggregates start zeroed (the scalar function zeroes them next) */
      }
      continue;
    }
    bool mine = c->kind == ST_ASSIGN || c->kind == ST_EXPR || c->kind == ST_DECL;
    if (mine && (touches_e(w, c->lhs) || touches_e(w, c->rhs) || touches_e(w, c->expr))) {
      st_append(s, per_lane(w, c));
      continue;
    }
    if (c->kind == ST_RETURN && touches_e(w, c->expr)) w->failed = true;
    widen(w, c);
    st_append(s, c);
  }
}

/* Widens f (a jvp function from tangent.c) in place; false if it cannot. */
bool vectorize_tangent(Module *m, Fn *f, int width) {
  Vec w = {.m = m, .f = f, .width = width};
  for (int i = 0; i < f->shadows.len; i++) {
    Var *d = f->shadows.data[i];
    if (d->kind == VAR_PARAM) {
      if (ty_is_ptr(d->type) || d->type->kind == TY_ARRAY)
        d->type = ty_ptr(tr_writable(d->type));  /* an array of W shadow pointers */
      else {
        Type *c = xmalloc(sizeof *c);
        *c = *ty_unqual(d->type);
        c->is_const = true;
        d->type = ty_ptr(c);  /* W tangents */
      }
    } else {
      d->type = array_of(d->type, width);
    }
    ptrmap_put(&w.wide, d, (void *)1);
  }
  if (f->ret_shadow) ptrmap_put(&w.wide, f->ret_shadow, (void *)2);
  w.lane = fn_new_var(f, "lane", ty_int(), VAR_LOCAL, f->loc);
  widen(&w, f->body);
  if (w.failed) return false;
  Stmt *b = st_block(f->loc);
  st_append(b, st_decl(w.lane, NULL, f->loc));
  for (int i = 0; i < f->body->nbody; i++) st_append(b, f->body->body[i]);
  f->body = b;
  return true;
}
