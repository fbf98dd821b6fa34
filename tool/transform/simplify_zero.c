/*
 * simplify_zero.c — derivatives that are zero by construction.
 *
 * A floating scalar the transform made (an adjoint, a tangent) whose
 * every store is the constant 0 reads as 0 wherever it is read: the
 * adjoint of u in `r = round(u)` gets nothing (round's derivative is 0),
 * yet `d_bar += u_bar / box` still adds it. Its reads become 0 and fold
 * with what they multiply, divide or are added to, as JAX's symbolic
 * zeros do (0 * p is not computed, so an infinite partial does not turn
 * into NaN); an update that adds 0 goes, and simplify_dead_vars then
 * drops the variable. Repeated until nothing changes: a variable
 * assigned such a sum becomes zero in its turn.
 *
 * Requires: a generated function (its own variables from id first on).
 * Provides: simplify_zero_vars().
 */
#include <stdlib.h>

#include "transform.h"

typedef struct Zero {
  int first;
  PtrMap bad;   /* Var*: stored a value other than 0, address taken, or named by an omp clause */
  PtrMap seen;  /* Var*: candidates (floating scalars of the transform) */
  PtrMap sym;   /* Expr*: the zeros this pass made (a literal 0 of the code folds as IEEE says) */
} Zero;

static bool candidate(const Zero *z, const Var *v) {
  return v->kind == VAR_LOCAL && v->id >= z->first && !v->is_static && ty_is_float(v->type);
}

static Walk find_candidates(Stmt *s, void *ctx) {
  Zero *z = ctx;
  if (s->omp) {
    const PtrVec *lists[3] = {&s->omp->priv, &s->omp->fpriv, &s->omp->lpriv};
    for (int k = 0; k < 3; k++)
      for (int i = 0; i < lists[k]->len; i++) ptrmap_put(&z->bad, lists[k]->data[i], (void *)1);
    for (int i = 0; i < s->omp->nred; i++) ptrmap_put(&z->bad, s->omp->red[i].var, (void *)1);
  }
  if (s->kind == ST_DECL && candidate(z, s->var)) {
    ptrmap_put(&z->seen, s->var, (void *)1);
    if (s->expr && !ex_is_zero(s->expr)) ptrmap_put(&z->bad, s->var, (void *)1);
  }
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && candidate(z, s->lhs->var)) {
    ptrmap_put(&z->seen, s->lhs->var, (void *)1);
    if (!ex_is_zero(s->rhs)) ptrmap_put(&z->bad, s->lhs->var, (void *)1);
  }
  return WALK_ON;
}

static bool is_zero_var(const Zero *z, const Expr *e) {
  return e->kind == EX_VAR && ptrmap_get(&z->seen, e->var) && !ptrmap_get(&z->bad, e->var);
}

static Expr *sym_zero(Zero *z, Type *t) {
  Expr *e = d_zero(t);
  ptrmap_put(&z->sym, e, (void *)1);
  return e;
}

/* e with the zero variables read as 0, folded where an operand became such
 * a 0 (not where the code wrote one: 0.0 * T is NaN for an infinite T). */
static Expr *fold(Zero *z, Expr *e, bool *changed) {
  if (!e) return NULL;
  if (is_zero_var(z, e)) {
    *changed = true;
    return sym_zero(z, e->type);
  }
  e->lhs = fold(z, e->lhs, changed);
  e->rhs = fold(z, e->rhs, changed);
  e->cond = fold(z, e->cond, changed);
  for (int i = 0; i < e->nargs; i++) e->args[i] = fold(z, e->args[i], changed);
  if (!ty_is_float(e->type)) return e;
  bool l0 = e->lhs && ptrmap_get(&z->sym, e->lhs), r0 = e->rhs && ptrmap_get(&z->sym, e->rhs);
  if (e->kind == EX_UN && e->op == OP_NEG && l0) return sym_zero(z, e->type);
  if (e->kind == EX_CAST && l0 && ty_is_float(e->lhs->type)) return sym_zero(z, e->type);
  if (e->kind != EX_BIN) return e;
  if (e->op == OP_MUL && (l0 || r0)) return sym_zero(z, e->type);
  if (e->op == OP_DIV && l0) return sym_zero(z, e->type);
  if (e->op == OP_ADD && l0 && ty_same(e->rhs->type, e->type)) return e->rhs;
  if ((e->op == OP_ADD || e->op == OP_SUB) && r0 && ty_same(e->lhs->type, e->type)) return e->lhs;
  if (e->op == OP_SUB && l0 && ty_same(e->rhs->type, e->type)) return ex_un(OP_NEG, e->rhs);
  return e;
}

/* The statements of s with the zero variables read as 0; an update that
 * now stores what it read (x_bar = x_bar) goes. */
static void rewrite(Zero *z, Stmt *s, bool *changed) {
  if (!s) return;
  if (s->kind != ST_ASSIGN || s->lhs->kind != EX_VAR) s->lhs = fold(z, s->lhs, changed);
  s->rhs = fold(z, s->rhs, changed);
  s->expr = fold(z, s->expr, changed);
  s->cond = fold(z, s->cond, changed);
  rewrite(z, s->then, changed);
  rewrite(z, s->els, changed);
  rewrite(z, s->init, changed);
  rewrite(z, s->step, changed);
  int k = 0;
  for (int i = 0; i < s->nbody; i++) {
    Stmt *c = s->body[i];
    rewrite(z, c, changed);
    if (s->kind == ST_BLOCK && c->kind == ST_ASSIGN && ir_expr_equal(c->lhs, c->rhs) && simplify_pure(c->lhs)) {
      *changed = true;
      continue;
    }
    s->body[k++] = c;
  }
  s->nbody = k;
}

void simplify_zero_vars(Fn *f, int first) {
  for (bool changed = true; changed;) {
    Zero z = {first, {0}, {0}, {0}};
    simplify_addr_taken(f->body, &z.bad);
    st_each(f->body, find_candidates, &z);
    changed = false;
    bool any = false;
    for (int i = 0; i < z.seen.cap && !any; i++)
      any = z.seen.keys[i] && !ptrmap_get(&z.bad, z.seen.keys[i]);
    if (any) rewrite(&z, f->body, &changed);
    free(z.bad.keys);
    free(z.bad.vals);
    free(z.seen.keys);
    free(z.seen.vals);
    free(z.sym.keys);
    free(z.sym.vals);
  }
}
