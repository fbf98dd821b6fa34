/*
 * activity_int.h — what activity.c and activity_summary.c share (internal
 * to analysis/).
 */
#ifndef CCAD_ACTIVITY_INT_H
#define CCAD_ACTIVITY_INT_H

#include "points_to.h"

/* What a call's arguments bring to the callee's variant. */
typedef struct CallFacts {
  bool *shadow;
  int *alias;
  PathFact *seeds, *shared, *sinks;  /* sinks: write-only classes here (Variant.sinks) */
  int nseeds, nshared, nsinks;
  bool inactive;  /* the callee's results carry no derivative (Variant.inactive) */
} CallFacts;

/* activity.c */
Node *act_var_node(Variant *v, Var *x);
bool act_has_pointers(const Type *t);  /* holds pointers to data (not to functions) */
Node *act_arg_origin(Variant *v, Expr *a, const Type *pt);  /* where parameter pt's paths start, for argument a */
Node *act_param_origin(Variant *v, int j);                  /* where parameter j's paths start */
Variant *act_variant_new(Module *m, Fn *f, int mode);
void act_init_nodes(Variant *v);  /* v's locations, before its first analysis */
void act_solve(Module *m);        /* every variant's facts to the fixed point */
long act_tick(void);              /* the next time on solving's clock (Variant's *_at fields) */

/* activity_summary.c */
Variant *act_variant_for(Module *m, Fn *f, int mode, bool ret_shadow, CallFacts *cf);
void act_shared_paths(Variant *v, Expr *c, Fn *g, CallFacts *cf);
void act_seed(Variant *v);
bool act_summary_changed(Variant *v);  /* facts and links, for the callers */

#endif
