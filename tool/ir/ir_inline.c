/*
 * ir_inline.c — S1 -> S1: one-statement pointer accessors are inlined at
 * their calls.
 *
 * Numerical C reaches into arrays through small accessors:
 *
 *   static double *row(double *A, int i, int m) { return A + i * m; }
 *   static double *pos(Particle *p) { return &p->x; }
 *
 * A pointer returned by a call would need its derivative pointer from the
 * callee (the derivative of A + i * m is A_dot + i * m), which the
 * derivative variants of a function do not return. An accessor whose body
 * is one `return` of a pure expression over its parameters (pointer
 * arithmetic, &a[i], &p->f, v.data + i, a ?: choosing between pointers;
 * no call) is the same as that expression evaluated at the call, so each
 * `r = row(x, i, m)` becomes `r = x + i * m` before analysis and every
 * mode differentiates plain pointer code. Arguments are pure in S1 (calls
 * are statements), so substituting one for each use of its parameter
 * keeps the meaning; conversions to the parameter types stay as casts.
 *
 * Requires: S1.
 * Provides: S1 with calls of one-statement pointer accessors replaced by
 *   their expression.
 */
#include "ir.h"

/* e is pure: parameters, globals, constants, operators, loads, no call
 * (S1 keeps calls of the file's functions out of expressions; math.h
 * calls are rejected here too, to keep the inlined text small). */
static bool pure(const Expr *e) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return true;
  case EX_VAR:
    if (e->var->kind == VAR_LOCAL) return false;
    for (const Type *t = e->var->type; t; t = t->base)
      if (t->vla) return false;  /* a length naming g's parameters */
    return true;
  case EX_CAST:
  case EX_UN:
  case EX_ADDR:
  case EX_DEREF:
  case EX_MEMBER: return pure(e->lhs);
  case EX_BIN:
  case EX_INDEX: return pure(e->lhs) && pure(e->rhs);
  case EX_COND: return pure(e->cond) && pure(e->lhs) && pure(e->rhs);
  default: return false;
  }
}

/* The expression g returns, if g is a pointer accessor. */
static const Expr *helper_result(const Fn *g) {
  if (!g || !g->is_lowered || !g->body || g->is_variadic || g->ret->kind != TY_PTR || g->body->nbody != 1) return NULL;
  const Stmt *r = g->body->body[0];
  if (r->kind != ST_RETURN || !r->expr || !pure(r->expr)) return NULL;
  return r->expr;
}

/* e with g's parameters replaced by the call's arguments. */
static Expr *substitute(const Fn *g, const Expr *e, Expr **args) {
  if (!e) return NULL;
  if (e->kind == EX_VAR) {
    for (int i = 0; i < g->nparams; i++)
      if (g->params[i] == e->var) {
        Expr *a = ir_clone_expr(args[i], NULL);
        return ty_same(a->type, e->type) ? a : ex_cast(e->type, a);
      }
  }
  Expr *c = ir_clone_expr(e, NULL);
  c->lhs = substitute(g, e->lhs, args);
  c->rhs = substitute(g, e->rhs, args);
  c->cond = substitute(g, e->cond, args);
  for (int i = 0; i < e->nargs; i++) c->args[i] = substitute(g, e->args[i], args);
  return c;
}

/* rhs, if it is a call of a pointer accessor: the inlined expression. */
static Expr *inlined(Expr *rhs) {
  if (!rhs) return NULL;
  Expr *c = (Expr *)ex_strip_implicit(rhs);
  const Expr *res = c->kind == EX_CALL ? helper_result(c->fn) : NULL;
  if (!res || c->nargs != c->fn->nparams) return NULL;
  Expr *e = substitute(c->fn, res, c->args);
  if (!ty_same(e->type, c->fn->ret)) e = ex_cast(c->fn->ret, e);
  if (c != rhs) {  /* the conversion at the call stays */
    e = ex_cast(rhs->type, e);
    e->is_implicit = true;
  }
  return e;
}

static Walk inline_stmt(Stmt *s, void *unused) {
  (void)unused;
  Expr *e;
  if (s->kind == ST_ASSIGN && (e = inlined(s->rhs))) s->rhs = e;
  if ((s->kind == ST_DECL || s->kind == ST_RETURN) && (e = inlined(s->expr))) s->expr = e;
  return WALK_ON;
}

void ir_inline_address_helpers(Module *m) {
  for (int i = 0; i < m->fns.len; i++) {
    Fn *f = m->fns.data[i];
    if (f->is_lowered) st_each(f->body, inline_stmt, NULL);
  }
}
