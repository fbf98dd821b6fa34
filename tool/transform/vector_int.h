/*
 * vector_int.h — what the files of vector forward mode share (vector.c,
 * vector_fold.c, vector_cover.c): the state of one widened function.
 */
#ifndef CCAD_VECTOR_INT_H
#define CCAD_VECTOR_INT_H

#include "../ir/rules.h"
#include "transform.h"

typedef struct Vec {
  Module *m;
  Fn *f;
  PtrMap wide;      /* shadow Var* -> how it is indexed: 1 array, 2 pointer offset */
  Var *lane;
  int width;
  bool rows;        /* lanes innermost: x_dot[i][lane] (else x_dot[lane][i]) */
  bool used_lane;   /* rows: the statement being widened reads or writes a lane */
  bool looped;      /* some lane loop was made (lane is declared) */
  bool failed;
  bool adjoint;     /* a backward sweep (vector_rev.c): every call of a callee with shadows
                       runs its variant, whose frames and taped pointers carry lanes */
} Vec;

bool vec_invariant(Vec *w, const Expr *e);  /* no effects, the primal's values only: the same in every lane */
Expr *vec_lane_fold(Vec *w, Expr *e);       /* a product's lane-invariant factors grouped (vector_fold.c) */
void vec_drop_covered_zeroing(Vec *w, Fn *f);  /* memset of an output the sweep stores whole, dropped (vector_cover.c) */

#endif
