// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:10:
// EXPECT-STDERR: error: unknown directive 'jvpp'
/* A misspelt directive. */
double f(double x)
{
    return x * x;
}

#pragma ad jvpp(f)
