/* Helpers of grad/static_tables: static, not inline, as older C writes
** them; a compiler reports them in a file that does not use them. */
#ifndef STATIC_TABLES_UTIL_H
#define STATIC_TABLES_UTIL_H
static double sqr(double v) { return v * v; }
static int verbose;
#endif
