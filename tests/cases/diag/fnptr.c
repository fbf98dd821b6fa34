// EXPECT-EXIT: 1
// EXPECT-DIAG: fnptr_call
// EXPECT-STDERR: FILE:9:
// EXPECT-STDERR: error:
// EXPECT-STDERR: function pointer
/* A call through a function pointer on active data. */
double apply(double (*fn)(double), double x)
{
    return fn(x) * x;
}

#pragma ad jvp(apply) wrt(x)
