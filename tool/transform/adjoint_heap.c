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
 * calloc, realloc), later free(p) (p + k: NR's offset pointers too), or
 * by a pointer field of a local struct or of what a variable points to
 * (m.d = calloc(..) ... free(m.d); a matrix type's mat_free(&m) freeing
 * m->d). A function of the file is an allocator when it returns the block
 * it allocates (dvector: return v - nl + NR_END), a deallocator of
 * parameter j when it only frees that or one field path below it
 * (free_dvector, mat_free), balanced when each block it allocates it
 * frees; its calls count as such where it is called.
 *
 * Provides: adj_heap_unbalanced.
 */
#include <stdlib.h>

#include "adjoint_int.h"

typedef enum Role { H_NONE, H_BALANCED, H_ALLOCATOR, H_FREES, H_BAD, H_BUSY } Role;

typedef struct Summary {
  Role role;
  int param;         /* H_FREES: which parameter it frees */
  const char *path;  /* H_FREES: the fields below it ("" the pointer itself, ".d" its field d) */
} Summary;

/* Where a block's pointer is held: a variable, and the fields below it
 * (p->d and (*p).d are p ".d", m.d is m ".d"). */
typedef struct Slot {
  Var *x;
  const char *path;
} Slot;

typedef struct Site {
  Slot at_slot;  /* what holds the block */
  int at;        /* statement order */
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
static const Slot NO_SLOT = {NULL, ""};

static const Expr *uncast(const Expr *e) {
  while (e && (e->kind == EX_CAST || ex_strip_implicit(e) != e)) e = e->kind == EX_CAST ? e->lhs : ex_strip_implicit(e);
  return e;
}

static bool slot_var(const Expr *e) {
  return e && e->kind == EX_VAR && (e->var->kind == VAR_LOCAL || e->var->kind == VAR_PARAM) && !e->var->is_static;
}

/* The slot an lvalue of fields over a variable is (m.d, p->d, (*p).d,
 * s.a.d), or NO_SLOT. */
static Slot field_slot(const Expr *e) {
  if (e && e->kind == EX_DEREF) e = uncast(e->lhs);
  if (slot_var(e)) return (Slot){e->var, ""};
  if (!e || e->kind != EX_MEMBER) return NO_SLOT;
  Slot s = field_slot(uncast(e->lhs));
  return s.x ? (Slot){s.x, xfmt("%s.%s", s.path, e->text)} : NO_SLOT;
}

/* The slot a pointer expression is (p, p + k, (char *)(p - 1), m.d), or NO_SLOT. */
static Slot ptr_slot(const Expr *e) {
  e = uncast(e);
  while (e && e->kind == EX_BIN && (e->op == OP_ADD || e->op == OP_SUB))
    e = uncast(ty_is_ptr(e->lhs->type) ? e->lhs : e->op == OP_ADD && ty_is_ptr(e->rhs->type) ? e->rhs : NULL);
  if (slot_var(e)) return (Slot){e->var, ""};
  return e && e->kind == EX_MEMBER ? field_slot(e) : NO_SLOT;
}

/* The slot path below argument a of a call (a deallocator's parameter's
 * fields): p with path ".d" is p->d, &m with ".d" is m.d. */
static Slot arg_slot(const Expr *a, const char *path) {
  if (!*path) return ptr_slot(a);
  a = uncast(a);
  Slot s = a && a->kind == EX_ADDR ? field_slot(uncast(a->lhs)) : ptr_slot(a);
  return s.x ? (Slot){s.x, xfmt("%s%s", s.path, path)} : NO_SLOT;
}

static bool same_slot(Slot a, Slot b) { return a.x == b.x && str_eq(a.path, b.path); }

static bool is_alloc_fn(const Expr *c) {
  return c->text && !c->rt && (str_eq(c->text, "malloc") || str_eq(c->text, "calloc") || str_eq(c->text, "realloc"));
}

static void add_site(Scan *sc, Slot x, bool alloc) {
  if (!x.x) {
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
    if (top) add_site(sc, ptr_slot(target), true);
    else sc->bad = true;
    return;
  }
  if (c->text && !c->rt && str_eq(c->text, "free")) {
    add_site(sc, c->nargs == 1 ? ptr_slot(c->args[0]) : NO_SLOT, false);
    return;
  }
  if (!c->fn || !c->fn->body) return;
  Summary *s = summarize(sc->memo, c->fn);
  if (s->role == H_BAD) sc->bad = true;
  else if (s->role == H_ALLOCATOR && top) add_site(sc, ptr_slot(target), true);
  else if (s->role == H_ALLOCATOR) sc->bad = true;
  else if (s->role == H_FREES) add_site(sc, s->param < c->nargs ? arg_slot(c->args[s->param], s->path) : NO_SLOT, false);
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
      found = same_slot(b->at_slot, a->at_slot) && b->alloc != a->alloc && (a->alloc ? b->at > a->at : b->at < a->at);
    }
    if (!found) return false;
  }
  return true;
}

static Role role_of(Scan *sc, Fn *f, int *param, const char **path) {
  if (sc->bad) return H_BAD;
  if (!sc->sites.len) return H_NONE;
  if (paired(sc)) return H_BALANCED;
  Slot one = NO_SLOT;
  bool allocs = false, frees = false, same = true;
  for (int i = 0; i < sc->sites.len; i++) {
    const Site *s = sc->sites.data[i];
    allocs |= s->alloc;
    frees |= !s->alloc;
    same &= !one.x || same_slot(one, s->at_slot);
    one = s->at_slot;
  }
  if (!f || !same) return H_BAD;
  if (allocs && !frees && !*one.path && sc->ret == one.x && !sc->ret_other && one.x->kind == VAR_LOCAL)
    return H_ALLOCATOR;
  if (frees && !allocs && one.x->kind == VAR_PARAM && (!*one.path || ty_is_ptr(one.x->type)))
    for (int j = 0; j < f->nparams; j++)
      if (f->params[j] == one.x) {
        *param = j;
        *path = one.path;
        return H_FREES;
      }
  return H_BAD;
}

static Role scan_body(Memo *memo, const Stmt *body, Fn *f, int *param, const char **path) {
  Scan sc = {.memo = memo};
  st_each(body, stmt_visit, &sc);
  Role r = role_of(&sc, f, param, path);
  for (int i = 0; i < sc.sites.len; i++) free(sc.sites.data[i]);
  free(sc.sites.data);
  return r;
}

static Summary *summarize(Memo *memo, Fn *f) {
  static Summary none = {H_NONE, 0, ""};  /* (recursion: its own calls pair up there) */
  Summary *s = ptrmap_get(&memo->of, f);
  if (s) return s->role == H_BUSY ? &none : s;
  s = xmalloc(sizeof *s);
  *s = (Summary){H_BUSY, 0, ""};
  ptrmap_put(&memo->of, f, s);
  vec_push(&memo->all, s);
  Role r = scan_body(memo, f->body, f, &s->param, &s->path);
  s->role = r;
  return s;
}

/* NULL when every block the statements allocate (themselves or through
 * the functions they call) they free, and they free no other; else why not. */
const char *adj_heap_unbalanced(const Stmt *body, const Stmt *step, bool call) {
  Memo memo = {0};
  int param = 0;
  const char *path = "";
  Stmt *both = st_block(body->loc);
  st_append(both, (Stmt *)body);
  if (step) st_append(both, (Stmt *)step);
  Role r = scan_body(&memo, both, NULL, &param, &path);
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
