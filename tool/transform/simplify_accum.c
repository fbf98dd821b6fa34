/*
 * simplify_accum.c — S3 cleanup: the first accumulation into a zero
 * adjoint is an assignment.
 *
 * Reverse mode declares a scalar adjoint as 0, accumulates into it
 * (x_bar = x_bar + d) and resets it to 0 after its last use, in every
 * iteration of a reversed loop. Where x_bar is known to hold 0, the add
 * only lengthens the backward sweep's dependence chain (an add the
 * compiler may not fold: 0.0 + d is not d when d is -0.0). A forward
 * walk over the generated code keeps the set of variables known to be 0
 * and rewrites x_bar = x_bar + d into x_bar = d (and x_bar - d into -d)
 * where the set holds x_bar. Only the derivative variables the caller
 * names are touched: for them the sign of a zero does not matter.
 *
 * The set is a must-analysis: 'if' joins intersect; a loop body starts
 * from the fixed point of (set before the loop) & (set at the end of the
 * body); a body with break or continue starts from the set before the
 * loop less everything the body writes, and a switch removes what its
 * body writes. Variables whose address is taken are never in the set.
 */
#include <stdlib.h>
#include <string.h>

#include "transform.h"

typedef struct Zero {
  const PtrMap *vars;   /* the derivative variables that may be rewritten */
  unsigned char *cand;  /* per Var id: 0 once its address is taken */
  int n;                /* ids 0..n-1 */
} Zero;

static bool is_cand(const Zero *z, const Var *v) {
  return v->kind == VAR_LOCAL && !v->is_static && v->id < z->n && z->cand[v->id] && ty_is_float(v->type) &&
         ptrmap_get(z->vars, v);
}

static void no_addr_e(Zero *z, const Expr *e) {
  if (!e) return;
  if (e->kind == EX_ADDR) {
    const Expr *l = ex_strip_implicit(e->lhs);
    if (l->kind == EX_VAR && l->var->id < z->n) z->cand[l->var->id] = 0;
  }
  no_addr_e(z, e->lhs);
  no_addr_e(z, e->rhs);
  no_addr_e(z, e->cond);
  for (int i = 0; i < e->nargs; i++) no_addr_e(z, e->args[i]);
}

static void no_addr(Zero *z, const Stmt *s) {
  if (!s) return;
  if (s->kind == ST_VERBATIM) memset(z->cand, 0, (size_t)z->n);  /* unknown text: touch nothing */
  no_addr_e(z, s->lhs);
  no_addr_e(z, s->rhs);
  no_addr_e(z, s->expr);
  no_addr_e(z, s->cond);
  no_addr(z, s->then);
  no_addr(z, s->els);
  no_addr(z, s->init);
  no_addr(z, s->step);
  for (int i = 0; i < s->nbody; i++) no_addr(z, s->body[i]);
}

/* Clear in 'set' every variable s assigns or declares. */
static void kill_written(const Stmt *s, unsigned char *set, int n) {
  if (!s) return;
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var->id < n) set[s->lhs->var->id] = 0;
  if (s->kind == ST_DECL && s->var->id < n) set[s->var->id] = 0;
  kill_written(s->then, set, n);
  kill_written(s->els, set, n);
  kill_written(s->init, set, n);
  kill_written(s->step, set, n);
  for (int i = 0; i < s->nbody; i++) kill_written(s->body[i], set, n);
}

static bool has_jump(const Stmt *s) {
  if (!s) return false;
  if (s->kind == ST_BREAK || s->kind == ST_CONTINUE) return true;
  if (has_jump(s->then) || has_jump(s->els) || has_jump(s->init) || has_jump(s->step)) return true;
  for (int i = 0; i < s->nbody; i++)
    if (has_jump(s->body[i])) return true;
  return false;
}

static unsigned char *copy(const Zero *z, const unsigned char *set) {
  unsigned char *c = xmalloc((size_t)z->n + 1);
  memcpy(c, set, (size_t)z->n);
  return c;
}

static void meet(const Zero *z, unsigned char *into, const unsigned char *other) {
  for (int i = 0; i < z->n; i++) into[i] &= other[i];
}

static void walk(Zero *z, Stmt *s, unsigned char *set, bool rewrite);

/* A loop: the body runs from 'in', the largest subset of the entry set
 * that the body (and step) leave in place. */
static void loop(Zero *z, Stmt *s, unsigned char *set, bool rewrite) {
  walk(z, s->init, set, rewrite);
  unsigned char *in = copy(z, set);
  if (has_jump(s->then)) {
    kill_written(s->then, in, z->n);
    kill_written(s->step, in, z->n);
  } else {
    for (;;) {
      unsigned char *t = copy(z, in);
      walk(z, s->then, t, false);
      walk(z, s->step, t, false);
      bool same = true;
      for (int i = 0; i < z->n; i++)
        if (in[i] && !t[i]) in[i] = 0, same = false;
      free(t);
      if (same) break;
    }
  }
  unsigned char *t = copy(z, in);
  walk(z, s->then, t, rewrite);
  walk(z, s->step, t, rewrite);
  free(t);
  memcpy(set, in, (size_t)z->n);  /* every exit test sees a superset of 'in' */
  free(in);
}

static void assign(Zero *z, Stmt *s, unsigned char *set, bool rewrite) {
  Var *v = s->lhs->var;
  if (!is_cand(z, v)) return;
  Expr *r = (Expr *)ex_strip_implicit(s->rhs);
  if (ex_is_zero(r)) {
    set[v->id] = 1;
    return;
  }
  if (set[v->id] && rewrite && r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB)) {
    const Expr *l = ex_strip_implicit(r->lhs);
    if (l->kind == EX_VAR && l->var == v && !ex_mentions(r->rhs, v))
      s->rhs = r->op == OP_ADD ? r->rhs : d_neg(r->rhs);
  }
  set[v->id] = 0;
}

static void walk(Zero *z, Stmt *s, unsigned char *set, bool rewrite) {
  if (!s) return;
  switch (s->kind) {
  case ST_BLOCK:
    for (int i = 0; i < s->nbody; i++) walk(z, s->body[i], set, rewrite);
    break;
  case ST_DECL:
    if (is_cand(z, s->var)) set[s->var->id] = s->expr && ex_is_zero(s->expr);
    break;
  case ST_ASSIGN:
    if (s->lhs->kind == EX_VAR) assign(z, s, set, rewrite);
    break;
  case ST_IF: {
    unsigned char *e = copy(z, set);
    walk(z, s->then, set, rewrite);
    walk(z, s->els, e, rewrite);
    meet(z, set, e);
    free(e);
    break;
  }
  case ST_WHILE:
  case ST_FOR: loop(z, s, set, rewrite); break;
  case ST_SWITCH: kill_written(s->then, set, z->n); break;
  case ST_VERBATIM: memset(set, 0, (size_t)z->n); break;
  default: break;  /* expressions, return, break, continue, case labels */
  }
}

void simplify_first_accum(Fn *f, const PtrMap *vars) {
  Zero z = {.vars = vars, .n = f->nvars};
  z.cand = xmalloc((size_t)z.n + 1);
  memset(z.cand, 1, (size_t)z.n);
  no_addr(&z, f->body);
  unsigned char *set = xmalloc((size_t)z.n + 1);
  memset(set, 0, (size_t)z.n);
  walk(&z, f->body, set, true);
  free(set);
  free(z.cand);
}
