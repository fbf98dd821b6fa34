// EXPECT-EXIT: 0
// EXPECT-DIAG: hvp_deep_struct
// EXPECT-STDERR: FILE:24:16: warning: 'loss_hvp': 'v' is a struct whose pointers lead to floating data, whose sizes it does not know: the caller points those of 'v_v' at the direction
/* hvp of a function with a struct input whose pointer leads to floating
** data: the direction v_v, the result v_hv and the gradient v_bar the
** sweep works in are structs of its type whose pointers the caller sets,
** as for the shadows of vjp; the sizes behind them are the caller's, so a
** warning says what to point them at and what to zero
** (jac/hvp_struct_pointer_field runs such a case). */
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

#pragma ad hvp(loss) wrt(v[1])
