// EXPECT-EXIT: 1
// EXPECT-DIAG: output_is_read
// EXPECT-STDERR: which the input includes; choose another output name
// CCAD-ARGS: -MF "${case_c%/*}/output_is_read.h"
// EXPECT-NO-CARET
/* A depfile named as a header the input includes: an error naming both,
** and nothing written (the header is an input of the run, like FILE.c). */
#include "output_is_read.h"

double f(double x)
{
    return OUTPUT_IS_READ_K * x * x;
}

#pragma ad jvp(f)
