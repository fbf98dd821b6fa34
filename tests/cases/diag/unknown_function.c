// EXPECT-EXIT: 1
// EXPECT-DIAG: unknown_function
// EXPECT-STDERR: FILE:11:
// EXPECT-STDERR: error: unknown function 'no_such_fn'
/* A request naming a function that the translation unit does not define. */
double f(double x)
{
    return x * x;
}

#pragma ad jvp(no_such_fn)
