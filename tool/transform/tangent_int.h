/*
 * tangent_int.h — private to tangent*.c: forward mode (jvp).
 *
 * tangent.c builds the jvp of a function statement by statement;
 * tangent_lib.c gives the tangents of calls that move memory or use the
 * runtime: the tape's operations (a reverse result differentiated again),
 * malloc, memcpy, memset, and MPI's communication.
 */
#ifndef CCAD_TANGENT_INT_H
#define CCAD_TANGENT_INT_H

#include "transform.h"

typedef struct Tan {
  Module *m;
  Variant *v;
  Fn *out;          /* the generated function */
  PtrMap shadow;    /* Var* -> its tangent Var* */
  Stmt *cur;        /* block receiving statements */
  Var *ret_dot;     /* T *ret_dot parameter, or NULL */
  PtrMap taped;     /* Var* -> itself: a pointer to floating data that goes on the tape */
  PtrVec scratch;   /* Var*: tangents of scratch(...) parameters, freed at each return */
} Tan;

static inline void emit(Tan *t, Stmt *s) { st_append(t->cur, s); }
static inline Var *shadow_var(Tan *t, Var *x) { return ptrmap_get(&t->shadow, x); }
static inline Expr *cl(const Expr *e) { return ir_clone_expr(e, NULL); }

/* tangent.c */
Var *tan_new_shadow(Tan *t, Var *x, VarKind kind);  /* x_dot, registered as x's */
Expr *tan_shadow_of(Tan *t, const Expr *e);         /* the same access path from the shadow root */

/* tangent_lib.c: each returns true when it handled the call c (lhs = c, or
 * c alone with lhs NULL) */
const Expr *tan_uncast(const Expr *e);  /* e without its casts */
bool tan_runtime(Tan *t, Expr *lhs, Expr *rhs, SrcLoc loc);
bool tan_tape_copy(Tan *t, Expr *c, SrcLoc loc);
bool tan_memory(Tan *t, Expr *lhs, Expr *c, SrcLoc loc);
bool tan_mpi(Tan *t, Expr *lhs, Expr *c, SrcLoc loc);

#endif
