/* struct_array_ptr_field: a struct with an array field and a pointer field
** (double w[3]; const char *name;), by pointer (grad, vjp) and by value
** (grad, jacrev of `double h(M m, double t)`, M = { double w[3]; int *ids; }).
** The drivers zero the shadow struct's floating fields with a loop over the
** array field, whose counter is now the loop's own (it used to be declared
** after the loop: "'k_2' undeclared"). A pointer to non-floating data (char *,
** int *) carries no derivative, so no warning about the memory it leads to.
** Checked against the closed form (tanh', products) and central differences.
** Contract sections 1 (FILE.ad.c compiles), 3 and 4 (structs). */
#include <math.h>
#include "ccad_oracle.h"

typedef struct Model {
    double w[3];
    double b;
    const char *name;
} Model;

double loss(const Model *m, const double *x)
{
    double z = m->b;
    for (int i = 0; i < 3; i++)
        z += m->w[i] * x[i];
    return tanh(z);
}

#pragma ad grad(loss) wrt(m[1], x[3])
#pragma ad vjp(loss) wrt(m[1], x[3])

typedef struct M { double w[3]; int *ids; } M;

double h(M m, double t)
{
    return sin(m.w[0] * t) + m.w[1] * m.w[2] * t + m.ids[0];
}

#pragma ad grad(h) wrt(m, t)
#pragma ad jacrev(h) wrt(m, t)

#include "struct_array_ptr_field.ad.h"

int main(void)
{
    Model m = {{0.5, -0.25, 0.75}, 0.1, "lin"}, mb;
    double x[3] = {1.0, 2.0, -0.5}, xb[3];
    double v = loss_grad(&m, &mb, x, xb);
    double z = m.b;
    for (int i = 0; i < 3; i++)
        z += m.w[i] * x[i];
    double d = 1 - tanh(z) * tanh(z);
    CHECK_CLOSE("value", v, loss(&m, x), 0, 0);
    CHECK_CLOSE("db", mb.b, d, ORACLE_RTOL_EXACT, 0);
    for (int i = 0; i < 3; i++) {
        CHECK_CLOSE("dw", mb.w[i], d * x[i], ORACLE_RTOL_EXACT, 0);
        CHECK_CLOSE("dx", xb[i], d * m.w[i], ORACLE_RTOL_EXACT, 0);
    }
    Model vb = {{1, 1, 1}, 1, 0};
    double xv[3] = {1, 1, 1};
    loss_vjp(&m, &vb, x, xv, 2.0);
    CHECK_CLOSE("vjp db", vb.b, 1 + 2 * d, ORACLE_RTOL_EXACT, 0);
    int ids[1] = {2};
    M mm = {{0.3, -1.2, 0.7}, ids}, mmb;
    double t = 0.9, tb, jac[4];
    double hv = h_grad(mm, &mmb, t, &tb);
    h_jacrev(mm, t, jac);
    CHECK_CLOSE("h value", hv, h(mm, t), 0, 0);
    for (int i = 0; i < 4; i++) {
        double e = 1e-6;
        M mp = mm, mq = mm;
        double tp = t, tq = t;
        if (i < 3) { mp.w[i] += e; mq.w[i] -= e; } else { tp += e; tq -= e; }
        double fd = (h(mp, tp) - h(mq, tq)) / (2 * e);
        CHECK_CLOSE("h grad", i < 3 ? mmb.w[i] : tb, fd, 1e-7, 1e-9);
        CHECK_CLOSE("h jacrev", jac[i], fd, 1e-7, 1e-9);
    }
    return oracle_result();
}
