/*
 * lower_sort.c — qsort of floating data: the derivative of a sort is the
 * permutation it applies (each value's tangent or adjoint moves with it),
 * so the call is lowered to that permutation, from libccad's merge sort of
 * indices under the user's comparator, and copies through it:
 *
 *   long sort_n = n;
 *   long *sort_perm = malloc(sort_n * sizeof(long));
 *   ccad_sort_perm(base, sort_n, size, cmp, sort_perm, sizeof(T));
 *   T *sort_tmp = malloc(sort_n * sizeof(T));
 *   for (long k = 0; k < sort_n; k++) sort_tmp[k] = base[sort_perm[k]];
 *   for (long k = 0; k < sort_n; k++) base[k] = sort_tmp[k];
 *   free(sort_tmp); free(sort_perm);
 *
 * which every mode differentiates as it is (a gather by an integer index,
 * its adjoint a scatter; sort_perm written once and its free deferred, so
 * reverse mode keeps it for the backward sweep without a tape, except what
 * a loop around the sort saves of any block its body mallocs). A size that
 * is not sizeof(T) is a run-time error of ccad_sort_perm where clang cannot
 * evaluate it, else the call stays qsort, which a request differentiating it
 * refuses (tr_check_external: qsort_element), as it does a base of type
 * void * or rows (elements that are arrays, which C does not assign).
 *
 * Requires: the call's arguments lowered. Provides: lower_qsort.
 */
#include <stdlib.h>

#include "front_int.h"

/* The argument's cursor under the conversion to void * (and parentheses). */
static CXCursor typed_base(CXCursor a) {
  for (;;) {
    CXType t = clang_getCanonicalType(clang_getCursorType(a));
    bool to_void = t.kind == CXType_Pointer && clang_getCanonicalType(clang_getPointeeType(t)).kind == CXType_Void;
    enum CXCursorKind k = clang_getCursorKind(a);
    if (!to_void && k != CXCursor_ParenExpr) return a;
    CXCursor *kids;
    int n = cx_children(a, &kids);
    CXCursor in = n == 1 ? kids[0] : clang_getNullCursor();
    free(kids);
    if (clang_Cursor_isNull(in)) return a;
    a = in;
  }
}

/* The size argument disagrees with sizeof(T), both known to clang. */
static bool size_differs(CXCursor call) {
  CXCursor b = typed_base(clang_Cursor_getArgument(call, 0));
  CXType t = clang_getCanonicalType(clang_getCursorType(b));
  CXType el = t.kind == CXType_Pointer ? clang_getPointeeType(t) : clang_getArrayElementType(t);
  long long es = clang_Type_getSizeOf(el);
  CXEvalResult r = clang_Cursor_Evaluate(clang_Cursor_getArgument(call, 2));
  if (!r) return false;
  bool differs = clang_EvalResult_getKind(r) == CXEval_Int && es > 0 && clang_EvalResult_getAsLongLong(r) != es;
  clang_EvalResult_dispose(r);
  return differs;
}

static Expr *icast(Type *t, Expr *e) {
  Expr *c = ex_cast(t, e);
  c->is_implicit = true;
  return c;
}

static Expr *alloc(Expr *n, Type *el) {
  return ex_call1("malloc", ty_ptr(ty_void()), ex_bin(OP_MUL, icast(ty_size_t(), n), ex_sizeof_type(el)));
}

/* for (long k = 0; k < n; k++) dst[k] = src[perm ? perm[k] : k]; */
static Stmt *copy_loop(Lower *l, Expr *dst, Expr *src, Var *perm, Var *n, SrcLoc loc) {
  Var *k = fn_new_var(l->fn, "k", ty_long(), VAR_LOCAL, loc);
  Stmt *f = st_new(ST_FOR, loc);
  f->init = st_block(loc);
  st_append(f->init, st_decl(k, ex_num(0, ty_long()), loc));
  f->cond = ex_bin(OP_LT, ex_var(k), ex_var(n));
  f->step = st_block(loc);
  st_append(f->step, st_assign(ex_var(k), ex_bin(OP_ADD, ex_var(k), ex_int(1)), loc));
  f->then = st_block(loc);
  Expr *from = perm ? ex_index(ex_var(perm), ex_var(k)) : ex_var(k);
  st_append(f->then, st_assign(ex_index(dst, ex_var(k)), ex_index(src, from), loc));
  return f;
}

/* qsort(args[0..3]) at call c: lowered into l->pre, 0 returned; NULL where
 * it stays a call (data without floating values, or a shape above). */
Expr *lower_qsort(Lower *l, CXCursor c, Expr **args, SrcLoc loc) {
  Expr *base = args[0];
  while (base->kind == EX_CAST && base->is_implicit && ty_is_ptr(base->type) && base->type->base->kind == TY_VOID)
    base = base->lhs;
  Type *el = ty_elem(base->type);
  if (!el || el->kind == TY_VOID || el->kind == TY_ARRAY || !ty_has_float(el) || size_differs(c)) return NULL;
  el = ty_unqual(el);
  if (base->kind != EX_VAR) base = ex_var(lower_temp(l, "sort_base", ty_ptr(el), base, loc));
  Var *n = lower_temp(l, "sort_n", ty_long(), icast(ty_long(), args[1]), loc);
  Var *perm = lower_temp(l, "sort_perm", ty_ptr(ty_long()), alloc(ex_var(n), ty_long()), loc);
  Type *cv = ty_new(TY_VOID, "void");  /* (only read: the IR's argument says so, for the analyses) */
  cv->is_const = true;
  Expr *a[6] = {icast(ty_ptr(cv), ir_clone_expr(base, NULL)), icast(ty_size_t(), ex_var(n)), args[2], args[3],
                ex_var(perm), ex_sizeof_type(el)};
  Expr *sort = ex_rt(RT_SORT_PERM, a, 6);
  sort->loc = loc;
  st_append(l->pre, st_expr(sort, loc));
  Var *tmp = lower_temp(l, "sort_tmp", ty_ptr(el), alloc(ex_var(n), el), loc);
  st_append(l->pre, copy_loop(l, ex_var(tmp), ir_clone_expr(base, NULL), perm, n, loc));
  st_append(l->pre, copy_loop(l, ir_clone_expr(base, NULL), ex_var(tmp), NULL, n, loc));
  st_append(l->pre, st_expr(ex_call1("free", ty_void(), icast(ty_ptr(ty_void()), ex_var(tmp))), loc));
  st_append(l->pre, st_expr(ex_call1("free", ty_void(), icast(ty_ptr(ty_void()), ex_var(perm))), loc));
  return ex_int(0);
}
