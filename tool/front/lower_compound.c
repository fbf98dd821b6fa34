/*
 * lower_compound.c — expressions that hold an object or statements of
 * their own: C99 compound literals ((Vec2){a, b}) and GNU statement
 * expressions (({ T t = a; t * t; })).
 *
 * Requires: lower_expr.c's pre-block (l->pre), lower_temp, lower_init_list;
 * lower_stmt for the statements of a statement expression.
 * Provides: lower_compound_literal, lower_stmt_expr.
 */
#include <stdlib.h>

#include "front_int.h"


/* (T){...}: an unnamed object of the enclosing block (C11 6.5.2.5), so a
 * local initialised where the literal is evaluated, in the pre-block (under
 * the condition of a ?: arm, like a hoisted call). Its type is the
 * literal's, complete: (double[]){1, 2} is a double[2]. */
Expr *lower_compound_literal(Lower *l, CXCursor c) {
  CXCursor *k;
  int n = cx_children(c, &k);
  CXCursor list = clang_getNullCursor();
  for (int i = 0; i < n; i++)
    if (clang_getCursorKind(k[i]) == CXCursor_InitListExpr) list = k[i];
  free(k);
  SrcLoc loc = cx_loc(l->fr, c);
  if (clang_Cursor_isNull(list)) return unsupported(l, c, D_ODD_EXPR, "compound literal without an initialiser list");
  Expr *init = lower_init_list(l, list);
  Type *t = lower_type(l->fr, clang_getCursorType(c), NULL, clang_getNullCursor());
  Var *v = lower_temp(l, "lit", t, init, loc);
  return ex_var(v);
}

/* A jump that would leave a statement expression: return, goto, a label
 * (a goto from outside), break or continue not inside a loop or switch of
 * the expression's own. */
static bool jumps_out(CXCursor c, bool in_loop) {
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_ReturnStmt || k == CXCursor_GotoStmt || k == CXCursor_IndirectGotoStmt || k == CXCursor_LabelStmt)
    return true;
  if ((k == CXCursor_BreakStmt || k == CXCursor_ContinueStmt) && !in_loop) return true;
  bool loop = in_loop || k == CXCursor_ForStmt || k == CXCursor_WhileStmt || k == CXCursor_DoStmt ||
              k == CXCursor_SwitchStmt;
  CXCursor *kids;
  int n = cx_children(c, &kids);
  bool out = false;
  for (int i = 0; i < n && !out; i++) out = jumps_out(kids[i], loop);
  free(kids);
  return out;
}

/* ({ decls; stmts; e; }) (GNU, the MAX macros of kernel-style C): the
 * statements go before the expression that holds it, in evaluation order
 * (under the condition of a ?: arm, like a hoisted call), and its value is
 * e's. Its locals become locals of the function (fresh names, so the
 * same macro twice in one statement is fine). */
Expr *lower_stmt_expr(Lower *l, CXCursor c) {
  CXCursor *k, *body = NULL;
  int n = cx_children(c, &k), nb = 0;
  if (n == 1 && clang_getCursorKind(k[0]) == CXCursor_CompoundStmt) nb = cx_children(k[0], &body);
  if (n != 1 || clang_getCursorKind(k[0]) != CXCursor_CompoundStmt || jumps_out(k[0], false)) {
    free(k);
    free(body);
    return unsupported(l, c, D_STMT_EXPR);
  }
  free(k);
  Expr *value = NULL;
  for (int i = 0; i < nb; i++) {
    if (i == nb - 1 && clang_isExpression(clang_getCursorKind(body[i])))
      value = lower_expr(l, body[i]);
    else
      lower_stmt(l, body[i], l->pre);
  }
  free(body);
  if (!value || value->type->kind == TY_VOID) return ex_int(0);  /* (a void value nobody reads) */
  return value;
}
