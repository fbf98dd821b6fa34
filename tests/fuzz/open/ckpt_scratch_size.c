/* OPEN (probe5): spurious warning, checkpoint not applied (run_case.sh
** fails any case that warns). A checkpointed loop calls a helper that
** writes a scratch parameter; the request sizes it, scratch(s[n]), but
**   sc3.c:12:5: warning: '#pragma ad checkpoint' is not applied, and the
**   loop is taped in full: cc-ad cannot tell the size of the memory it
**   writes through 's': give it in the request, wrt(s[N]) or out(s[N])
** Expected: no warning; s's n elements are part of the loop's state (the
** manual: "pointer parameters sized in the request"), and the advice to
** move a scratch parameter into wrt/out is wrong (the clauses exclude each
** other). The same happens for grad(f_jvp) ... scratch(u_dot[n]) when the
** checkpointed loop writes u through a helper. The gradient is right (the
** loop is taped in full). Where: tool/transform/adjoint_ckpt.c extent_of()
** looks only at r->wrt and r->out, not at the request's scratch items.
**   build/tool/cc-ad -o /tmp/c.ad.c tests/fuzz/open/ckpt_scratch_size.c   */
#include <math.h>

static void adv(double *u, double *s, int n, double nu)
{
    for (int i = 0; i < n; i++) {
        s[i] = nu * sin(u[i]);
        u[i] = u[i] + s[i] * s[(i + 1) % n];
    }
}

double run(double *u, double *s, int n, double nu)
{
#pragma ad checkpoint
    for (int t = 0; t < 10; t++)
        adv(u, s, n, nu);
    return u[0] * u[n - 1];
}

#pragma ad grad(run) wrt(u[n], nu) out(return) scratch(s[n])
