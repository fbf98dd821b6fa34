/*
 * adjoint_frame.c — frames: locals shared by f_fwd and f_bwd. In a split
 * function the backward sweep runs in another stack frame, so locals that
 * pointers may refer to (aggregates, and scalars whose address is taken)
 * live in ccad_frame_push() memory: x becomes (*x) with
 * T (*x)[N] = ccad_frame_push(sizeof(T[N])), kept until f_bwd ends.
 *
 * A parallel loop's reduction(+:s) on such a local sums into a local of
 * its own (adj_omp_framed_sums, run by adj_prepare).
 *
 * Requires: the split function's top declarations and bodies (adjoint.c).
 * Provides: adj_frame_locals (the rewrite), adj_addr_taken, adj_omp_framed_sums.
 */
#include <stdlib.h>
#include <string.h>

#include "adjoint_int.h"

static void addr_taken(const Expr *e, PtrMap *out) {
  if (!e) return;
  if (e->kind == EX_ADDR && e->lhs->kind == EX_VAR) ptrmap_put(out, e->lhs->var, (void *)1);
  addr_taken(e->lhs, out);
  addr_taken(e->rhs, out);
  addr_taken(e->cond, out);
  for (int i = 0; i < e->nargs; i++) addr_taken(e->args[i], out);
}

void adj_addr_taken(const Stmt *s, PtrMap *out) {
  if (!s) return;
  addr_taken(s->lhs, out);
  addr_taken(s->rhs, out);
  addr_taken(s->expr, out);
  addr_taken(s->cond, out);
  adj_addr_taken(s->then, out);
  adj_addr_taken(s->els, out);
  adj_addr_taken(s->init, out);
  adj_addr_taken(s->step, out);
  for (int i = 0; i < s->nbody; i++) adj_addr_taken(s->body[i], out);
}

static Expr *frame_e(Expr *e, PtrMap *map) {
  if (!e) return NULL;
  if (e->kind == EX_VAR) {
    Var *p = ptrmap_get(map, e->var);
    if (p) {
      Expr *d = ex_deref(ex_var(p));
      d->type = e->type;
      return d;
    }
    return e;
  }
  e->lhs = frame_e(e->lhs, map);
  e->rhs = frame_e(e->rhs, map);
  e->cond = frame_e(e->cond, map);
  for (int i = 0; i < e->nargs; i++) e->args[i] = frame_e(e->args[i], map);
  return e;
}

static void frame_s(Stmt *s, PtrMap *map) {
  if (!s) return;
  if (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && ptrmap_get(map, s->lhs->var) &&
      s->lhs->type->kind == TY_RECORD && ex_is_lvalue(s->rhs)) {
    /* p = ps[i] into a framed struct: memcpy(p, &ps[i], sizeof *p). As
     * *p = ps[i], gcc -O1 warns that the caller's ps "may be used
     * uninitialized" (a malloc'd array filled by a loop) */
    Expr *args[3] = {ex_var(ptrmap_get(map, s->lhs->var)), ex_addr(frame_e(s->rhs, map)), NULL};
    args[2] = d_sizeof_expr(ex_deref(ex_var(ptrmap_get(map, s->lhs->var))));
    s->kind = ST_EXPR;
    s->expr = ex_call("memcpy", ty_ptr(ty_void()), args, 3);
    s->lhs = s->rhs = NULL;
    return;
  }
  s->lhs = frame_e(s->lhs, map);
  s->rhs = frame_e(s->rhs, map);
  s->expr = frame_e(s->expr, map);
  s->cond = frame_e(s->cond, map);
  frame_s(s->then, map);
  frame_s(s->els, map);
  frame_s(s->init, map);
  frame_s(s->step, map);
  for (int i = 0; i < s->nbody; i++) frame_s(s->body[i], map);
}

static bool is_zeroing_of(const Stmt *s, PtrMap *map) {
  if (s->kind != ST_EXPR || s->expr->kind != EX_CALL || !str_eq(s->expr->text, "memset")) return false;
  Var *root = ex_root_var(s->expr->args[0]);
  return root && ptrmap_get(map, root);
}

/* x named in e (by name: the body may be a copy), under implicit casts */
static bool is_x(const Expr *e, const Var *x) {
  while (e && e->kind == EX_CAST && e->is_implicit) e = e->lhs;
  return e && e->kind == EX_VAR && str_eq(e->var->name, x->name) && e->var->kind == x->kind;
}

typedef struct Kept { const Var *x; bool hit; int depth; } Kept;

static bool kept_in(const Fn *f, const Var *x, int depth);

/* e lets a pointer reach x (&x..., the array x other than indexed)
 * somewhere that may store through it: anything but an argument of a
 * function of FILE.c that does not store through that parameter */
static bool reaches(Kept *k, const Expr *e, bool base, const Fn *callee, int arg) {
  if (!e) return false;
  if (e->kind == EX_CAST && e->is_implicit) return reaches(k, e->lhs, base, callee, arg);
  bool escape = (e->kind == EX_VAR && is_x(e, k->x) && !base && k->x->type->kind == TY_ARRAY) ||
                (e->kind == EX_ADDR && ex_root_var(e->lhs) && str_eq(ex_root_var(e->lhs)->name, k->x->name));
  if (escape) {
    if (!callee || !callee->body || arg >= callee->nparams || k->depth > 8) return true;
    return kept_in(callee, callee->params[arg], k->depth + 1);
  }
  if (e->kind == EX_ADDR) return false;
  if (e->kind == EX_CALL) {
    for (int i = 0; i < e->nargs; i++)
      if (reaches(k, e->args[i], false, e->fn, i)) return true;
    return false;
  }
  bool index_base = e->kind == EX_INDEX || (e->kind == EX_MEMBER && !e->is_arrow);
  return reaches(k, e->lhs, index_base, NULL, -1) || reaches(k, e->rhs, false, NULL, -1) ||
         reaches(k, e->cond, false, NULL, -1);
}

static Walk kept_visit(Stmt *s, void *ctx) {
  Kept *k = ctx;
  Var *r = s->kind == ST_ASSIGN ? ex_root_var(s->lhs) : NULL;
  /* stored into: x = ..., x[i] = ...; for a pointer parameter, *p = ... */
  bool store = r && str_eq(r->name, k->x->name) && r->kind == k->x->kind &&
               !(k->x->kind == VAR_PARAM && is_x(s->lhs, k->x));
  k->hit |= store || reaches(k, s->lhs, false, NULL, -1) || reaches(k, s->rhs, false, NULL, -1) ||
            reaches(k, s->expr, false, NULL, -1) || reaches(k, s->cond, false, NULL, -1);
  return k->hit ? WALK_STOP : WALK_ON;
}

/* f stores into x (a static local, or a pointer parameter: through it),
 * or lets it reach where something may */
static bool kept_in(const Fn *f, const Var *x, int depth) {
  Kept k = {x, false, depth};
  st_each(f->body, kept_visit, &k);
  return k.hit;
}

/* A static aggregate (or a static whose address is taken) that f stores
 * into keeps state between calls: f_fwd's frame, fresh on each call,
 * cannot hold it (a static never stored into, f2c's DATA tables, is a
 * constant the frame gets again on each call). */
bool tr_static_stored(const Fn *f, const Var *x) { return kept_in(f, x, 0); }

/* static const double a[2][2] = {...}: nothing stores into its elements */
static bool const_data(const Type *t) {
  while (t->kind == TY_ARRAY) t = t->base;
  return t->is_const;
}

/* ---- Aggregates one sweep alone uses -------------------------------------
 * kissfft's kiss_fft_cpx scratch[6]: the forward sweep writes and reads it,
 * the backward sweep only scratch_bar. Neither value crosses from one sweep
 * to the other, and no pointer to them is made: each sweep has its own
 * local (which the compiler keeps in registers), declared as f declares it. */

/* Per variable: named (1), and a pointer to it made (2), in one body. */
typedef struct Uses { PtrMap how; } Uses;

static void mark(Uses *u, const Var *x, long bit) { ptrmap_put(&u->how, x, (void *)((long)ptrmap_get(&u->how, x) | bit)); }

/* a pointer to an aggregate local is made unless it is the base of an
 * index or a member (scratch[0].r) */
static void uses_in(Uses *u, const Expr *e, bool base) {
  if (!e) return;
  if (e->kind == EX_CAST && e->is_implicit) {
    uses_in(u, e->lhs, base);
    return;
  }
  if (e->kind == EX_VAR) mark(u, e->var, !base && e->var->type->kind == TY_ARRAY ? 3 : 1);
  Var *root = e->kind == EX_ADDR ? ex_root_var(e->lhs) : NULL;
  if (root) mark(u, root, 2);
  /* an array inside it, decayed (g(t.v)) */
  if (!base && e->type->kind == TY_ARRAY && (e->kind == EX_MEMBER || e->kind == EX_INDEX) && (root = ex_root_var(e)))
    mark(u, root, 2);
  bool b = e->kind == EX_INDEX || (e->kind == EX_MEMBER && !e->is_arrow);
  uses_in(u, e->lhs, b);
  uses_in(u, e->rhs, false);
  uses_in(u, e->cond, false);
  for (int i = 0; i < e->nargs; i++) uses_in(u, e->args[i], false);
}

static Walk uses_s(Stmt *s, void *ctx) {
  if (s->kind == ST_DECL) mark(ctx, s->var, 1);
  uses_in(ctx, s->lhs, false);
  uses_in(ctx, s->rhs, false);
  uses_in(ctx, s->expr, false);
  uses_in(ctx, s->cond, false);
  return WALK_ON;
}

enum { BOTH_SWEEPS, FWD_ONLY, BWD_ONLY };

/* Whether x (an array or struct local) lives in one sweep, from the uses
 * of the forward sweep's body and of the backward sweep's. */
static int one_sweep(const Var *x, Uses *fwd, Uses *bwd) {
  long f = (long)ptrmap_get(&fwd->how, x), b = (long)ptrmap_get(&bwd->how, x);
  if ((f | b) & 2 || (f & b & 1)) return BOTH_SWEEPS;
  return b ? BWD_ONLY : FWD_ONLY;
}

/* The local a top statement declares or zeroes (memset(&x, 0, ..)). */
static Var *top_var(const Stmt *d) {
  if (d->kind == ST_DECL) return d->var;
  if (d->kind == ST_EXPR && d->expr->kind == EX_CALL && str_eq(d->expr->text, "memset") && d->expr->nargs == 3)
    return ex_root_var(d->expr->args[0]);
  return NULL;
}

/* The type a framed local has in the frame: unqualified at every array
 * level, as the frame is filled by assignments (const double M[2][2] =
 * {...} becomes (*M)[0][0] = 3; ...). */
static Type *frame_type(Type *t) {
  if (t->kind != TY_ARRAY) return ty_unqual(t);
  Type *u = xmalloc(sizeof *u);
  *u = *ty_unqual(t);
  u->base = frame_type(t->base);
  return u;
}

/* Rewrites the top declarations (fw: allocate, bw: declare) and bodies
 * (bodies[0]: the forward sweep's). */
void adj_frame_locals(Adj *a, Stmt *top, Stmt **fw_top, Stmt **bw_top, PtrVec *framed, Stmt **bodies, int nb) {
  PtrMap taken = {0}, map = {0}, side = {0};
  for (int i = 0; i < nb; i++) adj_addr_taken(bodies[i], &taken);
  Uses fwd = {0}, bwd = {0};
  st_each(bodies[0], uses_s, &fwd);
  for (int i = 1; i < nb; i++) st_each(bodies[i], uses_s, &bwd);
  *fw_top = st_block(top->loc);
  *bw_top = st_block(top->loc);
  for (int i = 0; i < top->nbody; i++) {
    Stmt *d = top->body[i];
    if (d->kind != ST_DECL) continue;
    Var *x = d->var;
    if (x == a->retval) continue;  /* the value f_fwd returns, a plain local even when a struct */
    if (x->is_static && const_data(x->type)) continue;  /* a static const table: each sweep has the same own copy */
    int one = !ptrmap_get(&taken, x) && !x->is_static && (x->type->kind == TY_ARRAY || x->type->kind == TY_RECORD)
                  ? one_sweep(x, &fwd, &bwd)
                  : BOTH_SWEEPS;
    if (one != BOTH_SWEEPS) {
      ptrmap_put(&a->nolive, x, (void *)1);  /* declared as f declares it, in its sweep */
      ptrmap_put(&side, x, (void *)(long)one);
      continue;
    }
    if (x->type->kind == TY_ARRAY || x->type->kind == TY_RECORD || ptrmap_get(&taken, x)) {
      if (x->is_static && !x->static_fresh && tr_static_stored(a->v->fn, x)) diag_at(x->loc, D_STATIC_LOCAL_SPLIT, x->name, a->v->fn->name);
      Var *p = fn_new_var(a->out, x->name, ty_ptr(frame_type(x->type)), VAR_LOCAL, x->loc);
      p->name = x->name;  /* same name: the pointer stands for the variable */
      ptrmap_put(&map, x, p);
      vec_push(framed, p);
    }
  }
  for (int i = 0; i < top->nbody; i++) {
    Stmt *d = top->body[i];
    if (is_zeroing_of(d, &map)) continue;  /* frames are zeroed */
    Var *p = d->kind == ST_DECL ? ptrmap_get(&map, d->var) : NULL;
    if (p) {
      Expr *size = ex_sizeof_type(d->var->type);
      Expr *alloc = ex_rt1(RT_FRAME_PUSH, size);
      st_append(*fw_top, st_decl(p, alloc, d->loc));
      /* set from the tape when g_bwd reads it; null otherwise (ccad_frame_pop
       * releases the newest block whatever it is passed) */
      st_append(*bw_top, st_decl(p, ex_int(0), d->loc));
      continue;
    }
    Stmt *c = ir_clone_stmt(d, NULL);
    frame_s(c, &map);
    Var *v = top_var(d);
    long one = v ? (long)ptrmap_get(&side, v) : BOTH_SWEEPS;
    if (one != BWD_ONLY) st_append(*fw_top, c);
    if (one != FWD_ONLY) st_append(*bw_top, ir_clone_stmt(c, NULL));
  }
  for (int i = 0; i < nb; i++) frame_s(bodies[i], &map);
}

/* ---- Parameters shifted for 1-based indexing ------------------------------
 * MINPACK's and f2c's --x; (x += 2) at the top of a helper: g_bwd gets the
 * same argument and shifts it again, instead of taking the final value from
 * the tape (a pushed &a[-1], of the caller's local array, is what gcc -O2
 * reports, -Warray-bounds). Every write of x must be such a shift by a
 * constant, at the top level of the forward sweep. */
bool adj_replay_shifts(const Stmt *fwd, const Var *x, Stmt *replay) {
  if (!ty_is_ptr(x->type) && x->type->kind != TY_INT) return false;
  int shifts = 0;
  for (int i = 0; fwd->kind == ST_BLOCK && i < fwd->nbody; i++) {
    const Stmt *s = fwd->body[i];
    if (s->kind != ST_ASSIGN || s->lhs->kind != EX_VAR || s->lhs->var != x) continue;
    const Expr *r = ex_strip_implicit(s->rhs);
    const Expr *l = r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB) ? ex_strip_implicit(r->lhs) : NULL;
    if (!l || l->kind != EX_VAR || l->var != x || ex_strip_implicit(r->rhs)->kind != EX_NUM) return false;
    shifts++;
  }
  if (!shifts || shifts != adj_count_writes(fwd, x)) return false;
  for (int i = 0; i < fwd->nbody; i++)
    if (fwd->body[i]->kind == ST_ASSIGN && fwd->body[i]->lhs->kind == EX_VAR && fwd->body[i]->lhs->var == x)
      st_append(replay, ir_clone_stmt(fwd->body[i], NULL));
  return true;
}

/* ---- Reductions into locals the frame holds ------------------------------
 * In a split function a local whose address the function takes lives in
 * its frame (adjoint_frame.c: s becomes *s), which no clause can name: a
 * parallel loop's reduction(+:s) on it would run on one thread
 * (framed_written). The loop sums into a fresh local instead, s_red = 0
 * before it and s = s + s_red after it: OpenMP's own sum (each thread's
 * part added to s's value before the loop), in another order, and both
 * sweeps stay parallel (norm2's s, then MPI_Allreduce(&s, ..)). */
static bool framed_sum(const OmpRed *r, const PtrMap *taken) {
  const Var *x = r->var;
  return !r->len && (!strcmp(r->op, "+") || !strcmp(r->op, "-")) && x->kind == VAR_LOCAL && !x->is_static &&
         ty_is_float(x->type) && !ty_is_complex(x->type) && ptrmap_get(taken, x);
}

static Stmt *sum_into_temp(Adj *a, Stmt *loop, const PtrMap *taken, Stmt *pre, Stmt *post) {
  PtrMap map = {0};
  for (int i = 0; i < loop->omp->nred; i++) {
    Var *x = loop->omp->red[i].var;
    if (!framed_sum(&loop->omp->red[i], taken) || ptrmap_get(&map, x)) continue;
    Var *t = fn_new_var(a->out, xfmt("%s_red", x->name), ty_unqual(x->type), VAR_LOCAL, loop->loc);
    act_add_var(a->v, t, act_var_shadowed(a->v, x));
    ptrmap_put(&map, x, t);
    st_append(pre, st_decl(t, d_zero(t->type), loop->loc));
    st_append(post, st_assign(ex_var(x), ex_bin(OP_ADD, ex_var(x), ex_var(t)), loop->loc));
  }
  if (!map.len) return loop;
  Stmt *c = ir_clone_stmt(loop, &map);
  free(map.keys);
  free(map.vals);
  return c;
}

static void framed_sums_in(Adj *a, Stmt *b, const PtrMap *taken) {
  if (!b) return;
  if (b->kind != ST_BLOCK) {
    framed_sums_in(a, b->then, taken);
    framed_sums_in(a, b->els, taken);
    return;
  }
  int n;
  Stmt **old = st_take_body(b, &n);
  for (int i = 0; i < n; i++) {
    Stmt *s = old[i];
    Stmt *post = st_block(s->loc);
    if (s->kind == ST_FOR && s->omp && s->omp->team && s->omp->nred) s = sum_into_temp(a, s, taken, b, post);
    framed_sums_in(a, s, taken);
    st_append(b, s);
    for (int k = 0; k < post->nbody; k++) st_append(b, post->body[k]);
  }
}

void adj_omp_framed_sums(Adj *a, Stmt *body) {
  if (!a->split) return;
  PtrMap taken = {0};
  adj_addr_taken(body, &taken);
  framed_sums_in(a, body, &taken);
  free(taken.keys);
  free(taken.vals);
}
