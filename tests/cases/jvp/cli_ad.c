// CCAD-ARGS: --ad 'jvp(h) wrt(x[3])'
/*
** jvp/cli_ad: a source with no pragma, differentiated from a request on the
** command line (contract section 2: `--ad '...'`, for sources that must
** stay unmodified). The harness passes the CCAD-ARGS line above.
*/
#include <math.h>

#include "ccad_oracle.h"

double h(const double *x)
{
    return x[0] * x[1] * x[2] + exp(x[0] - x[2]);
}

#include "cli_ad.ad.h"

int main(void)
{
    const double x[3] = {0.5, -1.5, 2.0};
    const double g[3] = {x[1] * x[2] + exp(x[0] - x[2]), x[0] * x[2], x[0] * x[1] - exp(x[0] - x[2])};
    char label[32];
    for (int j = 0; j < 3; j++) {
        double e[3] = {0.0, 0.0, 0.0}, ret_dot = NAN;
        e[j] = 1.0;
        double r = h_jvp(x, e, &ret_dot);
        snprintf(label, sizeof label, "h primal (e_%d)", j);
        CHECK_CLOSE(label, r, h(x), ORACLE_RTOL_EXACT, 0.0);
        snprintf(label, sizeof label, "h d/dx%d", j);
        CHECK_CLOSE(label, ret_dot, g[j], ORACLE_RTOL_EXACT, 1e-15);
    }
    return oracle_result();
}
