// EXPECT-EXIT: 1
// EXPECT-DIAG: do_while_continue
// EXPECT-DIAG: static_local_init
// EXPECT-DIAG: odd_stmt
// EXPECT-STDERR: FILE:20:14: error: a do-while condition
// EXPECT-STDERR: FILE:28:20: error: the initializer of static local 'third'
// EXPECT-STDERR: FILE:35:1: error: this statement (UnexposedStmt)
/* Statements cc-ad does not lower, each an error at the statement with what
** to write instead: a do-while whose condition has effects in a loop with
** continue, a static local initialised
** by an address rather than a number, and a loop hint
** (#pragma clang loop, an attributed statement). */
double dowhile(double a, int n)
{
    int i = 0;
    do {
        a = a * 1.5;
        if (a > 10.0) continue;
        a = a + 1.0;
    } while (i++ < n);
    return a;
}
#pragma ad jvp(dowhile) wrt(a)

double gthird = 1.0 / 3.0;
double staticinit(double a)
{
    static double *third = &gthird;
    return a * *third;
}
#pragma ad jvp(staticinit)

double hint(double a, int n)
{
#pragma clang loop unroll(enable)
    for (int i = 0; i < n; i++)
        a = a * 1.5;
    return a;
}
#pragma ad jvp(hint) wrt(a)
