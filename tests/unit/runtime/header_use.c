/*
** header_use.c: compiled (not run) as C99, C++ and CUDA to keep ccad.h
** includable from every language generated code is written in.
*/
#include "ccad.h"

#ifdef __CUDACC__
/* Device code does not use the runtime; including it must not break a kernel. */
__global__ void header_use_kernel(double *x) { x[0] *= 2.0; }
#endif

double header_use(double x)
{
  double y;
  ccad_push_d(x);
  ccad_push_f((float)x);
  ccad_push_i(3);
  ccad_push_p(&y);
  ccad_push_bytes(&x, sizeof x);
  ccad_pop_bytes(&y, sizeof y);
  (void)ccad_pop_p();
  (void)ccad_pop_i();
  (void)ccad_pop_f();
  return y + ccad_pop_d() + (double)ccad_tape_bytes();
}
