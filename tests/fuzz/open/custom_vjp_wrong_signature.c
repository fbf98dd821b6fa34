/* OPEN (probe7): SILENTLY WRONG (and DOES NOT COMPILE for other slips):
** a custom_vjp (or custom_jvp) rule whose declared signature differs from
** the one '#pragma ad vjp(f)' would give is accepted without a word.
** The manual (DECLARATIONS): "my_f_vjp has the signature that #pragma ad
** vjp(f) with default clauses would give ... A wrong signature is an error
** that shows the expected one." No diagnostic of tool/diag/diag.def checks
** it. Here the seed parameter is declared int (expected: double
** sq_vjp(double x, double *x_bar, double ret_bar)); the generated call
** my_sq_vjp(x, &arg_bar, t_bar) converts the seed 0.5 to 0, compiles
** warning-free under -Wall -Wextra, and g_grad(0.6) gives 1 (only the + x term) where g'(0.6) = 1.6.
** Other wrong declarations found the same way (all exit 0):
**   void my(double x, double *x_bar);          generated code: too many arguments
**   double my(double x, double x_bar, double ret_bar);   pointer to double: error
**   double my(double x, double *x_bar, double ret_bar, int extra);  too few args
**   custom_jvp: double my_sq_jvp(double x, double x_dot);  (no ret_dot) is
**   accepted too; the generated call passes 3 arguments.
** Expected: cc-ad exits 1 with FILE:LINE:COL: error: showing the expected
** signature. Run: tests/harness/run_diag.sh build/tool/cc-ad /tmp/w THIS.c
** (as a case: tests/harness/run_case.sh ... with a main calling g_grad(0.6, &gb): 1, want 1.6).
*/
// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:2
// EXPECT-STDERR: error:
double sq(double x) { return x * x; }

double my_sq_vjp(double x, double *x_bar, int ret_bar);   /* seed declared int */
#pragma ad custom_vjp(sq, my_sq_vjp)

double g(double x) { return 0.5 * sq(x) + x; }
#pragma ad grad(g)

double my_sq_vjp(double x, double *x_bar, int ret_bar)
{
    *x_bar += 2.0 * x * ret_bar;
    return x * x;
}
