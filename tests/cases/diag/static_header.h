/* diag/static_header: a mutable static in a header, counted by FILE.c. */
#ifndef STATIC_HEADER_H
#define STATIC_HEADER_H
static double learning_rate = 0.1;
static inline void set_learning_rate(double r) { learning_rate = r; }
#endif
