// EXPECT-EXIT: 1
// EXPECT-DIAG: grad_struct_out
// EXPECT-STDERR: FILE:34:34: error: 'grad' needs one scalar floating output, and 'out' points to a struct (S)
// EXPECT-STDERR: FILE:35:17: error: 'grad' needs one scalar floating output, and 'out' points to a struct (S)
// EXPECT-STDERR: FILE:36:20: error: 'hessian' needs one scalar floating output, and 'out' points to a struct (S)
// EXPECT-STDERR: FILE:37:37: error: 'grad' needs one scalar floating output, and 'st' points to a struct (Stats)
// EXPECT-STDERR: FILE:38:16: error: 'hvp' needs one scalar floating output, and 'st' points to a struct (Stats)
/* grad (and hessian, hvp, over it) seeds its one output by 1; a struct
** output through a pointer, out(s[1]) or the default output, is not one
** scalar, even with a single floating field. It was accepted and gave
** `S out_seed[1] = {1.0};` and `out_seed.a`, which do not compile (a
** struct holding a pointer: an incompatible initializer). vjp and jacrev
** take struct outputs (each floating field its own seed). */
typedef struct { double a; int n; } S;
typedef struct { double *v; double scale; int n; } Stats;

void f(const double *x, S *out)
{
    out->a = x[0] * x[1];
}

void norm(const double *x, int n, Stats *st)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += x[i] * x[i];
    st->scale = s;
}

void f_ok(const double *x, double *r)
{
    *r = x[0] * x[1];
}

#pragma ad grad(f) wrt(x[2]) out(out[1])
#pragma ad grad(f) wrt(x[2]) name(f_grad2)
#pragma ad hessian(f) wrt(x[2]) out(out[1])
#pragma ad grad(norm) wrt(x[n]) out(st[1])
#pragma ad hvp(norm) wrt(x[n])
#pragma ad vjp(f) wrt(x[2]) out(out[1])
#pragma ad grad(f_ok) wrt(x[2]) out(r[1])
