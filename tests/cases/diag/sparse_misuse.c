// EXPECT-EXIT: 1
// EXPECT-DIAG: req_sparse_misuse
// EXPECT-STDERR: FILE:16:33: error: sparse does not apply to jvp(...); it takes jacfwd, jacrev and hessian, whose matrix it returns in CSR form
// EXPECT-STDERR: FILE:17:32: error: sparse does not apply to vmap(...); it takes jacfwd, jacrev and hessian, whose matrix it returns in CSR form
/* sparse asks for the matrix in CSR form: a jvp has no matrix, and a
** batch of CSR matrices (vmap of a sparse jacrev) is not one. Accepting
** the clause and ignoring it would hand back a dense result to code
** that reads a ccad_csr. */

void resid(const double *x, double *r, int n)
{
    for (int i = 0; i < n; i++)
        r[i] = x[i] * x[i] - (i > 0 ? x[i - 1] : 1.0);
}

#pragma ad jvp(resid) wrt(x[n]) sparse
#pragma ad vmap(jacrev(resid)) sparse batch(x[n], r[n])
