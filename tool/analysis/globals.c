/*
 * globals.c — the file-scope variables a function stores into and reads,
 * itself or through the functions of the file it calls. Reverse mode needs
 * both at a call: a helper that rewrites coefficients between uses
 * (set_coef(k) writing double coef[4]) must have them saved around the
 * call when earlier backward code reads them, and a helper whose backward
 * code reads a global (step() reading dt) makes the caller's later stores
 * into it saves.
 *
 * Only variables the generated code can name and the program can change:
 * not static (a store into one is an error anyway), not const. A store is
 * an assignment whose target is the variable or an element or field of it
 * (not memory behind a global pointer); passing its address or the array
 * to a call counts as a store too. Any other mention is a read.
 * Functions of the file reach each other's effects by a fixed point over
 * the call graph, so recursion is covered; a generated function asked about
 * (a driver's sweep) joins them with the generated functions it calls.
 *
 * Requires: lowered bodies (ir). Provides: glob_writes(), glob_reads().
 */
#include <stdlib.h>

#include "analysis.h"

typedef struct GlobFx {
  PtrMap writes, reads;  /* Var* -> (void *)1 */
  PtrVec wlist, rlist;   /* the same, in the order first found */
  PtrVec callees;        /* Fn* called with a body */
} GlobFx;

static bool tracked(const Var *x) { return x && x->kind == VAR_GLOBAL && !x->is_static && !x->type->is_const; }

static bool add(PtrMap *m, PtrVec *l, Var *x) {
  if (!tracked(x) || ptrmap_get(m, x)) return false;
  ptrmap_put(m, x, (void *)1);
  vec_push(l, x);
  return true;
}

static Walk expr_fx(Expr *e, void *ctx) {
  GlobFx *fx = ctx;
  if (e->kind == EX_VAR) add(&fx->reads, &fx->rlist, e->var);
  if (e->kind == EX_CALL) {
    if (e->fn && e->fn->body) vec_push(&fx->callees, e->fn);
    for (int i = 0; i < e->nargs; i++) {
      const Expr *a = ex_strip_implicit(e->args[i]);
      if (a->kind == EX_ADDR) add(&fx->writes, &fx->wlist, ex_own_var(a->lhs));
      else if (a->type->kind == TY_ARRAY) add(&fx->writes, &fx->wlist, ex_own_var(a));
    }
  }
  return WALK_ON;
}

static Walk stmt_fx(Stmt *s, void *ctx) {
  GlobFx *fx = ctx;
  if (s->kind == ST_ASSIGN) add(&fx->writes, &fx->wlist, ex_own_var(s->lhs));
  return WALK_ON;
}

static GlobFx *direct(Fn *f) {
  GlobFx *fx = xmalloc(sizeof *fx);
  IrWalk w = {.st = stmt_fx, .ex = expr_fx, .ctx = fx};
  ir_walk(&w, f->body);
  return fx;
}

/* The functions not yet summarised, FILE.c's and the generated ones (a
 * jvp calling a custom rule that counts its calls), then their closure. */
static void solve(Module *m) {
  PtrVec fns = {0};
  const PtrVec *lists[2] = {&m->fns, &m->generated};
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < lists[k]->len; i++) {
      Fn *f = lists[k]->data[i];
      if (!f->body || ptrmap_get(&m->glob_fx, f)) continue;
      ptrmap_put(&m->glob_fx, f, direct(f));
      vec_push(&fns, f);
    }
  for (int i = 0; i < fns.len; i++) {  /* (fns grows: callees without effects yet) */
    GlobFx *fx = ptrmap_get(&m->glob_fx, fns.data[i]);
    for (int k = 0; k < fx->callees.len; k++) {
      Fn *c = fx->callees.data[k];
      if (ptrmap_get(&m->glob_fx, c)) continue;
      ptrmap_put(&m->glob_fx, c, direct(c));
      vec_push(&fns, c);
    }
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < fns.len; i++) {
      GlobFx *fx = ptrmap_get(&m->glob_fx, fns.data[i]);
      for (int k = 0; k < fx->callees.len; k++) {
        GlobFx *c = ptrmap_get(&m->glob_fx, fx->callees.data[k]);
        for (int j = 0; c && j < c->wlist.len; j++) changed |= add(&fx->writes, &fx->wlist, c->wlist.data[j]);
        for (int j = 0; c && j < c->rlist.len; j++) changed |= add(&fx->reads, &fx->rlist, c->rlist.data[j]);
      }
    }
  }
  free(fns.data);
}

static GlobFx *fx_of(Module *m, Fn *f) {
  if (!f || !f->body) return NULL;
  GlobFx *fx = ptrmap_get(&m->glob_fx, f);
  if (!fx) {
    solve(m);
    fx = ptrmap_get(&m->glob_fx, f);
  }
  return fx;
}

static const PtrVec none;

const PtrVec *glob_writes(Module *m, Fn *f) {
  GlobFx *fx = fx_of(m, f);
  return fx ? &fx->wlist : &none;
}

const PtrVec *glob_reads(Module *m, Fn *f) {
  GlobFx *fx = fx_of(m, f);
  return fx ? &fx->rlist : &none;
}

bool glob_written_by(Module *m, Fn *f, const Var *x) {
  GlobFx *fx = fx_of(m, f);
  return fx && ptrmap_get(&fx->writes, x);
}
