/* A table included twice by grad/static_tables, named and scaled by the
** macros defined before each #include (no include guard, on purpose). */
static const REAL COEF_NAME[3] = {0.5 * COEF_SCALE, 0.25 * COEF_SCALE, 0.125 * COEF_SCALE};
