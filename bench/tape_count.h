/*
** bench/tape_count.h: force-included (-include) into a second compile of the
** generated NAME.ad.c files, the "counting" copy the benchmark uses only to
** measure peak tape bytes exactly, never for timing.
**
** The runtime samples its peak (ccad_tape_peak_bytes) only when a stack
** changes chunk and where the byte tape turns from pushes to pops, so a tape that fits in its
** first 64 KiB chunk reads as 0 and larger ones may read up to 1 MiB per
** kind short (see ccad.h). Here every inline push is followed by a call of
** ccad_tape_bytes(), which samples the peak, so ccad_tape_peak_bytes()
** after a call of the counting copy is the exact high-water mark.
**
** The wrappers also count the pushes of each kind (bench_push_count, defined
** in bench_grad.c), for the breakdown printed under the table; a reserved
** block of n values counts as n pushes.
**
** The real inline pushes are kept under other names: the generated code's
** own `#include "ccad.h"` is then a no-op (include guard), and its calls of
** ccad_push_* reach the wrappers below.
*/
#ifndef BENCH_TAPE_COUNT_H
#define BENCH_TAPE_COUNT_H

#define ccad_push_d bench_real_push_d
#define ccad_push_f bench_real_push_f
#define ccad_push_i bench_real_push_i
#define ccad_push_p bench_real_push_p
#define ccad_push_b bench_real_push_b
#define ccad_reserve_d bench_real_reserve_d
#define ccad_reserve_f bench_real_reserve_f
#define ccad_reserve_i bench_real_reserve_i
#include "ccad.h"
#undef ccad_push_d
#undef ccad_push_f
#undef ccad_push_i
#undef ccad_push_p
#undef ccad_push_b
#undef ccad_reserve_d
#undef ccad_reserve_f
#undef ccad_reserve_i

/* pushes by kind: 0 double, 1 float, 2 long, 3 pointer, 4 branch */
extern unsigned long long bench_push_count[5];

static inline void ccad_push_d(double v)
{
    bench_real_push_d(v);
    bench_push_count[0]++;
    (void)ccad_tape_bytes();
}

static inline void ccad_push_f(float v)
{
    bench_real_push_f(v);
    bench_push_count[1]++;
    (void)ccad_tape_bytes();
}

static inline void ccad_push_i(long v)
{
    bench_real_push_i(v);
    bench_push_count[2]++;
    (void)ccad_tape_bytes();
}

static inline void ccad_push_p(void *v)
{
    bench_real_push_p(v);
    bench_push_count[3]++;
    (void)ccad_tape_bytes();
}

static inline void ccad_push_b(int v)
{
    bench_real_push_b(v);
    bench_push_count[4]++;
    (void)ccad_tape_bytes();
}

/* A counted loop's block of n values (ccad.h, "Bulk pushes") counts as n
** pushes; the whole block is on the tape from the reserve on. */
static inline double *ccad_reserve_d(size_t n)
{
    double *r = bench_real_reserve_d(n);
    bench_push_count[0] += n;
    (void)ccad_tape_bytes();
    return r;
}

static inline float *ccad_reserve_f(size_t n)
{
    float *r = bench_real_reserve_f(n);
    bench_push_count[1] += n;
    (void)ccad_tape_bytes();
    return r;
}

static inline long *ccad_reserve_i(size_t n)
{
    long *r = bench_real_reserve_i(n);
    bench_push_count[2] += n;
    (void)ccad_tape_bytes();
    return r;
}

#endif /* BENCH_TAPE_COUNT_H */
