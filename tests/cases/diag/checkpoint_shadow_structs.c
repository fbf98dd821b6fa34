// EXPECT-EXIT: 0
// EXPECT-DIAG: checkpoint_taped
// EXPECT-STDERR: FILE:29:5: warning: '#pragma ad checkpoint' is not applied
// EXPECT-STDERR: it writes pointers with shadows in 'lanes' (a union, or a long array of structures)
/* A checkpointed loop that swaps pointers held in a long array of
** structures: each lane's shadow struct has its pointers (addresses, part
** of the loop's state) beside floating fields (adjoints, which a snapshot
** must not put back), and cc-ad saves such shadows field by field only in
** arrays of at most 64 structures. The loop is taped in full instead (a
** correct gradient), with a warning that says why; before, the snapshots
** left the shadow pointers out and the gradient was silently wrong
** (grad/checkpoint_pointer_swap covers the shapes that are saved). */
enum { L = 80 };

typedef struct { double *cur, *nxt; double gain; } Lane;

double mix(const double *x, int steps)
{
    double a[L], b[L];
    Lane lanes[L];
    for (int i = 0; i < L; i++) {
        a[i] = x[i];
        b[i] = 0.0;
        lanes[i].cur = &a[i];
        lanes[i].nxt = &b[i];
        lanes[i].gain = 0.5 + 0.01 * i;
    }
#pragma ad checkpoint
    for (int t = 0; t < steps; t++) {
        for (int i = 0; i < L; i++) {
            *lanes[i].nxt = lanes[i].gain * *lanes[i].cur * *lanes[(i + 1) % L].cur;
            double *tmp = lanes[i].cur;
            lanes[i].cur = lanes[i].nxt;
            lanes[i].nxt = tmp;
        }
    }
    double s = 0.0;
    for (int i = 0; i < L; i++)
        s += *lanes[i].cur;
    return s;
}

#pragma ad grad(mix) wrt(x[80])
