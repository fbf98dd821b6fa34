// EXPECT-EXIT: 1
// EXPECT-DIAG: jac_needs_size
// EXPECT-STDERR: FILE:14:33: error: 'residual_jacfwd' needs the element count of 'p': write wrt(p[n])
/* jacfwd / jacrev lay out a matrix: every input needs a size, and inputs must
** be floating data or structs holding some */
typedef struct { int rows, cols; } Shape;

void residual(const double *p, const Shape *s, double *r, int m)
{
    for (int i = 0; i < m; i++)
        r[i] = p[0] * i + p[1] * s->cols;
}

#pragma ad jacfwd(residual) wrt(p) out(r[m])
#pragma ad jacrev(residual) wrt(p[2]) out(r[m])
