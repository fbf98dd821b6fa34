// EXPECT-EXIT: 1
// EXPECT-DIAG: static_unreachable
// EXPECT-STDERR: FILE:12:15: error: the derivative code uses the file-scope static variable 'scale', which the generated file cannot reach
// EXPECT-STDERR: FILE:13:15: error: the derivative code uses the file-scope static variable 'c_one', which the generated file cannot reach
// EXPECT-STDERR: FILE:14:15: error: the derivative code uses the file-scope static variable 'c_two', which the generated file cannot reach
/* File-scope statics that FILE.c writes somewhere (a function that is not
** differentiated assigns one, passes the address of another to a routine
** that stores through it, keeps a pointer to the third): FILE.ad.c cannot
** have its own copy. (grad/f2c_constants: statics that nothing writes,
** f2c's table of constants, are copied.) */
#include <math.h>
static double scale = 2.0;
static double c_one = 1.0;
static double c_two = 2.0;
static double *keep = 0;

static void bump(double *p)
{
    p[0] += 1.0;
}

double f(double x)
{
    return scale * sin(x) + c_one * x + c_two * x * x;
}

void setup(void)
{
    scale = 3.0;
    bump(&c_one);
    keep = &c_two;
}

#pragma ad grad(f) wrt(x)
