// EXPECT-EXIT: 1
// EXPECT-DIAG: static_unreachable
// EXPECT-STDERR: static_header.h:4:15: error: the derivative code uses the file-scope static variable 'learning_rate'
// EXPECT-STDERR: a header's static is a separate variable in each source file
/* A static variable of a header is a separate variable in FILE.ad.c: the
** derivative would read its initial value, not what FILE.c set with
** set_learning_rate. An error at the static's location (it was accepted,
** and the derivative silently used 0.1). */
#include "static_header.h"

double f(double w, double g)
{
    return w - learning_rate * g * g;
}

#pragma ad jvp(f) wrt(w, g)
