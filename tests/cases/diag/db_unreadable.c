// EXPECT-EXIT: 1
// EXPECT-DIAG: db_unreadable
// EXPECT-STDERR: cannot read '/proc/compile_commands.json'
// CCAD-ARGS: -p /proc
// EXPECT-NO-CARET
/* -p names a directory without compile_commands.json: the error says how
** to have the build write one. */
double f(double x)
{
    return x * x;
}

#pragma ad jvp(f)
