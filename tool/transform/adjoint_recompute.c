/*
 * adjoint_recompute.c — recompute a scratch buffer, or a value local to a
 * loop iteration, instead of saving it (the second at the end of the file).
 *
 * A call g(.., buf, ..) inside a loop body that rewrites a scratch buffer
 * of known size would have the caller save buf whole before every call
 * (ccad_push_bytes) and restore it after g's backward code, because the
 * backward code of the iteration reads what g wrote. When g is a cheap
 * kernel with a fixed write pattern (GMM's subtract(d, x, mu, xc)), running
 * it again at the start of the iteration's backward code gives buf the
 * same contents at a fraction of the cost. Sound when:
 *
 *   - g is simple: straight-line code and at most one level of counted
 *     loops whose bounds and store indices use only g's integer parameters
 *     (never written) and loop counters, no branches, no calls but <math.h>,
 *     and it stores only through parameter j and never reads through it;
 *     every other pointer parameter is const. Then g writes the same
 *     elements of buf every time it is called with the same integer
 *     arguments, and the values depend only on what it reads.
 *   - the call is a statement of the innermost loop's body itself (not
 *     under a branch), buf is passed as its base pointer, no statement of
 *     the body before it mentions buf, nothing else in the loop stores into
 *     buf's memory, and nothing outside the loop mentions it at all (but
 *     malloc/free): no backward code outside the loop needs its old values,
 *     and elements g does not write keep the values they had before the
 *     loop in both sweeps.
 *   - every other argument reads only variables and memory that nothing
 *     writes from the outermost enclosing loop to the end of the function;
 *     pointer and floating arguments may also use counters of enclosing
 *     counted loops (the backward loops set them again), integer arguments
 *     not (they choose which elements g writes).
 *
 * Requires: Adj after preparation; activity facts.
 * Provides: for loops whose scratch buffer a simple kernel rewrites each
 *   iteration: recomputation at the start of the backward iteration
 *   instead of a save (adj_recompute_arg); for iteration-local values
 *   (adj_iteration_local), the same by the cost rule below, and the facts
 *   adjoint_replay.c's prefixes use (adj_iter_index, adj_fixed_var, ...);
 *   updates p = p + e undone by p = p - e (adj_invertible_step,
 *   adj_inverse).
 */
#include <stdlib.h>

#include "adjoint_int.h"
#include "../ir/rules.h"

/* ---- Is g a simple kernel writing through parameter j? ----------------- */

static bool is_param_of(const Fn *g, const Var *x) {
  for (int i = 0; i < g->nparams; i++)
    if (g->params[i] == x) return true;
  return false;
}

/* An integer expression over g's unwritten integer parameters, the
 * counters in 'ctrs' and constants: the same value for the same arguments. */
static bool fixed_int(const Fn *g, const Expr *e, const PtrVec *ctrs) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return true;
  case EX_VAR:
    if (e->var->type->kind != TY_INT) return false;
    for (int i = 0; i < ctrs->len; i++)
      if (ctrs->data[i] == e->var) return true;
    return is_param_of(g, e->var) && !adj_writes_var(g->body, e->var);
  case EX_CAST:
  case EX_UN: return e->type->kind == TY_INT && fixed_int(g, e->lhs, ctrs);
  case EX_BIN: return e->type->kind == TY_INT && fixed_int(g, e->lhs, ctrs) && fixed_int(g, e->rhs, ctrs);
  default: return false;
  }
}

/* No calls but <math.h> rules. */
static bool pure_expr(const Expr *e) {
  if (!e) return true;
  if (e->kind == EX_CALL && !rule_find(e->text)) return false;
  if (!pure_expr(e->lhs) || !pure_expr(e->rhs) || !pure_expr(e->cond)) return false;
  for (int i = 0; i < e->nargs; i++)
    if (!pure_expr(e->args[i])) return false;
  return true;
}

/* for (i = lo; i < hi; i += c) with lo and hi fixed: its counter, else NULL. */
static Var *fixed_loop(const Fn *g, const Stmt *s) {
  Var *i;
  const Expr *lo, *hi;
  long step;
  PtrVec none = {0};  /* one level of loops: bounds use parameters only */
  if (!adj_loop_header(s, &i, &lo, &hi, &step) || !fixed_int(g, lo, &none) || !fixed_int(g, hi, &none)) return NULL;
  return i;
}

static bool kernel_stmt(const Fn *g, const Var *out, const Stmt *s, PtrVec *ctrs, int depth) {
  switch (s->kind) {
  case ST_BLOCK:
    for (int i = 0; i < s->nbody; i++) {
      const Stmt *c = s->body[i];
      /* a return only as the last statement of the function */
      if (c->kind == ST_RETURN && !(depth == 0 && i == s->nbody - 1 && pure_expr(c->expr))) return false;
      if (c->kind != ST_RETURN && !kernel_stmt(g, out, c, ctrs, depth)) return false;
    }
    return true;
  case ST_DECL:
    return !s->var->is_static && (ty_is_arith(s->var->type) || s->var->type->kind == TY_PTR) &&
           pure_expr(s->expr) && !ex_mentions(s->expr, out);
  case ST_ASSIGN: {
    /* g never reads buf: what it stores depends only on its inputs */
    if (!pure_expr(s->rhs) || ex_mentions(s->rhs, out)) return false;
    const Expr *l = s->lhs;
    if (l->kind == EX_VAR) return !is_param_of(g, l->var) || ty_is_arith(l->var->type);
    /* out[k] or *out: the only memory g writes, at fixed places */
    if (l->kind == EX_INDEX) {
      const Expr *b = ex_strip_implicit(l->lhs);
      return b->kind == EX_VAR && b->var == out && fixed_int(g, l->rhs, ctrs);
    }
    if (l->kind == EX_DEREF) {
      const Expr *b = ex_strip_implicit(l->lhs);
      return b->kind == EX_VAR && b->var == out;
    }
    return false;
  }
  case ST_FOR: {
    if (depth > 0) return false;  /* one level of loops: the work stays like a copy's */
    Var *i = fixed_loop(g, s);
    if (!i) return false;
    vec_push(ctrs, i);
    bool ok = kernel_stmt(g, out, s->then, ctrs, depth + 1);
    ctrs->len--;
    return ok;
  }
  default: return false;  /* branches, other loops, calls, break, continue */
  }
}

static bool simple_kernel(const Fn *g, int j) {
  if (!g->body || g->is_generated || j >= g->nparams) return false;
  Var *out = g->params[j];
  if (!ty_is_ptr(out->type) || adj_writes_var(g->body, out)) return false;
  for (int i = 0; i < g->nparams; i++)
    if (i != j && ty_is_ptr(g->params[i]->type) && !g->params[i]->type->base->is_const) return false;
  PtrVec ctrs = {0};
  return kernel_stmt(g, out, g->body, &ctrs, 0);
}

/* ---- Does anything disturb the arguments, or read the buffer, outside? -- */

/* s mentions memory class cls (an lvalue in it, or a pointer into it),
 * free() aside. */
static bool mentions_class(Adj *a, const Expr *e, const void *cls) {
  if (!e) return false;
  if (e->kind == EX_CALL && e->text && str_eq(e->text, "free")) return false;
  if (ex_is_lvalue(e) && e->kind != EX_VAR && act_loc_id(a->v, (Expr *)e) == cls) return true;
  if (ty_is_ptr(e->type) && e->type->base->kind != TY_VOID && e->type->base->kind != TY_FUNC &&
      act_loc_id(a->v, ex_deref(ir_clone_expr(e, NULL))) == cls)
    return true;
  if (mentions_class(a, e->lhs, cls) || mentions_class(a, e->rhs, cls) || mentions_class(a, e->cond, cls)) return true;
  for (int i = 0; i < e->nargs; i++)
    if (mentions_class(a, e->args[i], cls)) return true;
  return false;
}

static bool stmt_mentions_class(Adj *a, const Stmt *s, const void *cls, const Stmt *skip) {
  if (!s || s == skip) return false;
  /* p = malloc(..): the pointer, not the memory */
  const Expr *rhs = s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_DECL ? s->expr : NULL;
  bool alloc = rhs && rhs->kind == EX_CALL && rhs->text &&
               (str_eq(rhs->text, "malloc") || str_eq(rhs->text, "calloc"));
  if (!alloc && (mentions_class(a, s->lhs, cls) || mentions_class(a, s->rhs, cls) || mentions_class(a, s->expr, cls) ||
                 mentions_class(a, s->cond, cls)))
    return true;
  if (stmt_mentions_class(a, s->then, cls, skip) || stmt_mentions_class(a, s->els, cls, skip) ||
      stmt_mentions_class(a, s->init, cls, skip) || stmt_mentions_class(a, s->step, cls, skip))
    return true;
  for (int i = 0; i < s->nbody; i++)
    if (stmt_mentions_class(a, s->body[i], cls, skip)) return true;
  return false;
}

/* Nothing from the outermost enclosing loop on stores into cls / x. */
static bool stable_from(Adj *a, int from, const void *cls, const Var *x) {
  for (int k = from; k < a->body->nbody; k++)
    if (adj_stores(a, a->body->body[k], cls, x, NULL)) return false;
  return true;
}

static bool enclosing_counter(Adj *a, const Var *x) {
  for (int i = 0; i < a->loops.len; i++) {
    const Stmt *l = a->loops.data[i];
    if (adj_counted_ctr(l) == x) return true;
  }
  return false;
}

/* Every variable e reads is stable (or, with 'ctrs', an enclosing loop's
 * counter), and every memory it reads is stable. */
static bool stable_expr(Adj *a, int from, const Expr *e, bool ctrs) {
  if (!e) return true;
  if (e->kind == EX_SIZEOF || e->kind == EX_NUM) return true;
  if (e->kind == EX_VAR) {
    if (e->var->kind == VAR_GLOBAL) {
      /* only constant data: a callee may write any other global */
      const Type *t = e->var->type;
      while (t->kind == TY_ARRAY) t = t->base;
      return t->is_const && t->kind != TY_PTR;
    }
    if (!(ctrs && enclosing_counter(a, e->var)) && !stable_from(a, from, NULL, e->var)) return false;
    /* a pointer variable: what it points to must be stable too (below) */
  }
  if (e->kind == EX_CALL) return false;
  if (ex_is_lvalue(e) && e->kind != EX_VAR) {
    const void *cls = act_loc_id(a->v, (Expr *)e);
    if (!cls || !stable_from(a, from, cls, NULL)) return false;
  }
  if (ty_is_ptr(e->type) && e->type->base->kind != TY_VOID && e->type->base->kind != TY_FUNC) {
    const void *cls = act_loc_id(a->v, ex_deref(ir_clone_expr(e, NULL)));
    if (!cls || !stable_from(a, from, cls, NULL)) return false;
  }
  if (!stable_expr(a, from, e->lhs, ctrs) || !stable_expr(a, from, e->rhs, ctrs) ||
      !stable_expr(a, from, e->cond, ctrs))
    return false;
  for (int i = 0; i < e->nargs; i++)
    if (!stable_expr(a, from, e->args[i], ctrs)) return false;
  return true;
}

/* ---- The decision -------------------------------------------------------- */

bool adj_recompute_arg(Adj *a, const Expr *c, int j) {
  if (!a->loops.len || !a->body || !c->fn || j >= c->nargs) return false;
  const Stmt *loop = a->loops.data[a->loops.len - 1];
  const Stmt *body = loop->then;
  if (body->kind != ST_BLOCK) return false;
  int at = -1;
  for (int i = 0; i < body->nbody; i++)
    if (body->body[i] == a->cur_stmt) at = i;
  if (at < 0 || !simple_kernel(c->fn, j)) return false;
  const void *cls = act_loc_id(a->v, ex_deref(ir_clone_expr(c->args[j], NULL)));
  if (!cls) return false;
  for (int i = 0; i < at; i++)
    if (stmt_mentions_class(a, body->body[i], cls, NULL)) return false;
  /* nothing outside the loop mentions the buffer; inside, only this call stores into it */
  for (int i = 0; i < a->body->nbody; i++)
    if (stmt_mentions_class(a, a->body->body[i], cls, loop)) return false;
  for (int i = 0; i < body->nbody; i++)
    if (i != at && adj_stores(a, body->body[i], cls, NULL, NULL)) return false;
  if (adj_stores(a, loop->init, cls, NULL, NULL) || adj_stores(a, loop->step, cls, NULL, NULL)) return false;
  /* the outermost enclosing loop's place among the top-level statements */
  const Stmt *outer = a->loops.data[0];
  int from = -1;
  for (int k = 0; k < a->body->nbody; k++)
    if (a->body->body[k] == outer) from = k;
  if (from < 0) return false;
  /* integer arguments fix which elements g writes: the same in every
   * iteration, so no counters in them; addresses and values may follow the
   * counters, which the backward loops set again */
  for (int i = 0; i < c->nargs; i++)
    if (i != j && !stable_expr(a, from, c->args[i], c->args[i]->type->kind != TY_INT)) return false;
  return true;
}

/* ---- Iteration-local values, recomputed ------------------------------------
 * v = e, a statement of the innermost loop's body, where v is a local
 * (integer, pointer, float or double) that each iteration sets before it
 * reads it and that nothing outside the loop names: instead of saving v's
 * old value before each overwrite, the start of the backward iteration sets
 * v again. Sound when e reads only constants, variables nothing writes from
 * the outermost enclosing loop on (or counters of enclosing counted loops,
 * which the backward loops set again), memory nothing stores into from
 * there on, and other such values of the same iteration (set again first).
 * Worth it when cheaper than a push and a pop: the cost rule
 * (recompute_cost) counts 1 for each operator and load and 8 for a call of
 * <math.h>, and recomputes up to RECOMPUTE_MAX, but not a math call over
 * the caller's memory in a callee (the caller would have to keep it); a pointer or integer built
 * from counters and fixed values without loads (r = x + i * m, the old
 * rule) is set again even when nothing needs it, which costs next to
 * nothing. */


typedef struct IterCand {
  const Expr *rhs;
  const Stmt *loop;  /* the innermost loop whose body sets it */
  SrcLoc loc;
  bool calls, caller_mem;  /* its value comes through a math call, from the caller's memory */
  const Stmt *gif;   /* set in an arm of this if (guarded_at), else NULL */
  int garm;          /* 0: then, 1: else */
} IterCand;



static Walk site_visit(Expr *e, void *m) {
  if (e->kind == EX_VAR) adj_count_up(m, e->var, 1);
  return WALK_ON;
}

/* Mention sites of s and what it holds: each variable in its expressions,
 * and a declaration with an initialiser. s names x outside a statement
 * 'inner' it holds when sites(s) - sites(inner) > 0. */
void adj_mention_sites(const Stmt *s, PtrMap *m) {
  if (!s) return;
  ex_each(s->lhs, site_visit, m);
  ex_each(s->rhs, site_visit, m);
  ex_each(s->expr, site_visit, m);
  ex_each(s->cond, site_visit, m);
  if (s->kind == ST_DECL && s->expr) adj_count_up(m, s->var, 1);
  adj_mention_sites(s->then, m);
  adj_mention_sites(s->els, m);
  adj_mention_sites(s->init, m);
  adj_mention_sites(s->step, m);
  for (int i = 0; i < s->nbody; i++) adj_mention_sites(s->body[i], m);
}

/* The variable whose own storage an lvalue is part of (t.p, a[i].q, not
 * p->x or p[i]), or NULL. */
static const Var *object_root(const Expr *e) {
  while ((e->kind == EX_MEMBER && !e->is_arrow) || (e->kind == EX_INDEX && e->lhs->type->kind == TY_ARRAY)) e = e->lhs;
  return e->kind == EX_VAR ? e->var : NULL;
}

/* Writes (adj_count_writes' rule) into 'nwrites', the top-level statement
 * k into 'last_top', and each loop's top-level statement into 'top_of'. A store
 * into a part of a variable (t.p = e) counts as a write of it in 'nwrites':
 * a struct copied from memory (PQ t = a[i]) and then changed is no value
 * that evaluating its initialiser again gives. */
static void index_stmt(IterIndex *ix, const Stmt *s, int k) {
  if (!s) return;
  const Var *w = s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR ? s->lhs->var
                 : s->kind == ST_DECL && s->expr                ? s->var
                                                                : NULL;
  if (w) {
    adj_count_up(&ix->nwrites, w, 1);
    ptrmap_put(&ix->last_top, w, (void *)(long)(k + 1));
  }
  const Var *part = s->kind == ST_ASSIGN && s->lhs->kind != EX_VAR ? object_root(s->lhs) : NULL;
  if (part) adj_count_up(&ix->nwrites, part, 1);
  if (s->kind == ST_FOR || s->kind == ST_WHILE) ptrmap_put(&ix->top_of, s, (void *)(long)(k + 1));
  index_stmt(ix, s->then, k);
  index_stmt(ix, s->els, k);
  index_stmt(ix, s->init, k);
  index_stmt(ix, s->step, k);
  for (int i = 0; i < s->nbody; i++) index_stmt(ix, s->body[i], k);
}

IterIndex *adj_iter_index(Adj *a) {
  if (a->iix && a->iix->body == a->body) return a->iix;
  IterIndex *ix = xmalloc(sizeof *ix);
  ix->body = a->body;
  for (int k = 0; k < a->body->nbody; k++) index_stmt(ix, a->body->body[k], k);
  adj_mention_sites(a->body, &ix->nsites);
  return a->iix = ix;
}

static bool may_exit(const Stmt *s);

/* Every variable s or what it holds declares (initialised or not). */
static void declared(const Stmt *s, PtrMap *m) {
  if (!s) return;
  if (s->kind == ST_DECL) adj_count_up(m, s->var, 1);
  declared(s->then, m);
  declared(s->els, m);
  declared(s->init, m);
  declared(s->step, m);
  for (int i = 0; i < s->nbody; i++) declared(s->body[i], m);
}

/* Every variable s assigns or declares with a value, into m. */
static void sets_in(const Stmt *s, PtrMap *m) {
  if (!s) return;
  if (s->kind == ST_DECL && s->expr) ptrmap_put(m, s->var, (void *)1);
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR) ptrmap_put(m, s->lhs->var, (void *)1);
  sets_in(s->then, m);
  sets_in(s->els, m);
  sets_in(s->init, m);
  sets_in(s->step, m);
  for (int i = 0; i < s->nbody; i++) sets_in(s->body[i], m);
}

static LoopIndex *loop_index(IterIndex *ix, const Stmt *loop) {
  LoopIndex *li = ptrmap_get(&ix->loops, loop);
  if (li) return li;
  li = xmalloc(sizeof *li);
  const Stmt *b = loop->then;
  adj_mention_sites(loop, &li->nsites);
  li->first_exit = b->kind == ST_BLOCK ? b->nbody : 0;
  sets_in(loop, &li->sets);
  for (int i = 0; b->kind == ST_BLOCK && i < b->nbody; i++) {
    const Stmt *t = b->body[i];
    ptrmap_put(&li->pos, t, (void *)(long)(i + 1));
    if (i < li->first_exit && may_exit(t)) li->first_exit = i;
    /* adj_stmt_mentions(t, x): its expressions, and declarations */
    PtrMap here = {0};
    adj_mention_sites(t, &here);
    declared(t, &here);
    for (int h = 0; h < here.cap; h++) {
      if (!here.keys || !here.keys[h]) continue;
      adj_count_up(&li->nstmts, here.keys[h], 1);
      if (!ptrmap_get(&li->first, here.keys[h])) ptrmap_put(&li->first, here.keys[h], (void *)(long)(i + 1));
    }
    free(here.keys);
    free(here.vals);
  }
  ptrmap_put(&ix->loops, loop, li);
  return li;
}

/* x is fixed while the enclosing loops run: a counter of one of them (the
 * backward loops set it again), or a variable written nowhere from the
 * outermost enclosing loop on. */
bool adj_fixed_var(Adj *a, const Var *x, int from) {
  IterIndex *ix = adj_iter_index(a);
  for (int i = 0; i < a->loops.len; i++) {
    const void *ctr = ptrmap_get(&ix->counters, a->loops.data[i]);
    if (!ctr) {  /* (adj_counted_ctr walks the loop's body) */
      ctr = adj_counted_ctr(a->loops.data[i]);
      ptrmap_put(&ix->counters, a->loops.data[i], ctr ? (void *)ctr : (void *)ix);
    }
    if (ctr == x) return true;
  }
  if (x->kind == VAR_GLOBAL || ptrmap_get(&a->addr_taken, x)) return false;
  long last = (long)ptrmap_get(&ix->last_top, x);  /* 1 + index, 0: never */
  if (last == 0 || last - 1 < from) return true;
  /* set only outside the innermost loop (int step = n / len before the
   * butterflies of a stage): each later write saves it for the backward
   * code that reads it, which puts it back before the loop's turn */
  return !ptrmap_get(&loop_index(ix, a->loops.data[a->loops.len - 1])->sets, x);
}

/* s may leave the iteration early (then a later statement's e might not be
 * evaluable: x[i] past the end) */
static bool may_exit(const Stmt *s) {
  if (!s) return false;
  if (s->kind == ST_BREAK || s->kind == ST_CONTINUE || s->kind == ST_RETURN) return true;
  if (may_exit(s->then) || may_exit(s->els) || may_exit(s->init) || may_exit(s->step)) return true;
  for (int i = 0; i < s->nbody; i++)
    if (may_exit(s->body[i])) return true;
  return false;
}

/* The top-level statement of the prepared body that holds the outermost
 * enclosing loop, or -1. */
int adj_outer_from(Adj *a) {
  return a->loops.len ? (int)(long)ptrmap_get(&adj_iter_index(a)->top_of, a->loops.data[0]) - 1 : -1;
}

/* Memory lvalue e reads that nothing stores into in the outermost loop
 * (statement 'from': another field of its struct may change), nor after it
 * but by assignments: the backward sweep undoes those before it reaches
 * the loop, and it restores what the loop's backward code reads (n-body's
 * b->x += dt * b->vx after the loop that reads b->x). */
bool adj_stable_load(Adj *a, const Expr *e, int from) {
  if (!act_loc_id(a->v, (Expr *)e) || adj_stores_part(a, a->body->body[from], e, false)) return false;
  for (int k = from + 1; k < a->body->nbody; k++)
    if (adj_stores_part(a, a->body->body[k], e, true)) return false;
  return true;
}

/* What evaluating e again costs (see above), -1 when it may not be
 * evaluated again. 'plain' reports loads and calls (the old rule has none);
 * a->iter_calls and a->iter_caller_mem report math calls and loads of the
 * caller's memory. */
static int recompute_cost(Adj *a, const Expr *e, int from, bool under_addr, bool *plain) {
  if (!e) return 0;
  int l, r, c;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return 0;
  case EX_VAR: {
    if (adj_fixed_var(a, e->var, from)) return 0;
    if (adj_replayed(a, e->var)) {  /* set again before the backward iteration's other code */
      *plain = false;
      return 0;
    }
    const IterCand *ic = ptrmap_get(&a->iter_cand, e->var);
    if (ic) {
      a->iter_calls |= ic->calls;
      a->iter_caller_mem |= ic->caller_mem;
    }
    if (ptrmap_get(&a->iter_done, e->var)) return 0;
    *plain = false;
    return ic && a->loops.len && ic->loop == a->loops.data[a->loops.len - 1] ? 0 : -1;
  }
  case EX_CAST: return recompute_cost(a, e->lhs, from, false, plain);
  case EX_UN:
    if (ty_is_float(e->type)) *plain = false;
    return recompute_cost(a, e->lhs, from, false, plain);
  case EX_BIN:
    if (!(e->op == OP_ADD || e->op == OP_SUB || e->op == OP_MUL) || ty_is_float(e->type)) *plain = false;
    l = recompute_cost(a, e->lhs, from, false, plain);
    r = recompute_cost(a, e->rhs, from, false, plain);
    return l < 0 || r < 0 ? -1 : 1 + l + r;
  case EX_COND:
    *plain = false;
    c = recompute_cost(a, e->cond, from, false, plain);
    l = recompute_cost(a, e->lhs, from, false, plain);
    r = recompute_cost(a, e->rhs, from, false, plain);
    return c < 0 || l < 0 || r < 0 ? -1 : 1 + c + l + r;
  case EX_ADDR: return recompute_cost(a, e->lhs, from, true, plain);
  case EX_INDEX:
  case EX_DEREF:
  case EX_MEMBER: {
    bool load = !under_addr;
    if (load) {
      *plain = false;
      if (!adj_stable_load(a, e, from)) return -1;
      const Var *root = ex_root_var((Expr *)e);
      if (a->split && (!root || root->kind == VAR_PARAM)) a->iter_caller_mem = true;
    }
    /* the base: a pointer value (p[i], *p, p->f) or an object (A[i] of an array, s.f) */
    bool base_obj = (e->kind == EX_INDEX && e->lhs->type->kind == TY_ARRAY) || (e->kind == EX_MEMBER && !e->is_arrow);
    if (e->kind != EX_INDEX && !load) *plain = false;
    l = recompute_cost(a, e->lhs, from, base_obj, plain);
    r = e->kind == EX_INDEX ? recompute_cost(a, e->rhs, from, false, plain) : 0;
    return l < 0 || r < 0 ? -1 : (load ? 1 : 0) + l + r;
  }
  case EX_CALL: {
    *plain = false;
    if (e->rt || e->fn || !e->text || !rule_find(e->text)) return -1;
    a->iter_calls = true;
    int sum = RECOMPUTE_CALL;
    for (int i = 0; i < e->nargs; i++) {
      int ci = recompute_cost(a, e->args[i], from, false, plain);
      if (ci < 0) return -1;
      sum += ci;
    }
    return sum;
  }
  default: return -1;
  }
}

static Walk var_visit(Expr *e, void *ctx) {
  if (e->kind == EX_VAR) vec_push((PtrVec *)ctx, e->var);
  return WALK_ON;
}

static void emit_deps(Adj *a, const Expr *e);

/* The block of loop_pre that sets ic's locals again under its guard: the
 * last statement when it is that arm's, else a new `if (cond)` (or
 * `if (!(cond))`) after the values the condition reads. */
static Stmt *guard_block(Adj *a, const IterCand *ic) {
  const Stmt *arm = ic->garm ? ic->gif->els : ic->gif->then;
  Stmt *pre = a->loop_pre;
  if (pre->nbody && ptrmap_get(&a->iter_guards, pre->body[pre->nbody - 1]) == arm)
    return pre->body[pre->nbody - 1]->then;
  emit_deps(a, ic->gif->cond);
  Stmt *g = st_new(ST_IF, ic->loc);
  Expr *c = ir_clone_expr(ic->gif->cond, NULL);
  g->cond = ic->garm ? ex_un(OP_NOT, c) : c;
  g->then = st_block(ic->loc);
  st_append(pre, g);
  ptrmap_put(&a->iter_guards, g, (void *)arm);
  return g->then;
}

/* Sets v again (after the values of this iteration it reads) at the start
 * of the backward iteration; one set in an arm of an if, under the if's
 * condition: its expression may raise where the arm was not taken
 * (sqrt(a) under a > 0.1, 1 / r2 under r2 > 0). */
static void emit_again(Adj *a, Var *v) {
  if (ptrmap_get(&a->iter_done, v)) return;
  const IterCand *ic = ptrmap_get(&a->iter_cand, v);
  ptrmap_put(&a->iter_done, v, (void *)a->loop_pre);
  emit_deps(a, ic->rhs);
  Stmt *to = ic->gif ? guard_block(a, ic) : a->loop_pre;
  st_append(to, st_assign(ex_var(v), ir_clone_expr(ic->rhs, NULL), ic->loc));
}

/* the candidates e reads, set again first */
static void emit_deps(Adj *a, const Expr *e) {
  PtrVec deps = {0};
  ex_each((Expr *)e, var_visit, &deps);
  for (int i = 0; i < deps.len; i++)
    if (!ptrmap_get(&a->iter_done, deps.data[i]) && ptrmap_get(&a->iter_cand, deps.data[i])) emit_again(a, deps.data[i]);
}

/* e of a guarded local: no loads, no integer division, no conversion of a
 * floating value to an integer (the rule from when it was set again
 * unguarded, kept: guarded_at now also sets it under its condition). */
static bool unguarded_ok(const Expr *e) {
  if (!e) return true;
  switch (e->kind) {
  case EX_INDEX:
  case EX_DEREF:
  case EX_MEMBER:
  case EX_ADDR: return false;
  case EX_BIN:
    if ((e->op == OP_DIV || e->op == OP_MOD) && !ty_is_float(e->type)) return false;
    break;
  case EX_CAST:  /* (int)t of a value out of range */
    if (!ty_is_float(e->type) && e->lhs && ty_is_float(e->lhs->type)) return false;
    break;
  default: break;
  }
  if (!unguarded_ok(e->lhs) || !unguarded_ok(e->rhs) || !unguarded_ok(e->cond)) return false;
  for (int i = 0; i < e->nargs; i++)
    if (!unguarded_ok(e->args[i])) return false;
  return true;
}

/* The condition c of an if at the top of the loop's block may be
 * evaluated again at the start of the backward iteration: it reads fixed
 * variables, counters, replayed locals, memory nothing in the loop stores
 * into, and locals set again unconditionally before (r2 under a cutoff),
 * with no calls; small. */
typedef struct GuardCtx { Adj *a; const Stmt *loop; int from, cost; bool ok; } GuardCtx;

static Walk guard_visit(Expr *e, void *ctx) {
  GuardCtx *g = ctx;
  g->cost++;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF:
  case EX_CAST:
  case EX_UN:
  case EX_BIN:
  case EX_COND: return WALK_ON;
  case EX_VAR: {
    if (adj_fixed_var(g->a, e->var, g->from) || adj_replayed(g->a, e->var)) return WALK_ON;
    const IterCand *ic = ptrmap_get(&g->a->iter_cand, e->var);
    if (ic && ic->loop == g->loop && !ic->gif) return WALK_ON;
    break;
  }
  case EX_INDEX:
  case EX_DEREF:
  case EX_MEMBER:
    if (adj_stable_load(g->a, e, g->from)) return WALK_ON;
    break;
  default: break;
  }
  g->ok = false;
  return WALK_STOP;
}

static bool guard_again(Adj *a, const Stmt *loop, const Expr *c) {
  GuardCtx g = {a, loop, adj_outer_from(a), 0, true};
  if (g.from < 0) return false;
  ex_each((Expr *)c, guard_visit, &g);
  return g.ok && g.cost <= RECOMPUTE_MAX;
}

/* v = e, a statement of an arm of an if of the loop's block (s6 = 1 /
 * (r2 * r2 * r2) under the cutoff test): the if's place in the block when
 * v is floating, named in the loop only in that arm, after this statement,
 * and the if's condition may be evaluated again (guard_again): the
 * backward iteration sets v under that condition, *gif and *garm say
 * which; else -1. e loads nothing, divides no integers and converts no
 * float to an integer (unguarded_ok: the rule before the condition was
 * evaluated again, kept). */
static int guarded_at(Adj *a, const Stmt *loop, LoopIndex *li, const Var *v, const Expr *rhs, const Stmt **gif,
                      int *garm) {
  const Stmt *b = loop->then;
  if (b->kind != ST_BLOCK || !ty_is_float(v->type) || !unguarded_ok(rhs)) return -1;
  for (int t = 0; t < b->nbody; t++) {
    const Stmt *f = b->body[t];
    if (f->kind != ST_IF) continue;
    for (int arm = 0; arm < 2; arm++) {
      const Stmt *blk = arm ? f->els : f->then;
      if (!blk || blk->kind != ST_BLOCK) continue;
      for (int i = 0; i < blk->nbody; i++) {
        if (blk->body[i] != a->cur_stmt) continue;
        PtrMap here = {0};
        adj_mention_sites(blk, &here);
        if (ptrmap_get(&here, v) != ptrmap_get(&li->nsites, v)) return -1;
        for (int k = 0; k < i; k++)
          if (adj_stmt_mentions(blk->body[k], v) || may_exit(blk->body[k])) return -1;
        if (!guard_again(a, loop, f->cond)) return -1;
        *gif = f;
        *garm = arm;
        return t;
      }
    }
  }
  return -1;
}

IterLocal adj_iteration_local(Adj *a, const Expr *lhs, const Expr *rhs, SrcLoc loc) {
  if (!a->loops.len || !a->body || !a->loop_pre || lhs->kind != EX_VAR) return ITER_NO;
  Var *v = lhs->var;
  if (v->kind != VAR_LOCAL || v->is_static || ptrmap_get(&a->addr_taken, v)) return ITER_NO;
  /* a struct copied from memory (cplx wk = w[k * step]) is one load too */
  const Expr *r0 = ex_strip_implicit(rhs);
  bool copy = v->type->kind == TY_RECORD && !ty_holds_ptr(v->type) && r0->kind != EX_VAR && ex_is_lvalue(r0);
  if (v->type->kind != TY_PTR && v->type->kind != TY_INT && !ty_is_float(v->type) && !copy) return ITER_NO;
  const void *lid = act_loc_id(a->v, (Expr *)lhs);
  if (a->split && lid && ptrmap_get(&a->escaping, lid)) return ITER_NO;
  const Stmt *loop = a->loops.data[a->loops.len - 1];
  IterIndex *ix = adj_iter_index(a);
  LoopIndex *li = loop_index(ix, loop);
  /* a statement of the loop's own block, the first to mention v, and no
   * statement before it may leave the iteration */
  int at = (int)(long)ptrmap_get(&li->pos, a->cur_stmt) - 1, garm = 0;
  const Stmt *gif = NULL;
  if (at < 0) at = guarded_at(a, loop, li, v, rhs, &gif, &garm);
  if (at < 0 || (long)ptrmap_get(&ix->nwrites, v) != 1) return ITER_NO;
  if ((long)ptrmap_get(&li->first, v) - 1 < at || li->first_exit < at) return ITER_NO;
  int from = adj_outer_from(a);
  if (from < 0) return ITER_NO;
  /* nothing outside the outermost loop mentions v */
  if ((long)ptrmap_get(&ix->nsites, v) != (long)ptrmap_get(&loop_index(ix, a->loops.data[0])->nsites, v)) return ITER_NO;
  /* inside the outermost loop, only this innermost loop mentions v (and
   * the statement that holds it, if the loop is not one of the block's) */
  for (int d = 0; d + 1 < a->loops.len; d++) {
    const Stmt *outer = a->loops.data[d], *inner = a->loops.data[d + 1];
    if (outer->then->kind != ST_BLOCK) return ITER_NO;
    LoopIndex *lo = loop_index(ix, outer);
    if ((long)ptrmap_get(&lo->nstmts, v) > (ptrmap_get(&lo->pos, inner) ? 1 : 0)) return ITER_NO;
  }
  bool plain = true;
  a->iter_calls = a->iter_caller_mem = false;
  int cost = recompute_cost(a, rhs, from, false, &plain);
  if (cost < 0 || cost > RECOMPUTE_MAX) return ITER_NO;
  /* g_bwd reading the caller's memory makes the caller keep it (a save
   * there when it overwrites it): worth it for a load, not for a math call
   * as well (logsumexp's exp(x[i] - mx): the caller would save x) */
  if (a->iter_calls && a->iter_caller_mem) return ITER_NO;
  IterCand *ic = xmalloc(sizeof *ic);
  *ic = (IterCand){rhs, loop, loc, a->iter_calls, a->iter_caller_mem, gif, garm};
  ptrmap_put(&a->iter_cand, v, ic);
  return plain && v->type->kind != TY_FLOAT && !ty_is_float(v->type) ? ITER_ALWAYS : ITER_IF_NEEDED;
}

void adj_recompute_local(Adj *a, const Expr *lhs) { emit_again(a, lhs->var); }

/* ---- Updates undone instead of saved ------------------------------------ */

/* i = i + 1 (integers, pointers): undone by i = i - 1, nothing taped. */
bool adj_invertible(const Expr *lhs, const Expr *rhs) {
  if (lhs->kind != EX_VAR || (lhs->type->kind != TY_INT && lhs->type->kind != TY_PTR)) return false;
  const Expr *r = ex_strip_implicit(rhs);
  if (r->kind != EX_BIN || (r->op != OP_ADD && r->op != OP_SUB)) return false;
  const Expr *l = ex_strip_implicit(r->lhs);
  const Expr *c = ex_strip_implicit(r->rhs);
  return l->kind == EX_VAR && l->var == lhs->var && c->kind == EX_NUM && c->type->kind == TY_INT;
}

/* e reads only variables other than x, constants and integer arithmetic:
 * the backward sweep, which keeps the variables it reads, evaluates it
 * again to the same value. */
static bool fixed_step(const Expr *e, const Var *x) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return true;
  case EX_VAR: return e->var != x && (e->var->type->kind == TY_INT);
  case EX_CAST:
  case EX_UN:
  case EX_BIN:
    return e->type->kind == TY_INT && fixed_step(e->lhs, x) && fixed_step(e->rhs, x);
  default: return false;
  }
}

/* p = p + e (kissfft's tw1 += fstride, Fout += m) with e a fixed_step:
 * undone by p = p - e, nothing taped. */
bool adj_invertible_step(const Expr *lhs, const Expr *rhs) {
  if (adj_invertible(lhs, rhs)) return true;
  if (lhs->kind != EX_VAR || (lhs->type->kind != TY_INT && lhs->type->kind != TY_PTR)) return false;
  const Expr *r = ex_strip_implicit(rhs);
  if (r->kind != EX_BIN || (r->op != OP_ADD && r->op != OP_SUB)) return false;
  const Expr *l = ex_strip_implicit(r->lhs);
  return l->kind == EX_VAR && l->var == lhs->var && r->rhs->type->kind == TY_INT && fixed_step(r->rhs, lhs->var);
}

Expr *adj_inverse(const Expr *lhs, const Expr *rhs) {
  const Expr *r = ex_strip_implicit(rhs);
  Expr *e = ex_bin(r->op == OP_ADD ? OP_SUB : OP_ADD, ir_clone_expr(lhs, NULL), ir_clone_expr(r->rhs, NULL));
  e->type = lhs->type;
  return e;
}

/* ---- Branch conditions evaluated again ------------------------------------
 * if (st->inverse) in kissfft's butterfly loop: instead of taping the
 * branch taken in every iteration, the backward sweep evaluates the
 * condition again when it reads only what the iteration-local values above
 * may read (fixed variables, counters, memory nothing in the loop stores
 * into) and the branches call nothing but <math.h>. A condition on a flag
 * the loop changes (brk, sel) stays taped: one bit, where keeping the flag
 * would cost a long. Small conditions only. */

typedef struct CondCtx { Adj *a; int from; bool ok; int cost; } CondCtx;

static Walk cond_visit(Expr *e, void *ctx) {
  CondCtx *c = ctx;
  c->cost++;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF:
  case EX_CAST:
  case EX_UN:
  case EX_BIN: return WALK_ON;
  case EX_VAR:
    if (!adj_fixed_var(c->a, e->var, c->from) && !adj_replayed(c->a, e->var)) break;
    return WALK_ON;
  case EX_INDEX:
  case EX_DEREF:
  case EX_MEMBER:
    if (!adj_stable_load(c->a, e, c->from)) break;
    return WALK_ON;
  default: break;
  }
  c->ok = false;
  return WALK_STOP;
}

static Walk call_visit(Expr *e, void *ctx) {
  if (e->kind == EX_CALL && !(e->text && !e->fn && rule_find(e->text))) {
    *(bool *)ctx = true;
    return WALK_STOP;
  }
  return WALK_ON;
}

bool adj_calls_any(const Stmt *s) {
  bool any = false;
  if (s) st_each_expr(s, call_visit, &any);
  return any;
}

static bool branch_again(Adj *a, const Stmt *s) {
  if (s->kind != ST_IF || !a->loops.len || !a->body || adj_calls_any(s->then) || adj_calls_any(s->els)) return false;
  CondCtx c = {a, adj_outer_from(a), true, 0};
  if (c.from < 0) return false;
  ex_each(s->cond, cond_visit, &c);
  return c.ok && c.cost <= RECOMPUTE_MAX;
}

bool adj_branch_again(Adj *a, const Stmt *s) {
  long memo = (long)ptrmap_get(&a->branch_again, s);
  if (!memo) ptrmap_put(&a->branch_again, s, (void *)(memo = 1 + branch_again(a, s)));
  return memo == 2;
}

