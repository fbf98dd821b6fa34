// EXPECT-EXIT: 1
// EXPECT-DIAG: req_unknown_directive
// EXPECT-STDERR: FILE:11:
// EXPECT-STDERR: error: unknown directive 'jvpp'
/* A misspelt directive. */
double f(double x)
{
    return x * x;
}

#pragma ad jvpp(f)
