/*
** realc/rpn_vm: a stack-based expression VM as small interpreters in C write
** it: an int bytecode array, a switch over opcodes inside the fetch loop,
** `case` bodies ending in break or continue, a double stack indexed by an int
** stack pointer moved with sp++ / --sp, constants from a separate pool, a
** return from inside the loop on OP_RET, and an error path returning NAN.
** Requests: grad and jvp of the program's value wrt the variables; hessian.
** Oracles: the same expression written in C by hand, its closed-form
** gradient and Hessian (1e-13).
*/
#include <math.h>
#include "ccad_oracle.h"

enum { OP_VAR, OP_CONST, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SIN, OP_EXP, OP_POW2, OP_DUP, OP_SWAP, OP_NOP, OP_RET };

double run_vm(const int *code, const double *consts, const double *vars, int nvars)
{
    double stack[64];
    int sp = 0, pc = 0;
    for (;;) {
        int op = code[pc++];
        double a, b;
        switch (op) {
        case OP_VAR:
            if (code[pc] >= nvars) return NAN;
            stack[sp++] = vars[code[pc++]];
            break;
        case OP_CONST: stack[sp++] = consts[code[pc++]]; break;
        case OP_ADD: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a + b; break;
        case OP_SUB: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a - b; break;
        case OP_MUL: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a * b; break;
        case OP_DIV: b = stack[--sp]; a = stack[--sp]; stack[sp++] = a / b; break;
        case OP_SIN: stack[sp - 1] = sin(stack[sp - 1]); break;
        case OP_EXP: stack[sp - 1] = exp(stack[sp - 1]); break;
        case OP_POW2: stack[sp - 1] *= stack[sp - 1]; break;
        case OP_DUP: stack[sp] = stack[sp - 1]; sp++; break;
        case OP_SWAP: a = stack[sp - 1]; stack[sp - 1] = stack[sp - 2]; stack[sp - 2] = a; break;
        case OP_NOP: continue;
        case OP_RET: return stack[sp - 1];
        default: return NAN;
        }
    }
}
#pragma ad grad(run_vm) wrt(vars[nvars])
#pragma ad jvp(run_vm) wrt(vars[nvars])
#pragma ad hessian(run_vm) wrt(vars[nvars])

#include "rpn_vm.ad.h"

int main(void)
{
    /* (x0 * sin(x1) + exp(x2 / 2))^2 - x0 / x1, with a DUP, a SWAP and NOPs */
    const int code[] = {OP_VAR, 0, OP_VAR, 1, OP_SIN, OP_MUL, OP_NOP, OP_VAR, 2, OP_CONST, 0, OP_DIV, OP_EXP, OP_ADD,
                        OP_DUP, OP_MUL, OP_VAR, 1, OP_VAR, 0, OP_SWAP, OP_DIV, OP_SUB, OP_NOP, OP_RET};
    const double consts[] = {2.0};
    double x[3] = {0.7, 1.3, -0.4}, g[3], H[9];
    double u = x[0] * sin(x[1]) + exp(x[2] / 2), want = u * u - x[0] / x[1];
    double v = run_vm_grad(code, consts, x, g, 3);
    CHECK_CLOSE("value", v, want, 1e-14, 0);
    double du[3] = {sin(x[1]), x[0] * cos(x[1]), 0.5 * exp(x[2] / 2)};
    double gw[3] = {2 * u * du[0] - 1 / x[1], 2 * u * du[1] + x[0] / (x[1] * x[1]), 2 * u * du[2]};
    CHECK_VEC_CLOSE("grad", g, gw, 3, 1e-13, 1e-15);
    double vd[3] = {1, -2, 0.5}, fd = 0;
    run_vm_jvp(code, consts, x, vd, 3, &fd);
    CHECK_CLOSE("jvp", fd, oracle_dot(vd, gw, 3), 1e-13, 1e-15);
    run_vm_hessian(code, consts, x, 3, H);
    double Hw[9];
    double d2u[3][3] = {{0, cos(x[1]), 0}, {cos(x[1]), -x[0] * sin(x[1]), 0}, {0, 0, 0.25 * exp(x[2] / 2)}};
    for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) Hw[i * 3 + j] = 2 * du[i] * du[j] + 2 * u * d2u[i][j];
    Hw[0 * 3 + 1] += 1 / (x[1] * x[1]); Hw[1 * 3 + 0] += 1 / (x[1] * x[1]); Hw[1 * 3 + 1] -= 2 * x[0] / (x[1] * x[1] * x[1]);
    CHECK_VEC_CLOSE("hessian", H, Hw, 9, 1e-12, 1e-14);
    const int bad[] = {OP_VAR, 7, OP_RET};
    CHECK_TRUE("error path: NAN", isnan(run_vm_grad(bad, consts, x, g, 3)));
    return oracle_result();
}
