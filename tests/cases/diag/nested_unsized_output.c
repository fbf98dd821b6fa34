// EXPECT-EXIT: 1
// EXPECT-DIAG: jac_needs_size_nested
// EXPECT-STDERR: FILE:19:23: error: 'F_jvp_jacfwd' needs the element count of 'y_dot': in a nested spelling the clauses go to the inner request, so give 'y' its size there, out(y[n])
/* jacfwd(jvp(F)) where F's output y has no size in the inner jvp's
** default out(y): the outer Jacobian's rows are y_dot's elements, whose
** count cc-ad cannot know. It took y_dot as one element, y_dot[1], and
** wrote one row of the two the caller's matrix has (a silently short
** Jacobian); now it asks for the size, and names the clause of the
** nested spelling, out(y[2]) (see jac/nested_forward_reverse), not
** out(y_dot[n]), which the spelling refuses (probe16). */
#include <math.h>

void F(const double *x, double *y)
{
    y[0] = x[0] * x[1] * x[2];
    y[1] = sin(x[0]) * x[2];
}

#pragma ad jacfwd(jvp(F)) wrt(x[3])
