// EXPECT-EXIT: 1
// EXPECT-DIAG: output_unwritable
// EXPECT-STDERR: cc-ad: error: cannot write '/nonexistent-ccad-dir/out.ad.c'
// CCAD-ARGS: -o /nonexistent-ccad-dir/out.ad.c
// EXPECT-NO-CARET
/* -o into a directory that does not exist: an error naming the file, and
** why (cc-ad does not create directories). */
double f(double x)
{
    return x * x;
}

#pragma ad jvp(f)
