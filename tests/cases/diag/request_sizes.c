// EXPECT-EXIT: 1
// EXPECT-DIAG: size_not_count
// EXPECT-DIAG: size_not_positive
// EXPECT-DIAG: return_size
// EXPECT-DIAG: two_sizes
// EXPECT-DIAG: repeated_item
// EXPECT-DIAG: inout_sizes
// EXPECT-STDERR: FILE:39:30: error: the size [x] of 'x' cannot be an element count: 'x' is a pointer; a size is an integer element count
// EXPECT-STDERR: FILE:40:30: error: the size [1.5] of 'x' cannot be an element count: 1.5 is not an integer
// EXPECT-STDERR: FILE:41:30: error: the size [n/0] of 'x' cannot be an element count: it divides by zero
// EXPECT-STDERR: FILE:42:30: error: the size [-1] of 'x' is -1; an element count must be positive
// EXPECT-STDERR: FILE:43:30: error: the size [ly->scale] of 'x' cannot be an element count: 'ly->scale' is floating; a size is an integer element count
// EXPECT-STDERR: FILE:44:35: error: 'x' is listed in wrt(...) with two sizes, [2*n] and [n] (column 29); give it one
// EXPECT-STDERR: FILE:45:49: error: 'y' has the size [n] in wrt(...) and [2 * n] in out(...); an in-out array has one size
// EXPECT-STDERR: FILE:46:44: error: 'return' is one value and takes no [size]: out(return)
// EXPECT-STDERR: FILE:47:29: error: the size [n % (2 - 2)] of 'x' cannot be an element count: it divides by zero
/* A [size] is an element count: an integer expression over the parameters,
** positive where it is a constant. A pointer, a floating constant, a
** division by zero or a negative count gave generated code that did not
** compile or overran memory; a parameter listed with two different sizes
** (or an in-out one with two) silently got one of them; 'return' takes
** no size. All were accepted with exit 0. */

typedef struct {
    int n;
    double scale;
} Layer;

double norm2(const Layer *ly, const double *x, double *y, int n)
{
    double s = 0.0;
    for (int i = 0; i < ly->n; i++) {
        y[i] = ly->scale * x[i] * y[i];
        s += y[i] * y[i];
    }
    return s + n;
}

#pragma ad grad(norm2) wrt(x[x]) name(g1)
#pragma ad grad(norm2) wrt(x[1.5]) name(g2)
#pragma ad grad(norm2) wrt(x[n/0]) name(g3)
#pragma ad grad(norm2) wrt(x[-1]) name(g4)
#pragma ad grad(norm2) wrt(x[ly->scale]) name(g5)
#pragma ad jvp(norm2) wrt(x[n], x[2*n]) name(g6)
#pragma ad vjp(norm2) wrt(x[ly->n], y[n]) out(y[2 * n]) name(g7)
#pragma ad vjp(norm2) wrt(x[n]) out(return[1]) name(g8)
#pragma ad jvp(norm2) wrt(x[n % (2 - 2)]) name(g9)
