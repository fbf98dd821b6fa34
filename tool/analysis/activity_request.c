/*
 * activity_request.c — a request's activity: its variant analysed, the
 * defaults of wrt and out applied, the parameters that need a clause
 * (write-only caches need none) checked.
 *
 * Requires: lowered bodies (activity.c solves the variants).
 * Provides: act_request(), act_param_effects().
 */
#include <stdlib.h>
#include <string.h>

#include "../ir/mpi.h"
#include "../ir/rules.h"
#include "activity_int.h"
#include "plan.h"

/* ---- Requests: defaults and checks ----------------------------------- */

/* Does varied data reach a call cc-ad cannot see into (no body, no rule,
 * not inactive)? Then an input seeming to reach no output says nothing:
 * the transform refuses the call (D_EXTERNAL_CALL) and the user should
 * see only that, not a warning that the derivative is zero. */
static Walk feeds_opaque(Expr *e, void *ctx) {
  Variant *v = ctx;
  if (e->kind != EX_CALL || !e->text || e->rt || rule_find(e->text) || rule_external_harmless(e->text) ||
      act_is_memory_fn(e->text) || mpi_info(v->module, e))
    return WALK_ON;
  Fn *g = e->fn ? e->fn : mod_find_fn(v->module, e->text);
  if (g && (g->body || g->is_inactive || g->custom_jvp || g->custom_vjp)) return WALK_ON;
  for (int i = 0; i < e->nargs; i++)
    if (act_expr_varied(v, e->args[i]) || (ty_is_ptr(e->args[i]->type) && act_pts_varied(v, e->args[i])))
      return WALK_STOP;
  return WALK_ON;
}


/* The facts behind a request's default wrt and out (plan.c, which keeps
 * the pointers to floating data) and vmap's shared pointers (batch.c):
 * with nothing active, which pointer parameters of f f reads and writes
 * through, its callees included (a pointee not followed: both). */
void act_param_effects(Module *m, Fn *f, int mode, bool *read, bool *written) {
  Variant *v = act_variant_new(m, f, mode);
  v->is_public = true;
  act_init_nodes(v);
  act_solve(m);
  for (int j = 0; j < f->nparams; j++) {
    Var *p = f->params[j];
    read[j] = written[j] = false;
    if (!ty_is_ptr(p->type)) continue;
    Node *n = act_var_node(v, p), *pointee = n ? pt_pointee(n) : NULL;
    if (!pointee) {  /* (not followed: may be anything) */
      read[j] = written[j] = true;
      continue;
    }
    read[j] = pt_find(pointee)->read;
    written[j] = pt_find(pointee)->written;
  }
  /* a probe, not a variant anything calls or generates: later solves
   * need not revisit it (the callees it made stay, in order) */
  for (int i = 0; i < m->variants.len; i++)
    if (m->variants.data[i] == v) {
      memmove(&m->variants.data[i], &m->variants.data[i + 1], sizeof(void *) * (size_t)(m->variants.len - i - 1));
      m->variants.len--;
      break;
    }
}

/* Parameters f stores values with derivatives into that never flow on
 * into a requested output (act_useful), nor escape to a call cc-ad does
 * not see: write-only caches (layernorm's mean and rstd; a network
 * struct's activations behind a pointer field, net->act[i] = a), a
 * callback's Jacobian filled when it is not computing the residuals.
 * Nothing needs their derivative, so no clause does. A parameter counts
 * only when every varied class below it (at any depth, by any path) is
 * such memory; those classes become sinks (Variant.sinks, by path, so a
 * fresh solve marks them again). True when there are any. */
static bool write_only_params(Variant *v) {
  Fn *f = v->fn;
  bool any = false;
  for (int j = 0; j < f->nparams && !any; j++) any = !v->shadow[j] && v->out[j];
  if (!any) return false;  /* nothing to ask about */
  any = false;
  PtrMap useful = {0};
  act_useful(v, v->req, &useful);
  /* memory a parameter with derivatives reaches too keeps its derivative
   * (net->act = x makes one class of both) */
  for (int j = 0; j < f->nparams; j++) {
    PathFact *fs = NULL;
    int n = 0, cap = 0;
    if (v->shadow[j] && act_param_origin(v, j)) pt_collect(act_param_origin(v, j), j, 0, 0, &fs, &n, &cap);
    for (int i = 0; i < n; i++) ptrmap_put(&useful, pt_find(fs[i].node), (void *)1);
    free(fs);
  }
  for (int j = 0; j < f->nparams; j++) {
    Var *p = f->params[j];
    Node *o = act_param_origin(v, j);
    if (v->shadow[j] || !v->out[j] || !o) continue;
    PathFact *fs = NULL;
    int n = 0, cap = 0;
    pt_collect(o, j, ty_is_ptr(p->type) ? 0 : 1, PF_VARIED, &fs, &n, &cap);
    bool sink = n > 0;
    for (int i = 0; i < n && sink; i++) {
      Node *c = pt_find(fs[i].node);
      sink = !ptrmap_get(&useful, c) && !c->escapes;
    }
    for (int i = 0; i < n && sink; i++) {
      fs[i].node = NULL;
      v->sinks = xrealloc(v->sinks, sizeof(PathFact) * (size_t)(v->nsinks + 1));
      v->sinks[v->nsinks++] = fs[i];
    }
    any |= sink;
    free(fs);
  }
  free(useful.keys);
  free(useful.vals);
  return any;
}

/* j's memory is write-only (write_only_params) */
static bool sink_param(const Variant *v, int j) {
  for (int i = 0; i < v->nsinks; i++)
    if (v->sinks[i].j == j) return true;
  return false;
}

/* v, then the variants its calls reach, each once */
static void reachable(Variant *v, PtrVec *seen) {
  for (int i = 0; i < seen->len; i++)
    if (seen->data[i] == v) return;
  vec_push(seen, v);
  for (int i = 0; i < v->callee.cap; i++)
    if (v->callee.keys[i]) reachable(v->callee.vals[i], seen);
}

/* p receives varied data and has no clause: the advice fits its type (a
 * struct holding pointers takes only wrt: scratch cannot allocate what its
 * pointers lead to, and one passed by value is no output) */
static void scratch_param_error(const Request *r, const char *who, const Var *p) {
  const Type *t = ty_is_ptr(p->type) ? p->type->base : p->type;
  if (t && t->kind == TY_RECORD && act_has_pointers(t))
    diag_at(r->loc, D_SCRATCH_PARAM_STRUCT, who, p->name, ty_is_ptr(p->type) ? xfmt("%s[1]", p->name) : p->name);
  else {
    const char *n = plan_size_hint(r, p);
    diag_at(r->loc, D_SCRATCH_PARAM, who, p->name, p->name, n, p->name, n, p->name, n);
  }
}

/* the sweep of a hessian or hvp, and p an output the user listed */
static bool second_order_out(const Request *r, const Var *p) {
  const Request *u = r->serves;
  if (!u || (r->dir != DIR_JVP && r->dir != DIR_JACFWD)) return false;
  if (u->dir != DIR_HESSIAN && u->dir != DIR_HVP) return false;
  for (int i = 0; i < u->nout; i++)
    if (u->out[i].param >= 0 && str_eq(u->out[i].name, p->name)) return true;
  return false;
}

Variant *act_request(Module *m, const Request *r, int mode) {
  Fn *f = r->fn;
  int errors_before = diag_errors();  /* an earlier request's errors are not this one's */
  Variant *v = act_variant_new(m, f, mode);
  v->is_public = true;
  v->req = r;
  v->name = r->gen_name;
  v->alias_with = act_alias_roots(r);
  /* fresh facts for the real analysis */
  act_init_nodes(v);
  for (int i = 0; i < r->nwrt; i++) v->shadow[r->wrt[i].param] = true;
  /* scratch state: shadowed like an in-out parameter, its shadow local */
  if (r->nscratch) v->scratch = xmalloc(sizeof(Expr *) * (size_t)(f->nparams + 1));
  for (int i = 0; i < r->nscratch; i++) {
    if (!ty_reaches_float(f->params[r->scratch[i].param]->type)) continue;  /* a seed, counts: no derivative */
    v->scratch[r->scratch[i].param] = r->scratch[i].size_expr;
    v->shadow[r->scratch[i].param] = true;
  }
  for (int i = 0; i < r->nout; i++) {
    int j = r->out[i].param;
    if (j < 0) {
      v->ret = true;
      continue;
    }
    if (!v->shadow[j] && !act_aliases_input(v, r, j)) v->zero_out[j] = true;
    v->shadow[j] = true;
  }
  act_check_alias_sets(v, r);
  if (diag_errors() > errors_before) return NULL;
  act_solve(m);
  if (write_only_params(v)) {  /* again, with their memory carrying nothing */
    act_init_nodes(v);
    act_solve(m);
  }
  for (int i = 0; i < m->variants.len; i++) {
    Variant *cv = m->variants.data[i];
    /* unchanged facts since the last check: nothing new to report */
    if (cv->checked_at > cv->facts_at && !cv->fn->is_generated) continue;
    cv->checked_at = act_tick();
    act_check_variant(cv);
  }
  /* An input that reaches no output has derivative zero: legal, but
   * probably not what was meant. One probe per input tells. */
  for (int i = 0; i < r->nwrt && r->nwrt > 0; i++) {
    int j = r->wrt[i].param;
    Variant *p = act_variant_new(m, f, mode);
    p->is_public = true;
    act_init_nodes(p);
    p->shadow[j] = true;
    act_solve(m);
    /* a probe is never generated nor taken as a callee (is_public), and
     * seeds less than v, checked above: nothing of its own to report */
    p->checked_at = act_tick();
    bool reaches = false;
    for (int k = 0; k < r->nout; k++) {
      int o = r->out[k].param;
      reaches |= o < 0 ? p->ret_varied : p->out[o] && (o != j || true);
    }
    if (reaches || !st_each_expr(f->body, feeds_opaque, p)) continue;
    /* hessian/hvp: a jvp of f's gradient; 'x' not in f at all was said by the grad sweep */
    const Request *u = r->serves;
    const char *key = xfmt("unused %s:%d:%d %s", r->wrt[i].loc.file, r->wrt[i].loc.line, r->wrt[i].loc.col,
                           r->wrt[i].name);
    if (u && r->dir == DIR_JVP && (u->dir == DIR_HESSIAN || u->dir == DIR_HVP)) {
      if (!nameset_has(&m->notes_told, key))
        diag_at(r->wrt[i].loc, D_UNUSED_INPUT_SECOND, r->wrt[i].name, u->fname, u->fname, r->wrt[i].name,
                u->gen_name);
    } else {
      diag_at(r->wrt[i].loc, D_UNUSED_INPUT, r->wrt[i].name, u ? u->fname : f->name);
    }
    nameset_add(&m->notes_told, key);
  }
  /* A parameter without a shadow must not receive varied data; nor may a
   * helper store it where the caller's write-only memory is: a variant
   * this request's calls reach (not another request's, nor one the
   * solving left behind) that stores varied data through a parameter
   * without a shadow. */
  bool leaked = false;
  PtrVec reach = {0};
  if (v->nsinks) reachable(v, &reach);
  for (int i = 1; i < reach.len; i++) {
    Variant *cv = reach.data[i];
    for (int k = 0; k < cv->fn->nparams; k++) leaked |= !cv->shadow[k] && cv->out[k];
  }
  free(reach.data);
  const char *who = r->serves ? r->serves->fname : f->name;  /* not the internal f_hessian_grad */
  for (int j = 0; j < f->nparams; j++) {
    if (leaked && sink_param(v, j)) scratch_param_error(r, who, f->params[j]);
    if (v->shadow[j] || !v->out[j]) continue;
    Var *p = f->params[j];
    if (second_order_out(r, p)) /* hessian(f) wrt(x[n]) out(e[1]) on *e += g(x) * *e: e is listed */
      diag_at(r->loc, D_SECOND_OUT_READ, who, directive_name(r->serves->dir), p->name, p->name, p->name);
    else
      scratch_param_error(r, who, p);
  }
  return diag_errors() > errors_before ? NULL : v;
}

