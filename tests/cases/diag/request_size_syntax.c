// EXPECT-EXIT: 1
// EXPECT-DIAG: size_syntax
// EXPECT-STDERR: FILE:15:49: error: bad size expression for 'means': expected an expression
// EXPECT-STDERR: FILE:16:48: error: bad size expression for 'means': only a pointer can be subscripted here
// EXPECT-STDERR: FILE:17:47: error: bad size expression for 'means': only a pointer can be dereferenced here
/* Mangled size expressions (from the front-end mutation fuzzer: `k*[0]d`
** crashed cc-ad with SIGSEGV, a subscript of an int built a node without a
** type): each is an error at the place it goes wrong, and parsing stops at
** the first one. */
double gmm_like(int d, int k, const double *alphas, const double *means) {
    double s = 0;
    for (int i = 0; i < k * d; i++) s += alphas[i % k] * means[i];
    return s;
}
#pragma ad jvp(gmm_like) wrt(alphas[k], means[k*[0]d]) name(g1)
#pragma ad jvp(gmm_like) wrt(alphas[k], means[k[0]]) name(g2)
#pragma ad jvp(gmm_like) wrt(alphas[k], means[*k]) name(g3)
