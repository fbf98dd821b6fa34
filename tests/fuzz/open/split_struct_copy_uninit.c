/* OPEN (probe4): gcc -O1/-O2 -Wall -Werror fails on the generated code
** with -Wmaybe-uninitialized: "'ps' may be used uninitialized ... by
** argument 1 of type 'const Particle *' to 'energy_fwd'" in total_grad
** and total_vjp. energy is a split callee (called by both requests, so
** gcc inlines neither energy_fwd nor energy_bwd); its struct local p
** lives in frame memory (ccad_frame_push) and each iteration copies it
** from the caller's malloc'd array, *p = ps[i]. The user's own code is
** clean (gcc inlines energy into total). The warning goes away when the
** copy is a memcpy(p, &ps[i], sizeof *p) (probed by hand), when ps is
** calloc'd, or when energy is called once; a copy field by field warns
** too. A fix: emit a struct copy from memory into framed storage as
** memcpy, or keep a struct local of a split callee out of the frame
** where only values (not its address) cross between the sweeps.
**   cc-ad -o /tmp/o.ad.c split_struct_copy_uninit.c &&
**   gcc -std=c11 -O1 -Wall -Wextra -Werror -I include -c /tmp/o.ad.c   */
#include <math.h>
#include <stdlib.h>

typedef struct {
    double x, v, m;
    int id;
} Particle;

static double energy(const Particle *ps, int n, double wall)
{
    double e = 0.0;
    for (int i = 0; i < n; i++) {
        Particle p = ps[i];
        if (p.x > wall)
            p.x = 2.0 * wall - p.x;
        e += p.m * p.v * p.v + sin(p.x);
    }
    return e;
}

double total(const double *x, int n)
{
    Particle *ps = malloc((size_t)n * sizeof *ps);
    for (int i = 0; i < n; i++) {
        ps[i].x = x[i];
        ps[i].v = x[(i + 1) % n] * x[i];
        ps[i].m = 1.0;
        ps[i].id = i;
    }
    double e = energy(ps, n, 0.25);
    free(ps);
    return e;
}

#pragma ad grad(total) wrt(x[n])
#pragma ad vjp(total) wrt(x[n])
