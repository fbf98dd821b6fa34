// EXPECT-EXIT: 1
// EXPECT-DIAG: db_no_dir
// CCAD-ARGS: -p /nonexistent-ccad-build
// EXPECT-NO-CARET
/* -p names a build directory that does not exist. */
double f(double x)
{
    return x * x;
}

#pragma ad jvp(f)
