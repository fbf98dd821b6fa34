// EXPECT-EXIT: 0
// EXPECT-DIAG: callee_restores_deep
// EXPECT-STDERR: FILE:21:5: warning: 'squash' changes data that 's' points to through its pointers
// EXPECT-STDERR: pass that array to 'f' as a parameter of its own
/* f rewrites, through a helper, the data its struct parameter points to.
** The helper's backward code restores that data (it needs the old
** values), where the redo log that keeps f's own stores final does not
** reach: after f_grad the data can hold its values from before the call.
** The derivatives are right, so this is a warning, with the way out. (f
** storing there itself is handled: grad/structgrad step().) */
typedef struct Vec { double *v; int n; } Vec;

static void squash(Vec *s)
{
    for (int i = 0; i < s->n; i++)
        s->v[i] = s->v[i] * s->v[i];
}

double f(Vec *s)
{
    squash(s);
    double e = 0;
    for (int i = 0; i < s->n; i++)
        e += s->v[i];
    return e;
}

#pragma ad vjp(f) wrt(s[1])
