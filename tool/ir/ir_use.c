/*
 * ir_use.c — how the paths through a statement first use a variable: the
 * liveness question "is the value v holds here ever read?".
 *
 * Requires: ir.h (statements, st_mentions, ir_walk).
 * Provides: ir_first_use, ir_seq_use, ir_first_use_after.
 */
#include "ir.h"

static bool ex_names(Expr *e, const Var *v) {
  Stmt t = {.kind = ST_EXPR, .expr = e};
  return e && st_mentions(&t, v);
}

IrUse ir_seq_use(IrUse acc, IrUse next) {
  if (acc == IU_WRITE || acc == IU_READ) return acc;
  if (next == IU_NONE) return acc;
  return acc == IU_SOME && next != IU_WRITE ? (next == IU_SOME ? IU_SOME : IU_READ) : next;
}

static Walk jumps_visit(Stmt *s, void *ctx) {
  (void)ctx;
  return s->kind == ST_BREAK || s->kind == ST_CONTINUE || s->kind == ST_RETURN ? WALK_STOP : WALK_ON;
}

/* s may leave (or restart) its enclosing loop before its end */
static bool jumps(Stmt *s) { return !ir_walk(&(IrWalk){.st = jumps_visit}, s); }

static Walk case_visit(Stmt *s, void *ctx) {
  (void)ctx;
  return s->kind == ST_CASE ? WALK_STOP : s->kind == ST_SWITCH ? WALK_SKIP : WALK_ON;
}

/* The paths into a switch start at its case labels (or skip it when it has
 * no default) and run to a break at its top level, through the labels that
 * follow (fall-through). A statement that may break out part way does not
 * count as a write; case labels below the top level (Duff's device) are
 * not followed. */
static IrUse switch_use(Stmt *s, const Var *v) {
  Stmt *b = s->then;
  if (!b || b->kind != ST_BLOCK) return IU_READ;
  bool dflt = false, all_write = true, none = true;
  for (int i = 0; i < b->nbody; i++) {
    if (b->body[i]->kind != ST_CASE) {
      if (!ir_walk(&(IrWalk){.st = case_visit}, b->body[i])) return IU_READ;
      continue;
    }
    dflt |= !b->body[i]->expr;
    IrUse u = IU_NONE;
    bool left = false; /* a path may have broken out of the switch (or returned) */
    for (int k = i + 1; k < b->nbody && b->body[k]->kind != ST_BREAK && u != IU_WRITE && u != IU_READ; k++) {
      IrUse next = ir_first_use(b->body[k], v);
      left |= jumps(b->body[k]);
      u = ir_seq_use(u, left && next == IU_WRITE ? IU_SOME : next);
    }
    if (u == IU_READ) return IU_READ;
    all_write &= u == IU_WRITE;
    none &= u == IU_NONE;
  }
  if (all_write && dflt) return IU_WRITE;
  return none ? IU_NONE : IU_SOME;
}

IrUse ir_first_use(Stmt *s, const Var *v) {
  if (!s || !st_mentions(s, v)) return IU_NONE;
  switch (s->kind) {
  case ST_BLOCK: {
    IrUse u = IU_NONE;
    for (int i = 0; i < s->nbody && u != IU_WRITE && u != IU_READ; i++) u = ir_seq_use(u, ir_first_use(s->body[i], v));
    return u;
  }
  case ST_DECL: return s->var == v && !s->expr ? IU_NONE : IU_READ;
  case ST_ASSIGN: return s->lhs->kind == EX_VAR && s->lhs->var == v && !ex_names(s->rhs, v) ? IU_WRITE : IU_READ;
  case ST_IF: {
    if (ex_names(s->cond, v)) return IU_READ;
    IrUse t = ir_first_use(s->then, v), e = ir_first_use(s->els, v);
    if (t == IU_READ || e == IU_READ) return IU_READ;
    return t == IU_WRITE && e == IU_WRITE ? IU_WRITE : IU_SOME;
  }
  case ST_WHILE:
  case ST_FOR: {
    IrUse u = s->kind == ST_FOR ? ir_first_use(s->init, v) : IU_NONE;
    if (u == IU_WRITE || u == IU_READ) return u;
    if (s->is_do) {
      IrUse b = ir_first_use(s->then, v);
      if (b == IU_WRITE && jumps(s->then)) b = IU_SOME;
      return ir_seq_use(u, b == IU_NONE && ex_names(s->cond, v) ? IU_READ : b);
    }
    if (ex_names(s->cond, v)) return IU_READ;
    IrUse b = ir_first_use(s->then, v);
    if (b == IU_NONE && ir_first_use(s->step, v) != IU_NONE) b = IU_READ;  /* the step before any write */
    return ir_seq_use(u, b == IU_READ ? IU_READ : b == IU_NONE ? IU_NONE : IU_SOME);  /* may run 0 times */
  }
  case ST_SWITCH: return ex_names(s->cond, v) ? IU_READ : switch_use(s, v);
  default: return IU_READ;  /* labels, returns that name it: not followed */
  }
}

/* The first use of v by the statements of block b from index 'from' on. */
IrUse ir_first_use_after(Stmt *b, int from, const Var *v) {
  IrUse u = IU_NONE;
  for (int i = from; i < b->nbody && u != IU_WRITE && u != IU_READ; i++) u = ir_seq_use(u, ir_first_use(b->body[i], v));
  return u;
}
