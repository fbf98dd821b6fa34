/*
 * adjoint_omp_acc.c — race-free adjoint accumulation in the backward
 * sweep of an OpenMP parallel loop (adjoint_omp.c builds the sweeps): the
 * adjoints of shared reads are added plainly where every iteration keeps
 * to its own elements (by the counter, or rows the iterations keep apart),
 * into per-thread copies of adjoint arrays of known extent (a request's, a
 * local buffer's, a fixed array, a block every iteration touches) added
 * after the loop, else under '#pragma omp atomic', with a copy of the loop
 * without atomics for a team of one thread.
 * Requires: the backward loop's body built; activity's classes.
 * Provides: omp_race_free and the team-of-one choice (adjoint_int.h).
 */
#include <stdlib.h>
#include <string.h>

#include "adjoint_int.h"

/* ---- Race-free accumulation in the backward loop ------------------------ */


static Walk note_store(Stmt *s, void *ctx) {
  Acc *c = ctx;
  if (s->kind == ST_ASSIGN && s->lhs->kind != EX_VAR) {
    const Expr *r = ex_strip_implicit(s->rhs);
    bool acc = r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB) && ir_expr_equal(ex_strip_implicit(r->lhs), s->lhs);
    if (!acc) vec_push(&c->stores, s->lhs);
  }
  return WALK_ON;
}

/* p[i] += e, i the loop's counter, touches its own element only if every
 * other accumulation of the loop does the same (x_bar[i] and x_bar[k]
 * meet) through a pointer the loop does not move, and the pointers
 * accumulated into are one or lead into memory told apart: a callee's
 * diff(d, u, u + 1) reads a[i] and b[i], and a_bar[i + 1] is b_bar[i]. */
typedef struct Ctr {
  Acc *c;
  PtrVec roots;
} Ctr;

static Walk check_ctr(Stmt *s, void *ctx) {
  Ctr *t = ctx;
  Acc *c = t->c;
  if (s->kind != ST_ASSIGN || s->lhs->kind == EX_VAR) return WALK_ON;
  const Expr *r = ex_strip_implicit(s->rhs);
  if (r->kind != EX_BIN || (r->op != OP_ADD && r->op != OP_SUB) || !ir_expr_equal(ex_strip_implicit(r->lhs), s->lhs))
    return WALK_ON;
  Var *root = ex_root_var(s->lhs);
  if (root && ((c->inner && ptrmap_get(c->inner, root)) || ptrmap_get(&c->priv, root))) return WALK_ON;
  const Expr *k = s->lhs->kind == EX_INDEX ? ex_strip_implicit(s->lhs->rhs) : NULL;
  if (!k || k->kind != EX_VAR || k->var != c->ctr || s->lhs->lhs->kind != EX_VAR) c->by_ctr = false;
  else {
    for (int i = 0; i < t->roots.len; i++)
      if (t->roots.data[i] == root) return WALK_ON;
    vec_push(&t->roots, root);
  }
  return WALK_ON;
}

static const void *root_class(Adj *a, Var *root);

/* an integer expression of constants and integer variables the function
 * never assigns, arithmetic and ?: only */
static Walk unfixed(Expr *e, void *a) {
  switch (e->kind) {
  case EX_NUM: case EX_CAST: case EX_UN: case EX_BIN: case EX_COND: return e->type->kind == TY_INT ? WALK_ON : WALK_STOP;
  case EX_VAR: return e->var->type->kind == TY_INT && !adj_writes_var(((Adj *)a)->body, e->var) ? WALK_ON : WALK_STOP;
  default: return WALK_STOP;
  }
}

/* Are the pointers accumulated into by the counter apart? Pairs in one
 * memory add their run-time test to *rt: one pointer, or the counter's
 * span of elements apart (residual(out, acts + a, acts + b, n)). */
static bool roots_apart(Adj *a, Acc *c, Ctr *t, const Stmt *body, Expr **rt) {
  Expr *lo = NULL, *span = NULL;
  *rt = NULL;
  for (int i = 0; i < t->roots.len; i++) {
    Var *ri = t->roots.data[i];
    if (adj_writes_var(body, ri)) return false;
    for (int j = 0; j < i; j++) {
      Var *rj = t->roots.data[j];
      const void *ci = root_class(a, ri), *cj = root_class(a, rj);
      if (!ci || !cj) return false;
      if (ci != cj) continue;
      Type *e = ty_unqual(ty_elem(ri->type));
      if (!ty_same(e, ty_unqual(ty_elem(rj->type)))) return false;
      if (!span && (!c->loop || !adj_counted_span(c->loop, &lo, &span) || !ex_each(span, unfixed, a))) return false;
      Expr *bytes = ex_bin(OP_MUL, ex_cast(ty_size_t(), ir_clone_expr(span, NULL)), ex_sizeof_type(e));
      Expr *q = ex_rt(RT_OMP_APART, (Expr *[3]){ex_var(ri), ex_var(rj), bytes}, 3);
      *rt = *rt ? ex_bin(OP_LAND, *rt, q) : q;
    }
  }
  return !*rt;
}

static Walk mark_atomic(Stmt *s, void *ctx);

/* Accumulations into shared memory: plain where every one is by the loop
 * counter, else into per-thread copies of the request's adjoint arrays
 * where the loop only accumulates into them (privatise), else atomic. */
static void privatise(Adj *a, Stmt *body, Acc *c);

static void settle_apart(Adj *a, Acc *c, Stmt *body);

void omp_race_free(Adj *a, Acc *c, Stmt *body) {
  c->by_ctr = true;
  st_each(body, note_store, c);
  Ctr t = {c, {0}};
  st_each(body, check_ctr, &t);
  Expr *rt = NULL;
  if (c->by_ctr) c->by_ctr = roots_apart(a, c, &t, body, &rt);
  free(t.roots.data);
  if (rt && c->assume_rt) c->by_ctr = true;  /* the build for when the test holds */
  else if (rt) c->rt_rows = c->rt_rows ? ex_bin(OP_LAND, c->rt_rows, rt) : rt;
  if (!c->by_ctr) privatise(a, body, c);
  st_each(body, mark_atomic, c);
  settle_apart(a, c, body);
}

static Walk mark_atomic(Stmt *s, void *ctx) {
  Acc *c = ctx;
  if (s->kind != ST_ASSIGN || s->lhs->kind == EX_VAR) return WALK_ON;
  const Expr *r = ex_strip_implicit(s->rhs);
  if (r->kind != EX_BIN || (r->op != OP_ADD && r->op != OP_SUB) || !ir_expr_equal(ex_strip_implicit(r->lhs), s->lhs))
    return WALK_ON;
  Var *root = ex_root_var(s->lhs);
  if (root && ((c->inner && ptrmap_get(c->inner, root)) || ptrmap_get(&c->priv, root)))
    return WALK_ON;  /* the thread's own array */
  if (c->by_ctr || (root && ptrmap_get(&c->rows, root))) return WALK_ON;
  for (int i = 0; i < c->stores.len; i++)
    if (ir_expr_equal(c->stores.data[i], s->lhs)) return WALK_ON;
  s->omp_atomic = true;
  return WALK_ON;
}

/* the backward code of the step: the counter walked back, nothing else */
bool omp_only_ctr(const Stmt *bs, const Var *ctr) {
  for (int i = 0; i < bs->nbody; i++)
    if (bs->body[i]->kind != ST_ASSIGN || bs->body[i]->lhs->kind != EX_VAR || bs->body[i]->lhs->var != ctr) return false;
  return true;
}

/* ---- Privatised adjoint arrays ----------------------------------------- */

/* The adjoint arrays the loop only accumulates into, of parameters whose
 * size the request gives: reduction(+:x_bar[:n]), each thread adding into
 * its own zeroed copy, summed at the end, instead of an atomic update per
 * element. Pointers the body derives from x_bar (x_bt_bar = x_bar + off)
 * then point into the thread's copy. */
typedef struct Priv {
  Var *r;
  PtrMap derived;
  bool ok;
} Priv;

static bool is_priv(const Priv *p, const Var *v) { return v && (v == p->r || ptrmap_get(&p->derived, v)); }

static Walk mentions_priv(Expr *e, void *ctx) {
  return e->kind == EX_VAR && is_priv(ctx, e->var) ? WALK_STOP : WALK_ON;
}

static bool mentions(const Priv *p, const Expr *e) { return e && !ex_each(e, mentions_priv, (void *)p); }

/* an address computed from the arrays, no load through them */
static bool address_only(const Priv *p, const Expr *e) {
  if (!e) return true;
  switch (e->kind) {
  case EX_VAR: case EX_NUM: return true;
  case EX_ADDR: return !e->lhs || e->lhs->kind != EX_INDEX || (address_only(p, e->lhs->lhs) && !mentions(p, e->lhs->rhs));
  case EX_CAST: case EX_UN: return address_only(p, e->lhs);
  case EX_BIN: return address_only(p, e->lhs) && address_only(p, e->rhs);
  default: return !mentions(p, e);
  }
}

static Walk find_derived(Stmt *s, void *ctx) {
  Priv *p = ctx;
  Var *v = s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR ? s->lhs->var : s->kind == ST_DECL ? s->var : NULL;
  Expr *rhs = s->kind == ST_ASSIGN ? s->rhs : s->expr;
  if (v && ty_is_ptr(v->type) && rhs && !is_priv(p, v) && is_priv(p, ex_root_var(rhs))) {
    ptrmap_put(&p->derived, v, (void *)1);
    p->ok = false;  /* changed: once more */
  }
  return WALK_ON;
}

static Walk check_priv(Stmt *s, void *ctx) {
  Priv *p = ctx;
  bool bad = false;
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR) {
    Var *v = s->lhs->var;
    bad = v == p->r || (is_priv(p, v) ? !is_priv(p, ex_root_var(s->rhs)) || !address_only(p, s->rhs)
                                      : mentions(p, s->rhs));
  } else if (s->kind == ST_ASSIGN) {
    const Expr *r = ex_strip_implicit(s->rhs);
    if (is_priv(p, ex_root_var(s->lhs)))
      bad = r->kind != EX_BIN || (r->op != OP_ADD && r->op != OP_SUB) ||
            !ir_expr_equal(ex_strip_implicit(r->lhs), s->lhs) || mentions(p, r->rhs) ||
            (s->lhs->kind == EX_INDEX && mentions(p, s->lhs->rhs));
    else
      bad = mentions(p, s->lhs) || mentions(p, s->rhs);
  } else if (s->kind == ST_DECL) {
    bad = is_priv(p, s->var) ? s->expr && !ex_is_zero(s->expr) &&
                                   (!is_priv(p, ex_root_var(s->expr)) || !address_only(p, s->expr))
                             : mentions(p, s->expr);
  } else {
    bad = mentions(p, s->expr) || mentions(p, s->cond);
  }
  if (bad) p->ok = false;
  return bad ? WALK_STOP : WALK_ON;
}

/* Each derived pointer is set before it is used, unconditionally: it never
 * carries an address into the shared array into the thread's work. */
typedef struct First {
  Priv *p;
  PtrMap settled;
  int conds;  /* enclosing ifs and switches */
} First;

static bool own_mentions(const Stmt *s, const Var *v) {
  if (s->kind == ST_DECL && s->var == v) return s->expr && !ex_is_zero(s->expr);
  const Expr *es[5] = {s->lhs, s->rhs, s->expr, s->cond, NULL};
  for (int i = 0; es[i] || i < 4; i++)
    if (es[i] && ex_mentions(es[i], v)) return true;
  return false;
}

static Walk first_use(Stmt *s, void *ctx) {
  First *f = ctx;
  for (int j = 0; j < f->p->derived.cap; j++) {
    Var *v = f->p->derived.keys ? (Var *)f->p->derived.keys[j] : NULL;
    if (!v || ptrmap_get(&f->settled, v) || !own_mentions(s, v)) continue;
    bool sets = (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var == v && !ex_mentions(s->rhs, v) &&
                 is_priv(f->p, ex_root_var(s->rhs))) ||
                (s->kind == ST_DECL && s->var == v && s->expr);
    if (!sets || f->conds) f->p->ok = false;
    ptrmap_put(&f->settled, v, (void *)1);
  }
  if (s->kind == ST_IF || s->kind == ST_SWITCH || s->kind == ST_WHILE) f->conds++;
  return WALK_ON;
}

static Walk first_use_post(Stmt *s, void *ctx) {
  First *f = ctx;
  if (s->kind == ST_IF || s->kind == ST_SWITCH || s->kind == ST_WHILE) f->conds--;
  return WALK_ON;
}

/* 'bias != NULL', 'if (bias)', '!bias ? ..': a parameter f tests for
 * null, so its adjoint may be null too, where a reduction over an array
 * section would read and write through it. */
static bool is_p(const Expr *e, const Var *p) {
  e = ex_strip_implicit(e);
  return e->kind == EX_VAR && e->var == p;
}

static bool truth_of(const Expr *e, const Var *p) {
  e = ex_strip_implicit(e);
  return is_p(e, p) || (e->kind == EX_UN && e->op == OP_NOT && is_p(e->lhs, p));
}

static Walk null_test_ex(Expr *e, void *p) {
  if (e->kind == EX_BIN && (e->op == OP_EQ || e->op == OP_NE) &&
      ((is_p(e->lhs, p) && ex_is_zero(ex_strip_implicit(e->rhs))) || (is_p(e->rhs, p) && ex_is_zero(ex_strip_implicit(e->lhs)))))
    return WALK_STOP;
  if ((e->kind == EX_COND || (e->kind == EX_BIN && (e->op == OP_LAND || e->op == OP_LOR))) &&
      (truth_of(e->kind == EX_COND ? e->cond : e->lhs, p) || (e->kind == EX_BIN && truth_of(e->rhs, p))))
    return WALK_STOP;
  return WALK_ON;
}

static Walk null_test_st(Stmt *s, void *p) {
  return (s->kind == ST_IF || s->kind == ST_WHILE) && s->cond && truth_of(s->cond, p) ? WALK_STOP : WALK_ON;
}

static bool tested_for_null(const Fn *f, const Var *p) {
  return !st_each(f->body, null_test_st, (void *)p) || !st_each_expr(f->body, null_test_ex, (void *)p);
}

static Walk to_own(Expr *e, void *ctx) {
  Var **vs = ctx;
  if (e->kind == EX_VAR && e->var == vs[0]) e->var = vs[1];
  return WALK_ON;
}

/* How many reals of one kind (*real: TY_FLOAT or TY_DOUBLE) an element of
 * type t is made of, without padding: a number 1, a complex 2, double[3]
 * (an n-body code's positions, double (*x)[3]) 3, a struct of doubles
 * its fields'; 0 for anything else (integers inside, a VLA, a union). */
static long reals_in(const Type *t, TypeKind *real) {
  switch (t->kind) {
  case TY_FLOAT:
  case TY_DOUBLE:
    if (*real != TY_VOID && *real != t->kind) return 0;
    *real = t->kind;
    return 1;
  case TY_COMPLEX: return 2 * reals_in(t->base, real);
  case TY_ARRAY: return t->vla || t->len <= 0 ? 0 : t->len * reals_in(t->base, real);
  case TY_RECORD: {
    const Record *r = t->rec;
    if (!r || r->is_union || r->is_packed || r->align || !r->nfields) return 0;
    long n = 0;
    for (int i = 0; i < r->nfields; i++) {
      long k = r->fields[i].is_bitfield || r->fields[i].align ? 0 : reals_in(r->fields[i].type, real);
      if (!k) return 0;
      n += k;
    }
    return n;
  }
  default: return 0;
  }
}

/* An array of a length known when compiling */
static bool fixed_array(const Type *t) { return t->kind == TY_ARRAY && !t->vla && t->len > 0; }

/* The reals in n elements of x_bar's type (n * 3 for double (*)[3]) */
static Expr *reals_count(const Var *x_bar, const Expr *n) {
  TypeKind real = TY_VOID;
  long k = reals_in(ty_elem(x_bar->type), &real);
  Expr *c = ex_cast(ty_size_t(), ir_clone_expr(n, NULL));
  return k == 1 ? c : ex_bin(OP_MUL, c, ex_cast(ty_size_t(), ex_int(k)));
}

static bool reals_float(const Var *x_bar) {
  TypeKind real = TY_VOID;
  reals_in(ty_elem(x_bar->type), &real);
  return real == TY_FLOAT;
}

/* x_bar as the runtime's real pointer */
static Expr *as_reals(Var *x_bar) {
  Type *rt = reals_float(x_bar) ? ty_float() : ty_double();
  Type *et = ty_unqual(ty_elem(x_bar->type));
  return et->kind == rt->kind ? ex_var(x_bar) : ex_cast(ty_ptr(rt), ex_var(x_bar));
}

/* Each thread accumulates into its own copy of x_bar, on the heap: the
 * loop body starts with x_bar_own = ccad_omp_part_d(x_bar, n) (the
 * thread's copy, made on its first iteration) and works on it; the caller
 * adds the copies after the loop (omp_add_parts). An OpenMP reduction over the
 * array section would put the copies on the threads' stacks, which gcc's
 * libgomp overflows past a few MB. Elements made of several reals
 * (double[3], complex) are copied as that many reals. */
static Var *thread_copy(Adj *a, Stmt *body, Var *x_bar, const Expr *n) {
  Type *et = ty_unqual(ty_elem(x_bar->type));
  Var *own = fn_new_var(a->out, xfmt("%s_own", x_bar->name), ty_ptr(et), VAR_LOCAL, body->loc);
  st_each_expr(body, to_own, (Var *[2]){x_bar, own});
  Expr *args[2] = {as_reals(x_bar), reals_count(x_bar, n)};
  Expr *part = ex_rt(reals_float(x_bar) ? RT_OMP_PART_F : RT_OMP_PART_D, args, 2);
  if (et->kind != TY_FLOAT && et->kind != TY_DOUBLE) part = ex_cast(ty_ptr(et), part);
  Stmt *set = st_assign(ex_var(own), part, body->loc);
  int nb;
  Stmt **old = st_take_body(body, &nb);
  st_append(body, st_decl(own, NULL, body->loc));
  st_append(body, set);
  for (int i = 0; i < nb; i++) st_append(body, old[i]);
  return own;
}

/* After the loop: every thread's copies added into the arrays. */
void omp_add_parts(const Acc *c, Stmt *after, SrcLoc loc) {
  for (int i = 0; i + 1 < c->parts.len; i += 2) {
    Var *x = c->parts.data[i];
    Expr *args[2] = {as_reals(x), reals_count(x, c->parts.data[i + 1])};
    st_append(after, st_expr(ex_rt(reals_float(x) ? RT_OMP_PARTS_ADD_F : RT_OMP_PARTS_ADD_D, args, 2), loc));
  }
}

/* ---- A team of one thread ------------------------------------------------
 * The atomics and per-thread copies omp_race_free adds are for a team of
 * several threads; with one (OMP_NUM_THREADS=1, the usual case of a
 * program tuned serially) a float atomic is a compare-and-swap loop per
 * update, many times the plain one. So where omp_race_free added atomics the
 * backward loop is built twice, the copy made before omp_race_free running
 * where the team has one thread: same directive and clauses (a team of
 * one), plain accumulation. */
static Walk count_atomic(Stmt *s, void *ctx) {
  if (s->omp_atomic) (*(int *)ctx)++;
  return WALK_ON;
}

int omp_atomics_in(Stmt *s) {
  int n = 0;
  st_each(s, count_atomic, &n);
  return n;
}

/* What the builds know of generated statements, keyed by the statement
 * (a backward loop that recomputes its counter, the reads collected), for
 * the copy too: the copy's reads are the original's. */
static void same_facts(Adj *a, const Stmt *s, const Stmt *c) {
  if (!s || !c) return;
  void *v;
  if ((v = ptrmap_get(&a->recon, s))) ptrmap_put(&a->recon, c, v);
  if ((v = ptrmap_get(&a->bwd_memo, s))) ptrmap_put(&a->bwd_memo, c, v);
  same_facts(a, s->then, c->then);
  same_facts(a, s->els, c->els);
  same_facts(a, s->init, c->init);
  same_facts(a, s->step, c->step);
  for (int i = 0; i < s->nbody && i < c->nbody; i++) same_facts(a, s->body[i], c->body[i]);
}

Stmt *omp_clone_team(Adj *a, const Stmt *s) {
  PtrMap none = {0};  /* a map, so the directive is copied too */
  Stmt *c = ir_clone_stmt(s, &none);
  same_facts(a, s, c);
  return c;
}


/* 'par' and its parts' sums, or 'one' where 'one_team' holds */
void omp_team_choice(Stmt *bwd, Expr *one_team, Stmt *one, Stmt *par, const Acc *c, SrcLoc loc) {
  Stmt *pick = st_new(ST_IF, loc);
  pick->cond = one_team;
  pick->then = st_block(loc);
  st_append(pick->then, one);
  pick->els = st_block(loc);
  st_append(pick->els, par);
  if (c) omp_add_parts(c, pick->els, loc);
  st_append(bwd, pick);
}

void omp_rows_choice(Adj *a, Stmt *into, Stmt *rt, Stmt *rt_body, Stmt *par, const Acc *c, SrcLoc loc) {
  if (!c->rt_rows) {
    st_append(into, par);
    omp_add_parts(c, into, loc);
    return;
  }
  Acc r = *c;
  r.priv = (PtrMap){0};
  r.parts = (PtrVec){0};
  r.rows = (PtrMap){0};
  r.stores = (PtrVec){0};
  r.apart = (PtrVec){0};
  r.rt_rows = NULL;
  r.by_ctr = false;
  r.assume_rt = true;
  omp_race_free(a, &r, rt_body);
  Stmt *pick = st_new(ST_IF, loc);
  pick->cond = c->rt_rows;
  pick->then = st_block(loc);
  st_append(pick->then, rt);
  omp_add_parts(&r, pick->then, loc);
  pick->els = st_block(loc);
  st_append(pick->els, par);
  omp_add_parts(c, pick->els, loc);
  st_append(into, pick);
}

/* An integer expression of constants and integer variables the function
 * never assigns: the same wherever the backward sweep evaluates it. */
static bool fixed_int(Adj *a, const Expr *e) {
  if (!e) return true;
  switch (e->kind) {
  case EX_NUM: return true;
  case EX_VAR: return e->var->type->kind == TY_INT && !adj_writes_var(a->body, e->var);
  case EX_CAST: case EX_UN: return e->type->kind == TY_INT && fixed_int(a, e->lhs);
  case EX_BIN: return e->type->kind == TY_INT && fixed_int(a, e->lhs) && fixed_int(a, e->rhs);
  default: return false;
  }
}

/* The elements of x whose adjoints the loop adds into where no size is
 * given: x[0..N) when every iteration touches exactly those
 * (omp_rows_hull), N > 0 ? N : 0; else NULL. */
static Expr *hull_len(Adj *a, const Acc *c, Var *x) {
  const Expr *n = c->loop ? omp_rows_hull(a->v, c->loop, c->ctr, x) : NULL;
  if (!n || !fixed_int(a, n)) return NULL;
  Expr *l = ex_cast(ty_long(), ir_clone_expr(n, NULL));
  return ex_cond(ex_bin(OP_GT, l, ex_num(0, ty_long())), ir_clone_expr(l, NULL), ex_num(0, ty_long()));
}

/* Does the body add into p's memory other than at an element the
 * iteration stores (those need no atomics)? */
typedef struct Sums {
  const Acc *c;
  const Priv *p;
} Sums;

static Walk shared_sum(Stmt *s, void *ctx) {
  const Sums *k = ctx;
  if (s->kind != ST_ASSIGN || s->lhs->kind == EX_VAR || !is_priv(k->p, ex_root_var(s->lhs))) return WALK_ON;
  const Expr *r = ex_strip_implicit(s->rhs);
  if (r->kind != EX_BIN || (r->op != OP_ADD && r->op != OP_SUB) || !ir_expr_equal(ex_strip_implicit(r->lhs), s->lhs))
    return WALK_ON;
  for (int i = 0; i < k->c->stores.len; i++)
    if (ir_expr_equal(k->c->stores.data[i], s->lhs)) return WALK_ON;
  return WALK_STOP;
}

static bool shared_sums(const Acc *c, const Priv *p, Stmt *body) {
  Sums k = {c, p};
  return !st_each(body, shared_sum, &k);
}

static void rows_plain(Acc *c, const Priv *p) {
  ptrmap_put(&c->rows, p->r, (void *)1);
  for (int j = 0; j < p->derived.cap; j++)
    if (p->derived.keys && p->derived.keys[j]) ptrmap_put(&c->rows, p->derived.keys[j], (void *)1);
}

/* The memory class an accumulation's root adjoint pointer leads into:
 * its primal's (NULL: unknown) */
static const void *root_class(Adj *a, Var *root) {
  Var *prim = root ? ptrmap_get(&a->shadow_of, root) : NULL;
  return prim ? act_pts_id(a->v, ex_var(prim)) : NULL;
}

static const void *acc_class(Adj *a, const Stmt *s) { return root_class(a, ex_root_var(s->lhs)); }

typedef struct Clash {
  Adj *a;
  const void *cls;
  bool hit;
} Clash;

static Walk atomic_into(Stmt *s, void *ctx) {
  Clash *k = ctx;
  if (s->omp_atomic) {
    const void *c = acc_class(k->a, s);
    k->hit |= !c || c == k->cls;
  }
  return k->hit ? WALK_STOP : WALK_ON;
}

/* Rows apart by an array's own accesses hold for its memory when no other
 * pointer of its class is accumulated into atomically in the loop (an
 * alias the primal only reads, which another iteration's atomic would meet
 * unordered) and no other such array shares its class; the other uses of
 * the class are per-thread copies, or elements the iteration itself
 * stores (another iteration touching them would be a race of the primal).
 * Else its accumulations become atomic too, and the rest is checked again. */
static void settle_apart(Adj *a, Acc *c, Stmt *body) {
  for (bool again = true; again;) {
    again = false;
    for (int i = 0; i + 1 < c->apart.len; i += 2) {
      Var *b = c->apart.data[i];
      if (!ptrmap_get(&c->rows, b)) continue;
      Clash k = {a, c->apart.data[i + 1], false};
      for (int j = 0; j + 1 < c->apart.len && !k.hit; j += 2)
        k.hit = j != i && c->apart.data[j + 1] == k.cls;
      if (!k.hit) st_each(body, atomic_into, &k);
      if (!k.hit) continue;
      ptrmap_put(&c->rows, b, NULL);  /* and the pointers derived from it */
      Priv p = {b, {0}, false};
      while (!p.ok) {
        p.ok = true;
        st_each(body, find_derived, &p);
      }
      for (int j = 0; j < p.derived.cap; j++)
        if (p.derived.keys && p.derived.keys[j]) ptrmap_put(&c->rows, p.derived.keys[j], NULL);
      st_each(body, mark_atomic, c);
      again = true;
    }
  }
}

/* Per-thread copies for the adjoint of x (a request's parameter or a local
 * buffer), n elements (NULL: unknown; then only for a block every iteration
 * touches, hull_len), where the loop only accumulates into it; or plain
 * accumulation where the iterations keep to their own rows. */
static void privatise_one(Adj *a, Stmt *body, Acc *c, Var *x, const Expr *n) {
  if (tested_for_null(a->primal, x)) return;  /* atomics instead */
  Expr *b = ptrmap_get(&a->bar, x);
  TypeKind real = TY_VOID;
  if (!b || b->kind != EX_VAR || !reals_in(ty_elem(b->var->type), &real)) return;
  if (!ty_is_ptr(b->var->type) && !fixed_array(b->var->type)) return;
  if (ptrmap_get(&c->priv, b->var) || (c->inner && ptrmap_get(c->inner, b->var))) return;
  Priv p = {b->var, {0}, false};
  while (!p.ok) {
    p.ok = true;
    st_each(body, find_derived, &p);
  }
  if (st_each_expr(body, mentions_priv, &p)) return;  /* the loop does not use it */
  if (c->loop && omp_rows_disjoint(a->v, c->loop, c->ctr, x)) {
    /* each iteration its own rows (llm.c's x = inp + b*T*C + t*C): plain */
    rows_plain(c, &p);
    return;
  }
  /* apart if a run-time test says so (attention's rows of C3 = C * 3
   * holding query, key and value at h * hs): plain in the build for it,
   * the test noted in the other */
  Expr *rt = c->loop ? omp_rows_apart_cond(a->v, c->loop, c->ctr, x) : NULL;
  if (rt && c->assume_rt) {
    rows_plain(c, &p);
    return;
  }
  if (rt) c->rt_rows = c->rt_rows ? ex_bin(OP_LAND, c->rt_rows, rt) : rt;
  st_each(body, check_priv, &p);
  First f = {&p, {0}, 0};
  IrWalk w = {first_use, first_use_post, NULL, &f};
  if (p.ok) ir_walk(&w, body);
  if (p.ok && !n) n = hull_len(a, c, x);
  if (!p.ok || !n) {
    /* rows apart by x's own accesses, other pointers of its class aside
     * (a matrix w[i * n + j] next to the vector x[j] it multiplies, both
     * fields of one struct): plain, if settle_apart agrees */
    const void *cls = act_pts_id(a->v, ex_var(x));
    if (c->loop && cls && shared_sums(c, &p, body) && omp_rows_own_disjoint(a->v, c->loop, c->ctr, x)) {
      rows_plain(c, &p);
      vec_push(&c->apart, b->var);
      vec_push(&c->apart, (void *)cls);
    }
    return;
  }
  Var *own = thread_copy(a, body, b->var, n);
  vec_push(&c->parts, b->var);
  vec_push(&c->parts, ir_clone_expr(n, NULL));
  ptrmap_put(&c->priv, own, (void *)1);
  ptrmap_put(&c->priv, b->var, (void *)1);
  for (int j = 0; j < p.derived.cap; j++)
    if (p.derived.keys && p.derived.keys[j]) ptrmap_put(&c->priv, p.derived.keys[j], (void *)1);
}

/* The candidates: the parameters whose size the request gives, the
 * other pointer parameters, the local buffers malloc'd once with a size
 * fixed in the function (a->extent: out = malloc(w * h * sizeof *out),
 * n = bytes / sizeof *out; its adjoint out_bar is allocated with the same
 * size), other local pointers, and local arrays of constant length. */
static bool second_order(const Module *m) {
  for (int i = 0; i < m->requests.len; i++) {
    const Request *r = m->requests.data[i];
    if (r->dir == DIR_HESSIAN || r->dir == DIR_HVP || r->compose_of) return true;
  }
  return false;
}

static void privatise(Adj *a, Stmt *body, Acc *c) {
  const Request *r = a->v->req;
  PtrMap sized = {0};
  for (int k = 0; r && k < 2; k++) {
    const ReqItem *items = k ? r->out : r->wrt;
    int n = k ? r->nout : r->nwrt;
    for (int i = 0; i < n; i++)
      if (items[i].param >= 0 && items[i].size_expr) {
        privatise_one(a, body, c, a->primal->params[items[i].param], items[i].size_expr);
        ptrmap_put(&sized, a->primal->params[items[i].param], (void *)1);
      }
  }
  /* the other pointer parameters (a callee's): rows apart, or a block
   * every iteration touches */
  for (int i = 0; i < a->primal->nparams; i++) {
    Var *x = a->primal->params[i];
    if (ty_is_ptr(x->type) && !ptrmap_get(&sized, x)) privatise_one(a, body, c, x, NULL);
  }
  free(sized.keys);
  free(sized.vals);
  /* (a module that differentiates a reverse result again, hessian, hvp,
   * jvp(f_grad): the locals' copies have no tangents there, and are
   * refused as pointers without derivative storage; atomics instead) */
  if (second_order(a->m)) return;
  for (int i = 0; i < a->primal->locals.len; i++) {  /* in declaration order: the output is deterministic */
    Var *x = a->primal->locals.data[i];
    const Expr *bytes = ptrmap_get(&a->extent, x);
    if (!ty_is_ptr(x->type) || ty_elem(x->type)->kind == TY_VOID) continue;
    Expr *n = bytes ? ex_bin(OP_DIV, ir_clone_expr(bytes, NULL), ex_sizeof_type(ty_unqual(ty_elem(x->type)))) : NULL;
    privatise_one(a, body, c, x, n);
  }
  /* and the function's arrays declared outside the loop (a blur's kernel
   * float k[5], whose adjoint every pixel adds into) */
  for (int i = 0; i < a->primal->locals.len; i++) {
    Var *x = a->primal->locals.data[i];
    if (fixed_array(x->type)) privatise_one(a, body, c, x, ex_int(x->type->len));
  }
}

Stmt *omp_clone_block(const Stmt *b) { return b ? ir_clone_stmt(b, NULL) : NULL; }

