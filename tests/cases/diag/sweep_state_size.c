// EXPECT-EXIT: 1
// EXPECT-DIAG: sweep_state_size
// EXPECT-STDERR: FILE:27:19: error: 'tally_jacfwd' runs 'tally' once per sweep, and 'tally' writes through parameter 'hits'
// EXPECT-STDERR: FILE:29:20: error: 'count_hessian' runs 'count' once per sweep
/* A driver runs f once per sweep; state f keeps behind a pointer parameter
** in no clause (a hit count f adds to and reads back, hits[i] += 1) must be
** put back before each sweep, or each row or column is the Jacobian of
** another call. Indexed by a variable, its extent is unknown: refused,
** with the clause that gives it (scratch(hits[n]), jac/state_param_sweeps),
** for jacfwd, jacrev and hessian alike. Memory f stores into before it
** reads it (a work array) and state used as one object (*p, p->x) need
** nothing (jac/state_param_sweeps, jac/callback_readback). */
double tally(const double *x, double *hits, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) { hits[i] += 1.0; s += hits[i] * x[i] * x[i]; }
    return s;
}

double count(const double *x, int *c, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) { c[i]++; s += c[i] * x[i] * x[i]; }
    return s;
}

#pragma ad jacfwd(tally) wrt(x[n]) out(return)
#pragma ad jacrev(count) wrt(x[n]) out(return)
#pragma ad hessian(count) wrt(x[n])
