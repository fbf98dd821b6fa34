/* OPEN (probe5): FILE.ad.cu does not compile under nvcc (cuda). Ordinary C
** identifiers that are C++ keywords -- a local `double new`, a parameter
** `int class`, a helper `delete`, a struct field `this` -- are copied into
** the C++ device code as they are:
**   kw.ad.cu(9): error: expected an identifier
**   kw.ad.cu(13): error: invalid combination of type specifiers ...
** The .ad.c is right. Expected: the device code renames locals, parameters
** and helpers that collide with C++ keywords (new, delete, class, this,
** template, private, public, operator, try, ...), and spells the struct
** with renamed fields of the same types in the same order (the layout is
** unchanged), or cc-ad says which identifier to rename. Where: the writer
** of FILE.ad.cu (tool/emit/emit_file.c, tool/transform/cuda.c), which
** has no C++ keyword list.
**   build/tool/cc-ad -o /tmp/kw.ad.c tests/fuzz/open/cuda_cxx_keywords.c &&
**   /usr/local/cuda/bin/nvcc -O1 -I include -c /tmp/kw.ad.cu -o /tmp/kw.o    */
#include <math.h>

typedef struct { double this, new; } Pair;

static double delete(double private, double public) { return private * public; }

double model(const double *x, int n, int class)
{
    double new = 0.0, old = 1.0;
    Pair template = {x[0], x[1]};
    for (int try = 0; try < n; try++) {
        double operator = x[try] * old + template.this;
        new += delete(operator, template.new) + sin(operator);
        old = new * 0.5;
    }
    return new * (class + 1);
}

#pragma ad grad(model) wrt(x[n])
#pragma ad cuda(model_grad) batch(x[n])
