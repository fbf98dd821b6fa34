/*
 * activity_summary.c — what a variant of a callee knows of its callers
 * (the classes below its parameters that are varied there, Variant.seeds,
 * and those that are one there, Variant.shared), and what its callers
 * learn from it (Variant.facts, links, out_depth, writes), by path below
 * the parameters (points_to.h).
 *
 * Requires: activity.c's nodes of a variant.
 * Provides: act_variant_for, act_shared_paths, act_seed, act_summary_changed.
 */
#include <stdlib.h>
#include <string.h>

#include "activity_int.h"

static bool is_arrayish(const Type *t) { return t && t->kind == TY_ARRAY; }

static bool same_aliasing(const int *a, const int *b, int n) {
  if (!a || !b) return a == b;
  return !memcmp(a, b, sizeof(int) * (size_t)n);
}

/* The callee's variant for what a call brings (made when none has it). */
Variant *act_variant_for(Module *m, Fn *f, int mode, bool ret_shadow, CallFacts *cf) {
  for (int i = 0; i < m->variants.len; i++) {
    Variant *v = m->variants.data[i];
    if (v->fn != f || v->mode != mode || v->is_public || v->ret_shadow != ret_shadow || v->inactive != cf->inactive)
      continue;
    if (!memcmp(v->shadow, cf->shadow, sizeof(bool) * (size_t)f->nparams) &&
        same_aliasing(v->alias_with, cf->alias, f->nparams) && pt_same(v->seeds, v->nseeds, cf->seeds, cf->nseeds) &&
        pt_same(v->shared, 2 * v->nshared, cf->shared, 2 * cf->nshared) &&
        pt_same(v->sinks, v->nsinks, cf->sinks, cf->nsinks)) {
      free(cf->seeds);
      free(cf->shared);
      free(cf->sinks);
      return v;
    }
  }
  Variant *v = act_variant_new(m, f, mode);
  memcpy(v->shadow, cf->shadow, sizeof(bool) * (size_t)f->nparams);
  v->ret_shadow = ret_shadow;
  v->inactive = cf->inactive;
  v->alias_with = cf->alias;
  v->seeds = cf->seeds;
  v->nseeds = cf->nseeds;
  v->shared = cf->shared;
  v->nshared = cf->nshared;
  v->sinks = cf->sinks;
  v->nsinks = cf->nsinks;
  return v;
}

static void add_pair(CallFacts *cf, int *cap, const PathFact *a, const PathFact *b, unsigned flags) {
  if (2 * cf->nshared + 2 > *cap) cf->shared = xrealloc(cf->shared, sizeof(PathFact) * (size_t)(*cap = 2 * *cap + 16));
  PathFact *e = &cf->shared[2 * cf->nshared++];
  e[0] = *a;
  e[1] = *b;
  e[0].flags = e[1].flags = flags;
  e[0].node = e[1].node = NULL;
}

/* p's steps begin with all of q's */
static bool has_prefix(const PathFact *p, const PathFact *q) {
  if (p->j != q->j || p->len < q->len) return false;
  for (int i = 0; i < q->len; i++)
    if (p->s[i].rec != q->s[i].rec || p->s[i].field != q->s[i].field) return false;
  return true;
}

/* What the callee must not take apart, as pairs of paths below the
 * arguments of call c: two that reach one class here, other than two
 * arguments' own targets (call_aliasing's) or a struct by value's own
 * storage (the callee's copy): two fields of one struct pointing into one
 * buffer (an in-place Layer L = {x, x, n}); each class's first path with
 * each other. And, as (p, p), the first untyped class on each path (a
 * requested function's parameter passed on: PF_UNTYPED), and the paths
 * with an untyped step (the struct above is collapsed here, its fields
 * one class: PF_COLLAPSED; following p collapses it in the callee). */
void act_shared_paths(Variant *v, Expr *c, Fn *g, CallFacts *cf) {
  PathFact *all = NULL;
  int n = 0, cap = 0, scap = 0;
  for (int j = 0; j < g->nparams && j < c->nargs; j++) {
    const Type *pt = g->params[j]->type;
    if (ty_is_ptr(pt) && !act_has_pointers(pt->base)) continue;  /* no levels below its target: nothing to share */
    pt_collect(act_arg_origin(v, c->args[j], pt), j, 0, 0, &all, &n, &cap);
  }
  for (int a = 0; a < n; a++) {
    const Type *pt = g->params[all[a].j]->type;
    bool copy = !all[a].len && !ty_is_ptr(pt) && !is_arrayish(pt);
    bool leader = !copy, covered = false;
    for (int b = 0; b < a; b++) {
      leader &= all[b].node != all[a].node;
      covered |= pt_find(all[b].node)->untyped && has_prefix(&all[a], &all[b]);
    }
    if (!covered && pt_find(all[a].node)->untyped) add_pair(cf, &scap, &all[a], &all[a], PF_UNTYPED);
    else if (!covered && all[a].len && !all[a].s[all[a].len - 1].rec)  /* its struct's fields one class here */
      add_pair(cf, &scap, &all[a], &all[a], PF_COLLAPSED);
    for (int b = a + 1; leader && b < n; b++) {
      bool bcopy = !all[b].len && !ty_is_ptr(g->params[all[b].j]->type) && !is_arrayish(g->params[all[b].j]->type);
      if (all[b].node == all[a].node && !bcopy && (all[a].len || all[b].len)) add_pair(cf, &scap, &all[a], &all[b], 0);
    }
  }
  pt_sort_pairs(cf->shared, cf->nshared);
  free(all);
}

/* Marks what a variant's shadowed parameters bring, each pass. */
void act_seed(Variant *v) {
  Fn *f = v->fn;
  for (int i = 0; i < v->nshared; i++) {  /* classes one in a caller, or set up where it does not see */
    const PathFact *e = &v->shared[2 * i];
    Node *a = pt_follow(act_param_origin(v, e[0].j), &e[0]);
    if (e[0].flags & PF_UNTYPED) pt_untyped(a);
    else if (!(e[0].flags & PF_COLLAPSED)) pt_join(a, pt_follow(act_param_origin(v, e[1].j), &e[1]));
  }
  for (int j = 0; j < f->nparams; j++) {
    if (!v->shadow[j]) continue;
    Node *n = act_var_node(v, f->params[j]);
    Type *t = f->params[j]->type;
    if (!ty_is_ptr(t) && !act_has_pointers(t)) {
      pt_mark(n);
      continue;
    }
    /* a callee: the classes its caller has varied (L->out, not L->w) */
    bool given = false;
    for (int i = 0; i < v->nseeds; i++)
      if (v->seeds[i].j == j) {
        pt_mark(pt_follow(act_param_origin(v, j), &v->seeds[i]));
        given = true;
      }
    /* else all the derivative may reach: const Vec *v with v->data */
    if (!given) pt_mark_levels(ty_is_ptr(t) ? pt_pointee(n) : n, ty_is_ptr(t) ? t->base : t);
  }
}

/* The classes below parameter j (j = -1: what the function returns),
 * appended with their paths: from what a pointer points to, or (from
 * level 1) from a struct by value's own storage. */
static void param_paths(Variant *v, int j, unsigned want, PathFact **out, int *n, int *cap) {
  Var *p = j >= 0 ? v->fn->params[j] : NULL;
  Node *o = p ? act_param_origin(v, j) : v->ret_pts;
  pt_collect(o, j, p && !ty_is_ptr(p->type) ? 1 : 0, want, out, n, cap);
}

/* Summary: classes below two parameters that are one, a pair of paths
 * each, as a stored pointer makes them (llm.c's point_parameters:
 * *(ptrs[i]) = memory + o with ptrs[i] = &params->wte: the caller's
 * params.wte points into memory); j = -1 for the returned pointer
 * (genann_run returns ann->output + n). Returns whether they changed. */
static bool links_changed(Variant *v) {
  PathFact *all = NULL, *l = NULL;
  int n = 0, cap = 0, len = 0, lcap = 0;
  for (int j = -1; j < v->fn->nparams; j++) param_paths(v, j, 0, &all, &n, &cap);
  for (int a = 0; a < n; a++)
    for (int b = a + 1; b < n; b++)
      if (all[a].j != all[b].j && all[a].node == all[b].node && (all[a].len || all[b].len || all[a].j < 0)) {
        if (len + 2 > lcap) l = xrealloc(l, sizeof(PathFact) * (size_t)(lcap = 2 * lcap + 16));
        l[len] = all[a];
        l[len + 1] = all[b];
        l[len].flags = l[len + 1].flags = 0;
        l[len].node = l[len + 1].node = NULL;
        len += 2;
      }
  free(all);
  bool ch = !pt_same(l, len, v->links, 2 * v->nlinks);
  if (ch) v->nlinks = len / 2, v->links = l;
  else free(l);
  return ch;
}

/* Summary: which classes below the parameters and the returned pointer
 * are varied or written, by path; and as bits per level (out_depth,
 * writes, ret_depth). Returns whether they changed. */
static bool facts_changed(Variant *v) {
  Fn *f = v->fn;
  PathFact *fs = NULL;
  int n = 0, cap = 0;
  for (int j = -1; j < f->nparams; j++) param_paths(v, j, j < 0 ? PF_VARIED : PF_VARIED | PF_WRITTEN, &fs, &n, &cap);
  pt_sort(fs, &n);
  for (int i = 0; i < n; i++) fs[i].node = NULL;
  bool ch = false;
  for (int j = 0; j < f->nparams; j++) {
    unsigned char depth = 0, w = 0;
    int from = ty_is_ptr(f->params[j]->type) ? 0 : 1;
    for (int i = 0; i < n; i++) {
      if (fs[i].j != j) continue;
      if (fs[i].flags & PF_VARIED) depth |= (unsigned char)(1u << (fs[i].len - from));
      if (fs[i].flags & PF_WRITTEN) w |= (unsigned char)(1u << (fs[i].len - from));
    }
    if ((depth != 0) != v->out[j] || depth != v->out_depth[j] || w != v->writes[j]) ch = true;
    v->out[j] = depth != 0;
    v->out_depth[j] = depth;
    v->writes[j] = w;
  }
  if (!pt_same(fs, n, v->facts, v->nfacts)) {
    free(v->facts);
    v->facts = fs;
    v->nfacts = n;
    ch = true;
  } else {
    free(fs);
  }
  return ch;
}

bool act_summary_changed(Variant *v) {
  bool ch = facts_changed(v);
  return links_changed(v) || ch;
}
