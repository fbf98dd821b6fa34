// EXPECT-EXIT: 1
// EXPECT-DIAG: static_no_body
// EXPECT-STDERR: FILE:5:12: error: static function 'bucket' is called by derivative code but has no body here
/* A static helper declared here but defined nowhere in this file */
static int bucket(double v, int nb);

double hist_loss(const double *x, const double *w, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w[bucket(x[i], 8)] * x[i];
    return s;
}

#pragma ad grad(hist_loss) wrt(x[n])
