/*
 * vector_fold.c — fewer operations per lane in a vector sweep: a lane
 * statement's product regrouped so that the factors every lane shares are
 * multiplied once, before the lane loop (vector.c hoists them).
 * Requires: a lane statement of vector.c (Vec: which shadows are wide).
 * Provides: vec_lane_fold.
 */
#include "vector_int.h"

/* ---- Fewer operations per lane (lane_fold) ------------------------------
 * A product's factors that do not depend on the lane are multiplied once,
 * before the lane loop: 2.0 * (x[i] * x_dot[i]) is (2.0 * x[i]) * x_dot[i],
 * -(s * u_dot) / t is (-s * (1.0 / t)) * u_dot, a lane's division by a
 * value of the point a multiplication by its reciprocal (divisions are the
 * costliest lane operation: three per lane in a projection's tangent).
 * Only rounding changes (the order of a product, a reciprocal; negation and
 * powers of two are exact), as in a compiler's -freciprocal-math; real
 * floating types only, every factor of the product's type. */
enum { FOLD_MAX = 16 };

static bool real_fp(const Type *t) { return t && (t->kind == TY_DOUBLE || t->kind == TY_FLOAT); }

static bool same_kind(const Expr *a, const Expr *b) { return a->type && b->type && a->type->kind == b->type->kind; }

/* the factors of a product tree of one real type; false when too many */
static bool factors(Expr *e, TypeKind k, Expr **out, int *n) {
  if (e->kind == EX_BIN && e->op == OP_MUL && e->type->kind == k && e->lhs->type->kind == k && e->rhs->type->kind == k)
    return factors(e->lhs, k, out, n) && factors(e->rhs, k, out, n);
  if (*n == FOLD_MAX) return false;
  out[(*n)++] = e;
  return true;
}

static Expr *product(Expr **f, int n) {
  Expr *p = f[0];
  for (int i = 1; i < n; i++) p = ex_bin(OP_MUL, p, f[i]);
  return p;
}

/* e, a product: its invariant factors first, as one (negated when neg);
 * NULL when that saves nothing (fewer than two of them, none varying) */
static Expr *regroup(Vec *w, Expr *e, bool neg) {
  Expr *f[FOLD_MAX], *inv[FOLD_MAX], *var[FOLD_MAX];
  int n = 0, ni = 0, nv = 0;
  if (!real_fp(e->type) || !factors(e, e->type->kind, f, &n)) return NULL;
  for (int i = 0; i < n; i++) {
    if (vec_invariant(w, f[i])) inv[ni++] = f[i];
    else var[nv++] = f[i];
  }
  if (!nv || !ni || (ni < 2 && !neg)) return NULL;
  Expr *k = product(inv, ni);
  if (neg) k = ex_un(OP_NEG, k);
  Expr *r = ex_bin(OP_MUL, k, product(var, nv));
  r->loc = e->loc;
  return r;
}

Expr *vec_lane_fold(Vec *w, Expr *e) {
  if (!e || e->kind == EX_ADDR || e->kind == EX_SIZEOF) return e;
  e->lhs = vec_lane_fold(w, e->lhs);
  e->rhs = vec_lane_fold(w, e->rhs);
  e->cond = vec_lane_fold(w, e->cond);
  for (int i = 0; i < e->nargs; i++) e->args[i] = vec_lane_fold(w, e->args[i]);
  if (!real_fp(e->type) || vec_invariant(w, e)) return e;
  if (e->kind == EX_UN && e->op == OP_NEG && same_kind(e, e->lhs)) {
    Expr *r = regroup(w, e->lhs, true);
    return r ? r : e;
  }
  if (e->kind == EX_BIN && e->op == OP_DIV && same_kind(e, e->lhs) && same_kind(e, e->rhs) && vec_invariant(w, e->rhs)) {
    Expr *r = ex_bin(OP_MUL, e->lhs, ex_bin(OP_DIV, ex_num(1.0, e->type), e->rhs));
    r->loc = e->loc;
    e = r;
  }
  if (e->kind == EX_BIN && e->op == OP_MUL) {
    Expr *r = regroup(w, e, false);
    return r ? r : e;
  }
  return e;
}
