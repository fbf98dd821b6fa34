/* ir_clone.c — deep copies of IR trees, renaming Vars through a map. */
#include "ir.h"

#include <string.h>

Expr *ir_clone_expr(const Expr *e, PtrMap *map) {
  if (!e) return NULL;
  Expr *c = xnode(sizeof *c);
  *c = *e;
  c->orig = e->orig ? e->orig : e;
  if (c->var && map) {
    Var *v = ptrmap_get(map, c->var);
    if (v) {
      c->var = v;
      c->type = v->type;
    }
  }
  c->lhs = ir_clone_expr(e->lhs, map);
  c->rhs = ir_clone_expr(e->rhs, map);
  c->cond = ir_clone_expr(e->cond, map);
  if (e->nargs) {
    c->args = xnode(sizeof(Expr *) * (size_t)e->nargs);  /* (lives and dies with the node) */
    for (int i = 0; i < e->nargs; i++) c->args[i] = ir_clone_expr(e->args[i], map);
  }
  return c;
}

/* An OpenMP directive names variables: renamed with the loop. */
static Omp *clone_omp(const Omp *o, PtrMap *map) {
  Omp *c = omp_copy(o);
  PtrVec *lists[3] = {&c->priv, &c->fpriv, &c->lpriv};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < lists[k]->len; i++) {
      Var *v = ptrmap_get(map, lists[k]->data[i]);
      if (v) lists[k]->data[i] = v;
    }
  for (int i = 0; i < c->nred; i++) {
    Var *v = ptrmap_get(map, c->red[i].var);
    if (v) c->red[i].var = v;
  }
  return c;
}

Stmt *ir_clone_stmt(const Stmt *s, PtrMap *map) {
  if (!s) return NULL;
  Stmt *c = xnode(sizeof *c);
  *c = *s;
  if (c->var && map) {
    Var *v = ptrmap_get(map, c->var);
    if (v) c->var = v;
  }
  if (c->omp && map) c->omp = clone_omp(s->omp, map);
  c->lhs = ir_clone_expr(s->lhs, map);
  c->rhs = ir_clone_expr(s->rhs, map);
  c->expr = ir_clone_expr(s->expr, map);
  c->cond = ir_clone_expr(s->cond, map);
  c->then = ir_clone_stmt(s->then, map);
  c->els = ir_clone_stmt(s->els, map);
  c->init = ir_clone_stmt(s->init, map);
  c->step = ir_clone_stmt(s->step, map);
  if (s->nbody) {
    c->body = xmalloc(sizeof(Stmt *) * (size_t)s->nbody);
    c->capbody = s->nbody;
    for (int i = 0; i < s->nbody; i++) c->body[i] = ir_clone_stmt(s->body[i], map);
  }
  return c;
}
