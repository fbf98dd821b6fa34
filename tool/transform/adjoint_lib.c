/*
 * adjoint_lib.c — reverse mode for calls of library functions that move
 * memory: malloc, calloc, realloc and free, memcpy, memmove and memset
 * (<stdlib.h>, <string.h>), and MPI's communication (ir/mpi.def).
 *
 *   p = malloc(n)    fwd: p = malloc(n); p_bar = calloc(n, 1)   bwd: ccad_defer_free(p_bar, p)
 *   free(p)          fwd: ccad_defer_free(p) [p_bar]: freed once the backward sweep is done
 *   memcpy(d, s, n)  fwd: [push d] memcpy      bwd: s_bar += d_bar; d_bar = 0; [pop d]
 *   MPI_Send(..)     fwd: its _fwd wrapper     bwd: its _bwd wrapper (libccad_mpi)
 *
 * Requires: adjoint_stmt.c's saves (adj_must_save, adj_save_both,
 * adj_restore_both).
 * Provides: adj_memory_call, adj_mpi_call: false when the call is none of
 * theirs; adj_zero_seed, the memset that leaves an output's seed zeroed.
 */
#include <string.h>

#include "adjoint_int.h"
#include "../ir/mpi.h"

static Expr *cl(const Expr *e) { return ir_clone_expr(e, NULL); }

/* An MPI call on float data (ir/mpi.def): the forward sweep calls its _fwd
 * wrapper, the backward sweep its _bwd wrapper with the buffers' adjoints
 * (libccad_mpi records the rest); the values a receive overwrites are saved
 * around it as memcpy's are. */
static Expr *mpi_shadow(void *ctx, const Expr *buf) {
  Adj *a = ctx;
  return adj_ptr_has_shadow(a, buf) ? adj_ptr_shadow_arg(a, buf) : NULL;
}

/* MPI_Comm_free(&c) in the forward sweep: the backward sweep communicates
 * on c later; libccad_mpi frees it once it is done. */
static bool comm_free(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, Stmt *fwd) {
  if (!str_eq(c->text, "MPI_Comm_free") || c->nargs != 1) return false;
  Expr *w = ex_call1("ccad_mpi_comm_free_fwd", c->type, cl(c->args[0]));
  w->loc = c->loc;
  a->m->uses_mpi = true;
  st_append(fwd, lhs ? st_assign(cl(lhs), w, loc) : st_expr(w, loc));
  return true;
}

/* s, or if (at_root) s where a save belongs to the root alone */
static Stmt *on_root(Expr *at_root, Stmt *s, SrcLoc loc) {
  if (!at_root) return s;
  Stmt *i = st_new(ST_IF, loc);
  i->cond = at_root;
  i->then = s;
  return i;
}

bool adj_mpi_call(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  if (!mpi_declared(a->m, c)) return false;
  if (comm_free(a, lhs, c, loc, fwd)) return true;
  const MpiInfo *mi = mpi_info(a->m, c);
  if (!mpi_check(a->m, mi, c)) return true;
  if (!mi || !mi->stem || !mpi_differentiated(mi, c)) return false;  /* runs as written */
  PtrVec saved = {0};  /* (buffer, bytes, at the root only: the test or NULL) */
  for (int j = 0; mi->args[j] && j < c->nargs; j++) {
    const Expr *d = mpi_arg(c, j);
    if (!mpi_is_written(mi->args[j]) || !mpi_float_buffer(d)) continue;
    if (!adj_must_save(a, ex_deref(cl(d)), false)) continue;
    /* a root's receive buffer (in place or not) is significant on the
     * root alone: saved there, the count its size */
    Expr *bytes = mpi_bytes(mi, c, j), *at_root = mi->args[j] == 'R' ? mpi_at_root(mi, c) : NULL;
    if (!bytes || (mi->args[j] == 'R' && !at_root)) {
      diag_at(loc, D_MPI_SAVE_ROOT, c->text);
      return true;
    }
    adj_note_save(a, ex_deref(cl(d)));
    st_append(fwd, on_root(at_root, adj_push_block(a, cl(d), bytes, loc), loc));
    vec_push(&saved, (void *)d);
    vec_push(&saved, bytes);
    vec_push(&saved, at_root);
  }
  bool save = lhs && !first && adj_must_save(a, lhs, false);
  if (save) adj_save_both(a, lhs, fwd, loc);
  /* what else it writes (a status: MPI_SOURCE, MPI_TAG), as any call's */
  Stmt *pops = st_block(loc);
  for (int j = 0; mi->args[j] && j < c->nargs; j++)
    if ((mi->args[j] == '.' || mi->args[j] == 'q') && !mpi_handle_arg(a->m, c, j)) adj_passive_save_arg(a, c, j, fwd, pops, loc);
  Expr *w = mpi_wrapper(a->m, mi, c, MPI_FWD, mpi_shadow, a);
  st_append(fwd, lhs ? st_assign(cl(lhs), w, loc) : st_expr(w, loc));
  st_append(bwd, st_expr(mpi_wrapper(a->m, mi, c, MPI_BWD, mpi_shadow, a), loc));
  if (save) adj_restore_both(a, lhs, bwd, loc);
  for (int i = 0; i < pops->nbody; i++) st_append(bwd, pops->body[i]);
  for (int i = saved.len - 3; i >= 0; i -= 3) {
    const Expr *d = saved.data[i];
    Expr *bytes = saved.data[i + 1], *at_root = saved.data[i + 2];
    Stmt *back = st_block(loc);
    adj_log_redo(a, cl(d), cl(bytes), ex_deref(cl(d)), back, loc);
    st_append(back, adj_pop_block(a, cl(d), cl(bytes), loc));
    st_append(bwd, on_root(at_root ? cl(at_root) : NULL, back, loc));
  }
  return true;
}
/* rows[1] = malloc(..) as a statement of the function body itself, where
 * no statement before it stores into rows[1] (a store at another literal
 * index does not count): the element's first write. */
static bool const_slot_first_write(Adj *a, const Expr *lhs) {
  if (a->loop_depth || !a->body || lhs->kind != EX_INDEX || ex_strip_implicit(lhs->rhs)->kind != EX_NUM) return false;
  const void *cls = act_loc_id(a->v, (Expr *)lhs);
  if (!cls) return false;
  for (int k = 0; k < a->body->nbody; k++) {
    if (a->body->body[k] == a->cur_stmt) return true;
    if (adj_stores(a, a->body->body[k], cls, NULL, lhs)) return false;
  }
  return false;  /* not a statement of the body itself */
}

/* The floating type t holds alone (double for a struct of doubles, an
 * array of them, a double complex), or NULL: mixed, or anything else
 * inside. */
static Type *only_float(const Type *t) {
  if (t->kind == TY_DOUBLE) return ty_double();
  if (t->kind == TY_FLOAT) return ty_float();
  if (t->kind == TY_ARRAY || t->kind == TY_COMPLEX) return only_float(t->base);
  if (t->kind != TY_RECORD || !t->rec || t->rec->is_union || !t->rec->nfields) return NULL;
  Type *leaf = NULL;
  for (int i = 0; i < t->rec->nfields; i++) {
    Type *f = t->rec->fields[i].is_bitfield ? NULL : only_float(t->rec->fields[i].type);
    if (!f || (leaf && f != leaf)) return NULL;
    leaf = f;
  }
  return leaf;
}

/* A pointer stored in a static local or a file-scope variable (or memory
 * below one): what it points to outlives the call. */
static bool outlives_call(const Expr *lhs) {
  const Var *root = ex_root_var(lhs);
  return root && (root->kind == VAR_GLOBAL || (root->kind == VAR_LOCAL && root->is_static));
}

static Stmt *defer_free(Expr *p, SrcLoc loc) { return st_expr(ex_rt1(RT_DEFER_FREE, ex_cast(ty_ptr(ty_void()), p)), loc); }

static bool is_alloc_call(const Expr *e) {
  e = e ? ex_strip_implicit(e) : NULL;
  while (e && e->kind == EX_CAST) e = ex_strip_implicit(e->lhs);
  return e && e->kind == EX_CALL && e->text && !e->rt &&
         (str_eq(e->text, "malloc") || str_eq(e->text, "calloc") || str_eq(e->text, "realloc"));
}

static bool is_zero(const Expr *e) {
  e = e ? ex_strip_implicit(e) : NULL;
  while (e && e->kind == EX_CAST) e = ex_strip_implicit(e->lhs);
  return e && e->kind == EX_NUM && e->value == 0;
}

typedef struct Grows { const Var *x; bool realloc, other; } Grows;

static Walk grows_visit(Stmt *s, void *ctx) {
  Grows *g = ctx;
  const Expr *rhs = s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_DECL ? s->expr : NULL;
  bool to_x = (s->kind == ST_ASSIGN && s->lhs->kind == EX_VAR && s->lhs->var == g->x) || (s->kind == ST_DECL && s->var == g->x);
  if (!to_x || (s->kind == ST_DECL && (!rhs || is_zero(rhs)))) return WALK_ON;
  if (!is_alloc_call(rhs)) g->other = true;
  else if (str_eq(ex_strip_implicit(rhs)->text ? ex_strip_implicit(rhs)->text : "", "realloc")) g->realloc = true;
  return WALK_ON;
}

/* x, a local pointer the body grows by realloc, is assigned nothing but
 * allocations (and NULL where declared): its size can be followed. */
static Grows grows_of(const Stmt *body, const Var *x) {
  Grows g = {x, false, false};
  if (body && x->kind == VAR_LOCAL && !x->is_static) st_each(body, grows_visit, &g);
  return g;
}

/* The variable holding the bytes x points to, set at each allocation. */
static Var *grown_bytes(Adj *a, Var *x, SrcLoc loc) {
  Var *n = ptrmap_get(&a->grown, x);
  if (!n) {
    n = adj_temp(a, xfmt("%s_bytes", x->name), ty_size_t(), ex_int(0), a->top, loc);
    ptrmap_put(&a->grown, x, n);
  }
  return n;
}

/* p = realloc(p, bytes) of a buffer with derivatives, p a local pointer
 * assigned nothing but allocations (its size followed in p_bytes): the
 * forward sweep moves the values to a new block and gives the adjoint a
 * new zeroed one, keeping the old ones for the backward sweep (their
 * frees deferred), which reads the values before the realloc there; the
 * backward code adds the new adjoint of the values realloc kept into the
 * old one and points p and p_bar back at the old blocks:
 *   fwd: push p, p_bar, p_bytes; t = malloc(n); memcpy(t, p, min); defer p; p = t;
 *        defer p_bar; p_bar = calloc(n, 1); p_bytes = n; push p_bar, n
 *   bwd: pop; old_bar[k] += new_bar[k] for the kept elements; p_bar = old_bar; p = old */
static void adj_realloc_shadowed(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, Stmt *fwd, Stmt *bwd) {
  Var *x = lhs->var, *xn = grown_bytes(a, x, loc);
  Type *et = ty_unqual(ty_elem(x->type)), *pt = ty_ptr(et);
  Expr *xbar = adj_ptr_shadow(a, lhs);
  st_append(fwd, st_expr(ex_rt1(RT_PUSH_P, ex_cast(ty_ptr(ty_void()), ex_var(x))), loc));
  st_append(fwd, st_expr(ex_rt1(RT_PUSH_P, ex_cast(ty_ptr(ty_void()), cl(xbar))), loc));
  st_append(fwd, st_expr(ex_rt1(RT_PUSH_I, ex_cast(ty_long(), ex_var(xn))), loc));
  Var *nb = adj_temp(a, "grow", ty_size_t(), ex_cast(ty_size_t(), cl(c->args[1])), fwd, loc);
  Var *keep = adj_temp(a, "kept", ty_size_t(), ex_var(nb), fwd, loc);
  Stmt *lt = st_new(ST_IF, loc);
  lt->cond = ex_bin(OP_LT, ex_var(xn), ex_var(nb));
  lt->then = st_assign(ex_var(keep), ex_var(xn), loc);
  st_append(fwd, lt);
  Var *t = adj_temp(a, "moved", pt, ex_call1("malloc", ty_ptr(ty_void()), ex_var(nb)), fwd, loc);  /* (no cast: an allocation) */
  Stmt *copy = st_new(ST_IF, loc);
  copy->cond = ex_var(x);
  Expr *cargs[3] = {ex_var(t), ex_var(x), ex_var(keep)};
  copy->then = st_expr(ex_call("memcpy", ty_ptr(ty_void()), cargs, 3), loc);
  st_append(fwd, copy);
  st_append(fwd, defer_free(ex_var(x), loc));
  st_append(fwd, st_assign(ex_var(x), ex_var(t), loc));
  st_append(fwd, defer_free(cl(xbar), loc));
  Expr *zargs[2] = {ex_var(nb), ex_int(1)};
  st_append(fwd, st_assign(cl(xbar), ex_call("calloc", ty_ptr(ty_void()), zargs, 2), loc));
  st_append(fwd, st_assign(ex_var(xn), ex_var(nb), loc));
  st_append(fwd, st_expr(ex_rt1(RT_PUSH_P, ex_cast(ty_ptr(ty_void()), cl(xbar))), loc));
  st_append(fwd, st_expr(ex_rt1(RT_PUSH_I, ex_cast(ty_long(), ex_var(keep))), loc));
  /* backward */
  /* (declared, then popped: a pop assigned is what jvp(f_grad) pairs with its tangent's pop) */
  Var *bk = adj_temp(a, "kept", ty_size_t(), NULL, bwd, loc), *nbar = adj_temp(a, "grown_bar", pt, NULL, bwd, loc);
  Var *ob = adj_temp(a, "was_bytes", ty_size_t(), NULL, bwd, loc), *obar = adj_temp(a, "was_bar", pt, NULL, bwd, loc);
  Var *old = adj_temp(a, "was", pt, NULL, bwd, loc);
  st_append(bwd, st_assign(ex_var(bk), ex_cast(ty_size_t(), ex_rt0(RT_POP_I)), loc));
  st_append(bwd, st_assign(ex_var(nbar), ex_rt0(RT_POP_P), loc));
  st_append(bwd, st_assign(ex_var(ob), ex_cast(ty_size_t(), ex_rt0(RT_POP_I)), loc));
  st_append(bwd, st_assign(ex_var(obar), ex_rt0(RT_POP_P), loc));
  st_append(bwd, st_assign(ex_var(old), ex_rt0(RT_POP_P), loc));
  Var *k = adj_temp(a, "k", ty_size_t(), NULL, a->top, loc);
  ptrmap_put(&a->nolive, k, (void *)1);
  Stmt *f = st_new(ST_FOR, loc);
  f->init = st_assign(ex_var(k), ex_int(0), loc);
  f->cond = ex_bin(OP_LT, ex_var(k), ex_bin(OP_DIV, ex_var(bk), d_sizeof_expr(ex_deref(ex_var(obar)))));
  f->step = st_assign(ex_var(k), ex_bin(OP_ADD, ex_var(k), ex_int(1)), loc);
  f->then = st_block(loc);
  adj_add_fields(a, ex_index(ex_var(obar), ex_var(k)), ex_index(cl(xbar), ex_var(k)), et, f->then);
  /* (through p_bar, set to the new block: jvp(f_grad) then knows the
   * popped pointer for one into p_bar's memory, with a tangent) */
  st_append(bwd, st_assign(cl(xbar), ex_var(nbar), loc));
  st_append(bwd, f);
  st_append(bwd, st_assign(cl(xbar), ex_var(obar), loc));
  st_append(bwd, st_assign(ex_var(x), ex_var(old), loc));
  st_append(bwd, st_assign(ex_var(xn), ex_var(ob), loc));
}

/* p = realloc(p, bytes) of a buffer without derivatives (indices, say):
 * the primal's call; nothing to undo. The block moves, its contents with
 * it, and p holds the last one: the backward sweep reads them there (no
 * restore of p to a block realloc freed), and the adjoint of p's malloc
 * frees that one, as the primal's free would. A buffer with derivatives
 * moves as adj_realloc_shadowed says, where its pointer is a local
 * assigned nothing but allocations. A result stored elsewhere than the
 * pointer it came from (that pointer is freed), or memory whose restores
 * are logged with its size is refused. */
static bool adj_realloc(Adj *a, Expr *lhs, Expr *c, bool shadowed, SrcLoc loc, Stmt *fwd, Stmt *bwd) {
  const Expr *from = c->nargs == 2 ? ex_strip_implicit(c->args[0]) : NULL;
  if (!from || !ir_expr_equal(from, ex_strip_implicit(lhs)) || !ex_is_lvalue(from))
    diag_at(loc, D_REALLOC_REV, "unless its result is stored back into its pointer (p = realloc(p, bytes))");
  else if (ty_is_ptr(lhs->type) && adj_in_redo(a, ex_deref(cl(lhs))))
    diag_at(loc, D_REALLOC_REV, "for memory of the caller's that the function also changes elsewhere");
  else if (!shadowed)
    st_append(fwd, st_assign(cl(lhs), cl(c), loc));
  else if (lhs->kind != EX_VAR || grows_of(a->body, lhs->var).other || !ty_has_float(ty_elem(lhs->type)))
    diag_at(loc, D_REALLOC_REV,
            "for a buffer that carries derivatives unless its pointer is a local variable assigned nothing but "
            "malloc, calloc and realloc");
  else
    adj_realloc_shadowed(a, lhs, c, loc, fwd, bwd);
  return true;
}

/* malloc/calloc/free/memcpy/memmove/memset. */
bool adj_memory_call(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  if (!c->text || !act_is_memory_fn(c->text)) return false;
  const char *n = c->text;
  if (!strcmp(n, "malloc") || !strcmp(n, "calloc") || !strcmp(n, "realloc")) {
    if (!lhs) {
      st_append(fwd, st_expr(cl(c), loc));
      return true;
    }
    bool shadowed = adj_shadowed_ptr(a, lhs);
    if (!strcmp(n, "realloc")) return adj_realloc(a, lhs, c, shadowed, loc, fwd, bwd);
    /* the old pointer matters only to backward code run later (a free of
     * an earlier buffer in the same place, say); saving it otherwise
     * would read a slot malloc left uninitialised */
    bool save = !first && !const_slot_first_write(a, lhs) && adj_must_save(a, lhs, false);
    if (save) adj_save_both(a, lhs, fwd, loc);
    st_append(fwd, st_assign(cl(lhs), cl(c), loc));
    if (shadowed && lhs->kind == EX_VAR && grows_of(a->body, lhs->var).realloc) {  /* its size, for realloc */
      Expr *bytes = !strcmp(n, "malloc") ? cl(c->args[0]) : ex_bin(OP_MUL, cl(c->args[0]), cl(c->args[1]));
      st_append(fwd, st_assign(ex_var(grown_bytes(a, lhs->var, loc)), ex_cast(ty_size_t(), bytes), loc));
    }
    if (shadowed) {
      Expr *args[2] = {cl(c->args[0]), !strcmp(n, "malloc") ? ex_int(1) : cl(c->args[1])};
      st_append(fwd, st_assign(adj_ptr_shadow(a, lhs), ex_call("calloc", c->type, args, 2), loc));
    }
    /* the buffer lives until the backward sweep is done with it: its
     * backward code defers its free (and the primal's free, deferred,
     * frees it again only once) to the end of the requested function;
     * one kept in a static or a global (a workspace allocated on first
     * use) outlives the call, as in the primal: not freed */
    if (shadowed) st_append(bwd, defer_free(adj_ptr_shadow(a, lhs), loc));
    if (shadowed || !outlives_call(lhs)) st_append(bwd, defer_free(cl(lhs), loc));
    if (save) adj_restore_both(a, lhs, bwd, loc);
    return true;
  }
  if (!strcmp(n, "free")) {
    /* deferred: the backward sweep, run later, may read the block (and
     * its adjoint); the requested function frees it at its end, whatever
     * allocated it (a malloc here, a callee, a helper that carries no
     * derivative: NR's ivector), and an iteration a checkpoint runs
     * again untaped frees it with its tape */
    const Expr *p = c->nargs == 1 ? ex_strip_implicit(c->args[0]) : NULL;
    if (!p) return true;
    st_append(fwd, defer_free(cl(p), loc));
    if (ty_is_ptr(p->type) && adj_ptr_has_shadow(a, p)) st_append(fwd, defer_free(adj_ptr_shadow(a, p), loc));
    return true;
  }
  /* memcpy(d, s, n) / memmove / memset: dst adjoint moves to src, dst restored */
  const Expr *d = ex_strip_implicit(c->args[0]), *src = ex_strip_implicit(c->args[1]);
  Expr *bytes = c->args[2];
  bool save = adj_must_save(a, ex_deref(cl(d)), false);
  if (save) {
    adj_note_save(a, ex_deref(cl(d)));
    st_append(fwd, adj_push_block(a, cl(d), cl(bytes), loc));
  }
  st_append(fwd, lhs ? st_assign(cl(lhs), cl(c), loc) : st_expr(cl(c), loc));
  if (adj_ptr_has_shadow(a, d)) {
    Type *et = ty_elem(d->type);
    bool src_active = strcmp(n, "memset") && adj_ptr_has_shadow(a, src) && !act_stores_constant(a->v, act_pts_id(a->v, (Expr *)d));
    if (src_active) {
      Type *st = ty_elem(src->type);
      if (!ty_has_float(et) || et->kind == TY_VOID || st->kind == TY_VOID) {
        diag_at(loc, D_UNTYPED_COPY, n);
        return true;
      }
      bool views = !ty_same(ty_unqual(et), ty_unqual(st));
      if (views) {
        /* memcpy(arr, &s, sizeof s), struct P3 of doubles into doubles,
         * interleaved doubles and a double complex array: element by
         * element of the one floating type both hold */
        Type *leaf = only_float(et);
        if (!leaf || leaf != only_float(st)) {
          diag_at(loc, D_UNTYPED_COPY, n);
          return true;
        }
        et = leaf;
        d = ex_cast(ty_ptr(leaf), cl(d));
        src = ex_cast(ty_ptr(leaf), cl(src));
      }
      /* t = copy of d_bar; d_bar = 0; s_bar += t (safe when the ranges overlap) */
      Var *t = adj_temp(a, "moved", ty_ptr(ty_unqual(et)), ex_call1("malloc", ty_ptr(ty_void()), cl(bytes)), bwd, loc);
      Expr *cargs[3] = {ex_var(t), adj_ptr_shadow(a, d), cl(bytes)};
      st_append(bwd, st_expr(ex_call("memcpy", ty_ptr(ty_void()), cargs, 3), loc));
      st_append(bwd, d_memset0(adj_ptr_shadow(a, d), cl(bytes), loc));
      Var *k = adj_temp(a, "k", ty_size_t(), NULL, a->top, loc);
      ptrmap_put(&a->nolive, k, (void *)1);
      Stmt *f = st_new(ST_FOR, loc);
      f->init = st_assign(ex_var(k), ex_int(0), loc);
      Expr *one = d_sizeof_expr(ex_deref(ex_var(t)));
      /* (k * sizeof(*moved) < sizeof(w) for views: gcc reads
       * sizeof(w) / sizeof(*moved) as a miscounted array of complex) */
      f->cond = views ? ex_bin(OP_LT, ex_bin(OP_MUL, ex_var(k), one), cl(bytes))
                      : ex_bin(OP_LT, ex_var(k), ex_bin(OP_DIV, cl(bytes), one));
      f->step = st_assign(ex_var(k), ex_bin(OP_ADD, ex_var(k), ex_int(1)), loc);
      f->then = st_block(loc);
      adj_add_fields(a, ex_index(adj_ptr_shadow_arg(a, src), ex_var(k)), ex_index(ex_var(t), ex_var(k)), et, f->then);
      st_append(bwd, f);
      st_append(bwd, st_expr(ex_call1("free", ty_void(), ex_var(t)), loc));
    } else {
      st_append(bwd, d_memset0(adj_ptr_shadow(a, d), cl(bytes), loc));
    }
  }
  if (save) {
    adj_log_redo(a, cl(d), cl(bytes), ex_deref(cl(d)), bwd, loc);
    st_append(bwd, adj_pop_block(a, cl(d), cl(bytes), loc));
  }
  return true;
}

/* An output's seed zeroed at the end, b[0..n), unless the backward sweep
 * stores 0 into all of it: f stores every element and reads none
 * (omp_rows_cover), and each such store's adjoint reads its seed and
 * zeroes it (a varied location: assign() in adjoint_stmt.c). Where the
 * proof needs sizes >= 0 it zeroes when they are not and n > 0 (a
 * negative n was no size: the memset overflowed): llm.c's layernorm runs
 * no serial memset of B*T*C after its parallel backward loop. */
void adj_zero_seed(Adj *a, const Stmt *prepared, Var *p, Var *b, Expr *n, Stmt *leave) {
  SrcLoc loc = p->loc;
  Stmt *z = d_memset0(ex_var(b), ex_bin(OP_MUL, ir_clone_expr(n, NULL), d_sizeof_expr(ex_deref(ex_var(b)))), loc);
  const Expr *store = NULL;
  Expr *c = ty_is_float(p->type->base) ? omp_rows_cover(a->v, prepared, p, n, &store) : NULL;
  if (c && !act_lvalue_varied(a->v, (Expr *)store)) c = NULL;
  if (c && c->kind == EX_NUM) return;
  if (c) {
    Stmt *guard = st_new(ST_IF, loc);
    guard->cond = ex_bin(OP_LAND, ex_bin(OP_GT, ir_clone_expr(n, NULL), ex_int(0)), ex_un(OP_NOT, c));
    guard->then = z;
    z = guard;
  }
  st_append(leave, z);
}
