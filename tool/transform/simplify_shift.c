/*
 * simplify_shift.c — S3 cleanup: a pointer parameter shifted for 1-based
 * indexing is indexed with the shift instead.
 *
 * f2c and MINPACK code starts `--fvec;` and then reads fvec[1..m]; the
 * generated copies, and the derivative pointers reverse and forward mode
 * give them (fvec_bar--, x_dot--), do the same. Once gcc -O2 inlines such
 * a function into one that passes a local array, it sees a pointer formed
 * before the array's first element and warns (-Warray-bounds: "array
 * subscript -1 is outside array bounds"), in code that is not the user's.
 * Where a generated function's parameter p is only shifted by constants at
 * the top of the body (after statements that may use it as passed, the
 * memset that zeroes a gradient) and otherwise only indexed, the shifts go
 * and every later p[e] becomes p[e + d] (d the sum of the shifts):
 * fvec_bar[i - 1].
 *
 * Requires: a generated function (S3).
 * Provides: simplify_shifts().
 */
#include <stdlib.h>

#include "transform.h"

/* p = p + k or p = p - k, k an integer constant: k (signed), else 0 */
static long shift_of(const Stmt *s, const Var *p) {
  if (s->kind != ST_ASSIGN || s->lhs->kind != EX_VAR || s->lhs->var != p) return 0;
  const Expr *r = ex_strip_implicit(s->rhs);
  if (r->kind != EX_BIN || (r->op != OP_ADD && r->op != OP_SUB)) return 0;
  const Expr *a = ex_strip_implicit(r->lhs), *k = ex_strip_implicit(r->rhs);
  if (a->kind != EX_VAR || a->var != p || k->kind != EX_NUM || k->type->kind != TY_INT || k->value != (long)k->value)
    return 0;
  return r->op == OP_ADD ? (long)k->value : -(long)k->value;
}

typedef struct Uses {
  const Var *p;
  bool other;  /* p used other than as p[e] */
} Uses;

static Walk use(Expr *e, void *ctx) {
  Uses *u = ctx;
  if (e->kind == EX_INDEX) {
    const Expr *b = ex_strip_implicit(e->lhs);
    if (b->kind == EX_VAR && b->var == u->p) {
      if (ex_mentions(e->rhs, u->p)) u->other = true;
      return WALK_SKIP;  /* (its index: checked just now) */
    }
  }
  if (e->kind == EX_VAR && e->var == u->p) u->other = true;
  return u->other ? WALK_STOP : WALK_ON;
}

typedef struct Move {
  const Var *p;
  long d;
} Move;

static Walk move(Expr *e, void *ctx) {
  Move *m = ctx;
  if (e->kind != EX_INDEX) return WALK_ON;
  const Expr *b = ex_strip_implicit(e->lhs);
  if (b->kind == EX_VAR && b->var == m->p) e->rhs = simplify_plus(e->rhs, m->d, ex_strip_implicit(e->rhs)->type);
  return WALK_ON;
}

void simplify_shifts(Fn *f) {
  Stmt *body = f->body;
  if (!body || body->kind != ST_BLOCK) return;
  for (int k = 0; k < f->nparams; k++) {
    Var *p = f->params[k];
    if (!ty_is_ptr(p->type) || p->type->kind != TY_PTR) continue;
    bool any = false;  /* (no shift at the top at all: no walk of the statements for p) */
    for (int i = 0; i < body->nbody && !any; i++) any = shift_of(body->body[i], p) != 0;
    if (!any) continue;
    /* the shifts: top-level statements, after which p is first named
     * again at 'top'; statements before the first shift may use p as
     * passed (a derivative's memset(x_bar, ...)) and stay as they are */
    long d = 0;
    int top = 0;
    bool shifted = false;
    for (; top < body->nbody; top++) {
      long s = shift_of(body->body[top], p);
      if (s) {
        d += s;
        shifted = true;
      } else if (st_mentions(body->body[top], p) && (shifted || st_assigns(body->body[top], p))) {
        break;
      }
    }
    if (!d || !shifted) continue;
    Uses u = {p, false};  /* after them, p only indexed, never set */
    for (int i = top; i < body->nbody && !u.other; i++) {
      st_each_expr(body->body[i], use, &u);
      u.other |= st_assigns(body->body[i], p);
    }
    if (u.other) continue;
    Move m = {p, d};
    int n = 0;
    for (int i = 0; i < body->nbody; i++) {
      Stmt *s = body->body[i];
      if (i < top && shift_of(s, p)) continue;
      if (i >= top) st_each_expr(s, move, &m);
      body->body[n++] = s;
    }
    body->nbody = n;
  }
}
