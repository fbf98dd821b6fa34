// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:19:5: error: memcpy copies 'y' into 'i'
// EXPECT-DIAG: byte_copy
/* OPEN (probe11): POOR DIAGNOSTIC: refusing a memcpy that puns an active
** double parameter into an integer (the fast inverse square root's bit
** trick), cc-ad names the parameter by its internal copy: "memcpy copies
** 'y_2' into 'i' through memory of type 'int64_t'". The user wrote 'y'
** (lower_fn.c's param_copy: a floating parameter whose address the function
** takes becomes a local copy 'y_2'). Expected: 'y'; got: 'y_2'. The
** refusal itself is right. Run:
**   bash tests/harness/run_diag.sh build/tool/cc-ad /tmp/w tests/fuzz/open/diag_internal_name_param_copy.c */
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
