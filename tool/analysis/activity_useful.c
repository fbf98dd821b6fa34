/*
 * activity_useful.c — which memory of a requested function may hold values
 * that flow on into its requested outputs (Tapenade's "useful"). What is
 * stored elsewhere needs no derivative: MINPACK's callbacks fill fjac in
 * the branch that does not compute fvec, and read it back to build more
 * of it (fjac(i,3) = fjac(i,1) * fjac(i,2)); fvec's Jacobian does not
 * care.
 *
 * Requires: the request's public variant, its activity solved (activity.c).
 * Provides: act_useful(), the set of memory classes (act_loc_id) that may
 * reach an output.
 *
 * Flow-insensitive and conservative: a value read from class A and stored
 * into class B is an edge A -> B; a class is useful when it is an output's
 * memory (every level below the pointer), when the return statement reads
 * it, when a call other than a math or memory function may read it (its
 * pointer arguments, the pointers in a struct argument, or the globals
 * reach it, or an argument reads it), or when it has an
 * edge into a useful class (memcpy makes one from its source to its
 * destination). Reads in conditions and indices carry no
 * derivative and make no edge (indices are integer: no floating read).
 * A call of a function of the file does not read what an argument
 * reaches when the callee's parameter is write-only there (callee_sink:
 * the same question in the callee, whose other parameters, globals and
 * result are all taken for outputs): f_hvp's s_hv filled by its sweep.
 */
#include <stdlib.h>

#include "../ir/rules.h"
#include "activity_int.h"

enum { USEFUL_DEPTH = 4 };  /* calls followed into callees; deeper: read */

typedef struct Useful {
  Variant *v;
  PtrMap *set;    /* useful classes */
  PtrVec from, to;  /* edges: a value read in class from[i] is stored in class to[i] */
  const void *dst;  /* while walking a right side: the class it is stored in (NULL: useful) */
  bool changed;
  int depth;      /* calls followed to get here */
  PtrMap *memo;   /* callee variant -> per parameter: 0 not asked, 1 asking, 2 sink, 3 not */
} Useful;

static bool callee_sink(Variant *cv, int j, int depth, PtrMap *memo);

static void use(Useful *u, const void *id) {
  if (!id || ptrmap_get(u->set, id)) return;
  ptrmap_put(u->set, id, (void *)1);
  u->changed = true;
}

/* the class a pointer points into, and every class below it */
static void use_levels(Useful *u, const void *id) {
  PtrVec cls = {0};
  for (int d = 0; id && d < 5; d++) {
    act_classes_at(id, d, &cls);
    for (int i = 0; i < cls.len; i++) use(u, cls.data[i]);
  }
  free(cls.data);
}

static Walk read_visit(Expr *e, void *ctx) {
  Useful *u = ctx;
  if (e->kind == EX_SIZEOF) return WALK_SKIP;
  if (ex_is_lvalue(e) && ty_has_float(e->type)) {
    const void *id = act_loc_id(u->v, e);
    if (u->dst && id) {
      vec_push(&u->from, (void *)id);
      vec_push(&u->to, (void *)u->dst);
    } else {
      use(u, id);
    }
  }
  return WALK_ON;
}

/* what e reads flows into u->dst */
static void reads(Useful *u, Expr *e, const void *dst) {
  u->dst = dst;
  if (e) ex_each(e, read_visit, u);
}

/* a call that is not a math function: anything its arguments read or
 * reach may be read by it */
static void call_uses(Useful *u, Expr *c) {
  if (c->text && act_is_memory_fn(c->text)) {
    /* memcpy(dst, src, n): src flows into dst; memset, free: no reads */
    if ((str_eq(c->text, "memcpy") || str_eq(c->text, "memmove")) && c->nargs == 3) {
      const void *d = act_pts_id(u->v, c->args[0]), *s = act_pts_id(u->v, c->args[1]);
      if (d && s) {
        vec_push(&u->from, (void *)s);
        vec_push(&u->to, (void *)d);
      } else {
        use_levels(u, s);
      }
    }
    return;
  }
  reads(u, c, NULL);
  /* it may read through the globals too (darknet-like code keeping the
   * current input in a global pointer): what they reach */
  for (int k = 0; k < u->v->nglobals; k++)
    if (u->v->gnodes[k]) use_levels(u, pt_find(u->v->gnodes[k]));
  Variant *cv = act_callee(u->v, c);
  for (int i = 0; i < c->nargs; i++) {
    /* a struct passed by value hands over its pointers (darknet's
     * forward_maxpool_layer(l, net) reads net.input[i]): what they reach */
    if (c->args[i]->type->kind == TY_RECORD && ty_holds_ptr(c->args[i]->type)) {
      use_levels(u, act_loc_id(u->v, c->args[i]));
      continue;
    }
    if (!ty_is_ptr(c->args[i]->type) || c->args[i]->type->base->kind == TY_FUNC) continue;
    if (cv && i < cv->fn->nparams && callee_sink(cv, i, u->depth + 1, u->memo)) continue;
    use_levels(u, act_pts_id(u->v, c->args[i]));
  }
}

static Walk stmt_visit(Stmt *s, void *ctx) {
  Useful *u = ctx;
  switch (s->kind) {
  case ST_DECL:
  case ST_ASSIGN: {
    Expr *rhs = s->kind == ST_DECL ? s->expr : s->rhs;
    if (!rhs) break;
    const void *dst = s->kind == ST_DECL ? act_var_id(u->v, s->var) : act_loc_id(u->v, s->lhs);
    if (rhs->kind == EX_CALL && !(rhs->text && rule_find(rhs->text))) call_uses(u, rhs);
    reads(u, rhs, dst);
    break;
  }
  case ST_EXPR:
    if (s->expr->kind == EX_CALL) call_uses(u, s->expr);
    break;
  case ST_RETURN:
    if (!s->expr) break;
    reads(u, s->expr, NULL);
    if (ty_is_ptr(s->expr->type)) use_levels(u, act_pts_id(u->v, s->expr));
    break;
  default: break;
  }
  return WALK_ON;
}

/* the classes read into useful ones, to a fixed point (the edges stay) */
static void propagate(Useful *u) {
  st_each(u->v->fn->body, stmt_visit, u);
  while (u->changed) {
    u->changed = false;
    for (int i = 0; i < u->from.len; i++)
      if (ptrmap_get(u->set, u->to.data[i])) use(u, u->from.data[i]);
  }
}

/* what is read from class a may reach, through edges, a class of 'others'
 * other than a itself */
static bool reaches_other(const Useful *u, const void *a, const PtrMap *others) {
  PtrMap seen = {0};
  PtrVec work = {0};
  bool hit = false;
  vec_push(&work, (void *)a);
  while (work.len && !hit) {
    const void *x = work.data[--work.len];
    for (int i = 0; i < u->from.len && !hit; i++) {
      const void *y = u->to.data[i];
      if (u->from.data[i] != x || ptrmap_get(&seen, y)) continue;
      ptrmap_put(&seen, y, (void *)1);
      hit = y != a && ptrmap_get(others, y);
      vec_push(&work, (void *)y);
    }
  }
  free(work.data);
  free(seen.keys);
  free(seen.vals);
  return hit;
}

void act_useful(Variant *v, const Request *r, PtrMap *set) {
  PtrMap memo = {0};
  Useful u = {.v = v, .set = set, .memo = &memo};
  for (int i = 0; i < r->nout; i++) {
    int j = r->out[i].param;
    if (j < 0) continue;
    Expr p = {.kind = EX_VAR, .var = v->fn->params[j], .type = v->fn->params[j]->type};
    if (ty_is_ptr(p.type)) use_levels(&u, act_pts_id(v, &p));
    else use_levels(&u, act_var_id(v, p.var));
  }
  propagate(&u);
  free(u.from.data);
  free(u.to.data);
  for (int i = 0; i < memo.cap; i++)
    if (memo.keys[i]) free(memo.vals[i]);
  free(memo.keys);
  free(memo.vals);
}

/* In the callee's variant cv, nothing read from what parameter j reaches
 * flows into its result, what its other parameters reach, a global, or a
 * call that may read it: memory a call only writes, as far as the caller
 * can tell. A variant not (yet) analysed, a callee without a body, a
 * recursive call, or calls nested past USEFUL_DEPTH: no. */
static bool sink_in(Variant *cv, int j, int depth, PtrMap *memo) {
  Fn *g = cv->fn;
  if (depth > USEFUL_DEPTH || !cv->nodes || !g->body || !g->is_lowered || cv->inactive) return false;
  Node *o = act_param_origin(cv, j);
  if (!o) return false;
  PtrMap set = {0};
  Useful u = {.v = cv, .set = &set, .depth = depth, .memo = memo};
  for (int k = 0; k < g->nparams; k++)
    if (k != j) use_levels(&u, act_param_origin(cv, k));
  for (int k = 0; k < cv->nglobals; k++)
    if (cv->gnodes[k]) use_levels(&u, pt_find(cv->gnodes[k]));
  propagate(&u);
  PathFact *fs = NULL;
  int n = 0, cap = 0;
  pt_collect(o, j, 0, 0, &fs, &n, &cap);
  PtrMap mine = {0};
  for (int i = 0; i < n; i++) ptrmap_put(&mine, pt_find(fs[i].node), (void *)1);
  /* each class below j only written, or read back into itself: one class
   * here may be several in the caller (p->a[0] read into p->s) */
  bool sink = true;
  for (int i = 0; i < n && sink; i++) {
    Node *c = pt_find(fs[i].node);
    sink = !ptrmap_get(&set, c) && !c->escapes && !reaches_other(&u, c, &mine);
  }
  free(fs);
  free(mine.keys);
  free(mine.vals);
  free(u.from.data);
  free(u.to.data);
  free(set.keys);
  free(set.vals);
  return sink;
}

/* sink_in, once per (variant, parameter) of one act_useful */
static bool callee_sink(Variant *cv, int j, int depth, PtrMap *memo) {
  unsigned char *st = ptrmap_get(memo, cv);
  if (!st) {
    st = xmalloc((size_t)cv->fn->nparams + 1);
    ptrmap_put(memo, cv, st);
  }
  if (st[j]) return st[j] == 2;
  st[j] = 1;  /* a recursive call asking again: not a sink */
  bool sink = sink_in(cv, j, depth, memo);
  st[j] = sink ? 2 : 3;
  return sink;
}
