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
 *   (adj_iteration_local), the same by the cost rule below; a loop body's
 *   prefix of such values run again (adj_replay_body); a counted loop's
 *   elements A[c] kept apart in the to-be-recorded facts
 *   (adj_before_add_loop); updates p = p + e undone by p = p - e
 *   (adj_invertible_step, adj_inverse).
 */
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

#define RECOMPUTE_MAX 12
#define RECOMPUTE_CALL 8

typedef struct IterCand {
  const Expr *rhs;
  const Stmt *loop;  /* the innermost loop whose body sets it */
  SrcLoc loc;
  bool calls, caller_mem;  /* its value comes through a math call, from the caller's memory */
} IterCand;

/* What the questions below ask of the prepared body, about variables,
 * counted in one walk: they come once per statement of a loop, in each
 * build, and walking the body for each made a loop of N statements cost
 * N^2. Counts follow the rules of the walks they stand for
 * (adj_count_writes, adj_stmt_mentions). */
typedef struct LoopIndex {
  PtrMap pos;        /* statement of the loop's block -> 1 + its index */
  PtrMap first;      /* Var* -> 1 + index of the block's first statement that mentions it */
  PtrMap nstmts;     /* Var* -> statements of the block that mention it */
  PtrMap nsites;     /* Var* -> mention sites inside the loop (see mention_sites) */
  int first_exit;    /* index of the block's first statement that may leave the iteration */
  PtrMap sets;       /* Var* the loop assigns or declares with a value (sets_in) */
} LoopIndex;

typedef struct IterIndex {
  const Stmt *body;  /* the prepared body it describes */
  PtrMap nwrites;    /* Var* -> writes in the body (adj_count_writes) */
  PtrMap last_top;   /* Var* -> 1 + the last top-level statement that writes it */
  PtrMap nsites;     /* Var* -> mention sites in the body */
  PtrMap top_of;     /* loop Stmt* -> 1 + the top-level statement that holds it */
  PtrMap loops;      /* loop Stmt* -> LoopIndex* (made when first asked) */
  PtrMap counters;   /* loop Stmt* -> adj_counted_ctr, or the index itself for none */
} IterIndex;

static void count_up(PtrMap *m, const void *k, long by) { ptrmap_put(m, k, (void *)((long)ptrmap_get(m, k) + by)); }

static Walk site_visit(Expr *e, void *m) {
  if (e->kind == EX_VAR) count_up(m, e->var, 1);
  return WALK_ON;
}

/* Mention sites of s and what it holds: each variable in its expressions,
 * and a declaration with an initialiser. s names x outside a statement
 * 'inner' it holds when sites(s) - sites(inner) > 0. */
static void mention_sites(const Stmt *s, PtrMap *m) {
  if (!s) return;
  ex_each(s->lhs, site_visit, m);
  ex_each(s->rhs, site_visit, m);
  ex_each(s->expr, site_visit, m);
  ex_each(s->cond, site_visit, m);
  if (s->kind == ST_DECL && s->expr) count_up(m, s->var, 1);
  mention_sites(s->then, m);
  mention_sites(s->els, m);
  mention_sites(s->init, m);
  mention_sites(s->step, m);
  for (int i = 0; i < s->nbody; i++) mention_sites(s->body[i], m);
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
    count_up(&ix->nwrites, w, 1);
    ptrmap_put(&ix->last_top, w, (void *)(long)(k + 1));
  }
  const Var *part = s->kind == ST_ASSIGN && s->lhs->kind != EX_VAR ? object_root(s->lhs) : NULL;
  if (part) count_up(&ix->nwrites, part, 1);
  if (s->kind == ST_FOR || s->kind == ST_WHILE) ptrmap_put(&ix->top_of, s, (void *)(long)(k + 1));
  index_stmt(ix, s->then, k);
  index_stmt(ix, s->els, k);
  index_stmt(ix, s->init, k);
  index_stmt(ix, s->step, k);
  for (int i = 0; i < s->nbody; i++) index_stmt(ix, s->body[i], k);
}

static IterIndex *iter_index(Adj *a) {
  if (a->iix && a->iix->body == a->body) return a->iix;
  IterIndex *ix = xmalloc(sizeof *ix);
  ix->body = a->body;
  for (int k = 0; k < a->body->nbody; k++) index_stmt(ix, a->body->body[k], k);
  mention_sites(a->body, &ix->nsites);
  return a->iix = ix;
}

static bool may_exit(const Stmt *s);

/* Every variable s or what it holds declares (initialised or not). */
static void declared(const Stmt *s, PtrMap *m) {
  if (!s) return;
  if (s->kind == ST_DECL) count_up(m, s->var, 1);
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
  mention_sites(loop, &li->nsites);
  li->first_exit = b->kind == ST_BLOCK ? b->nbody : 0;
  sets_in(loop, &li->sets);
  for (int i = 0; b->kind == ST_BLOCK && i < b->nbody; i++) {
    const Stmt *t = b->body[i];
    ptrmap_put(&li->pos, t, (void *)(long)(i + 1));
    if (i < li->first_exit && may_exit(t)) li->first_exit = i;
    /* adj_stmt_mentions(t, x): its expressions, and declarations */
    PtrMap here = {0};
    mention_sites(t, &here);
    declared(t, &here);
    for (int h = 0; h < here.cap; h++) {
      if (!here.keys || !here.keys[h]) continue;
      count_up(&li->nstmts, here.keys[h], 1);
      if (!ptrmap_get(&li->first, here.keys[h])) ptrmap_put(&li->first, here.keys[h], (void *)(long)(i + 1));
    }
  }
  ptrmap_put(&ix->loops, loop, li);
  return li;
}

/* x is fixed while the enclosing loops run: a counter of one of them (the
 * backward loops set it again), or a variable written nowhere from the
 * outermost enclosing loop on. */
static bool fixed_var(Adj *a, const Var *x, int from) {
  IterIndex *ix = iter_index(a);
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
static int outer_from(Adj *a) {
  return a->loops.len ? (int)(long)ptrmap_get(&iter_index(a)->top_of, a->loops.data[0]) - 1 : -1;
}

/* Memory lvalue e reads that nothing stores into in the outermost loop
 * (statement 'from': another field of its struct may change), nor after it
 * but by assignments: the backward sweep undoes those before it reaches
 * the loop, and it restores what the loop's backward code reads (n-body's
 * b->x += dt * b->vx after the loop that reads b->x). */
static bool stable_load(Adj *a, const Expr *e, int from) {
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
    if (fixed_var(a, e->var, from)) return 0;
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
      if (!stable_load(a, e, from)) return -1;
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

/* Sets v again (after the values of this iteration it reads) at the start
 * of the backward iteration. */
static void emit_again(Adj *a, Var *v) {
  if (ptrmap_get(&a->iter_done, v)) return;
  const IterCand *ic = ptrmap_get(&a->iter_cand, v);
  ptrmap_put(&a->iter_done, v, (void *)a->loop_pre);
  PtrVec deps = {0};
  ex_each(ic->rhs, var_visit, &deps);
  for (int i = 0; i < deps.len; i++)
    if (!ptrmap_get(&a->iter_done, deps.data[i]) && ptrmap_get(&a->iter_cand, deps.data[i])) emit_again(a, deps.data[i]);
  st_append(a->loop_pre, st_assign(ex_var(v), ir_clone_expr(ic->rhs, NULL), ic->loc));
}

/* e is safe to evaluate where its branch was not taken: no loads (the
 * condition may guard an index), no integer division, no conversion of a
 * floating value to an integer. */
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

/* v = e, a statement of an arm of an if of the loop's block (s6 = 1 /
 * (r2 * r2 * r2) under the cutoff test): the if's place in the block when
 * v is floating, named in the loop only in that arm, after this statement,
 * e is safe to evaluate whichever way the branch went (the backward
 * iteration sets v unconditionally); else -1. */
static int guarded_at(Adj *a, const Stmt *loop, LoopIndex *li, const Var *v, const Expr *rhs) {
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
        mention_sites(blk, &here);
        if (ptrmap_get(&here, v) != ptrmap_get(&li->nsites, v)) return -1;
        for (int k = 0; k < i; k++)
          if (adj_stmt_mentions(blk->body[k], v) || may_exit(blk->body[k])) return -1;
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
  IterIndex *ix = iter_index(a);
  LoopIndex *li = loop_index(ix, loop);
  /* a statement of the loop's own block, the first to mention v, and no
   * statement before it may leave the iteration */
  int at = (int)(long)ptrmap_get(&li->pos, a->cur_stmt) - 1;
  if (at < 0) at = guarded_at(a, loop, li, v, rhs);
  if (at < 0 || (long)ptrmap_get(&ix->nwrites, v) != 1) return ITER_NO;
  if ((long)ptrmap_get(&li->first, v) - 1 < at || li->first_exit < at) return ITER_NO;
  int from = outer_from(a);
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
  *ic = (IterCand){rhs, loop, loc, a->iter_calls, a->iter_caller_mem};
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
    if (!fixed_var(c->a, e->var, c->from) && !adj_replayed(c->a, e->var)) break;
    return WALK_ON;
  case EX_INDEX:
  case EX_DEREF:
  case EX_MEMBER:
    if (!stable_load(c->a, e, c->from)) break;
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

static bool calls_any(const Stmt *s) {
  bool any = false;
  if (s) st_each_expr(s, call_visit, &any);
  return any;
}

static bool branch_again(Adj *a, const Stmt *s) {
  if (s->kind != ST_IF || !a->loops.len || !a->body || calls_any(s->then) || calls_any(s->els)) return false;
  CondCtx c = {a, outer_from(a), true, 0};
  if (c.from < 0) return false;
  ex_each(s->cond, cond_visit, &c);
  return c.ok && c.cost <= RECOMPUTE_MAX;
}

bool adj_branch_again(Adj *a, const Stmt *s) {
  long memo = (long)ptrmap_get(&a->branch_again, s);
  if (!memo) ptrmap_put(&a->branch_again, s, (void *)(memo = 1 + branch_again(a, s)));
  return memo == 2;
}

/* ---- An iteration's prefix run again ---------------------------------------
 * A pair loop's body that starts by computing values of its own from fixed
 * data (d[k] = x[i][k] - x[j][k]; d[k] -= box * round(d[k] / box); r2 +=
 * d[k] * d[k] in a loop over k, then the cutoff test on r2): saving the old
 * values of d and r2 before every overwrite costs tens of bytes per pair,
 * yet the iteration can compute them again. The body's leading statements
 * P (the longest prefix that stores only into such locals) save nothing
 * for the other iterations; the backward iteration runs them again first,
 * so that the rest of its backward code, and the iteration-local values
 * and branch conditions it reads them through (adj_replayed), see the
 * forward iteration's values; P's own backward code pops what P's forward
 * code saved for it, if anything (a value P overwrites that P's own
 * backward code reads).
 * Sound when:
 *   - every variable P stores into (L) is a hoisted local scalar of
 *     arithmetic type, or a one-dimensional array of them only ever
 *     indexed, whose address is not taken, named nowhere outside the
 *     loop's body and stored into by no statement after P;
 *   - P reads L only after it wrote it in the same iteration (a scalar by
 *     an assignment, an array element A[c] by an assignment at the top of
 *     the body of a counted loop over c before any other use), and
 *     otherwise only constants, fixed variables and counters (fixed_var)
 *     and memory nothing stores into from the outermost loop on
 *     (stable_load); no calls but <math.h>, no early exits;
 *   - the statements after P read only the values of L that P sets on
 *     every path: scalars set at P's top level, arrays written whole (a
 *     loop for (c = 0; c < N; c++) over an array of N elements) or, in a
 *     counted loop, only at its own counter (A[j], set by P as above).
 * It is chosen where the scalar rule above does not reach (P has a loop,
 * an array, or a floating local written twice) and when running P again
 * is cheap: inner loops of constant trip counts, a cost of at most
 * REPLAY_MAX by the rule above. Loops inside P replay nothing of their
 * own (the enclosing replay has set their values). */

/* A prefix that costs more than this (a few values of the cost rule
 * above: each would take a push and a pop) is left to the tape. */
#define REPLAY_MAX (8 * RECOMPUTE_MAX)

typedef struct Replay {
  int np;        /* statements of the body that P holds */
  PtrMap vars;   /* L: Var* -> 1 */
  PtrMap whole;  /* L's values set on every path of P: Var* -> 1 */
  PtrMap lvs;    /* L: Var* -> an lvalue of it P stores into (its to-be-recorded keys) */
} Replay;

#define RP_FULL ((void *)1)

static bool rp_local_ok(Adj *a, const Var *v) {
  if (v->kind != VAR_LOCAL || v->is_static || !ptrmap_get(&a->hoisted, v) || ptrmap_get(&a->addr_taken, v)) return false;
  const Type *t = v->type;
  if (t->kind == TY_ARRAY) {
    if (t->vla || t->len <= 0) return false;
    t = t->base;
  }
  if (t->kind != TY_INT && t->kind != TY_FLOAT && t->kind != TY_DOUBLE) return false;
  if (a->split) {
    const void *lid = act_loc_id(a->v, ex_var((Var *)v));
    if (lid && ptrmap_get(&a->escaping, lid)) return false;
  }
  return true;
}

static const Var *indexed_array(const Expr *lv) {
  if (lv->kind != EX_INDEX) return NULL;
  const Expr *b = ex_strip_implicit(lv->lhs);
  return b->kind == EX_VAR && b->var->type->kind == TY_ARRAY ? b->var : NULL;
}

/* w: Var* -> 1 + the writes of it */
static void note_write(PtrMap *w, const Var *v, long n) {
  long cur = (long)ptrmap_get(w, v);
  ptrmap_put(w, v, (void *)((cur ? cur : 1) + n));
}

/* The variables s stores into, into w (and counts of floating scalar
 * writes); false if s is not of P's kinds or stores elsewhere. */
static bool rp_writes(Adj *a, const Stmt *s, PtrMap *w, int *loops, PtrMap *lvs) {
  if (!s) return true;
  switch (s->kind) {
  case ST_BLOCK:
    for (int i = 0; i < s->nbody; i++)
      if (!rp_writes(a, s->body[i], w, loops, lvs)) return false;
    return true;
  case ST_DECL:
    if (s->expr && s->expr->kind == EX_INIT) return false;
    note_write(w, s->var, s->expr ? 1 : 0);
    return rp_local_ok(a, s->var);
  case ST_ASSIGN: {
    const Var *v = s->lhs->kind == EX_VAR ? s->lhs->var : indexed_array(s->lhs);
    if (!v || !rp_local_ok(a, v)) return false;
    note_write(w, v, 1);
    ptrmap_put(lvs, v, s->lhs);
    return true;
  }
  case ST_FOR:
    if (s->checkpoint || s->parallel || s->omp || s->unroll) return false;
    ++*loops;
    return rp_writes(a, s->init, w, loops, lvs) && rp_writes(a, s->step, w, loops, lvs) &&
           rp_writes(a, s->then, w, loops, lvs);
  case ST_WHILE:
    ++*loops;
    return rp_writes(a, s->then, w, loops, lvs);
  case ST_IF: return rp_writes(a, s->then, w, loops, lvs) && rp_writes(a, s->els, w, loops, lvs);
  default: return false;
  }
}

typedef struct RpCtx { Adj *a; int from; const PtrMap *vars; } RpCtx;

static bool rp_expr(RpCtx *c, const Expr *e, const PtrMap *def, const Var *ctr) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return true;
  case EX_VAR:
    if (ptrmap_get(c->vars, e->var)) return e->var->type->kind != TY_ARRAY && ptrmap_get(def, e->var) == RP_FULL;
    return fixed_var(c->a, e->var, c->from);
  case EX_CAST:
  case EX_UN: return rp_expr(c, e->lhs, def, ctr);
  case EX_BIN: return rp_expr(c, e->lhs, def, ctr) && rp_expr(c, e->rhs, def, ctr);
  case EX_COND: return rp_expr(c, e->cond, def, ctr) && rp_expr(c, e->lhs, def, ctr) && rp_expr(c, e->rhs, def, ctr);
  case EX_INDEX:
  case EX_DEREF:
  case EX_MEMBER: {
    const Var *arr = indexed_array(e);
    if (arr && ptrmap_get(c->vars, arr)) {
      /* A[c] of this iteration of c's loop, or an array written whole */
      const void *d = ptrmap_get(def, arr);
      const Expr *ix = ex_strip_implicit(e->rhs);
      if (!(d == RP_FULL || (d && ix->kind == EX_VAR && ix->var == d && ix->var == ctr))) return false;
      return rp_expr(c, e->rhs, def, ctr);
    }
    if (!stable_load(c->a, e, c->from)) return false;
    return rp_expr(c, e->lhs, def, ctr) && (e->kind != EX_INDEX || rp_expr(c, e->rhs, def, ctr));
  }
  case EX_CALL:
    if (e->rt || e->fn || !e->text || !rule_find(e->text)) return false;
    for (int i = 0; i < e->nargs; i++)
      if (!rp_expr(c, e->args[i], def, ctr)) return false;
    return true;
  default: return false;
  }
}

/* s reads L only after writing it (see above); def: what holds a value of
 * this iteration, RP_FULL or, for an array, the counter whose element it
 * holds; ctr: the counter of the loop whose body s is a top statement of. */
static bool rp_stmt(RpCtx *c, const Stmt *s, PtrMap *def, const Var *ctr) {
  if (!s) return true;
  switch (s->kind) {
  case ST_BLOCK:
    for (int i = 0; i < s->nbody; i++)
      if (!rp_stmt(c, s->body[i], def, ctr)) return false;
    return true;
  case ST_DECL:
    if (!s->expr) return true;
    if (!rp_expr(c, s->expr, def, ctr)) return false;
    ptrmap_put(def, s->var, RP_FULL);
    return true;
  case ST_ASSIGN: {
    if (!rp_expr(c, s->rhs, def, ctr)) return false;
    if (s->lhs->kind == EX_VAR) {
      ptrmap_put(def, s->lhs->var, RP_FULL);
      return true;
    }
    const Var *arr = indexed_array(s->lhs);
    if (!rp_expr(c, s->lhs->rhs, def, ctr)) return false;
    const Expr *ix = ex_strip_implicit(s->lhs->rhs);
    if (ctr && ix->kind == EX_VAR && ix->var == ctr && ptrmap_get(def, arr) != RP_FULL) ptrmap_put(def, arr, (void *)ctr);
    return true;
  }
  case ST_FOR: {
    if (!rp_stmt(c, s->init, def, ctr) || !rp_expr(c, s->cond, def, ctr)) return false;
    PtrMap body = ptrmap_copy(def);
    Var *k = adj_counted_ctr(s);
    if (k && !ptrmap_get(c->vars, k)) k = NULL;
    if (!rp_stmt(c, s->then, &body, k) || !rp_stmt(c, s->step, &body, NULL) || !rp_expr(c, s->cond, &body, NULL))
      return false;
    /* for (c = 0; c < N; c++) over A[N]: A written whole */
    Var *i;
    const Expr *lo, *hi;
    long step;
    if (!k || !adj_loop_header(s, &i, &lo, &hi, &step) || step != 1 || s->cond->op != OP_LT) return true;
    lo = ex_strip_implicit(lo);
    hi = ex_strip_implicit(hi);
    if (lo->kind != EX_NUM || lo->value != 0 || hi->kind != EX_NUM) return true;
    for (int h = 0; h < body.cap; h++)
      if (body.keys && body.keys[h] && body.vals[h] == (void *)k) {
        const Var *arr = body.keys[h];
        if (arr->type->kind == TY_ARRAY && arr->type->len == (long)hi->value) ptrmap_put(def, arr, RP_FULL);
      }
    return true;
  }
  case ST_WHILE: {
    if (!rp_expr(c, s->cond, def, ctr)) return false;
    PtrMap body = ptrmap_copy(def);
    return rp_stmt(c, s->then, &body, NULL) && rp_expr(c, s->cond, &body, NULL);
  }
  case ST_IF: {
    if (!rp_expr(c, s->cond, def, ctr)) return false;
    PtrMap t = ptrmap_copy(def), e = ptrmap_copy(def);
    return rp_stmt(c, s->then, &t, NULL) && rp_stmt(c, s->els, &e, NULL);
  }
  default: return false;
  }
}

typedef struct IdxCtx { const PtrMap *vars; PtrMap *n; } IdxCtx;

static Walk index_visit(Expr *e, void *ctx) {
  IdxCtx *c = ctx;
  const Var *arr = indexed_array(e);
  if (arr && ptrmap_get(c->vars, arr)) count_up(c->n, arr, 1);
  return WALK_ON;
}

static void index_sites(const Stmt *s, IdxCtx *c) {
  if (s) st_each_expr(s, index_visit, c);
}

typedef struct AtCtx { const Var *arr, *ctr; bool ok; } AtCtx;

static Walk at_visit(Expr *e, void *ctx) {
  AtCtx *c = ctx;
  if (indexed_array(e) == c->arr) {
    const Expr *ix = ex_strip_implicit(e->rhs);
    if (ix->kind != EX_VAR || ix->var != c->ctr) c->ok = false;
    return WALK_SKIP;  /* (the array under it is this element's) */
  }
  if (e->kind == EX_VAR && e->var == c->arr) c->ok = false;
  return WALK_ON;
}

/* s names array arr only as arr[ctr] */
static bool only_at(const Stmt *s, const Var *arr, const Var *ctr) {
  AtCtx c = {arr, ctr, true};
  st_each_expr(s, at_visit, &c);
  return c.ok;
}

/* s stores into a variable of L */
static bool rp_stores(const Stmt *s, const PtrMap *vars) {
  if (!s) return false;
  if (s->kind == ST_DECL && ptrmap_get(vars, s->var)) return true;
  if (s->kind == ST_ASSIGN) {
    const Var *v = s->lhs->kind == EX_VAR ? s->lhs->var : indexed_array(s->lhs);
    if (v && ptrmap_get(vars, v)) return true;
  }
  if (rp_stores(s->then, vars) || rp_stores(s->els, vars) || rp_stores(s->init, vars) || rp_stores(s->step, vars))
    return true;
  for (int i = 0; i < s->nbody; i++)
    if (rp_stores(s->body[i], vars)) return true;
  return false;
}

/* What running s again costs by recompute_cost's measure (operators and
 * loads 1, math calls 8), inner loops times their constant trip counts;
 * -1 for a loop whose trip count is not a constant. */
static long rp_cost_expr(const Expr *e) {
  if (!e) return 0;
  long c = e->kind == EX_CALL ? RECOMPUTE_CALL
           : e->kind == EX_BIN || e->kind == EX_COND || e->kind == EX_INDEX || e->kind == EX_DEREF ||
                   e->kind == EX_MEMBER || (e->kind == EX_UN && ty_is_float(e->type))
               ? 1
               : 0;
  c += rp_cost_expr(e->lhs) + rp_cost_expr(e->rhs) + rp_cost_expr(e->cond);
  for (int i = 0; i < e->nargs; i++) c += rp_cost_expr(e->args[i]);
  return c;
}

static long rp_cost(const Stmt *s) {
  if (!s) return 0;
  switch (s->kind) {
  case ST_BLOCK: {
    long c = 0;
    for (int i = 0; i < s->nbody; i++) {
      long ci = rp_cost(s->body[i]);
      if (ci < 0) return -1;
      c += ci;
    }
    return c;
  }
  case ST_DECL: return rp_cost_expr(s->expr);
  case ST_ASSIGN: return rp_cost_expr(s->rhs) + (s->lhs->kind == EX_INDEX ? rp_cost_expr(s->lhs->rhs) : 0);
  case ST_IF: {
    long t = rp_cost(s->then), e = rp_cost(s->els);
    return t < 0 || e < 0 ? -1 : 1 + rp_cost_expr(s->cond) + (t > e ? t : e);
  }
  case ST_FOR: {
    Var *i;
    const Expr *lo, *hi;
    long step;
    if (!adj_loop_header(s, &i, &lo, &hi, &step) || step <= 0 || s->cond->op != OP_LT) return -1;
    lo = ex_strip_implicit(lo);
    hi = ex_strip_implicit(hi);
    if (lo->kind != EX_NUM || hi->kind != EX_NUM) return -1;
    long trips = ((long)hi->value - (long)lo->value + step - 1) / step;
    long body = rp_cost(s->then);
    if (body < 0 || trips > 64) return -1;
    return trips <= 0 ? 0 : trips * (body + 2);
  }
  default: return -1;
  }
}

static Replay *find_replay(Adj *a, const Stmt *loop) {
  const Stmt *b = loop->then;
  /* (a loop inside a replayed prefix: the enclosing replay set its values) */
  if (!b || b->kind != ST_BLOCK || loop->checkpoint || loop->parallel || loop->omp || !a->body || a->in_prefix)
    return NULL;
  for (int d = 0; d < a->loops.len; d++) {
    const Stmt *l = a->loops.data[d];
    if (l->checkpoint) return NULL;
  }
  int from = outer_from(a);
  if (from < 0) return NULL;
  Replay *r = xmalloc(sizeof *r);
  IterIndex *ix = iter_index(a);
  PtrMap sites = {0};
  mention_sites(b, &sites);
  PtrMap w = {0};
  int loops = 0, np = 0;
  for (; np < b->nbody; np++) {
    PtrMap w1 = ptrmap_copy(&w);
    int l1 = loops;
    if (!rp_writes(a, b->body[np], &w1, &l1, &r->lvs)) break;
    /* L: named only inside the body (r2 += d[k] * d[k] ends a loop over k's) */
    bool inside = true;
    for (int h = 0; h < w1.cap && inside; h++)
      if (w1.keys && w1.keys[h]) inside = ptrmap_get(&ix->nsites, w1.keys[h]) == ptrmap_get(&sites, w1.keys[h]);
    if (!inside) break;
    w = w1;
    loops = l1;
  }
  if (np == 0 || np == b->nbody) return NULL;
  /* worth it: what the scalar rule does not reach */
  bool worth = loops > 0, floating = false;
  for (int h = 0; h < w.cap; h++) {
    if (!w.keys || !w.keys[h]) continue;
    const Var *v = w.keys[h];
    ptrmap_put(&r->vars, v, (void *)1);
    const Type *t = v->type->kind == TY_ARRAY ? v->type->base : v->type;
    if (ty_is_float(t)) floating = true;
    if (v->type->kind == TY_ARRAY || (ty_is_float(t) && (long)w.vals[h] > 2)) worth = true;
  }
  if (!worth || !floating) return NULL;
  /* cheap: a few values' worth of the scalar rule's limit */
  long cost = 0;
  for (int i = 0; i < np && cost >= 0; i++) {
    long ci = rp_cost(b->body[i]);
    cost = ci < 0 ? -1 : cost + ci;
  }
  if (cost < 0 || cost > REPLAY_MAX) return NULL;
  /* arrays only indexed, L stored into by P alone */
  PtrMap idx = {0};
  IdxCtx ic = {&r->vars, &idx};
  index_sites(b, &ic);
  for (int h = 0; h < r->vars.cap; h++) {
    if (!r->vars.keys || !r->vars.keys[h]) continue;
    const Var *v = r->vars.keys[h];
    if (v->type->kind == TY_ARRAY && ptrmap_get(&idx, v) != ptrmap_get(&sites, v)) return NULL;
  }
  for (int i = np; i < b->nbody; i++)
    if (rp_stores(b->body[i], &r->vars)) return NULL;
  /* in a counted loop over c, P may set A[c] for the rest to read */
  Var *own = adj_counted_ctr(loop);
  RpCtx c = {a, from, &r->vars};
  PtrMap def = {0};
  for (int i = 0; i < np; i++)
    if (!rp_stmt(&c, b->body[i], &def, own)) return NULL;
  for (int h = 0; h < r->vars.cap; h++) {
    if (!r->vars.keys || !r->vars.keys[h]) continue;
    const Var *v = r->vars.keys[h];
    const void *d = ptrmap_get(&def, v);
    bool whole = d == RP_FULL;
    if (whole) ptrmap_put(&r->whole, v, (void *)1);
    for (int i = np; i < b->nbody && !whole; i++)
      if (adj_stmt_mentions(b->body[i], v) && !(own && d == own && only_at(b->body[i], v, own))) return NULL;
  }
  r->np = np;
  return r;
}

/* The prepared statement as plain forward code: declarations of hoisted
 * locals become assignments (or nothing). */
static Stmt *primal_copy(const Stmt *s);

static void primal_into(Stmt *into, const Stmt *s) {
  if (s->kind == ST_BLOCK && !s->omp) {
    for (int i = 0; i < s->nbody; i++) primal_into(into, s->body[i]);
  } else if (s->kind != ST_DECL || s->expr) {
    st_append(into, primal_copy(s));
  }
}

static Stmt *primal_copy(const Stmt *s) {
  if (!s) return NULL;
  if (s->kind == ST_DECL) return st_assign(ex_var(s->var), ir_clone_expr(s->expr, NULL), s->loc);
  if (s->kind == ST_BLOCK) {
    Stmt *b = st_block(s->loc);
    primal_into(b, s);
    return b;
  }
  Stmt *c = ir_clone_stmt(s, NULL);
  c->then = primal_copy(s->then);
  c->els = primal_copy(s->els);
  c->init = primal_copy(s->init);
  c->step = primal_copy(s->step);
  return c;
}

static Walk tape_visit(Expr *e, void *any) {
  if (e->kind == EX_CALL && e->rt) {
    *(bool *)any = true;
    return WALK_STOP;
  }
  return WALK_ON;
}

static bool uses_tape(const Stmt *s) {
  bool any = false;
  st_each_expr(s, tape_visit, &any);
  return any;
}

bool adj_replayed(const Adj *a, const Var *x) { return ptrmap_get(&a->replayed, x) != NULL; }

Stmt *adj_replay_body(Adj *a, Stmt *loop, Stmt *fwd, Stmt *bwd) {
  const void *m = ptrmap_get(&a->replay, loop);
  if (!m) {
    m = find_replay(a, loop);
    ptrmap_put(&a->replay, loop, m ? (void *)m : (void *)a);  /* (a: none) */
  }
  const Replay *r = m == (void *)a ? NULL : m;
  if (!r) {
    adj_block(a, loop->then, fwd, bwd);
    return NULL;
  }
  const Stmt *b = loop->then;
  SrcLoc loc = b->loc;
  Stmt *p = st_block(loc), *rest = st_block(loc);
  for (int i = 0; i < b->nbody; i++) st_append(i < r->np ? p : rest, b->body[i]);
  /* the replay serves earlier iterations: while P is built, their reads
   * of L need no save (put back after it: a class may hold more) */
  PtrVec gone = {0};
  if (a->phase == 2 && a->before)
    for (int h = 0; h < r->vars.cap; h++) {
      if (!r->vars.keys || !r->vars.keys[h]) continue;
      Var *v = (Var *)r->vars.keys[h];
      const Expr *lv = ptrmap_get(&r->lvs, v);
      const void *keys[2] = {v, act_loc_id(a->v, lv ? (Expr *)lv : ex_var(v))};
      for (int q = 0; q < 2; q++) {
        int k = keys[q] ? tbr_find(a->tbr, keys[q]) : -1;
        if (k >= 0 && tbrset_has(a->before, k)) {
          tbrset_del(a->before, k);
          vec_push(&gone, (void *)(long)(k + 1));
        }
      }
    }
  Stmt *fp = st_block(loc), *bp = st_block(loc), *fr = st_block(loc), *br = st_block(loc);
  Stmt *pre = a->loop_pre;
  a->loop_pre = NULL;
  a->in_prefix++;
  adj_block(a, p, fp, bp);
  a->in_prefix--;
  a->loop_pre = pre;
  for (int q = 0; q < gone.len; q++) tbrset_add(a->before, (int)(long)gone.data[q] - 1);
  PtrMap outer = a->replayed;
  a->replayed = ptrmap_copy(&outer);
  for (int h = 0; h < r->whole.cap; h++)
    if (r->whole.keys && r->whole.keys[h]) ptrmap_put(&a->replayed, r->whole.keys[h], (void *)1);
  adj_block(a, rest, fr, br);
  a->replayed = outer;
  /* forward: P's forward code (it saves only what P's own backward code
   * reads), the rest's; backward: P again (its forward code as written
   * when that saves nothing: the same operations, the same values), the
   * rest's backward code, P's (the backward sweep still only pops:
   * jacrev's split sweeps) */
  Stmt *again = uses_tape(fp) ? primal_copy(p) : ir_clone_stmt(fp, NULL);
  for (int i = 0; i < fp->nbody; i++) st_append(fwd, fp->body[i]);
  for (int i = 0; i < fr->nbody; i++) st_append(fwd, fr->body[i]);
  for (int i = 0; i < br->nbody; i++) st_append(bwd, br->body[i]);
  for (int i = 0; i < bp->nbody; i++) st_append(bwd, bp->body[i]);
  return again;
}

/* ---- Elements of one iteration -------------------------------------------
 * for (k = 0; k < 3; k++) { d[k] = ..; d[k] -= ..; r2 += d[k] * d[k]; }:
 * iteration k touches only d[k], so what the backward code of the other
 * iterations reads of d needs no save before a store of this one's. When
 * the loop's body names a local array (whose address is not taken) only as
 * A[c], c the loop's counter, which the body does not change, and every
 * store of the body into A's memory class is such an A[c] (a class may
 * hold more) and the body calls nothing but <math.h>, the loop's own reads
 * of A are left out of what earlier statements read (adj_before_add);
 * statements before the loop that read A still count. */

typedef struct ElemCtx { Adj *a; PtrMap cands; } ElemCtx;

static Walk elem_visit(Expr *e, void *ctx) {
  ElemCtx *c = ctx;
  if (e->kind == EX_VAR && e->var->type->kind == TY_ARRAY && e->var->kind == VAR_LOCAL && !e->var->is_static &&
      !ptrmap_get(&c->a->addr_taken, e->var))
    ptrmap_put(&c->cands, e->var, (void *)1);
  return WALK_ON;
}

/* every store of s into class cls is arr[ctr] */
static bool stores_only_at(Adj *a, const Stmt *s, const void *cls, const Var *arr, const Var *ctr) {
  if (!s) return true;
  if (s->kind == ST_ASSIGN && act_loc_id(a->v, s->lhs) == cls) {
    const Expr *ix = indexed_array(s->lhs) == arr ? ex_strip_implicit(s->lhs->rhs) : NULL;
    if (!ix || ix->kind != EX_VAR || ix->var != ctr) return false;
  }
  if (s->kind == ST_DECL && s->var != arr && act_loc_id(a->v, ex_var(s->var)) == cls) return false;
  if (!stores_only_at(a, s->then, cls, arr, ctr) || !stores_only_at(a, s->els, cls, arr, ctr) ||
      !stores_only_at(a, s->init, cls, arr, ctr) || !stores_only_at(a, s->step, cls, arr, ctr))
    return false;
  for (int i = 0; i < s->nbody; i++)
    if (!stores_only_at(a, s->body[i], cls, arr, ctr)) return false;
  return true;
}

/* an element of arr that s stores into */
static const Expr *some_elem(const Stmt *s, const Var *arr) {
  if (!s) return NULL;
  if (s->kind == ST_ASSIGN && indexed_array(s->lhs) == arr) return s->lhs;
  const Expr *e;
  if ((e = some_elem(s->then, arr)) || (e = some_elem(s->els, arr)) || (e = some_elem(s->init, arr)) ||
      (e = some_elem(s->step, arr)))
    return e;
  for (int i = 0; i < s->nbody; i++)
    if ((e = some_elem(s->body[i], arr))) return e;
  return NULL;
}

void adj_before_add_loop(Adj *a, const Stmt *loop) {
  Var *c = a->before ? adj_counted_ctr(loop) : NULL;
  PtrVec drop = {0};
  if (c && !calls_any(loop->then)) {
    ElemCtx ec = {a, {0}};
    st_each_expr(loop->then, elem_visit, &ec);
    for (int h = 0; h < ec.cands.cap; h++) {
      if (!ec.cands.keys || !ec.cands.keys[h]) continue;
      const Var *arr = ec.cands.keys[h];
      const Expr *lv = some_elem(loop->then, arr);
      AtCtx at = {arr, c, true};
      if (loop->cond) ex_each(loop->cond, at_visit, &at);
      if (!lv || !at.ok || !only_at(loop->then, arr, c) || (loop->step && !only_at(loop->step, arr, c))) continue;
      const void *cls = act_loc_id(a->v, (Expr *)lv);
      if (cls && !stores_only_at(a, loop->then, cls, arr, c)) continue;
      const void *keys[2] = {arr, cls};
      for (int q = 0; q < 2; q++) {
        int k = keys[q] ? tbr_find(a->tbr, keys[q]) : -1;
        if (k >= 0 && !tbrset_has(a->before, k)) vec_push(&drop, (void *)(long)(k + 1));
      }
    }
  }
  adj_before_add(a, loop);
  for (int q = 0; q < drop.len; q++) tbrset_del(a->before, (int)(long)drop.data[q] - 1);
}
