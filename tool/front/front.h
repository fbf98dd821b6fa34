/*
 * front.h — S0 -> S1: C source to the IR.
 *
 * front_run parses FILE.c with libclang using the user's flags, collects the
 * requests (#pragma ad lines and --ad specs), and lowers every function
 * reachable from a request into the IR. Problems are reported through diag;
 * the caller checks diag_errors().
 */
#ifndef CCAD_FRONT_H
#define CCAD_FRONT_H

#include "../ir/ir.h"

typedef struct FrontOptions {
  const char *file;         /* FILE.c as given */
  const char *out_base;     /* output path without .ad.c */
  const char **clang_args;  /* flags after -- (or from -p) */
  int nclang_args;
  const char **specs;       /* --ad texts */
  int nspecs;
  const char *runtime_include;  /* directory of ccad.h, searched last */
} FrontOptions;

/* The front end's context (its libclang handles), for the planner. */
typedef struct Front Front;

/* *fr (when fr is not NULL): the context, for front_check_request. */
Module *front_run(const FrontOptions *o, Front **fr);

/* Checks the clauses of a request on a generated function (jvp(f_grad))
 * against r->fn, as pragma.c checks the others: the planner calls it once
 * the request that makes r->fn has run. */
void front_check_request(Front *fr, Request *r);

/* Disposes of the parse (libclang's translation unit) at the end of the run. */
void front_free(Module *m);

#endif
