/*
 * ir_walk.c — one visitor over statements and expressions.
 *
 * Requires: any IR tree (S1 or S3). Provides: ir_walk, st_each, ex_each,
 * st_each_expr. Mutates: nothing itself; callbacks may edit the node they
 * are given and what lies below it (the walk reads a node's children after
 * the pre-order callback returns).
 *
 * Order is the order of the C text: a statement's expressions before its
 * sub-statements, except that a for visits init, cond, body, step and a
 * do-while its body before its condition; an expression visits cond, lhs,
 * rhs, then args. A VLA length in a declared variable's type is not an
 * expression of the statement: callbacks that need it look at s->var.
 */
#include "ir.h"

static bool walk_e(const IrWalk *w, Expr *e) {
  if (!e || !w->ex) return true;
  Walk r = w->ex(e, w->ctx);
  if (r == WALK_STOP) return false;
  if (r == WALK_SKIP) return true;
  if (!walk_e(w, e->cond) || !walk_e(w, e->lhs) || !walk_e(w, e->rhs)) return false;
  for (int i = 0; i < e->nargs; i++)
    if (!walk_e(w, e->args[i])) return false;
  return true;
}

/* The parts of s in C order; false: a callback said stop. */
static bool walk_parts(const IrWalk *w, Stmt *s) {
  if (s->kind == ST_FOR)
    return ir_walk(w, s->init) && walk_e(w, s->cond) && ir_walk(w, s->then) && ir_walk(w, s->step);
  if (s->kind == ST_WHILE && s->is_do) return ir_walk(w, s->then) && walk_e(w, s->cond);
  if (!walk_e(w, s->lhs) || !walk_e(w, s->rhs) || !walk_e(w, s->expr) || !walk_e(w, s->cond)) return false;
  if (!ir_walk(w, s->then) || !ir_walk(w, s->els)) return false;
  for (int i = 0; i < s->nbody; i++)
    if (!ir_walk(w, s->body[i])) return false;
  return true;
}

bool ir_walk(const IrWalk *w, Stmt *s) {
  if (!s) return true;
  if (w->st) {
    Walk r = w->st(s, w->ctx);
    if (r == WALK_STOP) return false;
    if (r == WALK_SKIP) return true;
  }
  if (!walk_parts(w, s)) return false;
  return !w->st_post || w->st_post(s, w->ctx) != WALK_STOP;
}

bool st_each(const Stmt *s, StVisit f, void *ctx) {
  IrWalk w = {.st = f, .ctx = ctx};
  return ir_walk(&w, (Stmt *)s);
}

bool st_each_expr(const Stmt *s, ExVisit f, void *ctx) {
  IrWalk w = {.ex = f, .ctx = ctx};
  return ir_walk(&w, (Stmt *)s);
}

bool ex_each(const Expr *e, ExVisit f, void *ctx) {
  IrWalk w = {.ex = f, .ctx = ctx};
  return walk_e(&w, (Expr *)e);
}
