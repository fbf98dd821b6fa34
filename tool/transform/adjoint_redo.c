/*
 * adjoint_redo.c — the redo log's part in building reverse code: which
 * restores of the caller's memory are logged (a->redo, filled by
 * keep_final_state for the requested function and by adj_redo_from_caller in
 * a callee), and the mask a call passes to the callee variant so that it
 * logs its own restores there (see keep_final_state in adjoint.c).
 *
 * Requires: the activity facts (act_loc_id, act_classes_at), a->redo.
 * Provides: adj_in_redo, adj_log_redo, adj_redo_start, adj_redo_mask,
 * adj_redo_from_caller.
 */
#include <stdlib.h>

#include "adjoint_int.h"

static Expr *cl(const Expr *e) { return ir_clone_expr(e, NULL); }

/* lv's class is one whose restores are logged */
bool adj_in_redo(Adj *a, const Expr *lv) {
  const void *id = act_loc_id(a->v, (Expr *)lv);
  return id && ptrmap_get(&a->redo, id);
}

/* Restoring the caller's memory: log the value it replaces first. */
void adj_log_redo(Adj *a, Expr *addr, Expr *bytes, const Expr *lv, Stmt *bwd, SrcLoc loc) {
  if (!adj_in_redo(a, lv)) return;
  st_append(bwd, st_expr(ex_rt2(RT_REDO_PUSH, ex_cast(ty_ptr(ty_void()), addr), bytes), loc));
  if (!a->trial) a->redo_used = true;
}

/* The class of the memory a parameter's redo mask starts at (bit 0), as
 * in the Variant's 'writes': what a pointer points to; for a struct by
 * value, what its pointers point to (the struct is the callee's copy). */
const void *adj_redo_start(Adj *a, const Expr *arg, int *skip) {
  *skip = 0;
  if (ty_is_ptr(arg->type)) return act_loc_id(a->v, ex_deref(cl(arg)));
  if (arg->type->kind == TY_ARRAY) return act_loc_id(a->v, ex_index(cl(arg), ex_int(0)));
  if (!ty_holds_ptr(arg->type) || !ex_is_lvalue(arg)) return NULL;
  *skip = 1;
  return act_loc_id(a->v, cl(arg));
}

/* Per argument, the depths below it of memory whose restores must be
 * logged (a->redo) and that g may write: g's backward code logs its
 * restores there too (see keep_final_state). */
unsigned char *adj_redo_mask(Adj *a, Variant *cv, const Expr *c) {
  Fn *g = c->fn;
  unsigned char *redo = xmalloc((size_t)(g->nparams + 1));
  for (int j = 0; j < g->nparams && j < c->nargs; j++) {
    int skip;
    const void *id = adj_redo_start(a, c->args[j], &skip);
    PtrVec cls = {0};
    for (int d = 0; id && d < 5; d++) {
      if (!(cv->writes[j] & (1u << d))) continue;
      act_classes_at(id, d + skip, &cls);
      for (int i = 0; i < cls.len; i++)
        if (ptrmap_get(&a->redo, cls.data[i])) redo[j] |= (unsigned char)(1u << d);
    }
    free(cls.data);
    if (redo[j] && !a->trial) a->redo_used = true;
  }
  return redo;
}

/* A callee: its caller logs the restores of the memory at these depths
 * below its arguments (the redo mask of adj_callee_name); so does the
 * callee, and its callees where it passes that memory on. */
void adj_redo_from_caller(Adj *a) {
  Fn *f = a->primal;
  for (int j = 0; a->v->redo && j < f->nparams; j++) {
    Var *p = f->params[j];
    int skip;
    const void *id = adj_redo_start(a, ex_var(p), &skip);
    PtrVec cls = {0};
    for (int d = 0; id && d < 5; d++) {
      if (!(a->v->redo[j] & (1u << d))) continue;
      act_classes_at(id, d + skip, &cls);
      for (int i = 0; i < cls.len; i++) ptrmap_put(&a->redo, cls.data[i], (void *)1);
    }
    free(cls.data);
  }
}
