// EXPECT-EXIT: 0
// EXPECT-DIAG: nothing_to_do
/* A file without '#pragma ad' requests (and no --ad specs): a warning, and
** the output files are still written, with no functions. */
double f(double x)
{
    return x * x;
}
