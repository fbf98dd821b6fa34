/* Gauss-Legendre nodes and weights on [-1, 1]: a generated table, with no
** include guard, meant to be included once (grad/static_tables). */
static const REAL gl_x[GL_N] = {-0.9061798459386640, -0.5384693101056831, 0.0, 0.5384693101056831,
                                0.9061798459386640};
static const REAL gl_w[GL_N] = {0.2369268850561891, 0.4786286704993665, 0.5688888888888889, 0.4786286704993665,
                                0.2369268850561891};
