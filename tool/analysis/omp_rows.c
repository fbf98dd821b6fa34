/*
 * omp_rows.c — does each iteration of a parallel loop touch only its own
 * part of an array? llm.c's layernorm reads x = inp + b*T*C + t*C at x[i],
 * t < T, i < C: iteration b stays within [b*T*C, (b+1)*T*C). The adjoint
 * accumulations into inp_bar mirror those accesses, so they need neither
 * per-thread copies nor atomics.
 *
 * The proof is symbolic: every access's offset from the array is a
 * polynomial b*S + sum c_k*v_k + c0 in the loop counters v_k (each from a
 * loop for (v = 0; v < N; v++) around the access, so 0 <= v < N) with
 * coefficients in variables the loop does not change; the offsets of two
 * iterations cannot meet when S - (the span of the other terms) >= 1 with
 * every coefficient of that difference >= 0 (the sizes are >= 1 wherever
 * an access runs: each bounds a loop around it, or the difference does not
 * depend on it).
 *
 * A triangular loop, for (t2 = 0; t2 <= t; t2++) with t < T, counts as
 * 0 <= t2 < T (its bound with each enclosing counter at its largest).
 * Where the signs the proof needs are not known (attention's hs = C / NH
 * in rows of C3 = 3 * C), omp_rows_apart_cond makes its conditions a
 * run-time test.
 *
 * Requires: the loop as adjoint_omp.c prepares it; solved activity (points-to
 * classes: a pointer into the array set before the loop is still seen).
 * Provides: omp_rows_disjoint(), omp_rows_own_disjoint(), omp_rows_hull(),
 * omp_rows_apart_cond().
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

enum { MAXF = 5, MAXT = 24, MAXA = 32, MAXL = 8 };  /* (b * NH * T * T: four factors) */

/* c * v[0] * ... * v[n-1], the factors sorted by address */
typedef struct Mono {
  long c;
  int n;
  const Var *v[MAXF];
} Mono;

typedef struct Poly {
  int n;
  bool bad;  /* not a polynomial of the kind above */
  Mono m[MAXT];
} Poly;

static bool is_int(const Type *t) { return t && t->kind == TY_INT; }

/* an integer constant */
static bool is_num(const Expr *e, long *k) {
  if (e->kind != EX_NUM || !is_int(e->type) || e->value != (double)(long)e->value) return false;
  *k = (long)e->value;
  return true;
}

static Poly p_const(long c) {
  Poly p = {.n = c != 0};
  p.m[0].c = c;
  return p;
}

static bool same_factors(const Mono *a, const Mono *b) {
  return a->n == b->n && !memcmp(a->v, b->v, sizeof(a->v[0]) * (size_t)a->n);
}

static void p_add_mono(Poly *p, Mono m) {
  for (int i = 0; i < p->n; i++)
    if (same_factors(&p->m[i], &m)) {
      p->m[i].c += m.c;
      if (!p->m[i].c) p->m[i] = p->m[--p->n];
      return;
    }
  if (!m.c) return;
  if (p->n == MAXT) p->bad = true;
  else p->m[p->n++] = m;
}

static Poly p_add(Poly a, const Poly *b, long sign) {
  a.bad |= b->bad;
  for (int i = 0; i < b->n; i++) {
    Mono m = b->m[i];
    m.c *= sign;
    p_add_mono(&a, m);
  }
  return a;
}

static Poly p_mul(const Poly *a, const Poly *b) {
  Poly r = {.bad = a->bad || b->bad};
  for (int i = 0; i < a->n; i++)
    for (int j = 0; j < b->n; j++) {
      Mono m = {.c = a->m[i].c * b->m[j].c, .n = a->m[i].n + b->m[j].n};
      if (m.n > MAXF) {
        r.bad = true;
        continue;
      }
      memcpy(m.v, a->m[i].v, sizeof(m.v[0]) * (size_t)a->m[i].n);
      memcpy(m.v + a->m[i].n, b->m[j].v, sizeof(m.v[0]) * (size_t)b->m[j].n);
      for (int x = 1; x < m.n; x++)  /* insertion sort: canonical order */
        for (int y = x; y > 0 && (uintptr_t)m.v[y] < (uintptr_t)m.v[y - 1]; y--) {
          const Var *t = m.v[y];
          m.v[y] = m.v[y - 1];
          m.v[y - 1] = t;
        }
      p_add_mono(&r, m);
    }
  return r;
}

/* ---- The loop's facts ----------------------------------------------------- */

typedef struct Loop {  /* a counted loop around the current statement */
  const Var *v;
  Poly n;  /* 0 <= v < n */
  const Expr *bound;  /* n as written */
  bool upper;  /* n only bounds v from above (a triangular loop, v <= t: t at its largest) */
} Loop;

typedef struct Derived {  /* q = p0 + off, defined once, used after it in its block */
  const Var *q;
  Poly off;
  const Stmt *block;
  int at;
} Derived;

typedef enum { A_READ, A_STORE, A_PART } AccessKind;  /* A_STORE: the element, whole, on the left of = */

typedef struct Access {
  Poly off;
  Loop loops[MAXL];
  int nloops;
  bool cond;  /* under an if, a switch or an uncounted loop of the body */
  AccessKind kind;
  const Expr *at;
} Access;

typedef struct Rows {
  Variant *v;
  const void *cls;  /* the array's memory class */
  const Var *ctr, *p0;
  PtrMap written;  /* Var* assigned in the body (not invariant) */
  Derived d[8];
  int nd;
  Access acc[MAXA];
  int nacc;
  Loop loops[MAXL];  /* around the statement being walked */
  int nloops;
  const Stmt *blocks[32];  /* the enclosing blocks and positions */
  int at[32], nblocks;
  int conds;   /* ifs, switches and uncounted loops around the statement being walked */
  bool jumps;  /* the body breaks, continues or returns somewhere */
  bool own;    /* only the accesses through the array's pointer and those derived from it in the body */
  bool in_lhs; /* walking the left side of an assignment (not its indices) */
  const Expr *lhs;
  bool fail;
} Rows;

static Derived *derived(Rows *r, const Var *v) {
  for (int i = 0; i < r->nd; i++)
    if (r->d[i].q == v) return &r->d[i];
  return NULL;
}

/* An integer expression as a polynomial: counters of the loops around it
 * and variables the loop body never assigns. */
static Poly poly_of(Rows *r, const Expr *e) {
  Poly bad = {.bad = true};
  if (!e || !is_int(e->type)) return bad;
  switch (e->kind) {
  case EX_NUM: {
    long k;
    return is_num(e, &k) ? p_const(k) : bad;
  }
  case EX_VAR: {
    bool counter = e->var == r->ctr;
    for (int i = 0; i < r->nloops; i++) counter |= r->loops[i].v == e->var;
    if (!counter && ptrmap_get(&r->written, e->var)) return bad;
    Poly p = {.n = 1};
    p.m[0] = (Mono){.c = 1, .n = 1, .v = {e->var}};
    return p;
  }
  case EX_CAST: return is_int(e->lhs->type) ? poly_of(r, e->lhs) : bad;
  case EX_UN: {
    if (e->op == OP_PLUS) return poly_of(r, e->lhs);
    if (e->op != OP_NEG) return bad;
    Poly z = p_const(0), a = poly_of(r, e->lhs);
    return p_add(z, &a, -1);
  }
  case EX_BIN: {
    Poly a = poly_of(r, e->lhs), b = poly_of(r, e->rhs);
    if (e->op == OP_ADD) return p_add(a, &b, 1);
    if (e->op == OP_SUB) return p_add(a, &b, -1);
    if (e->op == OP_MUL) return p_mul(&a, &b);
    return bad;
  }
  default: return bad;
  }
}

/* The offset of pointer expression e from p0 (bad: not such a pointer) */
static Poly offset_of(Rows *r, const Expr *e) {
  Poly bad = {.bad = true};
  if (!e || !ty_is_ptr(e->type)) return bad;
  switch (e->kind) {
  case EX_VAR: {
    if (e->var == r->p0) return p_const(0);
    Derived *d = derived(r, e->var);
    return d ? d->off : bad;
  }
  case EX_CAST:
    if (!ty_is_ptr(e->lhs->type) || !ty_same(ty_unqual(ty_elem(e->type)), ty_unqual(ty_elem(e->lhs->type)))) return bad;
    return offset_of(r, e->lhs);
  case EX_BIN: {
    if (e->op != OP_ADD && e->op != OP_SUB) return bad;
    Poly a = offset_of(r, e->lhs), b = poly_of(r, e->rhs);
    return p_add(a, &b, e->op == OP_ADD ? 1 : -1);
  }
  case EX_ADDR:
    if (e->lhs->kind != EX_INDEX) return bad;
    {
      Poly a = offset_of(r, e->lhs->lhs), b = poly_of(r, e->lhs->rhs);
      return p_add(a, &b, 1);
    }
  default: return bad;
  }
}

static bool mentions_array(Rows *r, const Expr *e);
static bool in_class(Rows *r, const Expr *p);

static bool in_args(Rows *r, const Expr *c) {
  for (int i = 0; i < c->nargs; i++)
    if (in_class(r, c->args[i])) return true;
  return false;
}

static void note_access(Rows *r, Poly off, const Expr *e, bool lhs) {
  if (off.bad || r->nacc == MAXA) {
    r->fail = true;
    return;
  }
  Access *a = &r->acc[r->nacc++];
  a->off = off;
  a->nloops = r->nloops;
  a->cond = r->conds > 0;
  a->kind = !lhs ? A_READ : e == r->lhs ? A_STORE : A_PART;
  a->at = e;
  memcpy(a->loops, r->loops, sizeof(Loop) * (size_t)r->nloops);
}

/* A pointer into the array's class (by points-to: also one set before
 * the loop, or taken from memory) */
static bool in_class(Rows *r, const Expr *p) {
  if (r->own) return mentions_array(r, p);
  return ty_is_ptr(p->type) && p->type->base->kind != TY_FUNC && act_pts_id(r->v, (Expr *)p) == r->cls;
}

/* The accesses in e; any other use of the array's memory fails. */
static void walk_expr(Rows *r, const Expr *e) {
  if (!e || r->fail) return;
  bool lhs = r->in_lhs;  /* (only a member of what is written is written too) */
  r->in_lhs = lhs && e->kind == EX_MEMBER;
  const Expr *base = e->kind == EX_INDEX ? ex_strip_implicit(e->lhs) : e->kind == EX_DEREF ? e->lhs : NULL;
  if (base && ty_is_ptr(base->type) && (mentions_array(r, base) || in_class(r, base))) {
    Poly off = offset_of(r, base);
    if (e->kind == EX_INDEX) {
      Poly i = poly_of(r, e->rhs);
      off = p_add(off, &i, 1);
      walk_expr(r, e->rhs);
    }
    note_access(r, off, e, lhs);
    return;
  }
  if ((e->kind == EX_VAR && (e->var == r->p0 || derived(r, e->var))) || (e->kind == EX_CALL && in_args(r, e))) {
    r->fail = true;  /* the pointer itself escapes: passed, stored, compared */
    return;
  }
  /* the arms of ?: and the right of && and || may not run */
  bool arms = e->kind == EX_COND, right = e->kind == EX_BIN && (e->op == OP_LAND || e->op == OP_LOR);
  walk_expr(r, e->cond);
  r->conds += arms;
  walk_expr(r, e->lhs);
  r->conds += right;
  walk_expr(r, e->rhs);
  r->conds -= arms + right;
  for (int i = 0; i < e->nargs; i++) walk_expr(r, e->args[i]);
}

static Walk mention(Expr *e, void *r) {
  return e->kind == EX_VAR && (e->var == ((Rows *)r)->p0 || derived(r, e->var)) ? WALK_STOP : WALK_ON;
}

static bool mentions_array(Rows *r, const Expr *e) { return e && !ex_each((Expr *)e, mention, r); }

static Walk note_written_into(Stmt *s, void *m) {
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR) ptrmap_put(m, s->lhs->var, (void *)1);
  if (s->kind == ST_DECL && s->var) ptrmap_put(m, s->var, (void *)1);
  return WALK_ON;
}

/* n with each term c * u, u the counter of a loop around (0 <= u < N_u),
 * c > 0, replaced by c * (N_u - 1): a bound of n from above (llm.c's
 * attention: t2 <= t, t < T, so t2 < T). False where a counter is in a
 * term of another shape. */
static bool outer_counters_at_most(Rows *r, Poly *n, bool *upper) {
  for (int again = 1; again && !n->bad;) {
    again = 0;
    for (int i = 0; i < n->n && !again; i++)
      for (int f = 0; f < n->m[i].n && !again; f++)
        for (int k = r->nloops - 1; k >= 0 && !again; k--) {
          if (r->loops[k].v != n->m[i].v[f]) continue;
          if (n->m[i].n != 1 || n->m[i].c <= 0) return false;
          Mono m = n->m[i];
          Poly c = p_const(m.c), t = p_mul(&c, &r->loops[k].n);
          m.c = -m.c;
          p_add_mono(n, m);                     /* - c * u */
          *n = p_add(*n, &t, 1);                /* + c * N_u */
          Poly one = p_const(c.m[0].c);
          *n = p_add(*n, &one, -1);             /* - c */
          *upper = true;
          again = 1;
        }
  }
  return !n->bad;
}

/* for (v = 0; v < N; v++) (or v <= N - 1) with v and N not assigned in
 * its body; N may name the counters of loops around it (upper). */
static bool counted(Rows *r, const Stmt *s, Loop *out) {
  const Stmt *in = s->init;
  if (in && in->kind == ST_BLOCK && in->nbody == 1) in = in->body[0];
  const Var *v = !in ? NULL : in->kind == ST_DECL ? in->var : in->kind == ST_ASSIGN && in->lhs->kind == EX_VAR ? in->lhs->var : NULL;
  const Expr *v0 = !in ? NULL : in->kind == ST_DECL ? in->expr : in->rhs;
  const Stmt *st = s->step;
  if (st && st->kind == ST_BLOCK && st->nbody == 1) st = st->body[0];
  long k0 = 1, k1 = 0;
  if (!v || !v0 || !is_num(v0, &k0) || k0 != 0 || !s->cond || s->cond->kind != EX_BIN ||
      (s->cond->op != OP_LT && s->cond->op != OP_LE))
    return false;
  const Expr *l = ex_strip_implicit(s->cond->lhs);
  if (l->kind != EX_VAR || l->var != v || !st || st->kind != ST_ASSIGN || st->lhs->kind != EX_VAR || st->lhs->var != v)
    return false;
  const Expr *inc = st->rhs;
  if (inc->kind != EX_BIN || inc->op != OP_ADD || ex_strip_implicit(inc->lhs)->kind != EX_VAR ||
      ex_strip_implicit(inc->lhs)->var != v || !is_num(inc->rhs, &k1) || k1 != 1)
    return false;
  PtrMap w = {0};
  st_each(s->then, note_written_into, &w);
  bool kept = !ptrmap_get(&w, v);
  free(w.keys);
  free(w.vals);
  out->v = v;
  out->n = poly_of(r, s->cond->rhs);
  out->bound = s->cond->rhs;
  out->upper = false;
  if (s->cond->op == OP_LE) {  /* v <= N: v < N + 1 */
    Poly one = p_const(1);
    out->n = p_add(out->n, &one, 1);
    out->upper = true;  /* (not N as written) */
  }
  return kept && !out->n.bad && outer_counters_at_most(r, &out->n, &out->upper);
}

static void walk_stmt(Rows *r, const Stmt *s);

static void walk_block(Rows *r, const Stmt *b) {
  if (r->nblocks == 32) {
    r->fail = true;
    return;
  }
  int k = r->nblocks++;
  r->blocks[k] = b;
  for (int i = 0; i < b->nbody && !r->fail; i++) {
    r->at[k] = i;
    walk_stmt(r, b->body[i]);
  }
  r->nblocks--;
}

/* q = <pointer into the array>: defined once, used after it in its block */
static bool define(Rows *r, const Var *q, const Expr *val) {
  if (!q || !ty_is_ptr(q->type) || !mentions_array(r, val)) return false;
  if (derived(r, q) || r->nd == 8 || !r->nblocks) {
    r->fail = true;
    return true;
  }
  Poly off = offset_of(r, val);
  if (off.bad) {
    r->fail = true;
    return true;
  }
  r->d[r->nd++] = (Derived){q, off, r->blocks[r->nblocks - 1], r->at[r->nblocks - 1]};
  return true;
}

/* a use of q is after its definition, in its block */
static Walk use_after_def(Expr *e, void *r_) {
  Rows *r = r_;
  Derived *d = e->kind == EX_VAR ? derived(r, e->var) : NULL;
  if (!d) return WALK_ON;
  for (int k = 0; k < r->nblocks; k++)
    if (r->blocks[k] == d->block && r->at[k] > d->at) return WALK_ON;
  r->fail = true;
  return WALK_STOP;
}

static void walk_stmt(Rows *r, const Stmt *s) {
  if (!s || r->fail) return;
  st_each_expr((Stmt *)s, use_after_def, r);  /* (also inside nested statements: checked again there) */
  if (r->fail) return;
  switch (s->kind) {
  case ST_BLOCK: walk_block(r, s); return;
  case ST_DECL:
    if (s->expr && !define(r, s->var, s->expr)) walk_expr(r, s->expr);
    return;
  case ST_ASSIGN:
    if (s->lhs->kind == EX_VAR && define(r, s->lhs->var, s->rhs)) return;
    r->in_lhs = true;
    r->lhs = s->lhs;
    walk_expr(r, s->lhs);
    r->in_lhs = false;
    walk_expr(r, s->rhs);
    return;
  case ST_FOR: {
    Loop l;
    bool c = counted(r, s, &l);
    walk_stmt(r, s->init);
    walk_expr(r, s->cond);
    if (c && r->nloops < MAXL) r->loops[r->nloops++] = l;
    else if (c) r->fail = true;
    r->conds += !c;
    walk_stmt(r, s->then);
    walk_stmt(r, s->step);
    r->conds -= !c;
    if (c) r->nloops--;
    return;
  }
  default:
    r->jumps |= s->kind == ST_BREAK || s->kind == ST_CONTINUE || s->kind == ST_RETURN;
    walk_expr(r, s->expr);
    walk_expr(r, s->cond);
    r->conds += s->cond != NULL;
    walk_stmt(r, s->init);
    walk_stmt(r, s->then);
    walk_stmt(r, s->els);
    walk_stmt(r, s->step);
    for (int i = 0; i < s->nbody; i++) walk_stmt(r, s->body[i]);
    r->conds -= s->cond != NULL;
    return;
  }
}


/* Splits an offset into ctr * S + sum c_k * v_k + c0 over the loops of a;
 * false when a term multiplies two counters or names another counter. */
static bool split(Rows *r, const Access *a, Poly *S, Poly *c, Poly *c0) {
  *S = *c0 = p_const(0);
  for (int k = 0; k < a->nloops; k++) c[k] = p_const(0);
  for (int i = 0; i < a->off.n; i++) {
    Mono m = a->off.m[i];
    int which = -2, pos = -1;  /* -1: the parallel counter */
    for (int f = 0; f < m.n; f++) {
      int w = m.v[f] == r->ctr ? -1 : -2;
      for (int k = 0; k < a->nloops && w == -2; k++)
        if (a->loops[k].v == m.v[f]) w = k;
      if (w == -2) continue;
      if (pos >= 0) return false;
      which = w, pos = f;
    }
    if (pos >= 0) {
      memmove(&m.v[pos], &m.v[pos + 1], sizeof(m.v[0]) * (size_t)(m.n - pos - 1));
      m.n--;
    }
    Poly *into = pos < 0 ? c0 : which == -1 ? S : &c[which];
    p_add_mono(into, m);
  }
  return true;
}

/* What v is wherever access a or b runs: 2 at least 1 (the bound of a
 * loop around one of them), 1 at least 0 (a counter), 0 unknown. */
static int known(Rows *r, const Var *v, const Access *a, const Access *b) {
  int best = v == r->ctr ? 1 : 0;
  for (int k = 0; k < 2; k++) {
    const Access *x = k ? b : a;
    for (int l = 0; l < x->nloops; l++) {
      const Poly *n = &x->loops[l].n;
      if (n->n == 1 && n->m[0].c == 1 && n->m[0].n == 1 && n->m[0].v[0] == v) return 2;
      if (x->loops[l].v == v) best = 1;
    }
  }
  return best;
}

/* p >= 0 for every value its variables take where a and b run */
static bool nonneg(Rows *r, const Poly *p, const Access *a, const Access *b) {
  for (int i = 0; i < p->n; i++) {
    if (p->m[i].c < 0) return false;
    for (int f = 0; f < p->m[i].n; f++)
      if (!known(r, p->m[i].v[f], a, b)) return false;
  }
  return !p->bad;
}

/* p >= 1 there: >= 0, and a term of bounds alone (each >= 1) is >= 1 */
static bool at_least_one(Rows *r, const Poly *p, const Access *a, const Access *b) {
  if (!nonneg(r, p, a, b)) return false;
  for (int i = 0; i < p->n; i++) {
    bool ones = p->m[i].c >= 1;
    for (int f = 0; f < p->m[i].n && ones; f++) ones = known(r, p->m[i].v[f], a, b) == 2;
    if (ones) return true;
  }
  return false;
}

static bool same(Poly a, const Poly *b) {
  Poly d = p_add(a, b, -1);
  return !d.bad && d.n == 0;
}

/* The accesses of the loop's body to the array; NULL (and false) where
 * some use of it is not an access at a known offset. */
static Rows *accesses(Variant *v, const Stmt *loop, const Var *ctr, const Var *array, bool own, bool *ok) {
  Rows *r = calloc(1, sizeof *r);
  r->v = v;
  r->own = own;
  r->cls = act_pts_id(v, ex_var((Var *)array));
  r->ctr = ctr;
  r->p0 = array;
  st_each((Stmt *)loop->then, note_written_into, &r->written);
  *ok = false;
  if (!ptrmap_get(&r->written, array) && !ptrmap_get(&r->written, ctr)) {
    walk_stmt(r, loop->then);
    *ok = !r->fail && r->nacc > 0 && r->cls;
  }
  return r;
}

static void rows_free(Rows *r) {
  free(r->written.keys);
  free(r->written.vals);
  free(r);
}

/* Every access through the array's pointer (or one the body derives from
 * it; other pointers that may point into it are not looked at) of every
 * iteration is array[j], j the counter of a loop for (j = 0; j < N; j++)
 * of the body, the same N (not the parallel counter's), with no if,
 * switch, uncounted loop, ?:, &&, ||, break, continue or return on the
 * way: each iteration touches exactly array[0..N) when N >= 1 (a
 * matrix-vector product's x[j]). That block is then memory the loop
 * reaches, of which each thread can add into its own copy (sums, which
 * other pointers' sums into the same memory do not disturb). Returns N as
 * written, else NULL. */
const Expr *omp_rows_hull(Variant *v, const Stmt *loop, const Var *ctr, const Var *array) {
  bool ok;
  Rows *r = accesses(v, loop, ctr, array, true, &ok);
  ok = ok && !r->jumps;
  const Expr *bound = NULL;
  for (int i = 0; ok && i < r->nacc; i++) {
    const Access *a = &r->acc[i];
    const Poly *o = &a->off, *n = &a->loops[0].n;
    ok = !a->cond && a->nloops == 1 && !a->loops[0].upper && o->n == 1 && o->m[0].c == 1 && o->m[0].n == 1 && o->m[0].v[0] == a->loops[0].v &&
         (i == 0 || same(*n, &r->acc[0].loops[0].n));
    for (int t = 0; ok && t < n->n; t++)
      for (int f = 0; f < n->m[t].n; f++) ok = ok && n->m[t].v[f] != ctr;
    bound = a->loops[0].bound;
  }
  rows_free(r);
  return ok ? bound : NULL;
}

static bool rows_apart(Variant *v, const Stmt *loop, const Var *ctr, const Var *array, bool own) {
  bool ok;
  Rows *r = accesses(v, loop, ctr, array, own, &ok);
  Poly S0 = {0};
  for (int i = 0; ok && i < r->nacc; i++) {
    Poly S, c[MAXL], c0;
    const Access *ai = &r->acc[i];
    ok = split(r, ai, &S, c, &c0) && at_least_one(r, &S, ai, ai) && (i == 0 || same(S, &S0));
    S0 = S;
    /* the span of the other terms of access i from its least offset: sum c_k (n_k - 1) */
    Poly hi = c0;
    for (int k = 0; ok && k < r->acc[i].nloops; k++) {
      ok = nonneg(r, &c[k], ai, ai);
      Poly t = p_mul(&c[k], &r->acc[i].loops[k].n);
      hi = p_add(hi, &t, 1);
      hi = p_add(hi, &c[k], -1);
    }
    for (int j = 0; ok && j < r->nacc; j++) {  /* S - (hi_i - lo_j) >= 1 */
      Poly Sj, cj[MAXL], c0j;
      ok = split(r, &r->acc[j], &Sj, cj, &c0j);
      Poly d = p_add(S, &hi, -1);
      d = p_add(d, &c0j, 1);
      ok = ok && at_least_one(r, &d, ai, &r->acc[j]);
    }
  }
  rows_free(r);
  return ok;
}

/* ---- The same proof at run time -------------------------------------------
 * Where the signs or sizes of the terms are not known when generating the
 * code (llm.c's attention: hs = C / NH, C3 = C * 3, query at h * hs, key
 * at + C, value at + 2 * C, within a row of C3), the conditions the proof
 * needs are evaluated before the backward loop: S >= 1, every c_k >= 0,
 * and S - (hi_i - lo_j) >= 1 for every pair of accesses, in long
 * arithmetic over variables the loop does not change. Where they hold,
 * iterations ctr < ctr' touch offsets ctr * S + [lo, hi] and
 * ctr' * S + [lo, hi] with ctr' * S + lo >= ctr * S + S + lo > ctr * S + hi
 * (a loop that does not run makes no access, whatever its span says). */

static Expr *lmul(Expr *a, Expr *b) {
  Expr *e = ex_bin(OP_MUL, a, b);
  e->type = ty_long();
  return e;
}

/* p as a long expression; NULL where it names a counter */
static Expr *poly_expr(const Rows *r, const Access *a, const Poly *p) {
  Expr *e = NULL;
  for (int i = 0; i < p->n; i++) {
    long c = p->m[i].c, mag = c < 0 ? -c : c;
    Expr *t = mag != 1 || !p->m[i].n ? ex_num((double)(e ? mag : c), ty_long()) : NULL;
    for (int f = 0; f < p->m[i].n; f++) {
      const Var *x = p->m[i].v[f];
      if (x == r->ctr) return NULL;
      for (int k = 0; k < a->nloops; k++)
        if (a->loops[k].v == x) return NULL;
      Expr *xv = ex_cast(ty_long(), ex_var((Var *)x));
      t = t ? lmul(t, xv) : xv;
    }
    if (!e && c < 0 && mag == 1 && p->m[i].n) t = ex_un(OP_NEG, t);
    if (e) {
      e = ex_bin(c < 0 ? OP_SUB : OP_ADD, e, t);
      e->type = ty_long();
    } else {
      e = t;
    }
  }
  return e ? e : ex_num(0, ty_long());
}

typedef struct Conds {
  Expr *all;
  Poly seen[64];  /* the polynomials already required (p >= k) */
  long at[64];
  int n;
  bool fail;
} Conds;

/* p >= k, once */
static void require(Conds *q, Rows *r, const Access *a, const Poly *p, long k) {
  if (q->fail || p->bad) {
    q->fail = true;
    return;
  }
  if (p->n == 0 || (p->n == 1 && p->m[0].n == 0)) {  /* a constant */
    q->fail |= (p->n ? p->m[0].c : 0) < k;
    return;
  }
  for (int i = 0; i < q->n; i++)
    if (q->at[i] == k && same(q->seen[i], p)) return;
  Poly k0 = p_const(k), over = p_add(*p, &k0, -1), under = p_add(k0, p, -1);
  if (nonneg(r, &over, a, a)) return;  /* p - k >= 0 already: no test */
  if (at_least_one(r, &under, a, a)) {  /* k - p >= 1: never holds */
    q->fail = true;
    return;
  }
  Expr *e = poly_expr(r, a, p);
  if (!e || q->n == 64) {
    q->fail = true;
    return;
  }
  q->seen[q->n] = *p;
  q->at[q->n++] = k;
  Expr *c = ex_bin(OP_GE, e, ex_num((double)k, ty_long()));
  q->all = q->all ? ex_bin(OP_LAND, q->all, c) : c;
}

Expr *omp_rows_apart_cond(Variant *v, const Stmt *loop, const Var *ctr, const Var *array) {
  bool ok;
  Rows *r = accesses(v, loop, ctr, array, false, &ok);
  Conds *q = calloc(1, sizeof *q);
  Poly S0 = {0};
  for (int i = 0; ok && i < r->nacc && !q->fail; i++) {
    Poly S, c[MAXL], c0;
    const Access *ai = &r->acc[i];
    ok = split(r, ai, &S, c, &c0) && (i == 0 || same(S, &S0));
    S0 = S;
    if (!ok) break;
    require(q, r, ai, &S, 1);
    Poly hi = c0;
    for (int k = 0; k < ai->nloops; k++) {
      require(q, r, ai, &c[k], 0);
      Poly t = p_mul(&c[k], &ai->loops[k].n);
      hi = p_add(hi, &t, 1);
      hi = p_add(hi, &c[k], -1);
    }
    for (int j = 0; ok && j < r->nacc; j++) {
      Poly Sj, cj[MAXL], c0j;
      ok = split(r, &r->acc[j], &Sj, cj, &c0j);
      Poly d = p_add(S, &hi, -1);
      d = p_add(d, &c0j, 1);
      require(q, r, ai, &d, 1);
    }
  }
  Expr *res = ok && !q->fail ? (q->all ? q->all : ex_int(1)) : NULL;
  free(q);
  rows_free(r);
  return res;
}

bool omp_rows_disjoint(Variant *v, const Stmt *loop, const Var *ctr, const Var *array) {
  return rows_apart(v, loop, ctr, array, false);
}

/* The same proof over the accesses through the array's own pointer only
 * (the caller must rule out other pointers into its memory class). */
bool omp_rows_own_disjoint(Variant *v, const Stmt *loop, const Var *ctr, const Var *array) {
  return rows_apart(v, loop, ctr, array, true);
}

/* ---- Every element stored ---------------------------------------------------
 * f's body stores array[0..N) in full and never reads it: some store
 * array[sum c_k * v_k] = .. under counted loops v_k < n_k alone (no if on
 * the way, no jump anywhere in f but a last return) whose coefficients
 * chain as a mixed radix, 1, n_a, n_a * n_b, ... over the loops they
 * name, with N = the last coefficient times its loop's n: iterations
 * meet every offset in [0, N) once (a loop whose counter is in no term
 * repeats the store). That holds where those n_k are >= 0 (some n_k = 0:
 * N = 0) and the others >= 1 (else nothing runs): a test over variables f
 * never assigns, made of what the signs of the n_k do not show (none
 * where only one n_k is not a constant: N > 0 makes it positive). */

static bool no_counter(const Poly *p, const Access *a) {
  for (int t = 0; t < p->n; t++)
    for (int f = 0; f < p->m[t].n; f++)
      for (int k = 0; k < a->nloops; k++)
        if (p->m[t].v[f] == a->loops[k].v) return false;
  return !p->bad;
}

static Expr *cover_cond(Rows *r, const Access *a, const Poly *N) {
  Poly S, c[MAXL], c0;
  if (a->kind != A_STORE || a->cond || !split(r, a, &S, c, &c0) || c0.n) return NULL;
  bool used[MAXL] = {false};
  Poly unit = p_const(1);
  for (int k = 0; k < a->nloops; k++)
    if (a->loops[k].upper || !no_counter(&a->loops[k].n, a) || !no_counter(&c[k], a)) return NULL;
  for (bool more = true; more;) {
    more = false;
    for (int k = 0; k < a->nloops && !more; k++)
      if (!used[k] && c[k].n && same(c[k], &unit)) {
        used[k] = more = true;
        unit = p_mul(&unit, &a->loops[k].n);
      }
  }
  for (int k = 0; k < a->nloops; k++)
    if (c[k].n && !used[k]) return NULL;
  if (!same(unit, N)) return NULL;
  Expr *all = NULL;  /* (not require(): its bounds are >= 1 because the access runs) */
  int tests = 0, factor_tests = 0;
  for (int k = 0; k < a->nloops; k++) {
    const Poly *nk = &a->loops[k].n;
    long least = used[k] ? 0 : 1;
    if (nk->n == 0 || (nk->n == 1 && nk->m[0].n == 0)) {  /* a constant */
      if ((nk->n ? nk->m[0].c : 0) < least) return NULL;
      continue;
    }
    Expr *c = ex_bin(OP_GE, poly_expr(r, a, nk), ex_num((double)least, ty_long()));
    all = all ? ex_bin(OP_LAND, all, c) : c;
    tests++;
    factor_tests += used[k];
  }
  /* one factor of unknown sign, the others constants >= 0: where N > 0
   * it is positive, and N <= 0 leaves nothing to zero (gelu's N) */
  return !all || (tests == 1 && factor_tests == 1) ? ex_int(1) : all;
}

static Walk addr_of(Expr *e, void *vars) {
  return e->kind == EX_ADDR && e->lhs->kind == EX_VAR && ptrmap_get(vars, e->lhs->var) ? WALK_STOP : WALK_ON;
}

/* the sizes (n, the loops' bounds) are over parameters whose address the
 * body does not take: the same when the loops run and at f's end */
static bool sizes_stay(const Stmt *body, const Poly *N, const Access *a) {
  PtrMap vars = {0};
  bool ok = true;
  for (int k = -1; k < a->nloops; k++) {
    const Poly *p = k < 0 ? N : &a->loops[k].n;
    for (int t = 0; t < p->n; t++)
      for (int f = 0; f < p->m[t].n; f++) {
        ok &= p->m[t].v[f]->kind == VAR_PARAM;
        ptrmap_put(&vars, p->m[t].v[f], (void *)1);
      }
  }
  ok = ok && st_each_expr((Stmt *)body, addr_of, &vars);
  free(vars.keys);
  free(vars.vals);
  return ok;
}

Expr *omp_rows_cover(Variant *v, const Stmt *body, const Var *array, const Expr *n, const Expr **store) {
  Rows *r = calloc(1, sizeof *r);
  r->v = v;
  r->cls = act_pts_id(v, ex_var((Var *)array));
  r->p0 = array;
  st_each((Stmt *)body, note_written_into, &r->written);
  Expr *res = NULL;
  if (r->cls && !ptrmap_get(&r->written, array) && body->kind == ST_BLOCK) {
    Stmt last = *body;  /* (a last return is no jump) */
    if (last.nbody && last.body[last.nbody - 1]->kind == ST_RETURN) {
      walk_expr(r, last.body[last.nbody - 1]->expr);
      last.nbody--;
    }
    walk_stmt(r, &last);
    Poly N = poly_of(r, n);
    bool reads = false;
    for (int i = 0; i < r->nacc; i++) reads |= r->acc[i].kind == A_READ;
    for (int i = 0; !r->fail && !r->jumps && !reads && !N.bad && !res && i < r->nacc; i++)
      if (sizes_stay(body, &N, &r->acc[i]) && (res = cover_cond(r, &r->acc[i], &N))) *store = r->acc[i].at;
  }
  rows_free(r);
  return res;
}
