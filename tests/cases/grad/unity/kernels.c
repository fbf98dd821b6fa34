/* Part of grad/unity_build: a source file the case includes (a unity
** build). Not a case itself (tests/cases/grad/unity/ is not scanned). */
#include <math.h>

typedef struct {
    double gain;
    int period;
} Kernel;

static const double taps[3] = {0.25, 0.5, 0.25};

int wrap_index(int i, int n) { return ((i % n) + n) % n; }

double smooth_at(const double *x, int n, int i)
{
    double s = 0;
    for (int k = -1; k <= 1; k++)
        s += taps[k + 1] * x[wrap_index(i + k, n)];
    return s;
}

static double soft(double v, const Kernel *kr) { return kr->gain * tanh(v / kr->gain); }
