// CFLAGS: -O2 -D_FORTIFY_SOURCE=2
/* grad/fortify_source (probe16): SILENTLY WRONG before. Linux distributions
** build with -O2 -D_FORTIFY_SOURCE=2, under which glibc's <string.h> defines
** memcpy, memmove and memset as extern inline (gnu_inline) wrappers calling
** __builtin___memcpy_chk on void pointers. cc-ad lowered that header body as
** a function of the file: the copy of data carrying derivatives went through
** void pointers, the derivative lost it, and jvp, vjp and grad were wrong
** with no diagnostic. An extern inline definition in a system header is now
** taken as the library function it stands for (memcpy as memcpy), and
** __builtin_memcpy/memmove/memset as memcpy/memmove/memset. The fortified
** printf, fprintf, snprintf and strcpy run as in the primal. Oracles:
** ORACLE_XN_CASE (central differences, dot-product test, accumulation). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

int logged;

double f(const double *x, int n)
{
    char tag[16], buf[64];
    strcpy(tag, "f:");
    double b[8], c[8];
    memcpy(b, x, n * sizeof *b);
    memmove(b + 1, b, (n - 1) * sizeof *b);
    __builtin_memcpy(c, b, n * sizeof *c);
    double *h = malloc(n * sizeof *h);
    memset(h, 0, n * sizeof *h);
    for (int i = 0; i < n; i++) h[i] += c[i] * x[i];
    double s = 0;
    for (int i = 0; i < n; i++) s += sin(h[i]) + b[i] * b[(i + 1) % n];
    free(h);
    logged += snprintf(buf, sizeof buf, "%s %d", tag, n) > 0;
    if (n > 100) {
        printf("%s\n", buf);
        fprintf(stderr, "n = %d\n", n);
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#include "fortify_source.ad.h"
ORACLE_XN_CASE(f, 6, 3)
