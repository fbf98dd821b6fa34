/*
 * lower_sincos.c — GNU's sincos(x, &s, &c) and sincosf: both results of
 * one argument, written through two pointers. Lowered to what every mode
 * differentiates as it is,
 *
 *   double sincos_x = x;
 *   *ps = sin(sincos_x);
 *   *pc = cos(sincos_x);
 *
 * (the argument and the pointers evaluated once, in order); gcc and clang
 * fold the pair back into one sincos call at -O1 and above.
 *
 * Requires: the call's arguments lowered. Provides: lower_sincos.
 */
#include "front_int.h"

/* e, or a temporary holding it when evaluating it twice could differ. */
static Expr *once(Lower *l, const char *hint, Expr *e, SrcLoc loc) {
  if (e->kind == EX_VAR || (e->kind == EX_ADDR && e->lhs->kind == EX_VAR)) return e;
  return ex_var(lower_temp(l, hint, e->type, e, loc));
}

Expr *lower_sincos(Lower *l, const char *name, Expr **args, SrcLoc loc) {
  bool f = str_eq(name, "sincosf") || str_eq(name, "__builtin_sincosf");
  Type *t = f ? ty_float() : ty_double();
  Var *x = lower_temp(l, "sincos_x", t, args[0], loc);
  Expr *ps = once(l, "sincos_s", args[1], loc), *pc = once(l, "sincos_c", args[2], loc);
  st_append(l->pre, st_assign(ex_deref(ps), ex_call1(f ? "sinf" : "sin", t, ex_var(x)), loc));
  st_append(l->pre, st_assign(ex_deref(pc), ex_call1(f ? "cosf" : "cos", t, ex_var(x)), loc));
  return ex_int(0);
}
