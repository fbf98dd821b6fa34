/*
 * adjoint_stmt.c — reverse mode for statements. For each statement S the
 * forward sweep gets S (with saves) and the backward sweep gets rev(S); a
 * block's backward code is its statements' rev() in reverse order.
 *
 *   y = e            fwd: [push y] y = e        bwd: e's operands += .. * y_bar; y_bar = 0; [pop y]
 *   if (c) A else B  fwd: if (c) {A; push_b 1} else {B; push_b 0}   bwd: if (pop_b) rev(A) else rev(B)
 *   loop             fwd: n = 0; loop { n++; body }; push n      bwd: for (n = pop; n > 0; n--) rev(body)
 *   y = g(x)         fwd: y = g_fwd(x)          bwd: g_bwd(x, &x_bar, y_bar)
 *
 * Requires: adj_prepare's body and facts (adjoint_prep.c).
 * Provides: adj_block: the forward and backward code of a block
 * (statement dispatch, assignments, calls; memory functions and MPI go to
 * adjoint_lib.c, loops to adjoint_loop.c).
 */
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "adjoint_int.h"
#include "../ir/mpi.h"
#include "../ir/rules.h"

static Expr *cl(const Expr *e) { return ir_clone_expr(e, NULL); }

/* Branch ids go on the one-byte branch tape. */
static Stmt *push_b(int which, SrcLoc loc) { return st_expr(ex_rt1(RT_PUSH_B, ex_int(which)), loc); }

static Expr *pop_b(void) { return ex_rt0(RT_POP_B); }

/* ---- Adjoint variables ------------------------------------------------ */

/* x_bar for a local x: zero adjoints, and for pointers the shadow pointer. */
static void make_bar(Adj *a, Var *x, Stmt *here) {
  if (ptrmap_get(&a->bar, x) || !act_var_shadowed(a->v, x)) return;
  Type *t = tr_writable(x->type);
  Var *b = fn_new_var(a->out, xfmt("%s_bar", x->name), t, VAR_LOCAL, x->loc);
  ptrmap_put(&a->bar, x, ex_var(b));
  ptrmap_put(&a->shadow_of, b, x);
  /* pointers are kept by the forward sweep, and aggregates and scalars
   * whose address is taken (g(&x): g_fwd gets &x_bar) may have their
   * adjoint's address taken there (a split function frames them); other
   * scalar adjoints live only in the backward sweep */
  bool fwd_needs = ty_holds_ptr(t) || t->kind == TY_ARRAY || t->kind == TY_RECORD || ptrmap_get(&a->addr_taken, x);
  Stmt *into = fwd_needs ? (here ? here : a->top) : (a->split ? a->bwd_top : (here ? here : a->top));
  if (ty_is_float(t) || t->kind == TY_PTR) {
    st_append(into, st_decl(b, d_zero(t), x->loc));
  } else {
    st_append(into, st_decl(b, NULL, x->loc));
    st_append(into, d_memset0(t->kind == TY_ARRAY ? ex_var(b) : ex_addr(ex_var(b)), d_sizeof_expr(ex_var(b)), x->loc));
  }
}

/* ---- Assignments ------------------------------------------------------ */

bool adj_shadowed_ptr(Adj *a, Expr *lhs) {
  /* (a function pointer has no derivative storage, whatever class a
   * collapsed struct puts it in: darknet's memset(L, 0, sizeof L) and then
   * L[0].forward = forward_convolutional_layer) */
  if (!ty_is_ptr(lhs->type) || ty_ptr_never_shadowed(lhs->type)) return false;
  if (lhs->kind == EX_VAR) return ptrmap_get(&a->bar, lhs->var) != NULL;
  return act_ptr_shadowed(a->v, lhs);
}

static bool reads_class(Adj *a, const Expr *e, const void *id, const Var *var) {
  if (!e) return false;
  if (ex_is_lvalue(e)) {
    if (e->kind == EX_VAR && e->var == var) return true;
    if (id && act_loc_id(a->v, (Expr *)e) == id) return true;
  }
  if (reads_class(a, e->lhs, id, var) || reads_class(a, e->rhs, id, var) || reads_class(a, e->cond, id, var))
    return true;
  for (int i = 0; i < e->nargs; i++)
    if (reads_class(a, e->args[i], id, var)) return true;
  return false;
}

/* In a callee (split), the caller's memory is saved before every overwrite:
 * the caller's own backward code may still need the old values. */
static bool escapes(Adj *a, const Expr *lv) {
  if (!a->split) return false;
  const void *id = act_loc_id(a->v, (Expr *)lv);
  return id && ptrmap_get(&a->escaping, id) && !ptrmap_get(&a->snap, id);  /* a snapshot restores it whole */
}

static bool kept_visit(Adj *a, const Expr *lv, void *ctx) {
  (void)ctx;
  return adj_is_read(a, (Expr *)lv) || escapes(a, lv);
}

/* The pointer fields of struct lv (nested structs field by field), as
 * member expressions in declaration order. */
static void pointer_members(Expr *lv, Type *t, PtrVec *out) {
  if (ty_is_ptr(t)) {
    vec_push(out, lv);
    return;
  }
  if (t->kind != TY_RECORD || !t->rec || t->rec->is_union) return;
  for (int i = 0; i < t->rec->nfields; i++) {
    Field *f = &t->rec->fields[i];
    if (!ty_holds_ptr(f->type) || f->type->kind == TY_ARRAY || !f->name || !*f->name) continue;
    Expr *m = ex_new(EX_MEMBER, f->type, lv->loc);
    m->lhs = cl(lv);
    m->text = f->name;
    pointer_members(m, f->type, out);
  }
}

/* A struct that holds pointers: its shadow's pointer fields, those that
 * have shadows. */
static void shadow_members(Adj *a, Expr *lv, PtrVec *out) {
  PtrVec all = {0};
  if (lv->type->kind == TY_RECORD && ty_holds_ptr(lv->type)) pointer_members(lv, lv->type, &all);
  for (int i = 0; i < all.len; i++)
    if (adj_shadowed_ptr(a, all.data[i])) vec_push(out, all.data[i]);
}

/* The old value, and its shadow pointer (a struct's: its pointer fields',
 * which a copy of a struct sets, see ptr_fields) */
void adj_save_both(Adj *a, Expr *lhs, Stmt *fwd, SrcLoc loc) {
  adj_note_save(a, lhs);
  st_append(fwd, adj_save(a, lhs, loc));
  if (adj_shadowed_ptr(a, lhs)) st_append(fwd, adj_save(a, adj_ptr_shadow(a, lhs), loc));
  PtrVec ms = {0};
  shadow_members(a, lhs, &ms);
  for (int i = 0; i < ms.len; i++) st_append(fwd, adj_save(a, adj_ptr_shadow(a, ms.data[i]), loc));
}

/* lhs = rhs of a struct that holds pointers (State t = *sp; t = sv): the
 * shadow's pointer fields follow the primal's, as for a pointer assignment
 * (the backward code reads through t_bar.u); nested structs field by field.
 * When rhs reads lhs (cur = *cur.next), a field's shadow may read another
 * one this copy sets (cur_bar.next->v after cur_bar.next): all of them go
 * to temporaries first. */
static void ptr_fields(Adj *a, Expr *lhs, Expr *rhs, bool alias, Stmt *fwd, SrcLoc loc) {
  PtrVec ls = {0}, rs = {0}, vals = {0};
  pointer_members(lhs, lhs->type, &ls);
  pointer_members(rhs, lhs->type, &rs);
  for (int i = 0; i < ls.len && i < rs.len; i++) {
    if (!adj_shadowed_ptr(a, ls.data[i])) continue;
    bool has = adj_ptr_has_shadow(a, rs.data[i]);
    Expr *v = has ? adj_ptr_shadow(a, rs.data[i]) : ex_int(0);
    if (alias && has) v = ex_var(adj_temp(a, "sp", v->type, v, fwd, loc));
    vec_push(&vals, v);
  }
  for (int i = 0, k = 0; i < ls.len && i < rs.len; i++)
    if (adj_shadowed_ptr(a, ls.data[i])) st_append(fwd, st_assign(adj_ptr_shadow(a, ls.data[i]), vals.data[k++], loc));
  free(ls.data);
  free(rs.data);
  free(vals.data);
}

/* A shadow pointer's restore: p_bar = (double *)pop, also where the shadow
 * is an element whose expression has the primal's type (ps_bar[k] of a
 * const double *ps[2] is a double *) */
static Stmt *restore_shadow(Adj *a, Expr *sp, SrcLoc loc) {
  Stmt *s = adj_restore(a, sp, loc);
  if (s->kind == ST_ASSIGN && s->rhs->kind == EX_CAST && ty_is_ptr(s->rhs->type))
    s->rhs->type = tr_writable(s->rhs->type);
  return s;
}

void adj_restore_both(Adj *a, Expr *lhs, Stmt *bwd, SrcLoc loc) {
  PtrVec ms = {0};
  shadow_members(a, lhs, &ms);
  for (int i = ms.len - 1; i >= 0; i--) st_append(bwd, restore_shadow(a, adj_ptr_shadow(a, ms.data[i]), loc));
  if (adj_shadowed_ptr(a, lhs)) st_append(bwd, restore_shadow(a, adj_ptr_shadow(a, lhs), loc));
  adj_log_redo(a, ex_addr(cl(lhs)), d_sizeof_expr(cl(lhs)), lhs, bwd, loc);
  st_append(bwd, adj_restore(a, lhs, loc));
}

/* Reports a write cc-ad cannot handle; false then (the caller stops there:
 * the adjoint of such a write would only add follow-on errors). */
static bool global_check(Adj *a, Expr *lhs, SrcLoc loc) {
  Var *root = ex_root_var(lhs);
  if (!root || root->kind != VAR_GLOBAL) return true;
  if (root->is_static && !root->is_extern_def) {
    diag_at(loc, D_STATIC_WRITE, root->name);
    return false;
  }
  if (ty_has_float(lhs->type) && act_lvalue_varied(a->v, lhs)) {
    diag_at(loc, D_GLOBAL_WRITE, root->name);
    return false;
  }
  return true;
}

/* A pointer whose target carries derivatives set from one without
 * derivative storage: the backward sweep would write through a null
 * adjoint pointer. */
static void no_shadow(Adj *a, const Expr *rhs, SrcLoc loc) {
  (void)a;
  Var *root = ex_root_var(rhs);
  if (a->phase == 2) tr_no_shadow_error(loc, a->v, root, root ? root->name : "this pointer");
}

/* lhs = rhs with rhs pure (or a rule call r = f(u)). */
/* The backward code of the current statement itself reads what lhs names
 * (its right side, or a callee's backward code through a pointer argument,
 * reads the location it overwrites: s = g(s), w[1] = g(w)). */
static bool own_read(Adj *a, const Expr *lhs) {
  return lhs && adj_lv_in(a, a->cur_reads, lhs);
}

/* The to-be-recorded question for a write of lv that is not a first write:
 * must the forward sweep save the old value? Yes when the backward code of
 * a statement already run reads it, when the current statement's own
 * backward code does ('own'), or when it is the caller's memory (split).
 * The first build (phase 1) saves nothing: it only learns what is read. */
bool adj_must_save(Adj *a, const Expr *lv, bool own) {
  return a->phase == 2 && (adj_is_read(a, (Expr *)lv) || own || escapes(a, lv));
}

/* `#pragma omp atomic` x += e in a parallel loop (e not reading x's
 * memory): other threads add to x between this thread's reads, so the
 * value before the update is no value the program ever had for this
 * iteration; saving it and loading it back leaves x as one thread's view.
 * The backward sweep undoes the update instead, x -= e atomically, which
 * leaves x as it was before the loop once every iteration is undone (up
 * to the rounding of the sums). */
static bool atomic_increment(Adj *a, const Expr *lhs, const Expr *rhs, const void *lid) {
  if (!a->cur_stmt || !a->cur_stmt->omp_atomic || !ty_is_float(lhs->type)) return false;
  const Expr *r = ex_strip_implicit(rhs);
  return r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB) && ir_expr_equal(ex_strip_implicit(r->lhs), lhs) &&
         !reads_class(a, r->rhs, lid, lhs->kind == EX_VAR ? lhs->var : NULL);
}

/* The old value of lhs back, where backward code reads it: from the tape
 * (save), or by undoing an atomic increment. */
static void restore_old(Adj *a, Expr *lhs, Expr *rhs, bool save, bool undo, Stmt *bwd, SrcLoc loc) {
  if (undo && adj_is_read(a, lhs)) {
    adj_log_redo(a, ex_addr(cl(lhs)), d_sizeof_expr(cl(lhs)), lhs, bwd, loc);
    Stmt *u = st_assign(cl(lhs), adj_inverse(lhs, rhs), loc);
    u->omp_atomic = u->undo = true;
    st_append(bwd, u);
  } else if (undo && a->phase == 1) {
    /* (phase 1 learns what an undo would read: e's operands, not x) */
    Stmt *u = st_assign(cl(lhs), adj_inverse(lhs, rhs), loc);
    u->undo = true;
    st_append(bwd, u);
  } else if (save) {
    adj_restore_both(a, lhs, bwd, loc);
  }
}

static void assign(Adj *a, Expr *lhs, Expr *rhs, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  if (!global_check(a, lhs, loc)) return;
  if (!ex_is_zero(rhs) && tr_global_pointer_write(a->v, lhs, loc)) return;
  if (!first && a->cur_stmt && ptrmap_get(&a->fresh_ok, a->cur_stmt) && !escapes(a, lhs)) first = true;
  bool inv = adj_invertible_step(lhs, rhs);
  const void *lid = act_loc_id(a->v, lhs);
  bool alias = reads_class(a, rhs, lid, lhs->kind == EX_VAR ? lhs->var : NULL);
  bool undo = atomic_increment(a, lhs, rhs, lid);
  /* the old value is needed by earlier statements' adjoints, or by this
   * one's when its right side reads the location it overwrites */
  bool own = alias && own_read(a, lhs);
  bool save = !first && !inv && !undo && adj_must_save(a, lhs, own);
  IterLocal il = !inv && a->loop_pre ? adj_iteration_local(a, lhs, rhs, loc) : ITER_NO;
  if ((!first && il == ITER_ALWAYS) || (save && il == ITER_IF_NEEDED)) {
    /* r = x + i * m, w = weight[i + o * C], t = sin(a * x[i]): the
     * backward iteration computes it again (adjoint_recompute.c) */
    save = false;
    adj_recompute_local(a, lhs);
    if (adj_shadowed_ptr(a, lhs) && !ex_is_zero(rhs) && adj_ptr_has_shadow(a, rhs))
      st_append(a->loop_pre, st_assign(adj_ptr_shadow(a, lhs), adj_ptr_shadow(a, rhs), loc));
  }
  if (save) {
    adj_save_both(a, lhs, fwd, loc);
    adj_kill(a, lhs);
  }
  /* the shadow pointer follows the primal; when the right side reads the
   * location it overwrites (p = p == A ? B : A; p = bufs[p == A]), its
   * shadow (p == A ? B_bar : A_bar) must see the old p: shadow first, as
   * the tangent code does (a primal right side never reads a shadow) */
  Stmt *shadows = st_block(loc);
  if (adj_shadowed_ptr(a, lhs)) {
    bool null = ex_is_zero(rhs) || !adj_ptr_has_shadow(a, rhs);
    if (null && !ex_is_zero(rhs)) no_shadow(a, rhs, loc);
    st_append(shadows, st_assign(adj_ptr_shadow(a, lhs), null ? ex_int(0) : adj_ptr_shadow(a, rhs), loc));
  }
  if (lhs->type->kind == TY_RECORD && ty_holds_ptr(lhs->type) && ex_is_lvalue(rhs))
    ptr_fields(a, lhs, (Expr *)ex_strip_implicit(rhs), alias, shadows, loc);
  if (!alias) st_append(fwd, st_assign(cl(lhs), cl(rhs), loc));
  for (int i = 0; i < shadows->nbody; i++) st_append(fwd, shadows->body[i]);
  if (alias) st_append(fwd, st_assign(cl(lhs), cl(rhs), loc));
  bool active = ty_has_float(lhs->type) && act_lvalue_varied(a->v, lhs);
  if (active && act_stores_constant(a->v, lid)) {
    /* an inactive function's store into its caller's memory: a constant */
    if (lhs->type->kind == TY_RECORD)
      adj_zero_fields(a, adj_bar(a, lhs), lhs->type, bwd);
    else
      st_append(bwd, st_assign(adj_bar(a, lhs), d_zero(lhs->type), loc));
    if (save) adj_restore_both(a, lhs, bwd, loc);
    return;
  }
  if (active && lhs->type->kind == TY_RECORD) {
    Expr *lb = adj_bar(a, lhs);
    bool from = ex_is_lvalue(rhs) && act_lvalue_varied(a->v, rhs);
    if (from && alias) {
      /* arr[i] = arr[j] may copy an element onto itself: as for a
       * scalar, t = lhs_bar; lhs_bar = 0; rhs_bar += t */
      Var *t = adj_temp(a, "d", ty_unqual(lb->type), cl(lb), bwd, loc);
      adj_zero_fields(a, cl(lb), lhs->type, bwd);
      if (save) adj_restore_both(a, lhs, bwd, loc);  /* b[k] = b[b[k].tag]: the old tag */
      adj_add_fields(a, adj_bar(a, rhs), ex_var(t), lhs->type, bwd);
      return;
    }
    if (from) adj_add_fields(a, adj_bar(a, rhs), lb, lhs->type, bwd);
    adj_zero_fields(a, cl(lb), lhs->type, bwd);
    if (save) adj_restore_both(a, lhs, bwd, loc);
    return;
  }
  /* y = y + e (e not reading y): y's adjoint passes through unchanged,
   *   e's operands += .. * y_bar;   nothing to zero, no temporary */
  const Expr *r0 = ex_strip_implicit(rhs);
  if (active && lhs->type->kind != TY_RECORD && r0->kind == EX_BIN && (r0->op == OP_ADD || r0->op == OP_SUB) &&
      ir_expr_equal(ex_strip_implicit(r0->lhs), lhs) && !reads_class(a, r0->rhs, lid, lhs->kind == EX_VAR ? lhs->var : NULL)) {
    Expr *lb = adj_bar(a, lhs);
    if (!d_is_simple(lb)) lb = ex_var(adj_temp(a, "d", lb->type, lb, bwd, loc));
    a->cur_result = NULL;
    adj_expr(a, r0->rhs, r0->op == OP_ADD ? lb : d_neg(lb), bwd);
    restore_old(a, lhs, rhs, save, undo, bwd, loc);
    return;
  }
  if (active) {
    Expr *lb = adj_bar(a, lhs);
    a->cur_result = lhs;
    a->cur_rhs = rhs;
    if (alias || !d_is_simple(lb)) {
      /* t = y_bar; y_bar = 0; [pop y]; operands += .. * t */
      Var *t = adj_temp(a, "d", lb->type, lb, bwd, loc);
      st_append(bwd, st_assign(cl(lb), d_zero(lb->type), loc));
      if (save || alias) {
        if (save) adj_restore_both(a, lhs, bwd, loc);
        a->cur_result = NULL;  /* lhs holds its old value now: rules recompute $r */
      }
      adj_expr(a, rhs, ex_var(t), bwd);
    } else {
      adj_expr(a, rhs, lb, bwd);
      st_append(bwd, st_assign(cl(lb), d_zero(lb->type), loc));
      if (save) adj_restore_both(a, lhs, bwd, loc);
    }
    a->cur_result = NULL;
    a->cur_rhs = NULL;
    /* modf(x, &ip): the pointer output has derivative 0 */
    if (rhs->kind == EX_CALL)
      for (int i = 0; i < rhs->nargs; i++)
        if (ty_is_ptr(rhs->args[i]->type) && ty_has_float(rhs->args[i]->type->base) &&
            act_ptr_shadowed(a->v, rhs->args[i]))
          st_append(bwd, st_assign(ex_deref(adj_ptr_shadow(a, rhs->args[i])), d_zero(rhs->args[i]->type->base), loc));
    return;
  }
  if (inv && (a->phase == 1 || adj_is_read(a, lhs))) {
    if (adj_shadowed_ptr(a, lhs)) {
      Expr *sp = adj_ptr_shadow(a, lhs);
      st_append(bwd, st_assign(sp, adj_inverse(sp, rhs), loc));
    }
    st_append(bwd, st_assign(cl(lhs), adj_inverse(lhs, rhs), loc));
    return;
  }
  restore_old(a, lhs, rhs, save, undo, bwd, loc);
}

/* ---- Calls ------------------------------------------------------------ */

static Expr *zero_record(Adj *a, Type *t, Stmt *into, SrcLoc loc) {
  Var *z = adj_temp(a, "zero", t, NULL, into, loc);
  st_append(into, d_memset0(ex_addr(ex_var(z)), d_sizeof_expr(ex_var(z)), loc));
  return ex_var(z);
}

/* lhs = g(args) (lhs may be NULL) with g differentiated: split reversal. */
static void call(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  Variant *cv = act_callee(a->v, c);
  Fn *g = c->fn;
  PtrVec fargs = {0}, bargs = {0}, post = {0};
  PtrVec *noted = xmalloc(sizeof *noted);  /* arguments whose memory g_bwd reads */
  *noted = (PtrVec){0};
  bool *bwd_reads = adj_bwd_reads(a->m, cv);
  Stmt *bpre = st_block(loc);
  for (int j = 0; j < c->nargs; j++) {
    Expr *arg = c->args[j];
    vec_push(&fargs, cl(arg));
    vec_push(&bargs, cl(arg));
    if (!bwd_reads || j >= g->nparams || bwd_reads[j]) vec_push(noted, bargs.data[bargs.len - 1]);
    Type *pt = j < g->nparams ? g->params[j]->type : arg->type;
    if (j < g->nparams && cv->writes[j] && (ty_is_ptr(pt) || (ty_holds_ptr(pt) && ex_is_lvalue(arg)))) {
      /* each level g stores into: *arg, and memory behind pointers stored
       * there (s->u[i] for State *s; for a State by value, what its
       * pointers reach is level 0) */
      const void *id = ty_is_ptr(pt) ? act_loc_id(a->v, ex_deref(cl(arg))) : act_loc_id(a->v, arg);
      PtrVec cls = {0};
      for (int d = 0; id && cv->writes[j] >> d; d++) {
        if (!((cv->writes[j] >> d) & 1)) continue;
        act_classes_at(id, ty_is_ptr(pt) ? d : d + 1, &cls);
        for (int i = 0; i < cls.len; i++)
          if (!ptrmap_get(&a->callee_written, cls.data[i])) ptrmap_put(&a->callee_written, cls.data[i], c);
      }
      free(cls.data);
    }
    if (j >= g->nparams || !cv->shadow[j]) continue;
    if (ty_is_ptr(pt)) {
      Expr *sp = adj_ptr_has_shadow(a, arg) ? adj_ptr_shadow_arg(a, arg) : ex_int(0);
      vec_push(&fargs, sp);
      vec_push(&bargs, cl(sp));
    } else {
      /* scalar or struct by value: the callee adds its adjoint to *a_bar;
       * a struct holding pointers passes its shadow's pointers along (the
       * callee accumulates through them), its floating fields zeroed */
      Expr *t;
      if (pt->kind == TY_RECORD && ty_holds_ptr(pt)) {
        /* g_fwd follows the shadow's pointers too */
        bool sh = ex_is_lvalue(arg) && act_ptr_shadowed(a->v, ex_addr(cl(arg)));
        vec_push(&fargs, ex_addr(sh ? adj_bar(a, arg) : zero_record(a, ty_unqual(pt), fwd, loc)));
      }
      if (pt->kind == TY_RECORD && ty_holds_ptr(pt) && ex_is_lvalue(arg) && act_ptr_shadowed(a->v, ex_addr(cl(arg)))) {
        t = ex_var(adj_temp(a, "arg_bar", ty_unqual(pt), adj_bar(a, arg), bpre, loc));
        adj_zero_fields(a, cl(t), pt, bpre);
      } else {
        t = pt->kind == TY_RECORD ? zero_record(a, ty_unqual(pt), bpre, loc)
                                  : ex_var(adj_temp(a, "arg_bar", pt, d_zero(pt), bpre, loc));
      }
      vec_push(&bargs, ex_addr(cl(t)));  /* t goes to post too */
      vec_push(&post, arg);
      vec_push(&post, t);
    }
  }
  bool lhs_active = lhs && ty_has_float(lhs->type) && act_lvalue_varied(a->v, lhs);
  /* what of the memory passed to g must g restore for us? */
  bool *keep = xmalloc(sizeof(bool) * (size_t)(g->nparams + 1));
  PtrVec regions = {0};  /* buffers saved whole around the call */
  bool recompute = false;  /* a buffer it rewrites is recomputed instead */
  for (int j = 0; j < g->nparams && j < c->nargs; j++) {
    Type *pt = g->params[j]->type;
    /* g must keep what it overwrites there if a backward code run later, or
     * the caller's caller, reads any of the memory the argument reaches
     * (through a struct's pointers too: a const Vec * or a Vec by value
     * still leads to writable data) */
    if (!ty_is_ptr(pt) && ty_holds_ptr(pt)) {
      keep[j] = ex_is_lvalue(c->args[j]) && adj_each_pointee(a, ex_addr(cl(c->args[j])), kept_visit, NULL);
      continue;
    }
    if (!ty_is_ptr(pt) || (pt->base->is_const && !ty_holds_ptr(pt->base))) continue;
    Expr *mem = ex_deref(cl(c->args[j]));
    keep[j] = adj_each_pointee(a, c->args[j], kept_visit, NULL);
    /* a buffer of known size is saved once here, instead of element by
     * element inside g (a scratch array g rewrites completely, say) */
    const Expr *base = ex_strip_implicit(c->args[j]);
    if (base->kind == EX_ADDR && base->lhs->kind == EX_INDEX && ex_is_zero(base->lhs->rhs)) base = base->lhs->lhs;
    base = ex_strip_implicit(base);
    Expr *bytes = base->kind == EX_VAR ? ptrmap_get(&a->extent, base->var) : NULL;
    if (bytes && !escapes(a, mem) && adj_recompute_arg(a, c, j)) {
      keep[j] = false;  /* rewritten by running the call again: see adjoint_recompute.c */
      recompute = true;
      continue;
    }
    if (keep[j] && bytes && !escapes(a, mem)) {
      keep[j] = false;
      if (a->phase == 2) {
        vec_push(&regions, (void *)base);
        vec_push(&regions, bytes);
      }
    }
  }
  for (int i = 0; i < regions.len; i += 2) {
    adj_note_save(a, ex_deref(cl(regions.data[i])));
    st_append(fwd, adj_push_block(a, cl(regions.data[i]), cl(regions.data[i + 1]), loc));
  }
  Stmt *gpops = adj_global_saves(a, g, fwd, loc);
  unsigned char *redo = adj_redo_mask(a, cv, c);
  /* p = g(..) returning memory it allocates: g_fwd returns p's shadow too */
  Var *ret_shadow = NULL;
  if (cv->ret_shadow) {
    ret_shadow = adj_temp(a, "res_bar", tr_writable(g->ret), ex_int(0), a->top, loc);
    vec_push(&fargs, ex_addr(ex_var(ret_shadow)));
  }
  Expr *fcall = ex_call(adj_callee_name(a, cv, keep, redo, false), c->type, (Expr **)fargs.data, fargs.len);
  fcall->loc = c->loc;
  /* forward: r = g_fwd(...); [push lhs]; lhs = r */
  bool save = lhs && !first && adj_must_save(a, lhs, own_read(a, lhs));
  if (lhs) {
    if (!global_check(a, lhs, loc)) return;
    if (tr_global_pointer_write(a->v, lhs, loc)) return;
    if (save) {
      Var *r = adj_temp(a, "res", c->type, NULL, a->top, loc);
      st_append(fwd, st_assign(ex_var(r), fcall, loc));
      adj_save_both(a, lhs, fwd, loc);
      st_append(fwd, st_assign(cl(lhs), ex_var(r), loc));
    } else {
      st_append(fwd, st_assign(cl(lhs), fcall, loc));
    }
    if (adj_shadowed_ptr(a, lhs) && ret_shadow)
      st_append(fwd, st_assign(adj_ptr_shadow(a, lhs), ex_var(ret_shadow), loc));
    else if (adj_shadowed_ptr(a, lhs))
      diag_at(loc, D_RETURNS_POINTER_REV);
  } else {
    st_append(fwd, st_expr(fcall, loc));
  }
  /* backward: seed, [pop lhs], g_bwd(..., &a_bar.., seed), accumulate */
  if (cv->ret) {
    Expr *seed;
    if (lhs_active) {
      Expr *lb = adj_bar(a, lhs);
      seed = ex_var(adj_temp(a, "d", lb->type, lb, bwd, loc));
      if (lhs->type->kind == TY_RECORD)
        adj_zero_fields(a, cl(lb), lhs->type, bwd);
      else
        st_append(bwd, st_assign(cl(lb), d_zero(lb->type), loc));
    } else {
      seed = ty_is_float(g->ret) ? d_zero(g->ret) : zero_record(a, ty_unqual(g->ret), bwd, loc);
    }
    vec_push(&bargs, seed);
  } else if (lhs_active) {
    adj_zero_fields(a, adj_bar(a, lhs), lhs->type, bwd);
  }
  if (save) adj_restore_both(a, lhs, bwd, loc);
  for (int i = 0; i < bpre->nbody; i++) st_append(bwd, bpre->body[i]);
  Expr *bcall = ex_call(adj_callee_name(a, cv, keep, redo, true), ty_void(), (Expr **)bargs.data, bargs.len);
  ptrmap_put(&a->bwd_noted, bcall, noted);
  ptrmap_put(&a->bwd_globals, bcall, (void *)glob_reads(a->m, g));
  st_append(bwd, st_expr(bcall, loc));
  for (int i = 0; i < gpops->nbody; i++) st_append(bwd, gpops->body[i]);
  for (int i = regions.len - 2; i >= 0; i -= 2)
    st_append(bwd, adj_pop_block(a, cl(regions.data[i]), cl(regions.data[i + 1]), loc));
  if (recompute) st_append(a->loop_pre, st_expr(cl(c), loc));
  for (int i = 0; i < post.len; i += 2) {
    Expr *arg = post.data[i], *t = post.data[i + 1];
    if (arg->type->kind == TY_RECORD) {
      if (ex_is_lvalue(arg) && act_lvalue_varied(a->v, arg)) adj_add_fields(a, adj_bar(a, arg), t, arg->type, bwd);
    } else {
      adj_expr(a, arg, t, bwd);
    }
  }
}

/* s stores into memory class cls or variable x, itself or through a call
 * whose parameter is a non-const pointer (free aside). With 'slot' (an
 * element A[k], k a literal), stores at another literal index of A's class
 * do not count. */
/* Two fields of one struct type: never the same memory. */
static bool fields_apart(const Expr *x, const Expr *y) {
  const Record *rx, *ry;
  const char *nx, *ny;
  return x && y && adj_field_of(x, &rx, &nx) && adj_field_of(y, &ry, &ny) && rx == ry && !str_eq(nx, ny);
}

static bool stores(Adj *a, const Stmt *s, const void *cls, const Var *x, const Expr *slot, const Expr *part,
                   bool calls_only) {
  if (!s) return false;
  if (s->kind == ST_DECL && s->var == x && s->expr) return true;
  if (s->kind == ST_ASSIGN && !calls_only) {
    const Expr *lv = s->lhs;
    if (lv->kind == EX_VAR && lv->var == x) return true;
    bool elsewhere = slot && lv->kind == EX_INDEX && ex_strip_implicit(lv->rhs)->kind == EX_NUM &&
                     ex_strip_implicit(lv->rhs)->value != ex_strip_implicit(slot->rhs)->value;
    if (cls && !elsewhere && !fields_apart(lv, part) && act_loc_id(a->v, s->lhs) == cls) return true;
  }
  const Expr *c = s->kind == ST_EXPR ? s->expr : s->kind == ST_ASSIGN ? s->rhs : s->kind == ST_DECL ? s->expr : NULL;
  if (cls && c && c->kind == EX_CALL && !rule_find(c->text) && !str_eq(c->text, "free"))
    for (int i = 0; i < c->nargs; i++) {
      /* the parameter's type says whether the callee may store: f(const double *) does not */
      const Type *t = c->fn && i < c->fn->nparams ? c->fn->params[i]->type : c->args[i]->type;
      if (ty_is_ptr(t) && !t->base->is_const && t->base->kind != TY_FUNC &&
          act_loc_id(a->v, ex_deref(cl(c->args[i]))) == cls)
        return true;
    }
  /* a function of the file that stores into the global (set_coef(k) rewriting coef[]) */
  const PtrVec *gw = c && c->kind == EX_CALL && c->fn ? glob_writes(a->m, c->fn) : NULL;
  for (int i = 0; gw && i < gw->len; i++) {
    Var *g = gw->data[i];
    if (g == x || (cls && act_loc_id(a->v, ex_var(g)) == cls)) return true;
  }
  if (stores(a, s->then, cls, x, slot, part, calls_only) || stores(a, s->els, cls, x, slot, part, calls_only) ||
      stores(a, s->init, cls, x, slot, part, calls_only) || stores(a, s->step, cls, x, slot, part, calls_only))
    return true;
  for (int i = 0; i < s->nbody; i++)
    if (stores(a, s->body[i], cls, x, slot, part, calls_only)) return true;
  return false;
}

bool adj_stores(Adj *a, const Stmt *s, const void *cls, const Var *x, const Expr *slot) {
  return stores(a, s, cls, x, slot, NULL, false);
}

bool adj_stores_part(Adj *a, const Stmt *s, const Expr *lv, bool calls_only) {
  const void *cls = act_loc_id(a->v, (Expr *)lv);
  return !cls || stores(a, s, cls, NULL, NULL, lv, calls_only);
}


/* Does the call store through a pointer (softmax(z, p, n) writing p[])? */
static bool custom_stores(const Fn *g, const Expr *c) {
  for (int j = 0; j < c->nargs && j < g->nparams; j++)
    if (ty_is_ptr(g->params[j]->type) && !g->params[j]->type->base->is_const) return true;
  return false;
}

/* y = g(x) with '#pragma ad custom_vjp(g, my_g_vjp)': the forward sweep
 * calls g, the backward sweep my_g_vjp(x, &x_bar.., y_bar) (which computes
 * g again). Where g stores through pointers (p[] of softmax(z, p, n)), the
 * rule gets p and p_bar, which holds p's adjoint, the seed (contract 3: it
 * is zero on exit, or the adjoint of p's old values for an in-out p): p's
 * old values are put back before the call where g reads them, and after it
 * where earlier backward code reads them (adj_custom_saves). */
static bool custom(Adj *a, Expr *lhs, Expr *c, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  Fn *g = c->text ? mod_find_fn(a->m, c->text) : NULL;
  if (!g || !g->custom_vjp || a->v->inactive) return false;  /* (inactive: g's own body, constant) */
  /* the tape: the memory's saves, then lhs's; popped the other way round */
  Stmt *before = st_block(loc), *after = st_block(loc);
  bool stores = custom_stores(g, c);
  if (stores) adj_custom_saves(a, c, g, fwd, before, after, loc);
  bool save = lhs && !first && adj_must_save(a, lhs, own_read(a, lhs));
  if (save) adj_save_both(a, lhs, fwd, loc);
  st_append(fwd, lhs ? st_assign(cl(lhs), cl(c), loc) : st_expr(cl(c), loc));
  bool lhs_active = lhs && ty_has_float(lhs->type) && act_lvalue_varied(a->v, lhs);
  bool ptr_active = false;  /* memory it stores into holds derivatives */
  for (int j = 0; stores && j < c->nargs && j < g->nparams; j++)
    ptr_active |= ty_is_ptr(g->params[j]->type) && !g->params[j]->type->base->is_const &&
                  act_custom_shadow(g->params[j]) && act_lvalue_varied(a->v, ex_deref(cl(c->args[j])));
  if (!lhs_active && !ptr_active) {  /* no rule to call: the memory as before the call */
    if (save) adj_restore_both(a, lhs, bwd, loc);
    for (int i = 0; i < before->nbody; i++) st_append(bwd, before->body[i]);
    for (int i = 0; i < after->nbody; i++) st_append(bwd, after->body[i]);
    return true;
  }
  Expr *lb = lhs_active ? adj_bar(a, lhs) : NULL;
  Var *seed = lb ? adj_temp(a, "d", lb->type, lb, bwd, loc) : NULL;
  if (lb) adj_zero_fields(a, cl(lb), lhs->type, bwd);
  if (save) adj_restore_both(a, lhs, bwd, loc);
  for (int i = 0; i < before->nbody; i++) st_append(bwd, before->body[i]);
  PtrVec args = {0}, post = {0};
  for (int j = 0; j < c->nargs; j++) {
    Expr *arg = c->args[j];
    vec_push(&args, cl(arg));
    if (j >= g->nparams || !act_custom_shadow(g->params[j])) continue;
    Type *pt = g->params[j]->type;
    if (ty_is_ptr(pt)) {
      if (!adj_ptr_has_shadow(a, arg)) {
        diag_at(loc, D_CUSTOM_VJP_UNSIZED, g->custom_vjp, g->name, j + 1);
        return true;
      }
      vec_push(&args, adj_ptr_shadow_arg(a, arg));
    } else {
      Expr *t = pt->kind == TY_RECORD ? NULL : ex_var(adj_temp(a, "arg_bar", pt, d_zero(pt), bwd, loc));
      if (!t) {
        Var *z = adj_temp(a, "arg_bar", ty_unqual(pt), NULL, bwd, loc);
        st_append(bwd, d_memset0(ex_addr(ex_var(z)), d_sizeof_expr(ex_var(z)), loc));
        t = ex_var(z);
      }
      vec_push(&args, ex_addr(cl(t)));  /* t goes to post too */
      vec_push(&post, arg);
      vec_push(&post, t);
    }
  }
  if (seed)
    vec_push(&args, ex_var(seed));
  else if (ty_is_float(g->ret))
    vec_push(&args, d_zero(ty_unqual(g->ret)));  /* a result nothing uses: seed 0 */
  else if (g->ret->kind == TY_RECORD && ty_has_float(g->ret)) {
    Var *z = adj_temp(a, "ret_bar", ty_unqual(g->ret), NULL, bwd, loc);
    st_append(bwd, d_memset0(ex_addr(ex_var(z)), d_sizeof_expr(ex_var(z)), loc));
    vec_push(&args, ex_var(z));
  }
  Expr *hc = ex_call(g->custom_vjp, g->ret, (Expr **)args.data, args.len);
  Fn *h = mod_find_fn(a->m, g->custom_vjp);
  if (h && h->is_lowered) hc->fn = h;  /* differentiable again (hessian, jvp(f_grad)) */
  st_append(bwd, st_expr(hc, loc));
  for (int i = 0; i < after->nbody; i++) st_append(bwd, after->body[i]);
  for (int i = 0; i < post.len; i += 2) {
    Expr *arg = post.data[i], *t = post.data[i + 1];
    if (arg->type->kind == TY_RECORD) {
      if (ex_is_lvalue(arg) && act_lvalue_varied(a->v, arg)) adj_add_fields(a, adj_bar(a, arg), t, arg->type, bwd);
    } else {
      adj_expr(a, arg, t, bwd);
    }
  }
  return true;
}

/* The memory a <math.h> call in e stores through a pointer (modf(v, &ip),
 * frexp(v, &e)), where the backward code of an earlier statement reads it:
 * saved before the call, put back after this statement's backward code. */
typedef struct RuleOuts {
  Adj *a;
  PtrVec lvs;
} RuleOuts;

static Walk rule_out(Expr *e, void *ctx) {
  RuleOuts *r = ctx;
  if (e->kind != EX_CALL || !rule_find(e->text)) return WALK_ON;
  for (int i = 0; i < e->nargs; i++) {
    if (!ty_is_ptr(e->args[i]->type)) continue;
    const Expr *p = ex_strip_implicit(e->args[i]);
    Expr *lv = p->kind == EX_ADDR ? cl(p->lhs) : ex_deref(cl(e->args[i]));
    if (adj_must_save(r->a, lv, false)) vec_push(&r->lvs, lv);
  }
  return WALK_ON;
}

static void assign_any(Adj *a, Expr *lhs, Expr *rhs, SrcLoc loc, bool first, Stmt *fwd, Stmt *bwd) {
  if (rhs->kind == EX_CALL && !rule_find(rhs->text)) {
    if (adj_mpi_call(a, lhs, rhs, loc, first, fwd, bwd)) return;
    if (adj_memory_call(a, lhs, rhs, loc, first, fwd, bwd)) return;
    if (custom(a, lhs, rhs, loc, first, fwd, bwd)) return;
    Variant *cv = act_callee(a->v, rhs);
    if (cv && !tr_call_is_passive(cv)) {
      call(a, lhs, rhs, loc, first, fwd, bwd);
      return;
    }
    /* no derivative: the result is a constant */
    tr_check_external(a->m, a->v, rhs);
    tr_check_pointer_result(a->v, lhs, rhs);
    Stmt *guard = tr_fallback_guard(a->v, lhs, rhs);
    if (guard) st_append(fwd, guard);
    bool save = lhs && !first && adj_must_save(a, lhs, false);
    if (save) adj_save_both(a, lhs, fwd, loc);
    Stmt *pops = adj_passive_saves(a, rhs, fwd, loc);  /* what it stores through pointers */
    Stmt *gpops = adj_global_saves(a, rhs->fn, fwd, loc);  /* and into globals */
    st_append(fwd, lhs ? st_assign(cl(lhs), cl(rhs), loc) : st_expr(cl(rhs), loc));
    if (lhs && ty_has_float(lhs->type) && act_lvalue_varied(a->v, lhs))
      adj_zero_fields(a, adj_bar(a, lhs), lhs->type, bwd);
    if (save) adj_restore_both(a, lhs, bwd, loc);
    for (int i = 0; i < gpops->nbody; i++) st_append(bwd, gpops->body[i]);
    for (int i = 0; i < pops->nbody; i++) st_append(bwd, pops->body[i]);
    return;
  }
  if (!lhs) {  /* frexp(v, &e); modf(v, &ip); as a statement: its value in a temporary */
    lhs = ex_var(adj_temp(a, "res", ty_unqual(rhs->type), NULL, a->top, loc));
    first = true;
  }
  RuleOuts outs = {a, {0}};
  ex_each(rhs, rule_out, &outs);
  for (int i = 0; i < outs.lvs.len; i++) adj_save_both(a, outs.lvs.data[i], fwd, loc);
  assign(a, lhs, rhs, loc, first, fwd, bwd);
  for (int i = outs.lvs.len - 1; i >= 0; i--) adj_restore_both(a, outs.lvs.data[i], bwd, loc);
}

/* ---- Statements ------------------------------------------------------- */

static void rev_block(Adj *a, Stmt *b, Stmt *fwd, Stmt *bwd);

static void stmt(Adj *a, Stmt *s, Stmt *fwd, Stmt *bwd) {
  SrcLoc loc = s->loc;
  switch (s->kind) {
  case ST_BLOCK:
    if (s->omp && str_starts(s->omp->dir, "critical")) {  /* both sweeps' code of the block under the lock */
      Stmt *fb = st_block(loc), *bb = st_block(loc);
      rev_block(a, s, fb, bb);
      fb->omp = omp_copy(s->omp);
      bb->omp = omp_copy(s->omp);
      if (fb->nbody) st_append(fwd, fb);
      if (bb->nbody) st_append(bwd, bb);
      break;
    }
    if (a->phase == 2) tr_omp_one_thread(a->v, s);  /* single, master: run as the primal does, in a serial region */
    adj_omp_team_serial(a, s);  /* a parallel region left whole runs on one thread */
    rev_block(a, s, fwd, bwd);
    break;
  case ST_DECL: {
    Var *x = s->var;
    const Type *base = x->type;
    while (base->kind == TY_ARRAY) base = base->base;
    if (base->kind == TY_RECORD && base->rec && base->rec->is_union && act_var_shadowed(a->v, x)) {
      diag_at(loc, D_UNION_VAR, x->name);
      break;
    }
    if (x->is_static && act_var_shadowed(a->v, x) && !x->static_fresh) {
      diag_at(loc, D_STATIC_LOCAL, x->name);
      break;
    }
    if (x->is_static && act_var_shadowed(a->v, x)) tr_note_static_fresh(a->m, loc, x);
    bool hoisted = ptrmap_get(&a->hoisted, x) != NULL;
    bool call_init = s->expr && s->expr->kind == EX_CALL && !rule_find(s->expr->text);
    /* const double c = g(x): declared here, assigned by a later statement */
    if (s->expr && (hoisted || call_init) && !x->is_static) x->type = adj_unconst(x->type);
    if (hoisted) {
      Expr *z = ty_is_arith(x->type) || ty_is_ptr(x->type) ? d_zero(x->type) : NULL;
      /* a static is initialized once, not on every call (a counter, f2c's
       * constants): its initializer stays in its declaration */
      if (x->is_static && s->expr) z = cl(s->expr);
      st_append(a->top, st_decl(x, z, loc));
      if (!z && !x->is_static)  /* aggregates start zeroed too: both sweeps may read them before the first write */
        st_append(a->top, d_memset0(x->type->kind == TY_ARRAY ? ex_var(x) : ex_addr(ex_var(x)), d_sizeof_expr(ex_var(x)), loc));
      make_bar(a, x, NULL);
      if (x->is_static) break;
      if (s->expr && s->expr->kind == EX_INIT) {
        diag_at(loc, D_INIT_LIST_IN_BLOCK);
        break;
      }
      if (s->expr) assign_any(a, ex_var(x), s->expr, loc, a->loop_depth == 0, fwd, bwd);
      break;
    }
    if (s->expr && !call_init) {
      /* y's first write: nothing to save; adjoint of the initializer */
      st_append(fwd, st_decl(x, cl(s->expr), loc));
      make_bar(a, x, fwd);
      Stmt *tmp = st_block(loc);
      assign(a, ex_var(x), s->expr, loc, true, tmp, bwd);  /* tmp: the forward copy is the declaration */
      if (ty_is_ptr(x->type) && ptrmap_get(&a->bar, x)) {
        Expr *sb = ptrmap_get(&a->bar, x);
        bool null = ex_is_zero(s->expr) || !adj_ptr_has_shadow(a, s->expr);
        if (null && !ex_is_zero(s->expr)) no_shadow(a, s->expr, loc);
        st_append(fwd, st_assign(cl(sb), null ? ex_int(0) : adj_ptr_shadow(a, s->expr), loc));
      }
      /* Layer M = net[0]: M_bar's pointer fields are net_bar[0]'s (tmp's copy is gone) */
      const Expr *init = ex_strip_implicit(s->expr);
      if (x->type->kind == TY_RECORD && ty_holds_ptr(x->type) && ex_is_lvalue(init))
        ptr_fields(a, ex_var(x), (Expr *)init, false, fwd, loc);
    } else {
      /* a scalar declared without a value starts at 0: the forward sweep
       * may save it before its first write (p = q in a loop) */
      bool scalar = !call_init && (ty_is_arith(x->type) || ty_is_ptr(x->type)) && !x->type->is_const;
      st_append(fwd, st_decl(x, scalar ? d_zero(x->type) : NULL, loc));
      /* an aggregate too (a VLA, double o[c], has no initializer): the
       * forward sweep saves o[k] before its first write, a read of
       * indeterminate values that gcc -O2 reports as maybe-uninitialized */
      if (!call_init && !x->is_static && !x->type->is_const && (x->type->kind == TY_ARRAY || x->type->kind == TY_RECORD))
        st_append(fwd, d_memset0(x->type->kind == TY_ARRAY ? ex_var(x) : ex_addr(ex_var(x)), d_sizeof_expr(ex_var(x)), loc));
      make_bar(a, x, fwd);
      if (call_init) assign_any(a, ex_var(x), s->expr, loc, true, fwd, bwd);
    }
    break;
  }
  case ST_ASSIGN: {
    int from = fwd->nbody;
    assign_any(a, s->lhs, s->rhs, loc, false, fwd, bwd);
    /* #pragma omp atomic x += e: the forward sweep's update of x stays
     * atomic (other threads of the primal's parallel loop add to x too) */
    for (int i = from; s->omp_atomic && i < fwd->nbody; i++) {
      Stmt *u = fwd->body[i];
      const Expr *r = u->kind == ST_ASSIGN ? ex_strip_implicit(u->rhs) : NULL;
      if (r && r->kind == EX_BIN && ir_expr_equal(ex_strip_implicit(r->lhs), u->lhs) &&
          !ex_mentions(r->rhs, ex_root_var(u->lhs)))
        u->omp_atomic = true;
    }
    break;
  }
  case ST_EXPR:
    if (s->expr->kind == EX_CALL)
      assign_any(a, NULL, s->expr, loc, false, fwd, bwd);
    else
      st_append(fwd, ir_clone_stmt(s, NULL));
    break;
  case ST_IF: {
    Stmt *ft = st_block(loc), *bt = st_block(loc), *fe = st_block(loc), *be = st_block(loc);
    rev_block(a, s->then, ft, bt);
    if (s->els) rev_block(a, s->els, fe, be);
    Stmt *i = st_new(ST_IF, loc);
    i->cond = cl(s->cond);
    i->then = ft;
    i->els = fe->nbody ? fe : NULL;
    if (bt->nbody || be->nbody) {
      /* the branch taken is taped, or the condition evaluated again */
      Stmt *r = st_new(ST_IF, loc);
      if (adj_branch_again(a, s)) {
        r->cond = cl(s->cond);
      } else {
        st_append(ft, push_b(1, loc));
        if (!i->els) i->els = fe;
        st_append(fe, push_b(0, loc));
        r->cond = pop_b();
      }
      r->then = bt;
      r->els = be->nbody ? be : NULL;
      st_append(bwd, r);
    }
    st_append(fwd, i);
    break;
  }
  case ST_FOR:
  case ST_WHILE: adj_loop(a, s, fwd, bwd); break;
  case ST_RETURN: {
    if (!s->expr) break;
    if (a->ret_shadow) {
      bool null = ex_is_zero(s->expr) || !adj_ptr_has_shadow(a, s->expr);
      st_append(fwd, st_assign(ex_deref(ex_var(a->ret_shadow)), null ? ex_int(0) : adj_ptr_shadow(a, s->expr), loc));
    }
    if (a->retval) {
      st_append(fwd, st_assign(ex_var(a->retval), cl(s->expr), loc));
      if (!a->ret_seed) break;
      Expr *seed = a->ret_seed;
      if (seed->kind == EX_NUM && ty_is_float(s->expr->type) && mpi_program(a->m)) {
        /* grad: a result every rank returns alike counts once (ir/mpi.h) */
        Var *sv = adj_temp(a, "seed", seed->type, NULL, a->top, loc);
        st_append(fwd, st_assign(ex_var(sv), mpi_grad_seed(a->m, ex_var(a->retval), seed->type), loc));
        seed = ex_var(sv);
      }
      if (s->expr->type->kind == TY_RECORD) {
        if (ex_is_lvalue(s->expr) && act_lvalue_varied(a->v, s->expr))
          adj_add_fields(a, adj_bar(a, s->expr), seed, s->expr->type, bwd);
      } else {
        a->cur_result = NULL;
        adj_expr(a, s->expr, cl(seed), bwd);
      }
    }
    break;
  }
  default: diag_at(loc, D_STMT_NOT_NORMALISED); break;
  }
}

/* What the backward code bwd (one statement's) reads, each generated
 * statement's set kept for the enclosing statements (bwd_memo). */
static void reads_of_bwd(Adj *a, const Stmt *bwd, TbrSet *into) {
  for (int i = 0; i < bwd->nbody; i++) {
    TbrSet *m = xmalloc(sizeof *m);
    adj_collect_reads(a, bwd->body[i], m);
    ptrmap_put(&a->bwd_memo, bwd->body[i], m);
    tbrset_union(into, m);
  }
}

/* One statement: phase 1 records what its backward code reads; phase 2
 * adds that to 'before' once the statement has run. */
/* A counted loop's backward sweep sets its counter again: once the loop
 * has run, the reads of the counter by its body (j < n - i in an inner
 * loop) need no value from the forward sweep, and the next loop that
 * reuses it (C89's int i, j;) saves nothing. The loop's own read set says
 * whether its backward code reads the counter's old value. */
static const Var *loop_counter(Adj *a, const Stmt *s) {
  if (a->phase != 2 || !a->before || (s->kind != ST_FOR && s->kind != ST_WHILE)) return NULL;
  const Var *c = adj_counted_ctr(s);
  return c && !ptrmap_get(&a->addr_taken, c) ? c : NULL;
}

static void forget_counter(Adj *a, const Stmt *s, const Var *c, bool had_var, bool had_cls) {
  const TbrSet *r = tbr_reads_of(a->tbr, s);
  const void *cls = act_loc_id(a->v, ex_var((Var *)c));
  int kv = tbr_find(a->tbr, c), kc = cls ? tbr_find(a->tbr, cls) : -1;
  if (!r || tbrset_has(r, kv) || tbrset_has(r, kc)) return;
  if (!had_var) tbrset_del(a->before, kv);
  if (!had_cls) tbrset_del(a->before, kc);
}

static void one(Adj *a, Stmt *s, Stmt *fwd, Stmt *bwd) {
  TbrSet *saved = a->cur_reads;
  Stmt *saved_stmt = a->cur_stmt;
  const Var *ctr = loop_counter(a, s);
  const void *ccls = ctr ? act_loc_id(a->v, ex_var((Var *)ctr)) : NULL;
  bool had_var = ctr && tbr_has(a->tbr, a->before, ctr), had_cls = ccls && tbr_has(a->tbr, a->before, ccls);
  a->cur_reads = tbr_reads_of(a->tbr, s);
  a->cur_stmt = s;
  stmt(a, s, fwd, bwd);
  a->cur_reads = saved;
  a->cur_stmt = saved_stmt;
  if (a->phase == 1) {
    reads_of_bwd(a, bwd, tbr_reads(a->tbr, s));
  } else {
    if (a->trial || a->checking) {
      /* what this statement's restores read joins R */
      TbrSet now = {0}, *r = tbr_reads_of(a->tbr, s);
      reads_of_bwd(a, bwd, &now);
      for (int i = tbrset_next(&now, 0); r && i >= 0; i = tbrset_next(&now, i + 1))
        if (ptrmap_get(&a->stable, a->tbr->keys.data[i]) && !tbrset_has(r, i)) {
          tbrset_add(r, i);
          a->reads_grew = true;
        }
    }
    adj_before_add(a, s);
    if (ctr) forget_counter(a, s, ctr, had_var, had_cls);
  }
}

static void rev_block(Adj *a, Stmt *b, Stmt *fwd, Stmt *bwd) {
  int outer = adj_kills_enter(a);
  if (b->kind != ST_BLOCK) {
    Stmt *r = st_block(b->loc);
    one(a, b, fwd, r);
    for (int k = 0; k < r->nbody; k++) st_append(bwd, r->body[k]);
    adj_kills_leave(a, outer);
    return;
  }
  Stmt **revs = xmalloc(sizeof(Stmt *) * (size_t)(b->nbody + 1));
  for (int i = 0; i < b->nbody; i++) {
    revs[i] = st_block(b->body[i]->loc);
    one(a, b->body[i], fwd, revs[i]);
  }
  for (int i = b->nbody - 1; i >= 0; i--)
    for (int k = 0; k < revs[i]->nbody; k++) st_append(bwd, revs[i]->body[k]);
  adj_kills_leave(a, outer);
}

void adj_block(Adj *a, Stmt *s, Stmt *fwd, Stmt *bwd) { rev_block(a, s, fwd, bwd); }
