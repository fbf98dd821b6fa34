// NO-STANDALONE-HEADER: Net is an untagged struct of a header without include guard: FILE.ad.h can neither include that header again nor declare Net, and says so in a comment
/* header_anon_typedef_quoted: a typedef of an untagged struct from a quoted
** header without include guard (`typedef struct { double w[4]; int n; } Net;`)
** used in a generated signature. FILE.ad.h used to print the invalid line
** `Net;` (libclang spells the untagged struct with its typedef's name), which
** failed the -Werror compile of FILE.c and FILE.ad.c; now it prints a comment
** saying to include the header first, and FILE.ad.c compiles warning-free.
** Gradient against the closed form tanh'. Contract section 1. */
#include <math.h>
#include "ccad_oracle.h"
#include "header_anon_typedef_quoted.h"

double loss(const Net *net, const double *x)
{
    double s = 0;
    for (int i = 0; i < net->n; i++)
        s += tanh(net->w[i] * x[i]);
    return s;
}

#pragma ad grad(loss) wrt(net[1])

#include "header_anon_typedef_quoted.ad.h"

int main(void)
{
    Net net = {{0.5, -0.3, 0.8, 0.1}, 4}, bar;
    double x[4] = {1.0, 2.0, -1.0, 0.5};
    double v = loss_grad(&net, &bar, x);
    CHECK_CLOSE("value", v, loss(&net, x), 0, 0);
    for (int i = 0; i < 4; i++) {
        double t = tanh(net.w[i] * x[i]);
        CHECK_CLOSE("dw", bar.w[i], (1 - t * t) * x[i], ORACLE_RTOL_EXACT, 0);
    }
    return oracle_result();
}
