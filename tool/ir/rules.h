/* rules.h — lookup and instantiation of the derivative rules (rules.def). */
#ifndef CCAD_RULES_H
#define CCAD_RULES_H

#include "ir.h"

typedef struct Rule {
  const char *name;       /* double form: "sin" */
  int nargs;
  const char *partial[3];
  bool is_complex;        /* <complex.h> (CRULE, CSPECIAL) */
  bool real_result;       /* creal, cimag, cabs, carg */
  const char *tangent;    /* CSPECIAL: the result's tangent ($d: the argument's) */
  const char *adjoint;    /* CSPECIAL: the argument's adjoint gains this ($b: the result's) */
} Rule;

/* The rule for a math function in double or float form (sin, sinf,
 * __builtin_sin); NULL if 'name' is not a known math function. */
const Rule *rule_find(const char *name);
bool rule_is_float_form(const char *name);
/* A function of the translation unit with a body of its own whose name is
 * a library name strict C leaves free (static double exp10(double), y1 in
 * -std=c11): its calls are calls of it, no rule applies to that name for
 * the rest of the run. rule_shadow_reset starts a run with none. */
void rule_shadow(const char *name);
void rule_shadow_reset(void);
/* Its derivative reads neither the arguments nor the result (creal, conj,
 * CMPLX: real-linear): transforms need not compute it into a temporary. */
bool rule_is_linear(const char *name);
/* A library function without a derivative that may be handed data with
 * derivatives (printf, exit, assert): nothing it computes flows back. */
bool rule_external_harmless(const char *name);

/* d f(args) / d args[i], as a fresh expression in the type of the call
 * ('call' is the EX_CALL; 'result' stands for its value, usually a
 * temporary). NULL when the partial is identically zero. */
Expr *rule_partial(const Expr *call, int i, const Expr *result);

/* A function of <complex.h> that is not holomorphic (creal, conj, cabs,
 * ...): the tangent of its result given its argument's tangent 'd', and
 * what its argument's adjoint gains given the result's adjoint 'b'. NULL
 * when the call's rule is not one of them. */
Expr *rule_special_tangent(const Expr *call, const Expr *result, const Expr *d);
Expr *rule_special_adjoint(const Expr *call, const Expr *result, const Expr *b);

#endif
