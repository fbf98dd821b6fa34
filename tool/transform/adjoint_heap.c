/*
 * adjoint_heap.c — may an iteration of a checkpointed loop be run again,
 * as far as the heap goes? Running it again repeats its mallocs and frees:
 * harmless when every block it allocates is freed in it (a scratch buffer,
 * NR's tridag: gam = dvector(1, n) ... free_dvector(gam, 1, n)), since the
 * forward sweep defers each free (adjoint_lib.c) and an iteration run
 * untaped frees its blocks with its dropped tape (runtime/defer.c). A
 * block that outlives the iteration (kept for the next one, freed after
 * the loop), or one allocated before it and freed in it, is not: the
 * block would be allocated, or freed, once per run.
 *
 * Allocations and frees pair up by the local pointer variable that holds
 * the block, in one function body (or the loop body): p = malloc(..) (or
 * calloc, realloc), later free(p) (p + k: NR's offset pointers too). A
 * function of the file is an allocator when it returns the block it
 * allocates (dvector: return v - nl + NR_END), a deallocator of parameter
 * j when it only frees that (free_dvector), balanced when each block it
 * allocates it frees; its calls count as such where it is called.
 *
 * Provides: adj_heap_unbalanced.
 */
#include <stdlib.h>

#include "adjoint_int.h"

typedef enum Role { H_NONE, H_BALANCED, H_ALLOCATOR, H_FREES, H_BAD, H_BUSY } Role;

typedef struct Summary {
  Role role;
  int param;  /* H_FREES: which parameter it frees */
} Summary;

typedef struct Site {
  Var *x;  /* the local holding the block */
  int at;  /* statement order */
  bool alloc;
} Site;

typedef struct Memo {
  PtrMap of;    /* Fn * -> Summary * */
  PtrVec all;   /* the Summary's, to free */
} Memo;

typedef struct Scan {
  Memo *memo;
  PtrVec sites;  /* Site * */
  int n;
  Var *ret;          /* what every return returns (root), if one */
  bool ret_other;    /* a return of something else */
  bool bad;          /* a use the pairing cannot follow */
} Scan;

static Summary *summarize(Memo *memo, Fn *f);

static const Expr *uncast(const Expr *e) {
  while (e && (e->kind == EX_CAST || ex_strip_implicit(e) != e)) e = e->kind == EX_CAST ? e->lhs : ex_strip_implicit(e);
  return e;
}

/* The variable a pointer expression is (p, p + k, (char *)(p - 1)), or NULL. */
static Var *ptr_var(const Expr *e) {
  e = uncast(e);
  while (e && e->kind == EX_BIN && (e->op == OP_ADD || e->op == OP_SUB))
    e = uncast(ty_is_ptr(e->lhs->type) ? e->lhs : e->op == OP_ADD && ty_is_ptr(e->rhs->type) ? e->rhs : NULL);
  return e && e->kind == EX_VAR && (e->var->kind == VAR_LOCAL || e->var->kind == VAR_PARAM) && !e->var->is_static
             ? e->var
             : NULL;
}

static bool is_alloc_fn(const Expr *c) {
  return c->text && !c->rt && (str_eq(c->text, "malloc") || str_eq(c->text, "calloc") || str_eq(c->text, "realloc"));
}

static void add_site(Scan *sc, Var *x, bool alloc) {
  if (!x) {
    sc->bad = true;
    return;
  }
  Site *s = xmalloc(sizeof *s);
  *s = (Site){x, sc->n, alloc};
  vec_push(&sc->sites, s);
}

/* A call: top (the statement's own call, into target) or nested in an expression. */
static void note(Scan *sc, const Expr *c, const Expr *target, bool top) {
  if (is_alloc_fn(c)) {
    if (top) add_site(sc, ptr_var(target), true);
    else sc->bad = true;
    return;
  }
  if (c->text && !c->rt && str_eq(c->text, "free")) {
    add_site(sc, c->nargs == 1 ? ptr_var(c->args[0]) : NULL, false);
    return;
  }
  if (!c->fn || !c->fn->body) return;
  Summary *s = summarize(sc->memo, c->fn);
  if (s->role == H_BAD) sc->bad = true;
  else if (s->role == H_ALLOCATOR && top) add_site(sc, ptr_var(target), true);
  else if (s->role == H_ALLOCATOR) sc->bad = true;
  else if (s->role == H_FREES) add_site(sc, s->param < c->nargs ? ptr_var(c->args[s->param]) : NULL, false);
}

typedef struct ExCtx { Scan *sc; const Expr *top, *target; } ExCtx;

static Walk call_visit(Expr *e, void *ctx) {
  ExCtx *x = ctx;
  if (e->kind == EX_CALL) note(x->sc, e, x->target, e == x->top);
  return WALK_ON;
}

static Walk stmt_visit(Stmt *s, void *ctx) {
  Scan *sc = ctx;
  sc->n++;
  const Expr *rhs = s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_DECL || s->kind == ST_EXPR ? s->expr : NULL;
  Expr target = {0};
  const Expr *tgt = s->kind == ST_ASSIGN ? s->lhs : NULL;
  if (s->kind == ST_DECL) {
    target.kind = EX_VAR;
    target.var = s->var;
    target.type = s->var->type;
    tgt = &target;
  }
  ExCtx x = {sc, uncast(rhs), tgt};
  if (s->kind == ST_RETURN && s->expr) {
    Var *r = ex_root_var(s->expr);
    if (!r || (sc->ret && sc->ret != r)) sc->ret_other = true;
    sc->ret = r;
  }
  const Expr *es[4] = {s->lhs, s->rhs, s->expr, s->cond};
  for (int i = 0; i < 4; i++)
    if (es[i]) ex_each(es[i], call_visit, &x);
  return WALK_ON;
}

/* Each allocation freed later, each free of a block allocated earlier. */
static bool paired(const Scan *sc) {
  for (int i = 0; i < sc->sites.len; i++) {
    const Site *a = sc->sites.data[i];
    bool found = false;
    for (int j = 0; j < sc->sites.len && !found; j++) {
      const Site *b = sc->sites.data[j];
      found = b->x == a->x && b->alloc != a->alloc && (a->alloc ? b->at > a->at : b->at < a->at);
    }
    if (!found) return false;
  }
  return true;
}

static Role role_of(Scan *sc, Fn *f, int *param) {
  if (sc->bad) return H_BAD;
  if (!sc->sites.len) return H_NONE;
  if (paired(sc)) return H_BALANCED;
  Var *one = NULL;
  bool allocs = false, frees = false, same = true;
  for (int i = 0; i < sc->sites.len; i++) {
    const Site *s = sc->sites.data[i];
    allocs |= s->alloc;
    frees |= !s->alloc;
    same &= !one || one == s->x;
    one = s->x;
  }
  if (!f || !same) return H_BAD;
  if (allocs && !frees && sc->ret == one && !sc->ret_other && one->kind == VAR_LOCAL) return H_ALLOCATOR;
  if (frees && !allocs && one->kind == VAR_PARAM)
    for (int j = 0; j < f->nparams; j++)
      if (f->params[j] == one) {
        *param = j;
        return H_FREES;
      }
  return H_BAD;
}

static Role scan_body(Memo *memo, const Stmt *body, Fn *f, int *param) {
  Scan sc = {.memo = memo};
  st_each(body, stmt_visit, &sc);
  Role r = role_of(&sc, f, param);
  for (int i = 0; i < sc.sites.len; i++) free(sc.sites.data[i]);
  free(sc.sites.data);
  return r;
}

static Summary *summarize(Memo *memo, Fn *f) {
  static Summary none = {H_NONE, 0};  /* (recursion: its own calls pair up there) */
  Summary *s = ptrmap_get(&memo->of, f);
  if (s) return s->role == H_BUSY ? &none : s;
  s = xmalloc(sizeof *s);
  *s = (Summary){H_BUSY, 0};
  ptrmap_put(&memo->of, f, s);
  vec_push(&memo->all, s);
  Role r = scan_body(memo, f->body, f, &s->param);
  s->role = r;
  return s;
}

/* NULL when every block the statements allocate (themselves or through
 * the functions they call) they free, and they free no other; else why not. */
const char *adj_heap_unbalanced(const Stmt *body, const Stmt *step, bool call) {
  Memo memo = {0};
  int param = 0;
  Stmt *both = st_block(body->loc);
  st_append(both, (Stmt *)body);
  if (step) st_append(both, (Stmt *)step);
  Role r = scan_body(&memo, both, NULL, &param);
  for (int i = 0; i < memo.all.len; i++) free(memo.all.data[i]);
  free(memo.all.data);
  free(memo.of.keys);
  free(memo.of.vals);
  if (r == H_NONE || r == H_BALANCED) return NULL;
  return call ? "it allocates memory that it does not free before it returns, or frees memory allocated before it, "
                "which running it again would repeat"
              : "an iteration allocates memory that it does not free, or frees memory allocated before it, which "
                "running an iteration again would repeat";
}
