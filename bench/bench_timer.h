/*
** bench/bench_timer.h: the timing of bench_jac and bench_ba: the best of
** several batches of CPU time of this thread, each batch calibrated to
** last at least a given time.
*/
#ifndef BENCH_TIMER_H
#define BENCH_TIMER_H

#include <math.h>
#include <stdio.h>
#include <time.h>

/* CPU time of this thread: on a shared machine, the time slices other
** processes take while a batch runs do not count */
static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static inline double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One timed function: repetitions per batch and best time per call. */
typedef struct Timer {
    void (*fn)(void *);
    void *ctx;
    long reps;
    double best;
} Timer;

static inline double run_batch(const Timer *t, long reps)
{
    double t0 = now();
    for (long r = 0; r < reps; r++)
        t->fn(t->ctx);
    return now() - t0;
}

/* Calibrate reps so that one batch takes >= batch seconds. */
static inline void calibrate(Timer *t, double batch)
{
    long r = 1;
    double s;
    t->best = INFINITY;
    run_batch(t, 1); /* warm-up: caches, tape chunks */
    while ((s = run_batch(t, r)) < batch) {
        double scale = s > 0 ? 1.2 * batch / s : 10.0;
        r = (long)(r * (scale < 2.0 ? 2.0 : scale > 100.0 ? 100.0 : scale));
    }
    t->reps = r;
}

static inline void time_batch(Timer *t)
{
    double s = run_batch(t, t->reps) / t->reps;
    if (s < t->best)
        t->best = s;
}

static inline const char *fmt_time(char *buf, size_t n, double s)
{
    if (s < 1e-3)
        snprintf(buf, n, "%.2f us", s * 1e6);
    else
        snprintf(buf, n, "%.3f ms", s * 1e3);
    return buf;
}

#endif /* BENCH_TIMER_H */
