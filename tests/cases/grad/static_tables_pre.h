/* Given with -include (grad/static_tables): settings every file sees. */
#ifndef STATIC_TABLES_PRE_H
#define STATIC_TABLES_PRE_H
typedef struct { double t0, t1; int nsteps; } Horizon;
static const Horizon horizon = {0.0, 1.0, 8};
#endif
