// EXPECT-EXIT: 0
// EXPECT-DIAG: grad_deep_zero
// EXPECT-STDERR: FILE:9:22: warning: 'grad' zeroes the floating
/* grad zeroes the gradient of its inputs before adding to it; for a struct
** input that holds a pointer it zeroes the floating fields, but not the
** memory the pointer leads to, whose size it does not know: a warning says
** to zero it before the call (grad/structgrad runs such a case). */
struct Acc { double *buf; double gain; };
double h(struct Acc *a, const double *x)
{
    a->gain = x[0] * 2.0;
    return a->gain * a->buf[0];
}

#pragma ad grad(h) wrt(a[1], x[1])
