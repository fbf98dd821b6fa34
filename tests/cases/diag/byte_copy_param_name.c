// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:17:5: error: memcpy copies 'y' into 'i'
// EXPECT-DIAG: byte_copy
/* A memcpy that puns an active double parameter into an integer (the fast
** inverse square root's bit trick) is refused (byte_copy), naming the
** parameter as the user wrote it: 'y', not its internal local copy 'y_2'
** (lower_fn.c's param_copy: a floating parameter whose address the
** function takes is copied at entry). */
#include <stdint.h>
#include <string.h>

double fisr(double y)
{
    double x2 = y * 0.5;
    int64_t i;
    double r;
    memcpy(&i, &y, sizeof i);
    i = 0x5fe6eb50c7b537a9 - (i >> 1);
    memcpy(&r, &i, sizeof r);
    for (int k = 0; k < 6; k++) r = r * (1.5 - x2 * r * r);
    return r;
}

#pragma ad grad(fisr)
