/* OPEN (probe8): BAD DIAGNOSTIC: out(y) naming a `const double *`
** parameter is accepted (exit 0, only a warning that x reaches no output),
** and the generated jvp takes `const double *y_dot` as the output tangent.
** Contract section 2: "out(r[m], return, ...): the differentiable outputs:
** `return` for the return value, or non-const pointer parameters"; section
** 5: "A request naming ... a non-floating output is an error that says so"
** (a const pointer cannot be written, so naming it as an output is a
** mistake the user should be told about, as out(a) of a by-value parameter
** is: out_by_value). Expected: exit 1, FILE:LINE:COL: error: at 'y' in
** out(...) saying it is a pointer to const and cannot be an output.
**   tests/harness/run_diag.sh build/tool/cc-ad /tmp/w out_const_pointer.c */
// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:20:34: error:
void scale(const double *x, const double *y, double *z, int n)
{
    for (int i = 0; i < n; i++)
        z[i] = 2.0 * x[i] * y[i];
}

#pragma ad jvp(scale) wrt(x) out(y)
