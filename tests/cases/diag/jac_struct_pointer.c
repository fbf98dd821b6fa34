// EXPECT-EXIT: 1
// EXPECT-DIAG: jac_struct_pointer
// EXPECT-STDERR: FILE:24:29: error: 'loss_jacrev': 'v' is a struct whose field 'data' leads to floating data through a pointer
// EXPECT-STDERR: pass that data as a parameter of its own, or use vjp or jvp
/* jacfwd, jacrev and hessian flatten the floating fields a struct holds
** itself (jac/structs); what its pointers lead to has a size cc-ad does
** not know, so a struct input whose pointer leads to floating data is
** refused, at its wrt item, with the way out. (hvp forms no matrix: it
** takes structs whose pointers the caller sets, diag/hvp_deep_struct.) */
typedef struct Vec {
    double *data;
    int n;
    double scale;
} Vec;

double loss(const Vec *v)
{
    double s = 0.0;
    for (int i = 0; i < v->n; i++)
        s += v->data[i] * v->data[i];
    return v->scale * s;
}

#pragma ad jacrev(loss) wrt(v[1])
