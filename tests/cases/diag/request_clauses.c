// EXPECT-EXIT: 1
// EXPECT-DIAG: req_clause_misuse
// EXPECT-DIAG: req_clause_twice
// EXPECT-DIAG: req_nest_outer
// EXPECT-DIAG: req_nest_inner
// EXPECT-DIAG: req_one_function
// EXPECT-STDERR: FILE:30:35: error: batch(...) does not apply here: 'jvp' has no batch dimension: batch(...) belongs to vmap and cuda; to batch this derivative, add a request vmap(...) of the function it generates (jacfwd and jacrev give every column or row at once)
// EXPECT-STDERR: FILE:31:39: error: wrt(...) is given twice in this request (first at column 22); list everything in one wrt(...)
// EXPECT-STDERR: FILE:32:35: error: name(...) is given twice in this request (first at column 22); keep one
// EXPECT-STDERR: FILE:33:23: error: wrt(...) does not apply here: 'vmap' batches a function and takes batch(...) and name(...); to batch a derivative, request it first and batch that: grad(f) then vmap(f_grad)
// EXPECT-STDERR: FILE:34:23: error: out(...) does not apply here: 'cuda' batches a function and takes batch(...) and name(...); to batch a derivative, request it first and batch that: grad(f) then vmap(f_grad)
// EXPECT-STDERR: FILE:35:27: error: wrt(...) does not apply here: 'inactive' declares a rule and takes no clauses
// EXPECT-STDERR: FILE:36:23: error: 'grad' takes one function; only custom_jvp and custom_vjp name a second one: grad(axpy)
// EXPECT-STDERR: FILE:37:21: error: only a directive that generates a function takes a nested request (vmap(grad(f)), jvp(grad(f))); write 'inactive' as two requests: grad(f), then inactive(f_grad)
// EXPECT-STDERR: FILE:38:17: error: 'vmap' cannot be nested in 'vmap': only a derivative (jvp, vjp, grad, jacfwd, jacrev, hessian, hvp) can
/* Each clause at most once, and only where it means something: batch()
** on a jvp request, wrt on vmap, clauses on a rule, a second function for
** a directive that takes one. Each was accepted and silently ignored (or
** one of the two clauses silently won). Only a generating directive nests a
** derivative: vmap(grad(f)). */

void axpy(int n, double a, const double *x, double *y)
{
    for (int i = 0; i < n; i++)
        y[i] += a * x[i];
}

double dexp(double u) { return u; }

#pragma ad jvp(axpy) wrt(a, x[n]) batch(x[n])
#pragma ad vjp(axpy) wrt(a) out(y[n]) wrt(x[n])
#pragma ad jvp(axpy) name(axpy_t) name(axpy_tangent)
#pragma ad vmap(axpy) wrt(x[n]) batch(x[n], y[n])
#pragma ad cuda(axpy) out(y[n]) batch(x[n], y[n])
#pragma ad inactive(dexp) wrt(u)
#pragma ad grad(axpy, dexp) wrt(a)
#pragma ad inactive(grad(axpy))
#pragma ad vmap(vmap(axpy)) batch(x[n], y[n])
