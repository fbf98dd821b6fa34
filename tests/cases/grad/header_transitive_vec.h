/* used by header_transitive_type.c: the type, two includes deep */
#ifndef HEADER_TRANSITIVE_VEC_H
#define HEADER_TRANSITIVE_VEC_H
typedef struct Vec2 { double x, y; } Vec2;
#endif
