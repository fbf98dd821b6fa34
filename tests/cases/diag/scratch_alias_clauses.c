// EXPECT-EXIT: 1
// EXPECT-DIAG: scratch_clash
// EXPECT-DIAG: scratch_size
// EXPECT-DIAG: scratch_not_pointer
// EXPECT-DIAG: alias_size
// EXPECT-DIAG: alias_one
// EXPECT-DIAG: alias_not_pointer
// EXPECT-DIAG: alias_driver
// EXPECT-DIAG: scratch_deep
// EXPECT-STDERR: FILE:41:51: error: 'state' is listed in scratch(...) and in wrt(...); scratch state is neither an input nor an output of the derivative: keep it in one
// EXPECT-STDERR: FILE:42:40: error: scratch(...) needs the element count of 'state', to allocate its derivative: write scratch(state[n])
// EXPECT-STDERR: FILE:43:40: error: scratch(a): 'a' is passed by value
// EXPECT-STDERR: FILE:44:62: error: may_alias(...) takes parameter names without sizes: write 'x' alone
// EXPECT-STDERR: FILE:45:50: error: may_alias(...) names the pointer parameters that may overlap: at least two
// EXPECT-STDERR: FILE:47:55: error: may_alias(...) applies to jvp, vjp and grad, whose callers pass the derivative storage; for the jacrev of a call f(a, a), request it of a function that makes the call: void g(double *a) { f(a, a); }
// EXPECT-STDERR: FILE:48:41: error: scratch(v): what it points to holds pointers
// EXPECT-STDERR: FILE:46:63: error: may_alias(...): 'n' is not a pointer parameter
/* scratch(...) names sized pointer parameters that are neither inputs nor
** outputs of the derivative (its storage is allocated inside the generated
** function); may_alias(...) names two or more pointer parameters without
** sizes. Each misuse is an error at the item. */
#include <math.h>

double step(double a, const double *x, double *state, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) {
        state[i] = tanh(a * x[i] + state[i]);
        s += state[i];
    }
    return s;
}

typedef struct { int n; double *data; } Vec;
double deep(const double *x, Vec *v, int n)
{
    for (int i = 0; i < n && i < v->n; i++) v->data[i] = x[i] * x[i];
    return v->data[0];
}

#pragma ad grad(step) wrt(x[n], state[n]) scratch(state[n])
#pragma ad jvp(step) wrt(x[n]) scratch(state)
#pragma ad vjp(step) wrt(x[n]) scratch(a, state[n]) name(v1)
#pragma ad vjp(step) wrt(x[n]) scratch(state[n]) may_alias(x[n], state) name(v2)
#pragma ad vjp(step) wrt(x[n]) scratch(state[n]) may_alias(x) name(v3)
#pragma ad vjp(step) wrt(x[n]) scratch(state[n]) may_alias(x, n) name(v4)
#pragma ad jacrev(step) wrt(x[n], state[n]) may_alias(x, state)
#pragma ad grad(deep) wrt(x[n]) scratch(v[1])
