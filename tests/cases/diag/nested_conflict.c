// EXPECT-EXIT: 1
// EXPECT-DIAG: name_taken_request
// EXPECT-STDERR: FILE:22:22: error: another request already generates 'energy_grad'; this nested spelling implies grad(energy) with other clauses than the request that generates it; write that request once on its own line and name energy_grad in the others (vmap(energy_grad) ...)
/* Two nested spellings whose inner requests differ: jvp(grad(energy))
** wrt(x[n]) implies grad(energy) wrt(x[n]), vmap(grad(energy)) batch(...)
** implies grad(energy) with the default wrt (x and k). Both would be
** energy_grad, with different signatures; name(...) names the outer
** request, so the advice is to write the inner one once. (Nested
** spellings with the same inner request share it: vmap/nested_shared.) */
double energy(const double *x, int n, double k)
{
    double e = 0;
    for (int i = 0; i + 1 < n; i++) {
        double d = x[i + 1] - x[i];
        e += 0.5 * k * d * d;
    }
    return e;
}

#pragma ad jvp(grad(energy)) wrt(x[n])
// the inner request of this line has no wrt: x and k by default
#pragma ad vmap(grad(energy)) batch(x[n])
