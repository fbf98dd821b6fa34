/* mpi.h — the MPI functions cc-ad recognises (mpi.def) and how their
 * wrapper calls are built; the one place the tool knows about MPI. */
#ifndef CCAD_IR_MPI_H
#define CCAD_IR_MPI_H

#include "ir.h"

typedef struct MpiInfo {
  const char *name;   /* MPI_Send */
  const char *stem;   /* "send"; NULL: not differentiable */
  const char *args;   /* one role letter per argument (mpi.def) */
  const char *why;    /* stem NULL: what the call is */
} MpiInfo;

typedef enum MpiSweep { MPI_JVP, MPI_FWD, MPI_BWD } MpiSweep;

/* The entry of a call to a function that mpi.h declares, NULL for any
 * other call (a function of FILE.c that happens to be named MPI_Send too). */
const MpiInfo *mpi_info(Module *m, const Expr *c);
/* Any other function of mpi.h (MPI_Alltoall), or NULL. */
bool mpi_declared(Module *m, const Expr *c);
/* Argument j of c (a function of mpi.h) is a handle by value (MPI_Comm,
 * MPI_Datatype...): the call writes no memory of the program through it. */
bool mpi_handle_arg(Module *m, const Expr *c, int j);
bool mpi_is_buffer(char role);            /* s r R b i */
bool mpi_is_written(char role);           /* r R b i */
/* Argument j of c without the conversion to void * the prototype adds (or
 * a cast to void * written in the call). */
const Expr *mpi_arg(const Expr *c, int j);
/* a points to (or is an array of) float or double elements */
bool mpi_float_buffer(const Expr *a);
/* In every lowered function, a buffer of elements made of doubles (or
 * floats) alone (typedef struct { double x, y; } P; P *q) passed with the
 * datatype MPI_DOUBLE (MPI_FLOAT) becomes the view (double *)q, as MPI
 * reads it: count elements of that type. */
void mpi_real_views(Module *m);
/* Argument j of c (an MPI buffer) is no buffer of elements that hold
 * floating data other than a float or double buffer: false after the
 * error saying so (a struct of doubles sent as MPI_BYTE). */
bool mpi_buffer_type_check(const Expr *c, int j);
/* Does a buffer of c hold float or double data (or has c no buffers)? */
bool mpi_differentiated(const MpiInfo *mi, const Expr *c);
/* Bytes buffer argument j of c holds (count * sizeof element, times the
 * communicator's size for an 'N' count), NULL if unknown. */
Expr *mpi_bytes(const MpiInfo *mi, const Expr *c, int j);
/* For a call with a buffer written at the root only ('R': MPI_Reduce,
 * MPI_Gather), the test that this rank is the root,
 * ccad_mpi_comm_rank(comm) == root (the argument before the
 * communicator); NULL where the entry has no such root. */
Expr *mpi_at_root(const MpiInfo *mi, const Expr *c);
/* The wrapper call of one sweep: 'shadow' gives the shadow of a buffer
 * argument (NULL: none, passed as 0). */
typedef Expr *(*MpiShadow)(void *ctx, const Expr *buf);
Expr *mpi_wrapper(Module *m, const MpiInfo *mi, const Expr *c, MpiSweep sweep, MpiShadow shadow, void *ctx);
/* The entry whose reverse-mode wrapper (_fwd, _bwd: *sweep) c calls, or NULL. */
const MpiInfo *mpi_wrapper_info(const Expr *c, MpiSweep *sweep);
/* The tangent of such a call (hvp: jvp of a grad): ccad_mpi_X_fwd_jvp or
 * _bwd_jvp, a tangent after each buffer; NULL for non-blocking calls. */
Expr *mpi_wrapper_jvp(Module *m, const MpiInfo *mi, MpiSweep sweep, const Expr *c, MpiShadow shadow, void *ctx);
/* f or a function it calls communicates through MPI (any call of mpi.h but
 * the queries, MPI_Comm_rank..., or of libccad_mpi's wrappers). */
bool mpi_communicates(Module *m, Fn *f);
/* A function cc-ad lowered (one the requests reach) calls MPI on float data. */
bool mpi_program(Module *m);
/* c, a call to a function without a body here, passes a request of a
 * program that posts non-blocking calls on float data. */
bool mpi_request_escapes(Module *m, const Expr *c);
/* grad's seed of its result in an MPI program (ccad_mpi_grad_seed: a result
 * every rank returns alike is seeded once in all, 1/size on each rank). */
Expr *mpi_grad_seed(Module *m, Expr *result, Type *t);
/* Reports (at c) what cannot be differentiated: not in the table, one-sided
 * communication, a user-defined reduction operation. True when c is fine. */
bool mpi_check(Module *m, const MpiInfo *mi, const Expr *c);

#endif
