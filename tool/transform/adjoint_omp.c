/*
 * adjoint_omp.c — reverse mode of an OpenMP parallel loop.
 * Requires: adjoint_loop.c (the loop's parts, built: init, body, step and
 * their backward code), the primal loop's Omp (front/pragma_omp.c).
 * Provides: adj_omp_loop, both sweeps of a 'parallel for' parallel:
 *   - iterations that keep nothing for the backward sweep: a 'parallel
 *     for' per sweep over the primal's iterations;
 *   - iterations that keep values: a parallel region per sweep; in the
 *     forward one each thread pushes its iterations' values and indices
 *     on its own tape, then its privates' final values, its count and its
 *     thread number; the backward team (as many threads) pops them back,
 *     ccad_omp_check stopping a changed team.
 * Clauses come from the code built: a scalar only summed (v = v + e, v
 * not read otherwise) is reduction(+:v); anything else the body writes is
 * firstprivate, except a variable the primal shares (written under
 * critical), which keeps the loop serial. Accumulations into shared memory
 * (the adjoints of shared reads) are plain where every one is by the loop
 * counter or into rows the iterations keep apart, else into per-thread
 * copies of adjoint arrays of known size (a request's, a local buffer's, a
 * block every iteration touches), else '#pragma omp atomic' (unless the
 * iteration stores to that element: the adjoint of its own store), with a
 * copy of the backward loop without atomics for a team of one thread
 * (adjoint_omp_acc.c).
 * Calls in the body and reductions other than + and -: serial, with a
 * note. adj_omp_hoist_bounds: a bound read through a pointer (i <= f->n)
 * that the loop cannot change is read once before it, so the loop is
 * counted (adj_omp_split_regions, a region's 'omp for' loops as 'parallel
 * for' loops: adjoint_omp_regions.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adjoint_int.h"
#include "../ir/rules.h"

/* INFINITY, NAN, HUGE_VAL: glibc's __builtin_inff() and kin, constants */
static bool builtin_constant(const Expr *e) {
  return e->kind == EX_CALL && !e->rt && e->nargs <= 1 && e->text && str_starts(e->text, "__builtin_") &&
         (strstr(e->text, "inf") || strstr(e->text, "nan") || strstr(e->text, "huge_val"));
}

static Walk any_call(Expr *e, void *ctx) {
  (void)ctx;
  if (e->kind == EX_CALL && !builtin_constant(e) && (e->rt || !rule_find(e->text))) return WALK_STOP;
  return WALK_ON;
}

/* Only assignments, declarations, ifs and loops over pure expressions. */
static bool plain_code(const Stmt *s) { return !s || st_each_expr(s, any_call, NULL); }

typedef struct Writes {
  PtrVec vars;      /* Var* written, in order */
  PtrMap nonacc;    /* Var* -> 1: written other than v = v + e, or read elsewhere */
  PtrMap declared;  /* Var* declared in the body */
  PtrMap *inner;    /* Var* the primal declares inside its parallel loops */
} Writes;

static bool accumulates(const Stmt *s, const Var *v) {
  const Expr *r = ex_strip_implicit(s->rhs);
  return r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB) && ex_strip_implicit(r->lhs)->kind == EX_VAR &&
         ex_strip_implicit(r->lhs)->var == v && !ex_mentions(r->rhs, v);
}

static Walk note_write(Stmt *s, void *ctx) {
  Writes *w = ctx;
  if (s->kind == ST_DECL) ptrmap_put(&w->declared, s->var, (void *)1);
  if (s->kind != ST_ASSIGN) return WALK_ON;
  Var *v = s->lhs->kind == EX_VAR ? s->lhs->var : NULL;
  if (!v && (s->lhs->kind == EX_INDEX || s->lhs->kind == EX_MEMBER)) {
    Var *r = ex_root_var(s->lhs);
    /* a local array or struct the primal declares inside its loop: each
     * thread's own (else it is shared memory, as in the primal) */
    if (r && r->kind == VAR_LOCAL && (r->type->kind == TY_ARRAY || r->type->kind == TY_RECORD) &&
        w->inner && ptrmap_get(w->inner, r))
      v = r;
    if (v) ptrmap_put(&w->nonacc, v, (void *)1);
  }
  if (!v) return WALK_ON;
  bool seen = false;
  for (int i = 0; i < w->vars.len && !seen; i++) seen = w->vars.data[i] == v;
  if (!seen) vec_push(&w->vars, v);
  if (s->lhs->kind != EX_VAR || !ty_is_arith(v->type) || !accumulates(s, v)) ptrmap_put(&w->nonacc, v, (void *)1);
  return WALK_ON;
}

/* v is read in the body other than by its own accumulations */
typedef struct Reads {
  const Var *v;
  bool read;
} Reads;

static Walk reads_var(Expr *e, void *ctx) {
  Reads *r = ctx;
  if (e->kind == EX_VAR && e->var == r->v) r->read = true;
  return r->read ? WALK_STOP : WALK_ON;
}

static Walk other_read(Stmt *s, void *ctx) {
  Reads *r = ctx;
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var == r->v && accumulates(s, r->v)) return WALK_SKIP;
  if (s->kind == ST_ASSIGN) {
    if (s->lhs->kind != EX_VAR) ex_each(s->lhs, reads_var, r);
    ex_each(s->rhs, reads_var, r);
  } else {
    ex_each(s->expr, reads_var, r);
    ex_each(s->cond, reads_var, r);
  }
  return r->read ? WALK_STOP : WALK_ON;
}

/* The variables the primal declares inside its OpenMP loops: each
 * thread's own. */
static Walk inner_decl(Stmt *s, void *ctx) {
  if (s->kind == ST_DECL) ptrmap_put(ctx, s->var, (void *)1);
  return WALK_ON;
}

static Walk omp_loop_decls(Stmt *s, void *ctx) {
  if (s->kind == ST_FOR && s->omp) st_each(s->then, inner_decl, ctx);
  if (s->kind == ST_BLOCK && s->omp && s->omp->team) st_each(s, inner_decl, ctx);  /* a region's */
  return WALK_ON;
}

/* ..., and the arrays of numbers declared outside that the loop's private
 * or firstprivate clause makes each thread's own (double tmp[3]; in C89
 * style). (A struct so listed stays shared memory: its adjoint's copies
 * could not be summed; a body that stores into it runs serially.) */
static void own_listed(PtrMap *m, const PtrVec *l) {
  for (int i = 0; i < l->len; i++) {
    const Var *v = l->data[i];
    const Type *t = v->type;
    while (t->kind == TY_ARRAY) t = t->base;
    if (v->type->kind == TY_ARRAY && ty_is_arith(t)) ptrmap_put(m, v, (void *)1);
  }
}

static PtrMap *inner_vars(Adj *a, const Omp *user) {
  PtrMap *m = xmalloc(sizeof *m);
  memset(m, 0, sizeof *m);
  st_each(a->primal->body, omp_loop_decls, m);
  own_listed(m, &user->priv);
  own_listed(m, &user->fpriv);
  /* and the adjoints of its arrays and structs (float result[8] in the
   * loop: result_bar), which the backward loop accumulates into and must
   * not share either; not a pointer's, which points where the primal's
   * does, nor one that holds pointers */
  for (int i = 0; i < a->shadow_of.cap; i++) {
    const Var *b = a->shadow_of.keys ? a->shadow_of.keys[i] : NULL;
    if (b && ptrmap_get(m, a->shadow_of.vals[i]) && (b->type->kind == TY_ARRAY || b->type->kind == TY_RECORD) &&
        !ty_holds_ptr(b->type))
      ptrmap_put(m, b, (void *)1);
  }
  return m;
}

static const char *user_red(const Omp *o, const Var *v) {
  for (int i = 0; i < o->nred; i++)
    if (o->red[i].var == v) return o->red[i].op;
  return NULL;
}

static bool in_list(const PtrVec *l, const Var *v) {
  for (int i = 0; i < l->len; i++)
    if (l->data[i] == v) return true;
  return false;
}

/* The clauses of a built loop over 'body' with counter 'ctr'. */
/* A variable of the primal function that the primal's loop shares: not
 * declared in it, in none of its data clauses. Written other than by
 * accumulation (under 'critical', say), no copy per thread keeps it right. */
static bool primal_shared(Adj *a, const Omp *user, PtrMap *inner, const Var *v) {
  bool primal = v->kind == VAR_GLOBAL;
  for (int i = 0; i < a->primal->nparams && !primal; i++) primal = a->primal->params[i] == v;
  for (int i = 0; i < a->primal->locals.len && !primal; i++) primal = a->primal->locals.data[i] == v;
  return primal && !(inner && ptrmap_get(inner, v)) && !in_list(&user->priv, v) && !in_list(&user->fpriv, v) &&
         !in_list(&user->lpriv, v) && !user_red(user, v);
}

/* Does the loop body store into memory under v (v[i] = .., v[i] += ..)? */
typedef struct StoreTo {
  const Var *v;
} StoreTo;

static Walk stores_to(Stmt *s, void *ctx) {
  const StoreTo *t = ctx;
  return s->kind == ST_ASSIGN && s->lhs->kind != EX_VAR && ex_root_var(s->lhs) == t->v ? WALK_STOP : WALK_ON;
}

/* The adjoint (backward code) of a scalar or array the user's loop makes
 * each thread's own, private(t) or firstprivate(c), declared outside it: each
 * thread's copy of the adjoint starts at 0 (nothing after the loop reads
 * the thread's copy), and what it holds at the end, the adjoint of the
 * copy's value on entry (firstprivate: the shared value's), adds to the
 * shared adjoint: reduction(+). firstprivate would start each thread from
 * the adjoint of the variable after the loop, and drop the threads' parts. */
static bool thread_copy_adjoint(Adj *a, const Omp *user, const Var *v) {
  const Var *p = ptrmap_get(&a->shadow_of, v);
  const Type *t = v->type;
  while (t->kind == TY_ARRAY && !t->vla && t->len > 0) t = t->base;  /* double tmp_bar[3]: reduced whole */
  return p && ty_is_float(t) && (in_list(&user->priv, p) || in_list(&user->fpriv, p));
}

/* The user's reductions over arrays (acc, acc[:4], h[:m]) whose memory the
 * body stores into: each thread's copy, summed (else a race on it). */
static void array_reductions(const Omp *user, Stmt *body, Omp *o) {
  for (int i = 0; i < user->nred; i++) {
    const OmpRed *r = &user->red[i];
    if (!r->len && r->var->type->kind != TY_ARRAY) continue;
    StoreTo t = {r->var};
    if (!st_each(body, stores_to, &t)) {
      omp_add_red(o, r->op, r->var);
      o->red[o->nred - 1].len = r->len ? ir_clone_expr(r->len, NULL) : NULL;
    }
  }
}

static const char *rest_part(const char *rest, bool loop);

/* The user's clauses but simd's safelen and simdlen: the built loops are
 * 'parallel for' loops, which take neither (a 'parallel for simd' of the
 * primal: "safelen is not valid for #pragma omp parallel for"). */
static const char *no_simd_rest(const char *rest) {
  const char *team = rest_part(rest, false), *loop = rest_part(rest, true);
  return team && loop ? xfmt("%s %s", team, loop) : team ? team : loop;
}

/* The clauses of a built loop over 'body' with counter 'ctr'; NULL where
 * the body writes a variable the primal shares other than by sums. */
static Omp *clauses(Adj *a, const Omp *user, Stmt *loop, const Var *ctr, PtrMap *inner) {
  Stmt *body = loop->kind == ST_FOR ? loop->then : loop;
  Omp *o = xmalloc(sizeof *o);
  memset(o, 0, sizeof *o);
  o->dir = "parallel for";
  o->team = true;
  o->collapse = 1;
  o->rest = no_simd_rest(user->rest);
  o->loc = user->loc;
  o->red = xmalloc(sizeof(OmpRed));
  for (int k = 0; k < 2; k++) {  /* a listed struct the body stores into: see own_listed */
    const PtrVec *l = k ? &user->fpriv : &user->priv;
    for (int i = 0; i < l->len; i++) {
      StoreTo t = {l->data[i]};
      if (((Var *)l->data[i])->type->kind == TY_RECORD && !st_each(body, stores_to, &t)) return NULL;
    }
  }
  Writes w = {.inner = inner};
  st_each(body, note_write, &w);
  for (int i = 0; i < w.vars.len; i++) {
    Var *v = w.vars.data[i];
    if (v == ctr && loop->kind != ST_FOR) vec_push(&o->fpriv, v);  /* a region sets it */
    if (v == ctr || ptrmap_get(&w.declared, v)) continue;
    Reads r = {v, false};
    if (!ptrmap_get(&w.nonacc, v)) st_each(body, other_read, &r);
    const char *op = user_red(user, v);
    if (op || (!ptrmap_get(&w.nonacc, v) && !r.read))
      omp_add_red(o, op ? op : "+", v);
    else if (primal_shared(a, user, inner, v))
      return NULL;
    else if (in_list(&user->lpriv, v))
      vec_push(&o->lpriv, v);
    else if (thread_copy_adjoint(a, user, v))
      omp_add_red(o, "+", v);
    else
      vec_push(&o->fpriv, v);
  }
  array_reductions(user, body, o);
  return o;
}

/* ---- Loops that keep values: a parallel region per sweep ---------------- */

/* Tape operations each thread does on its own tape, and math. */
static Walk region_call(Expr *e, void *ctx) {
  (void)ctx;
  if (e->kind != EX_CALL || builtin_constant(e)) return WALK_ON;
  if (!e->rt) return rule_find(e->text) ? WALK_ON : WALK_STOP;
  RtKind k = rt_info[e->rt].kind;
  return k == RK_PUSH || k == RK_POP || k == RK_RESERVE || k == RK_RELEASE || k == RK_FRAME_PUSH ||
                 k == RK_FRAME_POP
             ? WALK_ON
             : WALK_STOP;
}

static bool region_code(const Stmt *s) { return !s || st_each_expr(s, region_call, NULL); }

/* The user's clauses kept as written, those of the loop (schedule) or the
 * rest (if, num_threads, proc_bind: the team's); simd's safelen and simdlen
 * go (the split loops are no simd loops). */
static const char *rest_part(const char *rest, bool loop) {
  if (!rest) return NULL;
  StrBuf b = {0};
  const char *p = rest;
  while (*p) {
    const char *s = p;
    int depth = 0;
    for (; *p && !(*p == ' ' && depth == 0); p++) depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
    bool sched = !strncmp(s, "schedule", 8);
    bool simd = !strncmp(s, "safelen", 7) || !strncmp(s, "simdlen", 7);  /* the split loops are no simd loops */
    if (!simd && sched == loop) sb_printf(&b, "%s%.*s", b.len ? " " : "", (int)(p - s), s);
    while (*p == ' ') p++;
  }
  return b.len ? sb_take(&b) : NULL;
}

/* The forward region's clauses with if(!omp_in_parallel()) joined to the
 * user's if: inside an active parallel region (vmap(f_grad) with nested
 * parallelism) the loop runs on the calling thread. A nested team's
 * threads can be others in the backward sweep than in the forward one,
 * and each thread's tape is its own. */
static const char *unnested(const char *rest) {
  const char *at = rest ? strstr(rest, "if(") : NULL;
  while (at && at != rest && at[-1] != ' ') at = strstr(at + 1, "if(");
  if (!at) return rest ? xfmt("%s if(!omp_in_parallel())", rest) : "if(!omp_in_parallel())";
  const char *cond = at + 3, *end = cond;
  for (int depth = 1; *end && depth; end++) depth += *end == '(' ? 1 : *end == ')' ? -1 : 0;
  const char *colon = strstr(cond, "parallel:");  /* the directive-name modifier stays in front */
  if (colon == cond) cond += 9;
  return xfmt("%.*sif(%.*s!omp_in_parallel() && (%.*s))%s", (int)(at - rest), rest, (int)(cond - at - 3), at + 3,
              (int)(end - 1 - cond), cond, end);
}

static Omp *new_omp(const char *dir, bool team, SrcLoc loc) {
  Omp *o = xmalloc(sizeof *o);
  memset(o, 0, sizeof *o);
  o->dir = dir;
  o->team = team;
  o->collapse = 1;
  o->loc = loc;
  o->red = xmalloc(sizeof(OmpRed));
  return o;
}

static Var *local_in(Adj *a, Stmt *block, const char *hint, Type *t, Expr *init, SrcLoc loc) {
  Var *v = fn_new_var(a->out, hint, t, VAR_LOCAL, loc);
  st_append(block, st_decl(v, init, loc));
  return v;
}

/* Forward:   nth = 1;
 *            #pragma omp parallel firstprivate(P)       P: what the body writes
 *            { long iters = 0;
 *              #pragma omp for schedule reduction      the user's
 *              for (i = a; i < b; i++) { fwd body; push i; iters++; }
 *              push P; push iters; push thread; if (thread == 0) nth = threads; }
 *            push nth;
 * Backward:  nth = pop;
 *            #pragma omp parallel num_threads(nth) firstprivate(..) reduction(+: ..)
 *            { check(pop, nth); long iters = pop; pop P;
 *              for (; iters > 0; iters--) { i = pop; bwd body } }
 * Each thread runs back its own iterations from its own tape. */
/* An array or struct of a size known when compiling (not a VLA). */
static bool fixed_aggregate(const Type *t) {
  if (t->kind == TY_RECORD) return true;
  if (t->kind != TY_ARRAY) return false;
  for (; t->kind == TY_ARRAY; t = t->base)
    if (t->vla || t->len < 0) return false;
  return true;
}

static Expr *bytes_at(Var *v) { return v->type->kind == TY_ARRAY ? ex_var(v) : ex_addr(ex_var(v)); }

/* What the forward body writes: P, each thread's own (its final value
 * taped), and sums of variables the primal shares (reduced); false where
 * a region cannot keep it right. */
static bool region_vars(Adj *a, const Omp *u, const Var *ctr, Stmt *fb, Stmt *bb, PtrMap *inner, PtrVec *P,
                        PtrVec *sums) {
  for (int i = 0; i < u->nred; i++)
    if (strcmp(u->red[i].op, "+") && strcmp(u->red[i].op, "-")) return false;
  if (u->lpriv.len || !region_code(fb) || !region_code(bb) || !clauses(a, u, bb, NULL, inner)) return false;
  Writes w = {.inner = inner};
  st_each(fb, note_write, &w);
  for (int i = 0; i < w.vars.len; i++) {
    Var *v = w.vars.data[i];
    if (v == ctr || ptrmap_get(&w.declared, v) || user_red(u, v)) continue;
    Reads r = {v, false};
    if (!ptrmap_get(&w.nonacc, v)) st_each(fb, other_read, &r);
    if (primal_shared(a, u, inner, v)) {
      if (ptrmap_get(&w.nonacc, v) || r.read) return false;
      vec_push(sums, v);
      continue;
    }
    if (fixed_aggregate(v->type)) {
      /* float result[8] declared in the loop: each thread's own, its
       * final contents taped whole */
      if (!(inner && ptrmap_get(inner, v))) return false;
      vec_push(P, v);
      continue;
    }
    RtElem el = rt_elem_of(v->type);
    if (v->type->kind == TY_ARRAY || v->type->kind == TY_RECORD || !rt_find(RK_PUSH, el)) return false;
    vec_push(P, v);
  }
  return true;
}

static void omp_region(Adj *a, Stmt *s, Var *ctr, Stmt *fi, Stmt *fb, Stmt *fs, Stmt *bb, Stmt *fwd, Stmt *bwd,
                       PtrMap *inner, PtrVec P, PtrVec sums) {
  const Omp *u = s->omp;
  SrcLoc loc = s->loc;
  Var *nth = adj_temp(a, "nth", ty_long(), ex_int(1), a->top, loc);
  /* forward */
  Stmt *R = st_block(loc);
  R->omp = new_omp("parallel", true, u->loc);
  R->omp->rest = unnested(rest_part(u->rest, false));
  for (int i = 0; i < P.len; i++)  /* (an array the loop declares holds nothing yet: private) */
    vec_push(fixed_aggregate(((Var *)P.data[i])->type) && !in_list(&u->fpriv, P.data[i]) ? &R->omp->priv : &R->omp->fpriv,
             P.data[i]);
  Var *n = local_in(a, R, "iters", ty_long(), ex_int(0), loc);
  st_append(fb, st_expr(ex_rt1(rt_find(RK_PUSH, rt_elem_of(ctr->type)), ex_var(ctr)), loc));
  st_append(fb, st_assign(ex_var(n), ex_bin(OP_ADD, ex_var(n), ex_int(1)), loc));
  Stmt *fl = st_new(ST_FOR, loc);
  fl->init = fi;
  fl->cond = ir_clone_expr(s->cond, NULL);
  fl->step = fs;
  fl->then = fb;
  fl->omp = new_omp("for", false, u->loc);
  fl->omp->rest = rest_part(u->rest, true);
  for (int i = 0; i < u->nred; i++) omp_add_red(fl->omp, u->red[i].op, u->red[i].var);
  for (int i = 0; i < sums.len; i++) omp_add_red(fl->omp, "+", sums.data[i]);
  st_append(R, fl);
  for (int i = 0; i < P.len; i++) {
    Var *v = P.data[i];
    if (fixed_aggregate(v->type)) {
      st_append(R, st_expr(ex_rt2(RT_PUSH_BYTES, bytes_at(v), d_sizeof_expr(ex_var(v))), loc));
      continue;
    }
    Expr *x = ty_is_ptr(v->type) ? ex_cast(ty_ptr(ty_void()), ex_var(v)) : ex_var(v);
    st_append(R, st_expr(ex_rt1(rt_find(RK_PUSH, rt_elem_of(v->type)), x), loc));
  }
  st_append(R, st_expr(ex_rt1(RT_PUSH_I, ex_var(n)), loc));
  st_append(R, st_expr(ex_rt1(RT_PUSH_I, ex_rt0(RT_OMP_THREAD)), loc));
  Stmt *first = st_new(ST_IF, loc);
  first->cond = ex_bin(OP_EQ, ex_rt0(RT_OMP_THREAD), ex_int(0));
  first->then = st_block(loc);
  st_append(first->then, st_assign(ex_var(nth), ex_rt0(RT_OMP_THREADS), loc));
  st_append(R, first);
  st_append(fwd, R);
  st_append(fwd, st_expr(ex_rt1(RT_PUSH_I, ex_var(nth)), loc));
  /* backward */
  st_append(bwd, st_assign(ex_var(nth), ex_rt0(RT_POP_I), loc));
  Stmt *B = st_block(loc);
  Var *tid = local_in(a, B, "thread", ty_long(), ex_rt0(RT_POP_I), loc);
  Expr *chk[2] = {ex_var(tid), ex_var(nth)};
  st_append(B, st_expr(ex_rt(RT_OMP_CHECK, chk, 2), loc));
  Var *m = local_in(a, B, "iters", ty_long(), ex_rt0(RT_POP_I), loc);
  for (int i = P.len - 1; i >= 0; i--) {
    Var *v = P.data[i];
    if (fixed_aggregate(v->type))
      st_append(B, st_expr(ex_rt2(RT_POP_BYTES, bytes_at(v), d_sizeof_expr(ex_var(v))), loc));
    else
      st_append(B, st_assign(ex_var(v), ex_cast(ty_unqual(v->type), ex_rt0(rt_find(RK_POP, rt_elem_of(v->type)))), loc));
  }
  Stmt *bl = st_new(ST_FOR, loc);
  bl->cond = ex_bin(OP_GT, ex_var(m), ex_int(0));
  bl->step = st_assign(ex_var(m), ex_bin(OP_SUB, ex_var(m), ex_int(1)), loc);
  bl->then = st_block(loc);
  st_append(bl->then, st_assign(ex_var(ctr), ex_cast(ty_unqual(ctr->type), ex_rt0(rt_find(RK_POP, rt_elem_of(ctr->type)))), loc));
  for (int i = 0; i < bb->nbody; i++) st_append(bl->then, bb->body[i]);
  st_append(B, bl);
  B->omp = clauses(a, u, B, ctr, inner);
  if (!B->omp) die_internal("adjoint_omp: the backward region of a parallel loop writes a shared variable");
  for (int i = 0; i < P.len; i++) {  /* an array popped whole: each thread's own */
    Var *v = P.data[i];
    if (fixed_aggregate(v->type) && !in_list(&B->omp->priv, v) && !in_list(&B->omp->fpriv, v))
      vec_push(&B->omp->priv, v);
  }
  B->omp->dir = "parallel";
  B->omp->rest = xfmt("num_threads(%s)", nth->name);
  Stmt *one = omp_clone_team(a, B), *rt = omp_clone_team(a, B);
  int before = omp_atomics_in(bl->then);
  Acc c = {.ctr = ctr, .inner = inner, .loop = s};
  omp_race_free(a, &c, bl->then);
  Stmt *par = st_block(loc);
  omp_rows_choice(a, par, rt, rt->body[rt->nbody - 1]->then, B, &c, loc);
  if (omp_atomics_in(bl->then) > before) {
    omp_team_choice(bwd, ex_bin(OP_EQ, ex_var(nth), ex_int(1)), one, par, NULL, loc);
    return;
  }
  for (int i = 0; i < par->nbody; i++) st_append(bwd, par->body[i]);
}

/* The forward code of the loop's init: what saves the old counter (an
 * enclosing loop's tape) runs before the loop, the assignment i = a is the
 * parallel loop's init. */
static Stmt *split_init(Stmt *fi, const Var *ctr, Stmt *fwd) {
  if (!fi || fi->kind != ST_BLOCK || !fi->nbody) return fi;
  Stmt *last = fi->body[fi->nbody - 1];
  if (last->kind != ST_ASSIGN || last->lhs->kind != EX_VAR || last->lhs->var != ctr) return fi;
  for (int i = 0; i + 1 < fi->nbody; i++) st_append(fwd, fi->body[i]);
  Stmt *init = st_block(fi->loc);
  st_append(init, last);
  return init;
}

/* The forward code of the init ends with i = a (plain), after what may
 * save the old counter. */
static bool init_ok(const Stmt *fi, const Var *ctr) {
  if (!fi || fi->kind != ST_BLOCK || !fi->nbody) return false;
  const Stmt *last = fi->body[fi->nbody - 1];
  return last->kind == ST_ASSIGN && last->lhs->kind == EX_VAR && last->lhs->var == ctr && plain_code(last);
}

/* In a split function the loop's arrays, structs and address-taken locals
 * live in one frame (adjoint_frame.c), which the threads would share. */
static Walk framed_decl(Stmt *s, void *taken) {
  if (s->kind != ST_DECL) return WALK_ON;
  const Type *t = s->var->type;
  return t->kind == TY_ARRAY || t->kind == TY_RECORD || ptrmap_get(taken, s->var) ? WALK_STOP : WALK_ON;
}

static bool frames_locals(Adj *a, Stmt *s) {
  PtrMap taken = {0};
  adj_addr_taken(s->then, &taken);
  return a->split && !st_each(s->then, framed_decl, &taken);
}

/* In a split function a scalar local whose address is taken lives in the
 * frame (adjoint_frame.c: s becomes *s), where no clause can name it: a
 * reduction(+:s) or firstprivate(s) of the loop would be dropped and its
 * threads would race on it. The first such variable the loop's sweeps
 * write (declared outside the loop), or that the user's clauses list. */
/* Inside a loop under '#pragma ad checkpoint': its state (what its body
 * writes of the variables declared outside it, after hoisting every local
 * of a split function, the counters and the flags of this loop too) is
 * saved and loaded by address (adjoint_ckpt.c), so a split function keeps
 * it in the frame as well. */
static bool in_checkpointed_loop(Adj *a) {
  for (int i = 0; i < a->loops.len; i++) {
    Stmt *l = a->loops.data[i];
    if (l->checkpoint && adj_ckpt_applies(a, l)) return true;
  }
  return false;
}

static const Var *framed_written(Adj *a, const Stmt *s, Stmt *fb, Stmt *bb, const char **why) {
  if (!a->split) return NULL;
  const Omp *u = s->omp;
  Writes w = {0};
  st_each(fb, note_write, &w);
  st_each(bb, note_write, &w);
  int nwritten = w.vars.len;
  for (int i = 0; i < u->nred; i++) vec_push(&w.vars, u->red[i].var);
  const PtrVec *lists[3] = {&u->priv, &u->fpriv, &u->lpriv};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < lists[k]->len; i++) vec_push(&w.vars, lists[k]->data[i]);
  bool ckpt = in_checkpointed_loop(a);
  Var *ctr = adj_counted_ctr(s);
  if (ctr && ctr->kind == VAR_LOCAL && (ckpt || ptrmap_get(&a->addr_taken, ctr))) {
    *why = ckpt ? "its counter is state of the enclosing checkpointed loop, saved by address"
                : "its counter has its address taken";
    return ctr;
  }
  for (int i = 0; i < w.vars.len; i++) {
    const Var *v = w.vars.data[i], *p = ptrmap_get(&a->shadow_of, v);
    if (!p) p = v;
    if (ptrmap_get(&w.declared, v) || p->kind != VAR_LOCAL) continue;
    /* an array or struct the user's clauses list (reduction(+:h[:m]),
     * private(tmp)) may be framed too (adjoint_frame.c decides once the
     * sweeps are built): its clause would be dropped, the threads sharing
     * one copy */
    bool aggregate = p->type->kind == TY_ARRAY || p->type->kind == TY_RECORD;
    const char *reason = ptrmap_get(&a->addr_taken, p) ? "has its address taken"
                         : i >= nwritten && aggregate  ? "is an array or struct a clause lists"
                         : ckpt                        ? "is state of the enclosing checkpointed loop, saved by address"
                                                       : NULL;
    if (reason) {
      *why = xfmt("'%s' %s", p->name, reason);
      return p;
    }
  }
  return NULL;
}

/* The note, once per loop (not once per derivative of the function),
 * with the reason that applies. */
static void serial_note(Adj *a, SrcLoc loc, const char *why) {
  if (!diag_muted()) {
    const char *key = xfmt("omp %s:%d:%d", loc.file, loc.line, loc.col);
    if (nameset_has(&a->m->ckpt_told, key)) return;
    nameset_add(&a->m->ckpt_told, key);
  }
  diag_at(loc, D_OMP_SERIAL_REVERSE, why);
}

static Walk first_call(Expr *e, void *ctx) {
  if (region_call(e, NULL) != WALK_STOP) return WALK_ON;
  const char **why = ctx;
  if (e->rt && rt_info[e->rt].kind == RK_REDO_PUSH)
    *why = "it overwrites memory the caller passed without a size, whose restores the backward sweep logs one by "
           "one (give that memory a size in the request, or scratch(...))";
  else if (e->rt)
    *why = xfmt("its backward code needs the runtime's %s", e->text);
  else
    *why = xfmt("its body calls '%s' (other than <math.h>)", e->text ? e->text : "a function through a pointer");
  return WALK_STOP;
}

static Walk vla_decl(Stmt *st, void *ctx) {
  if (st->kind != ST_DECL || st->var->type->kind != TY_ARRAY || !st->var->type->vla) return WALK_ON;
  *(const Var **)ctx = st->var;
  return WALK_STOP;
}

static bool loop_invariant(Adj *a, const Expr *e, const Stmt *loop, bool *mem);

static Walk any_call_in(Expr *e, void *ctx) {
  (void)ctx;
  return e->kind == EX_CALL ? WALK_STOP : WALK_ON;
}

/* Why the backward sweep cannot walk loop's iterations back in parallel
 * (not a counted loop, adj_counted_ctr, or a start or step with calls). */
static const char *why_shape(Adj *a, const Stmt *loop, bool counted) {
  if (counted) return "its start or step calls a function, which the backward sweep cannot walk back in parallel";
  Var *ctr;
  const Expr *ends[2];
  long step;
  if (!adj_loop_header(loop, &ctr, &ends[0], &ends[1], &step))
    return "the backward sweep cannot walk its iterations back in parallel (it is not 'for (i = a; i < b; i += c)' "
           "with the counter i changed by the step alone)";
  for (int k = 1; k >= 0; k--) {
    const char *what = k ? "bound" : "start";
    bool mem = false;
    if (!ex_each(ends[k], any_call_in, NULL))
      return xfmt("its %s calls a function, which the backward sweep cannot evaluate again to count the "
                  "iterations (compute it into a local variable before the loop)", what);
    if (loop_invariant(a, ends[k], loop, &mem) && (!mem || !adj_calls_any(loop))) continue;
    if (mem)
      return xfmt("its %s reads memory that the loop may store into%s, so the iterations it runs are not known "
                  "before it (read the %s into a local variable before the loop)", what,
                  adj_calls_any(loop) ? ", itself or through a call" : "", what);
    return xfmt("its %s changes in the body", what);
  }
  return "the backward sweep cannot walk its iterations back in parallel (its condition is not 'i < b', 'i <= b', "
         "'i > b', 'i >= b' or 'i != b' in the direction its step goes)";
}

/* Why a loop whose sweeps are neither plain nor a region runs serially. */
static const char *why_serial(Adj *a, const Omp *u, bool shape, Stmt *loop, Stmt *fb, Stmt *bb, PtrMap *inner) {
  Stmt *primal = loop->then;
  if (!shape) return why_shape(a, loop, adj_counted_ctr(loop) != NULL);
  for (int i = 0; i < u->nred; i++)
    if (strcmp(u->red[i].op, "+") && strcmp(u->red[i].op, "-"))
      return xfmt("it reduces with '%s' (only + and - are reversed in parallel)", u->red[i].op);
  const char *call = NULL;  /* the primal's calls by their names, then the runtime's the sweeps make */
  if (!st_each_expr(primal, first_call, &call) || !st_each_expr(fb, first_call, &call) ||
      !st_each_expr(bb, first_call, &call))
    return call;
  if (!clauses(a, u, fb, NULL, inner) || !clauses(a, u, bb, NULL, inner))
    return "its body writes a variable the primal shares (under critical), or a struct its clauses make private, which the sweeps would race on";
  const Var *vla = NULL;
  st_each(primal, vla_decl, &vla);
  if (vla)
    return xfmt("its body declares the variable-length array '%s', which no thread's tape can keep (give it a "
                "constant length)", vla->name);
  return "its body writes an array or struct declared outside it other than through the loop's counter";
}

/* ---- Team queries in a construct run on one thread ----------------------
 * A region or parallel loop whose code (or a callee's) asks for its team
 * computes with a team of one when reverse mode runs it serially: partial
 * sums per thread number combined nonlinearly, a team-sized split, would
 * give f_grad another value and derivative than f's. Refused. */
static const char *const team_queries[] = {
    "omp_get_thread_num", "omp_get_num_threads", "omp_get_team_size", "omp_get_ancestor_thread_num",
    "omp_get_level",      "omp_get_active_level", "omp_in_parallel",  "omp_get_team_num",
    "omp_get_num_teams",  NULL};

typedef struct TeamQuery {
  const Expr *call;
  PtrMap seen;  /* callees walked */
} TeamQuery;

static Walk team_query(Expr *e, void *ctx) {
  TeamQuery *q = ctx;
  if (e->kind != EX_CALL || !e->text) return WALK_ON;
  for (int i = 0; team_queries[i]; i++)
    if (!strcmp(e->text, team_queries[i])) {
      q->call = e;
      return WALK_STOP;
    }
  if (e->fn && e->fn->body && !ptrmap_get(&q->seen, e->fn)) {
    ptrmap_put(&q->seen, e->fn, (void *)1);
    if (!st_each_expr(e->fn->body, team_query, q)) return WALK_STOP;
  }
  return WALK_ON;
}

void adj_omp_team_serial(Adj *a, const Stmt *s) {
  if (!s->omp || !s->omp->team || a->phase != 2) return;
  TeamQuery q = {0};
  st_each_expr(s, team_query, &q);
  if (!q.call) return;
  if (!diag_muted()) {
    const char *key = xfmt("omp team %s:%d:%d", s->omp->loc.file, s->omp->loc.line, s->omp->loc.col);
    if (nameset_has(&a->m->ckpt_told, key)) return;
    nameset_add(&a->m->ckpt_told, key);
  }
  diag_at(s->omp->loc, D_OMP_TEAM_QUERY, q.call->text, q.call->loc.line, a->primal->name);
}

/* ---- The redo log of the caller's memory, in one piece --------------------
 * Restoring out[i] (memory the caller passed without a size) logs its
 * value first, ccad_redo_push(&out[i], sizeof(out[i])), into the calling
 * thread's log: a runtime call that keeps the sweep serial. Where every
 * iteration restores out[i], i the counter, out a pointer the loop does not
 * change, the loop's elements are logged as one block before the backward
 * loop instead: every iteration stores its element, so the block from the
 * first to the last is the caller's memory; each element then holds the
 * value the loop left, the one its restore would log (no other iteration
 * writes it); elements between (a step over 1) are logged unchanged, which
 * the log's apply writes back as they are. */
static bool elem_redo(const Stmt *st, const Stmt *loop, const Var *ctr, Var **p) {
  if (st->kind != ST_EXPR || !st->expr || st->expr->kind != EX_CALL || !st->expr->rt ||
      rt_info[st->expr->rt].kind != RK_REDO_PUSH || st->expr->nargs != 2)
    return false;
  const Expr *ad = st->expr->args[0];
  while (ad->kind == EX_CAST) ad = ad->lhs;
  if (ad->kind != EX_ADDR || ad->lhs->kind != EX_INDEX) return false;
  const Expr *base = ex_strip_implicit(ad->lhs->lhs), *k = ex_strip_implicit(ad->lhs->rhs);
  if (base->kind != EX_VAR || !ty_is_ptr(base->var->type) || k->kind != EX_VAR || k->var != ctr ||
      adj_writes_var(loop, base->var))
    return false;
  *p = base->var;
  return true;
}

/* Takes the per-element logs out of bb's top level into *taken (by
 * position, to be put back); the block logs into 'pre'. */
static Walk jump(Stmt *s, void *ctx) {
  (void)ctx;
  return s->kind == ST_BREAK || s->kind == ST_CONTINUE || s->kind == ST_RETURN ? WALK_STOP : WALK_ON;
}

static void hoist_redo(const Stmt *loop, const Var *ctr, Stmt *bb, Stmt *pre, PtrVec *taken) {
  Expr *lo, *span;
  /* (an iteration that may leave early need not store its element) */
  if (!st_each(loop->then, jump, NULL) || !adj_counted_span(loop, &lo, &span)) return;
  PtrVec ps = {0};
  int nb;
  Stmt **old = st_take_body(bb, &nb);
  for (int i = 0; i < nb; i++) {
    Var *p;
    if (!elem_redo(old[i], loop, ctr, &p)) {
      st_append(bb, old[i]);
      continue;
    }
    vec_push(taken, old[i]);
    vec_push(taken, (void *)(intptr_t)bb->nbody);  /* where it was */
    bool seen = false;
    for (int j = 0; j < ps.len && !seen; j++) seen = ps.data[j] == p;
    if (seen) continue;
    vec_push(&ps, p);
    Expr *bytes = ex_bin(OP_MUL, ex_cast(ty_size_t(), ir_clone_expr(span, NULL)), ex_sizeof_type(ty_unqual(ty_elem(p->type))));
    Stmt *log = st_new(ST_IF, loop->loc);
    log->cond = ex_bin(OP_GT, ir_clone_expr(span, NULL), ex_int(0));
    log->then = st_block(loop->loc);
    Expr *at = ex_is_zero(lo) ? ex_var(p) : ex_bin(OP_ADD, ex_var(p), ir_clone_expr(lo, NULL));
    Expr *addr = ex_cast(ty_ptr(ty_void()), at);
    st_append(log->then, st_expr(ex_rt2(RT_REDO_PUSH, addr, bytes), loop->loc));
    st_append(pre, log);
  }
}

/* The logs put back where they were (the loop stays serial). */
static void unhoist_redo(Stmt *bb, Stmt *pre, const PtrVec *taken) {
  if (!taken->len) return;
  int nb;
  Stmt **old = st_take_body(bb, &nb);
  int t = 0;
  for (int i = 0; i <= nb; i++) {
    while (t < taken->len && (intptr_t)taken->data[t + 1] == i) {
      st_append(bb, taken->data[t]);
      t += 2;
    }
    if (i < nb) st_append(bb, old[i]);
  }
  int np;
  st_take_body(pre, &np);
}

bool adj_omp_loop(Adj *a, Stmt *s, Stmt *fi, Stmt *fb, Stmt *fs, Stmt *bb, Stmt *bs, Stmt *fwd, Stmt *bwd) {
  if (!s->omp || a->phase != 2) return false;
  adj_omp_team_serial(a, s);  /* a call in the body: never a parallel sweep */
  if (!s->omp->team || a->m->omp_serial_reverse || frames_locals(a, s)) {
    /* 'omp for' in a parallel region: the region's sweeps run serially */
    if (!a->m->omp_serial_reverse && strstr(s->omp->dir, "for"))
      serial_note(a, s->omp->loc,
                  !s->omp->team ? "it is an 'omp for' in a parallel region that cannot be split into 'parallel for' loops"
                                : "a function the differentiated one calls declares arrays or structs in it, which its "
                                  "reverse mode keeps in one frame the threads would share");
    return false;
  }
  /* a lastprivate value carrying a derivative: only the last iteration's
   * store receives its adjoint, which a parallel backward loop cannot tell */
  for (int i = 0; i < s->omp->lpriv.len; i++)
    if (act_var_shadowed(a->v, s->omp->lpriv.data[i])) {
      serial_note(a, s->omp->loc,
                  xfmt("its lastprivate variable '%s' carries a derivative, which only the last iteration's store "
                       "receives", ((Var *)s->omp->lpriv.data[i])->name));
      return false;
    }
  /* p[k] *= f or a running maximum m[k] under atomic or critical: the
   * backward sweep must undo the threads' updates in the reverse of their
   * order, which a parallel sweep does not know */
  if (tr_omp_ordered_update(a->v, s, false)) {
    serial_note(a, s->omp->loc,
                "it updates shared memory under atomic or critical other than by a sum, which the backward sweep "
                "must undo in the reverse of the threads' order");
    return false;
  }
  const char *framed_why = "";
  const Var *framed = framed_written(a, s, fb, bb, &framed_why);
  if (framed) {
    serial_note(a, s->omp->loc,
                xfmt("%s, so the split reverse mode of '%s' keeps it in memory the threads would share (its forward "
                     "and backward sweeps run in two functions)",
                     framed_why, a->primal->name));
    return false;
  }
  Var *ctr = adj_counted_ctr(s);
  PtrMap *inner = inner_vars(a, s->omp);
  bool shape = ctr && omp_only_ctr(bs, ctr) && init_ok(fi, ctr) && plain_code(fs);
  Stmt *redo = st_block(s->loc);
  PtrVec taken = {0};
  if (shape) hoist_redo(s, ctr, bb, redo, &taken);
  bool plain = shape && plain_code(fb) && plain_code(bb) && clauses(a, s->omp, fb, ctr, inner) &&
               clauses(a, s->omp, bb, ctr, inner);
  PtrVec P = {0}, sums = {0};
  bool region = shape && !plain && region_vars(a, s->omp, ctr, fb, bb, inner, &P, &sums);
  if (!plain && !region) {
    unhoist_redo(bb, redo, &taken);
    serial_note(a, s->omp->loc, why_serial(a, s->omp, shape, s, fb, bb, inner));  /* printed by the one unmuted build */
    return false;
  }
  for (int i = 0; i < redo->nbody; i++) st_append(bwd, redo->body[i]);
  fi = split_init(fi, ctr, fwd);
  if (region) {
    omp_region(a, s, ctr, fi, fb, fs, bb, fwd, bwd, inner, P, sums);
    return true;
  }
  SrcLoc loc = s->loc;
  Stmt *fl = st_new(ST_FOR, loc), *bl = st_new(ST_FOR, loc);
  fl->init = fi;
  fl->cond = ir_clone_expr(s->cond, NULL);
  fl->step = fs;
  fl->then = fb;
  bl->init = omp_clone_block(fi);
  bl->cond = ir_clone_expr(s->cond, NULL);
  bl->step = omp_clone_block(fs);
  bl->then = bb;
  fl->omp = clauses(a, s->omp, fl, ctr, inner);
  bl->omp = clauses(a, s->omp, bl, ctr, inner);
  Stmt *one = omp_clone_team(a, bl), *rt = omp_clone_team(a, bl);
  int before = omp_atomics_in(bb);
  Acc c = {.ctr = ctr, .inner = inner, .loop = s};
  omp_race_free(a, &c, bb);
  st_append(fwd, fl);
  Stmt *par = st_block(loc);
  omp_rows_choice(a, par, rt, rt->then, bl, &c, loc);
  /* (a num_threads clause may ask for more threads than the default) */
  if (omp_atomics_in(bb) > before && !(s->omp->rest && strstr(s->omp->rest, "num_threads"))) {
    omp_team_choice(bwd, ex_bin(OP_EQ, ex_rt0(RT_OMP_MAX_THREADS), ex_int(1)), one, par, NULL, loc);
    return true;
  }
  for (int i = 0; i < par->nbody; i++) st_append(bwd, par->body[i]);
  return true;
}

/* ---- Bounds read through pointers -----------------------------------------
 * for (i = 0; i <= f->n; i++) under 'parallel for': OpenMP computes the
 * trip count once, before the loop, so where nothing in the loop can store
 * into the bound's memory it is read once into a local before the loop
 * (int bound = f->n;), and the loop is counted: its backward sweep walks
 * the counter back in parallel. The same for a start (i = s->lo) and the
 * loops a collapse clause joins to it. */

/* e is an integer expression that loop cannot change and that reads
 * memory (*mem): constants, scalars the loop does not assign, loads of
 * memory it stores nothing into (by class: f->w[i] = .. is not f->n), no
 * call; a loop with a call other than <math.h> may store anywhere. */
static bool loop_invariant(Adj *a, const Expr *e, const Stmt *loop, bool *mem) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM:
  case EX_SIZEOF: return true;
  case EX_VAR:
    return (ty_is_arith(e->var->type) || ty_is_ptr(e->var->type)) && !adj_writes_var(loop, e->var) &&
           !(act_loc_id(a->v, (Expr *)e) && adj_stores_part(a, loop, e, false));
  case EX_CAST:  /* (not an integer made a pointer: memory no class knows) */
    if (ty_is_ptr(e->type) && !ty_is_ptr(e->lhs->type)) return false;
    return loop_invariant(a, e->lhs, loop, mem);
  case EX_UN: return loop_invariant(a, e->lhs, loop, mem);
  case EX_BIN: return loop_invariant(a, e->lhs, loop, mem) && loop_invariant(a, e->rhs, loop, mem);
  case EX_COND:
    return loop_invariant(a, e->cond, loop, mem) && loop_invariant(a, e->lhs, loop, mem) &&
           loop_invariant(a, e->rhs, loop, mem);
  case EX_MEMBER:
  case EX_DEREF:
  case EX_INDEX:
    if (!loop_invariant(a, e->lhs, loop, mem) || !loop_invariant(a, e->rhs, loop, mem)) return false;
    *mem = true;
    return act_loc_id(a->v, (Expr *)e) && !adj_stores_part(a, loop, e, false);
  default: return false;
  }
}

/* *slot, an integer bound or start that reads memory, replaced by a local
 * set before the loop (in pre) when the loop cannot change it. */
static void hoist_value(Adj *a, Expr **slot, const Stmt *loop, const char *hint, Stmt *pre) {
  bool mem = false;
  Expr *e = *slot;
  if (!e || !e->type || e->type->kind != TY_INT || !loop_invariant(a, e, loop, &mem) || !mem) return;
  Var *k = fn_new_var(a->out, hint, ty_unqual(e->type), VAR_LOCAL, e->loc);
  act_add_var(a->v, k, false);
  st_append(pre, st_decl(k, e, loop->loc));
  *slot = ex_var(k);
}

/* The loop's start and bound, when it is for (i = a; i REL b; i += c). */
static void hoist_header(Adj *a, Stmt *l, const Stmt *loop, Stmt *pre) {
  Var *ctr;
  const Expr *first, *bound;
  long step;
  if (!adj_loop_header(l, &ctr, &first, &bound, &step) || adj_calls_any(loop)) return;
  Stmt *in = l->init->kind == ST_BLOCK && l->init->nbody == 1 ? l->init->body[0] : l->init;
  hoist_value(a, in->kind == ST_DECL ? &in->expr : &in->rhs, loop, "start", pre);
  hoist_value(a, &l->cond->rhs, loop, "bound", pre);
}

static void hoist_bounds_in(Adj *a, Stmt *b) {
  if (!b) return;
  if (b->kind != ST_BLOCK) {
    hoist_bounds_in(a, b->then);
    hoist_bounds_in(a, b->els);
    return;
  }
  int n;
  Stmt **old = st_take_body(b, &n);
  for (int i = 0; i < n; i++) {
    Stmt *s = old[i];
    if (s->kind == ST_FOR && s->omp && s->omp->team) {
      Stmt *l = s;
      for (int k = 0; l && k < s->omp->collapse; k++) {
        hoist_header(a, l, s, b);
        Stmt *in = l->then && l->then->kind == ST_BLOCK && l->then->nbody == 1 ? l->then->body[0] : l->then;
        l = in && in->kind == ST_FOR ? in : NULL;
      }
    }
    hoist_bounds_in(a, s);
    st_append(b, s);
  }
}

void adj_omp_hoist_bounds(Adj *a, Stmt *body) { hoist_bounds_in(a, body); }
