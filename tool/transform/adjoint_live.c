/*
 * adjoint_live.c — which locals a split function's backward sweep needs
 * from its forward sweep: the variables a sweep names, in order
 * (adj_refs), whether a sweep sets a variable before it reads it
 * (adj_first_access), and what the forward sweep may change
 * (adj_assigned). adjoint.c pushes the rest at the end of f_fwd.
 *
 * Requires: ir. Provides: adj_refs, adj_first_access, adj_assigned.
 */
#include "adjoint_int.h"

static void refs_e(const Expr *e, PtrMap *seen, PtrVec *order) {
  if (!e) return;
  if (e->kind == EX_VAR && !ptrmap_get(seen, e->var)) {
    ptrmap_put(seen, e->var, (void *)1);
    vec_push(order, e->var);
  }
  refs_e(e->lhs, seen, order);
  refs_e(e->rhs, seen, order);
  refs_e(e->cond, seen, order);
  for (int i = 0; i < e->nargs; i++) refs_e(e->args[i], seen, order);
}

void adj_refs(const Stmt *s, PtrMap *seen, PtrVec *order) {
  if (!s) return;
  if (s->kind == ST_DECL && s->var->type->vla) refs_e(s->var->type->vla, seen, order);
  refs_e(s->lhs, seen, order);
  refs_e(s->rhs, seen, order);
  refs_e(s->expr, seen, order);
  refs_e(s->cond, seen, order);
  adj_refs(s->then, seen, order);
  adj_refs(s->els, seen, order);
  adj_refs(s->init, seen, order);
  adj_refs(s->step, seen, order);
  for (int i = 0; i < s->nbody; i++) adj_refs(s->body[i], seen, order);
}

/* 1: written before any read on every path, -1: read before written on
 * some path, 0: neither (not touched, or written only where a path may
 * skip it: a loop body) */
int adj_first_access(const Stmt *s, const Var *x) {
  if (!s) return 0;
  if (s->kind == ST_ASSIGN) {
    if (ex_mentions(s->rhs, x)) return -1;
    if (s->lhs->kind == EX_VAR) return s->lhs->var == x ? 1 : 0;
    return ex_mentions(s->lhs, x) ? -1 : 0;
  }
  if (ex_mentions(s->expr, x)) return -1;
  int r;
  if ((r = adj_first_access(s->init, x))) return r;
  if (ex_mentions(s->cond, x)) return -1;
  if (s->kind == ST_IF) {
    /* a write in one branch proves nothing: both must write first */
    int t = adj_first_access(s->then, x), e = adj_first_access(s->els, x);
    if (t == -1 || e == -1) return -1;
    if (t == 1 && e == 1) return 1;
    return 0;
  }
  /* a loop may run no iteration (a switch take no case): its write
   * proves nothing, the statements after it decide */
  bool may_skip = s->kind == ST_FOR || s->kind == ST_SWITCH || (s->kind == ST_WHILE && !s->is_do);
  if ((r = adj_first_access(s->then, x)) && !(may_skip && r == 1)) return r;
  if ((r = adj_first_access(s->step, x)) && !(may_skip && r == 1)) return r;
  for (int i = 0; i < s->nbody; i++)
    if ((r = adj_first_access(s->body[i], x))) return r;
  return 0;
}

/* &q.w passed on: the variable may be written through it */
static void addressed(const Expr *e, PtrMap *out) {
  if (!e) return;
  if (e->kind == EX_ADDR && ex_own_var(e->lhs)) ptrmap_put(out, ex_own_var(e->lhs), (void *)1);
  addressed(e->lhs, out);
  addressed(e->rhs, out);
  addressed(e->cond, out);
  for (int i = 0; i < e->nargs; i++) addressed(e->args[i], out);
}

/* Variables s may change: assigned whole or in part (a struct parameter's
 * field), or whose address it takes. */
void adj_assigned(const Stmt *s, PtrMap *out) {
  if (!s) return;
  if (s->kind == ST_ASSIGN && ex_own_var(s->lhs)) ptrmap_put(out, ex_own_var(s->lhs), (void *)1);
  addressed(s->rhs, out), addressed(s->expr, out);
  adj_assigned(s->then, out), adj_assigned(s->els, out), adj_assigned(s->init, out), adj_assigned(s->step, out);
  for (int i = 0; i < s->nbody; i++) adj_assigned(s->body[i], out);
}
