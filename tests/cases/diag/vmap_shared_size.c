// EXPECT-EXIT: 1
// EXPECT-DIAG: vmap_shared_written
// EXPECT-STDERR: FILE:15:17: error: 'loss_vjp_vmap': parameter 'w_bar' is shared by every batch element but may be written; list it in batch(w_bar[m])
/* vmap of a vjp whose weight gradient w_bar is shared by the batch (it
** would race): the advice gives w_bar's size, m from the vjp's wrt(w[m]),
** not the contract's placeholder n (here another parameter's name) */
double loss(const double *w, int m, const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += w[i % m] * x[i] * x[i];
    return s;
}

#pragma ad vjp(loss) wrt(w[m])
#pragma ad vmap(loss_vjp) batch(x[n])
