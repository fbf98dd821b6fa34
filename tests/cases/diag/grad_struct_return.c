// EXPECT-EXIT: 1
// EXPECT-DIAG: grad_struct_return
// EXPECT-STDERR: FILE:13:17: error: 'grad' needs a scalar
/* grad of a function that returns a struct, out(return): the gradient needs
** one scalar output; vjp or jacrev take a struct result. */
struct R { double v; int k; };
struct R f(double x)
{
    struct R r = {x * x, 1};
    return r;
}

#pragma ad grad(f) wrt(x) out(return)
