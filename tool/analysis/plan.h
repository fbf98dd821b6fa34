/*
 * plan.h — the planning stage, between the front end and the transforms:
 * requests linked, ordered, completed and frozen (plan.c).
 */
#ifndef CCAD_PLAN_H
#define CCAD_PLAN_H

#include "../front/front.h"

/* Links each composed request (jvp(f_grad)) to the request that generates
 * its function, and orders the requests so that every one runs after the
 * one it composes. Reports cycles. */
void plan_module(Module *m);

/* Completes one request just before it runs: a composed one is resolved
 * against the function its base generated (checked by the front end's
 * rules), and a derivative gets the default wrt(...)/out(...) its
 * directive's sweep implies. Returns the request, frozen: no later stage
 * changes it. NULL: nothing to run (an error was reported, or the request
 * it composes failed). */
const Request *plan_request(Module *m, Front *fr, Request *r);

/* The element count to suggest for pointer parameter p of r's function in
 * a hint (x[n]): a generated function's shadow of a scalar is x_bar[1]. */
const char *plan_size_hint(const Request *r, const Var *p);

#endif
