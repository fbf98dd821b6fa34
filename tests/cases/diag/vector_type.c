// EXPECT-EXIT: 1
// EXPECT-DIAG: vector
// EXPECT-STDERR: FILE:12:15: error: vector types (vector_size, ext_vector_type) cannot be differentiated; compute with one double or float per lane, or an array
/* GCC/clang vector types, as hand-vectorised kernels use them. cc-ad
** differentiates scalar float and double code. Without the error, the
** lanes were lowered as an integer type: a zero derivative with only a
** "no path to any output" warning. */
typedef double v2d __attribute__((vector_size(16)));

double dot_pairs(const double *x, int n)
{
    v2d acc = {0.0, 0.0};
    for (int i = 0; i + 1 < n; i += 2) {
        v2d v = {x[i], x[i + 1]};
        acc = acc + v * v;
    }
    return acc[0] + acc[1];
}

#pragma ad grad(dot_pairs) wrt(x[n])
