/*
 * lower_stmt.c — S0 -> S1 for statements, declarations and functions.
 *
 * Statements keep their structure. Conditions with side effects are
 * evaluated in front of the statement (if) or at the top of the body
 * (loops: for (;;) { effects; if (!c) break; ... }).
 *
 * Requires: a function definition cursor (types.c for its types).
 * Provides: its Fn in S1: structured statements, unique Vars with dense
 *   ids, compound assignments expanded.
 */
#include <stdlib.h>
#include <string.h>

#include "front_int.h"
#include "../ir/ir_parse.h"
#include "../ir/rules.h"

Expr *lower_assign(Lower *l, CXCursor c);
Expr *lower_incdec(Lower *l, CXCursor c, bool want);
Expr *lower_call_unhoisted(Lower *l, CXCursor c);
CXCursor lower_call_operand(CXCursor c);

#define stmt_error(l, c, ...) diag_at(cx_loc((l)->fr, (c)), __VA_ARGS__)

/* ---- Variables ------------------------------------------------------- */

static void bind(Lower *l, CXCursor c, Var *v) { cmap_put(&l->vars, c, v); }

Var *lower_lookup_var(Lower *l, CXCursor decl);
Var *lower_lookup_var(Lower *l, CXCursor decl) {
  Var *v = cmap_get(&l->vars, decl);
  return v ? v : front_global_for(l->fr, decl);
}

static Var *declare_local(Lower *l, CXCursor d) {
  char *name = cx_spelling(d);
  Var *v = fn_new_var(l->fn, name, NULL, VAR_LOCAL, cx_loc(l->fr, d));
  bind(l, d, v);
  v->type = lower_type(l->fr, clang_getCursorType(d), l, d);
  v->is_static = clang_Cursor_getStorageClass(d) == CX_SC_Static;
  return v;
}

/* The effects an initializer had are statements before the declaration;
 * when they name the variable (double *t = (double *)malloc(n * sizeof *t)
 * becomes a temporary for the call first), it is declared before them and
 * assigned after them. */
static void declare_before_effects(Stmt *block, int first, Var *v, Expr *init, SrcLoc loc) {
  int n;
  Stmt **old = st_take_body(block, &n);
  for (int i = 0; i < n; i++) {
    if (i == first) st_append(block, st_decl(v, NULL, loc));
    st_append(block, old[i]);
  }
  v->type = ty_unqual(v->type);  /* double *const t = ...: assigned now */
  st_append(block, st_assign(ex_var(v), init, loc));
}

/* A static local's initializer is a constant expression (C requires it):
 * its value as a number of the variable's type (static long n = 0, static
 * double t = 1, static int k = -3), or a null pointer (static double *buf =
 * NULL) as written; NULL when it is neither (an address, a string). */
static Expr *static_init_value(CXCursor init, Var *v, Expr *e) {
  if (e->kind == EX_NUM || e->kind == EX_INIT) return e;
  if (ty_is_ptr(v->type)) {
    const Expr *z = e;
    while (z->kind == EX_CAST) z = z->lhs;
    return z->kind == EX_NUM && z->value == 0 ? e : NULL;
  }
  if (!ty_is_arith(v->type) || v->type->kind == TY_COMPLEX) return NULL;
  CXEvalResult r = clang_Cursor_Evaluate(init);
  if (!r) return NULL;
  Expr *n = NULL;
  CXEvalResultKind k = clang_EvalResult_getKind(r);
  if (k == CXEval_Int && v->type->kind == TY_INT) {
    bool u = clang_EvalResult_isUnsignedInt(r);
    long long x = clang_EvalResult_getAsLongLong(r);
    unsigned long long ux = clang_EvalResult_getAsUnsigned(r);
    n = ex_num(u ? (double)ux : (double)x, v->type);
    n->text = u ? xfmt("%lluu", ux) : xfmt("%lld", x);  /* exact past 2^53 */
  } else if (k == CXEval_Int) {
    n = ex_num(clang_EvalResult_isUnsignedInt(r) ? (double)clang_EvalResult_getAsUnsigned(r)
                                                 : (double)clang_EvalResult_getAsLongLong(r), v->type);
  } else if (k == CXEval_Float && v->type->kind != TY_INT) {
    n = ex_num(clang_EvalResult_getAsDouble(r), v->type);
  }
  clang_EvalResult_dispose(r);
  return n;
}

static void lower_vardecl(Lower *l, CXCursor d, Stmt *block) {
  SrcLoc loc = cx_loc(l->fr, d);
  Stmt *saved = l->pre;
  l->pre = block;
  int first = block->nbody;
  Var *v = declare_local(l, d);
  CXCursor init = clang_Cursor_getVarDeclInitializer(d);
  Expr *e = NULL;
  if (!clang_Cursor_isNull(init)) {
    CXCursor ic = lower_call_operand(init);
    Type *it = lower_type(l->fr, clang_getCursorType(ic), NULL, clang_getNullCursor());
    if (clang_getCursorKind(ic) == CXCursor_CallExpr && (ty_same(it, v->type) || (ty_is_ptr(it) && ty_is_ptr(v->type))))
      e = lower_call_unhoisted(l, ic);
    else
      e = lower_expr(l, init);
  }
  l->pre = saved;
  if (v->is_static && e && !(e = static_init_value(init, v, e))) diag_at(loc, D_STATIC_LOCAL_INIT, v->name);
  bool named = false;
  for (int i = first; i < block->nbody && e && e->kind != EX_INIT && !named; i++) named = st_mentions(block->body[i], v);
  if (named && v->type->kind != TY_ARRAY)
    declare_before_effects(block, first, v, e, loc);
  else
    st_append(block, st_decl(v, e, loc));
}

/* ---- Statements ------------------------------------------------------ */

/* Lowers the condition c; its effects go to 'pre'. */
static Expr *cond_into(Lower *l, CXCursor c, Stmt *pre) {
  Stmt *saved = l->pre;
  l->pre = pre;
  Expr *e = lower_expr(l, c);
  l->pre = saved;
  return e;
}

/* Loop body that first evaluates a condition with side effects. */
static Stmt *guarded_body(Lower *l, Stmt *pre, Expr *cond, CXCursor body, SrcLoc loc) {
  Stmt *b = st_block(loc);
  for (int i = 0; i < pre->nbody; i++) st_append(b, pre->body[i]);
  Stmt *brk = st_new(ST_IF, loc);
  brk->cond = ex_un(OP_NOT, cond);
  brk->then = st_new(ST_BREAK, loc);
  st_append(b, brk);
  if (clang_getCursorKind(body) == CXCursor_CompoundStmt)
    lower_stmt(l, body, b);
  else
    lower_list(l, &body, 1, b);  /* (a goto in it leaves the loop) */
  return b;
}

static Stmt *as_block(Lower *l, CXCursor c) {
  Stmt *b = st_block(cx_loc(l->fr, c));
  if (clang_getCursorKind(c) == CXCursor_CompoundStmt) {
    lower_children(l, c, b);
  } else {
    lower_list(l, &c, 1, b);
  }
  return b;
}

/* Offsets where the text is spelled: inside a macro, its definition. */
static unsigned spell_offset(CXSourceLocation loc) {
  unsigned off;
  clang_getSpellingLocation(loc, NULL, NULL, NULL, &off);
  return off;
}

/* XXX(libclang 19): a ForStmt's children omit absent parts, so the header's
 * semicolons tell which of init/cond/inc a child is. */
static void for_parts(Lower *l, CXCursor c, CXCursor *kids, int n, int *which) {
  CXToken *toks;
  unsigned nt;
  clang_tokenize(l->fr->tu, clang_getCursorExtent(c), &toks, &nt);
  unsigned semi[2] = {0, 0};
  int ns = 0, depth = 0;
  unsigned lo = nt ? spell_offset(clang_getTokenLocation(l->fr->tu, toks[0])) : 0;
  unsigned hi = lo;  /* the header's closing parenthesis */
  for (unsigned i = 0; i < nt; i++) {
    char *s = cx_str(clang_getTokenSpelling(l->fr->tu, toks[i]));
    if (!strcmp(s, "(")) depth++;
    else if (!strcmp(s, ")") && --depth == 0) {
      hi = spell_offset(clang_getTokenLocation(l->fr->tu, toks[i]));
      free(s);
      break;
    }
    else if (!strcmp(s, ";") && depth == 1 && ns < 2) semi[ns++] = spell_offset(clang_getTokenLocation(l->fr->tu, toks[i]));
    free(s);
  }
  depth = 0;
  clang_disposeTokens(l->fr->tu, toks, nt);
  bool placed = ns == 2;
  for (int i = 0; i < n - 1 && placed; i++) {
    /* where the part is spelled: its start, or its end when the start is a
     * macro argument (spelled at the macro's use) */
    CXSourceRange r = clang_getCursorExtent(kids[i]);
    unsigned off = spell_offset(clang_getRangeStart(r));
    if (off < lo || off > hi) off = spell_offset(clang_getRangeEnd(r));
    if (off < lo || off > hi) placed = false;
    which[i] = off < semi[0] ? 0 : off < semi[1] ? 1 : 2;
  }
  if (placed) return;
  /* XXX(libclang 19): inside a macro the tokens are the macro call's, with
   * no semicolons: classify by shape. Assignments and ++ are init or step,
   * anything else is the condition. */
  int shape[3];
  for (int i = 0; i < n - 1; i++) {
    CXCursor k = kids[i];
    while (clang_getCursorKind(k) == CXCursor_ParenExpr) {
      CXCursor *kk;
      cx_children(k, &kk);
      k = kk[0];
    }
    enum CXCursorKind kind = clang_getCursorKind(k);
    shape[i] = 0;  /* condition */
    if (kind == CXCursor_DeclStmt) shape[i] = 1;  /* init */
    if (kind == CXCursor_BinaryOperator || kind == CXCursor_CompoundAssignOperator) {
      enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(k);
      if (op == CXBinaryOperator_Assign) shape[i] = 1;
      if ((op > CXBinaryOperator_Assign && op <= CXBinaryOperator_OrAssign) || op == CXBinaryOperator_Comma) shape[i] = 2;
    }
    if (kind == CXCursor_UnaryOperator) {
      enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(k);
      if (op >= CXUnaryOperator_PostInc && op <= CXUnaryOperator_PreDec) shape[i] = 2;
    }
    if (kind == CXCursor_CallExpr) shape[i] = 2;
  }
  if (n - 1 == 1) {
    which[0] = shape[0] == 0 ? 1 : shape[0] == 1 ? 0 : 2;
  } else if (n - 1 == 2) {
    if (shape[0] != 0 && shape[1] == 0) which[0] = 0, which[1] = 1;       /* init; cond; */
    else if (shape[0] == 0 && shape[1] != 0) which[0] = 1, which[1] = 2;  /* ; cond; step */
    else if (shape[0] != 0 && shape[1] != 0) which[0] = 0, which[1] = 2;  /* init;; step */
    else which[0] = 0, which[1] = 1;
  }
}

static void lower_for(Lower *l, CXCursor c, Stmt *block) {
  SrcLoc loc = cx_loc(l->fr, c);
  CXCursor *k;
  int n = cx_children(c, &k);
  int which[3] = {0, 1, 2};
  if (n - 1 < 3) for_parts(l, c, k, n, which);
  Stmt *s = st_new(ST_FOR, loc);
  s->checkpoint = pragma_checkpoint_for(l->fr, loc);
  s->omp = pragma_omp_for(l, c, loc);
  Stmt *cpre = st_block(loc);
  int body = n - 1;
  for (int i = 0; i < n - 1; i++) {
    if (which[i] == 0) {
      s->init = st_block(loc);
      if (clang_getCursorKind(k[i]) == CXCursor_DeclStmt)
        lower_stmt(l, k[i], s->init);
      else
        lower_stmt(l, k[i], s->init);
    } else if (which[i] == 1) {
      s->cond = cond_into(l, k[i], cpre);
    } else {
      s->step = st_block(loc);
      lower_stmt(l, k[i], s->step);
    }
  }
  l->loop_depth++;
  if (cpre->nbody) {
    /* the condition is no longer one expression: not a loop OpenMP can share */
    if (s->omp) diag_at(s->omp->loc, D_OMP_LOOP_FORM);
    s->omp = NULL;
    s->then = guarded_body(l, cpre, s->cond, k[body], loc);
    s->cond = NULL;
  } else {
    s->then = as_block(l, k[body]);
  }
  l->loop_depth--;
  free(k);
  st_append(block, s);
}

static bool continues(const Stmt *s, int depth) {
  if (!s) return false;
  if (s->kind == ST_CONTINUE) return depth == 0;
  int d = depth + (s->kind == ST_FOR || s->kind == ST_WHILE);
  if (continues(s->then, d) || continues(s->els, depth)) return true;
  for (int i = 0; i < s->nbody; i++)
    if (continues(s->body[i], depth)) return true;
  return false;
}

/* s leaves the loop that holds it: a break outside inner loops and
 * switches, or a continue outside inner loops. */
static bool leaves(const Stmt *s, int loops, int switches) {
  if (!s) return false;
  if (s->kind == ST_CONTINUE) return loops == 0;
  if (s->kind == ST_BREAK) return loops == 0 && switches == 0;
  int dl = loops + (s->kind == ST_FOR || s->kind == ST_WHILE), ds = switches + (s->kind == ST_SWITCH);
  if (leaves(s->then, dl, ds) || leaves(s->els, loops, switches)) return true;
  for (int i = 0; i < s->nbody; i++)
    if (leaves(s->body[i], loops, switches)) return true;
  return false;
}

static void lower_while(Lower *l, CXCursor c, Stmt *block, bool is_do) {
  SrcLoc loc = cx_loc(l->fr, c);
  CXCursor *k;
  cx_children(c, &k);
  CXCursor cc = is_do ? k[1] : k[0], bc = is_do ? k[0] : k[1];
  Stmt *pre = st_block(loc);
  Expr *cond = cond_into(l, cc, pre);
  Stmt *s = st_new(ST_WHILE, loc);
  s->is_do = is_do;
  s->checkpoint = pragma_checkpoint_for(l->fr, loc);
  l->loop_depth++;
  const Expr *c0 = ex_strip_implicit(cond);
  if (is_do && !pre->nbody && !s->checkpoint && c0->kind == EX_NUM && c0->value == 0) {
    /* do { B } while (0), the macro idiom (kissfft's C_MUL): B, once,
     * unless something in B leaves it */
    Stmt *b = as_block(l, bc);
    l->loop_depth--;
    free(k);
    if (!leaves(b, 0, 0)) {
      st_append(block, b);
      return;
    }
    s->cond = cond;
    s->then = b;
    st_append(block, s);
    return;
  }
  if (!pre->nbody) {
    s->cond = cond;
    s->then = as_block(l, bc);
  } else if (!is_do) {
    s->kind = ST_FOR;  /* for (;;) { effects; if (!c) break; body } */
    s->then = guarded_body(l, pre, cond, bc, loc);
  } else {
    /* do { B } while (effects, c)  =>  for (;;) { B; effects; if (!c) break; }
     * (a continue in B would skip the effects: not supported) */
    Stmt *b = as_block(l, bc);
    if (continues(b, 0)) {
      stmt_error(l, cc, D_DO_WHILE_CONTINUE);
    } else {
      for (int i = 0; i < pre->nbody; i++) st_append(b, pre->body[i]);
      Stmt *brk = st_new(ST_IF, loc);
      brk->cond = ex_un(OP_NOT, cond);
      brk->then = st_new(ST_BREAK, loc);
      st_append(b, brk);
      s->kind = ST_FOR;
      s->is_do = false;
      s->then = b;
    }
  }
  l->loop_depth--;
  free(k);
  st_append(block, s);
}

/* Statements nested deeper than this (6000 nested ifs, an else-if chain of
 * thousands) are an error: the derivative transforms take time quadratic in
 * the nesting, and every pass recurses as deep. */
enum { MAX_STMT_NESTING = 1024 };

static void lower_stmt_at(Lower *l, CXCursor c, Stmt *block);

static Walk call_visit(Expr *e, void *ctx) {
  (void)ctx;
  return e->kind == EX_CALL && !e->rt && !rule_find(e->text) ? WALK_STOP : WALK_ON;
}

/* `#pragma ad checkpoint` before a statement that calls a function: the
 * statement becomes the body of a checkpointed loop of one iteration,
 *     for (once = 0; once < 1; once++) { stmt }
 * so reverse mode saves what it writes, runs it untaped in the forward
 * sweep and again, taped, when the backward sweep reaches it (adjoint_ckpt.c).
 * Variables it declares are declared before the loop, and a return after. */
static void checkpoint_call(Lower *l, CXCursor c, Stmt *block, int k, SrcLoc where) {
  SrcLoc loc = cx_loc(l->fr, c);
  Stmt *tmp = st_block(loc);
  lower_stmt_at(l, c, tmp);
  if (st_each_expr(tmp, call_visit, NULL)) {  /* walked it all: no call */
    diag_at(where, D_CHECKPOINT_NO_FOR);
    for (int i = 0; i < tmp->nbody; i++) st_append(block, tmp->body[i]);
    return;
  }
  Stmt *body = st_block(loc), *ret = NULL;
  for (int i = 0; i < tmp->nbody; i++) {
    Stmt *s = tmp->body[i];
    if (s->kind == ST_RETURN && i == tmp->nbody - 1) {
      ret = s;
    } else if (s->kind == ST_DECL && s->expr && (ty_is_arith(s->var->type) || ty_is_ptr(s->var->type))) {
      s->var->type = ty_unqual(s->var->type);  /* assigned in the loop */
      st_append(block, st_decl(s->var, NULL, s->loc));
      st_append(body, st_assign(ex_var(s->var), s->expr, s->loc));
    } else if (s->kind == ST_DECL) {
      st_append(block, s);
    } else {
      st_append(body, s);
    }
  }
  Var *once = fn_new_var(l->fn, "once", ty_int(), VAR_LOCAL, loc);
  st_append(block, st_decl(once, ex_int(0), loc));
  Stmt *f = st_new(ST_FOR, loc);
  f->init = st_block(loc);
  st_append(f->init, st_assign(ex_var(once), ex_int(0), loc));
  f->cond = ex_bin(OP_LT, ex_var(once), ex_int(1));
  f->step = st_block(loc);
  st_append(f->step, st_assign(ex_var(once), ex_bin(OP_ADD, ex_var(once), ex_int(1)), loc));
  f->then = body;
  f->checkpoint = k;
  f->ckpt_call = true;
  st_append(block, f);
  if (ret) st_append(block, ret);
}

void lower_stmt(Lower *l, CXCursor c, Stmt *block) {
  if (l->stmt_depth >= MAX_STMT_NESTING) {
    if (!l->too_deep)
      diag_at(cx_loc(l->fr, c), D_STMT_TOO_DEEP, MAX_STMT_NESTING, l->fn->name);
    l->too_deep = true;
    return;
  }
  l->stmt_depth++;
  enum CXCursorKind kind = clang_getCursorKind(c);
  SrcLoc where;
  int k = kind == CXCursor_ForStmt || kind == CXCursor_WhileStmt || kind == CXCursor_DoStmt
              ? 0
              : pragma_checkpoint_take(l->fr, cx_loc(l->fr, c), &where);
  if (k)
    checkpoint_call(l, c, block, k, where);
  else
    lower_stmt_at(l, c, block);
  l->stmt_depth--;
}

/* assert(e): glibc expands it to a statement expression (gnu modes) or a
 * ?: (strict C); either way it carries no derivative. The condition is the
 * first if's or ?:'s; the statement becomes the call assert(e), which
 * FILE.ad.c's <assert.h> expands again, so it runs once, as in f. */
static enum CXChildVisitResult find_assert_cond(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  CXCursor *out = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_IfStmt || k == CXCursor_ConditionalOperator) {
    CXCursor *kids;
    if (cx_children(c, &kids) > 0) *out = kids[0];
    free(kids);
    return CXChildVisit_Break;
  }
  return CXChildVisit_Recurse;
}

static bool lower_assert(Lower *l, CXCursor c, Stmt *block) {
  if (!clang_isExpression(clang_getCursorKind(c)) || clang_getCursorKind(c) == CXCursor_CallExpr) return false;
  CXSourceLocation b = clang_getRangeStart(clang_getCursorExtent(c));
  CXFile f;
  unsigned off;
  clang_getExpansionLocation(b, &f, NULL, NULL, &off);
  if (!f) return false;
  CXSourceRange r = clang_getRange(clang_getLocationForOffset(l->fr->tu, f, off),
                                   clang_getLocationForOffset(l->fr->tu, f, off + 6));
  CXToken *toks;
  unsigned n;
  clang_tokenize(l->fr->tu, r, &toks, &n);
  bool is = n && !strcmp(cx_str(clang_getTokenSpelling(l->fr->tu, toks[0])), "assert");
  clang_disposeTokens(l->fr->tu, toks, n);
  CXCursor cond = clang_getNullCursor();
  if (is) clang_visitChildren(c, find_assert_cond, &cond);
  if (!is || clang_Cursor_isNull(cond)) return false;
  Expr *e = lower_expr(l, cond);
  st_append(block, st_expr(ex_call1("assert", ty_void(), e), cx_loc(l->fr, c)));
  return true;
}

static void lower_stmt_at(Lower *l, CXCursor c, Stmt *block) {
  enum CXCursorKind kind = clang_getCursorKind(c);
  SrcLoc loc = cx_loc(l->fr, c);
  /* critical before one statement: a block of it, as before a compound one */
  Omp *crit = kind != CXCursor_CompoundStmt ? pragma_omp_critical(l, c, loc) : NULL;
  if (crit) {
    Stmt *b = st_block(loc);
    lower_stmt_at(l, c, b);
    b->omp = crit;
    st_append(block, b);
    return;
  }
  CXCursor *k = NULL;
  int n;
  Stmt *saved = l->pre;
  l->pre = block;
  if (lower_assert(l, c, block)) {
    l->pre = saved;
    return;
  }
  switch (kind) {
  case CXCursor_CompoundStmt: {
    Stmt *b = as_block(l, c);
    b->omp = pragma_omp_stmt(l, c, loc, true);  /* #pragma omp parallel, critical */
    st_append(block, b);
    break;
  }
  case CXCursor_DeclStmt:
    n = cx_children(c, &k);
    for (int i = 0; i < n; i++) {
      enum CXCursorKind dk = clang_getCursorKind(k[i]);
      if (dk == CXCursor_VarDecl)
        lower_vardecl(l, k[i], block);
      else if ((dk == CXCursor_StructDecl || dk == CXCursor_UnionDecl) && clang_isCursorDefinition(k[i]))
        lower_record(l->fr, k[i]);  /* defined at file scope of the generated files (types.c) */
      /* typedefs and enums print as what they name: nothing to declare */
    }
    break;
  case CXCursor_NullStmt: break;
  case CXCursor_IfStmt: {
    n = cx_children(c, &k);
    Stmt *s = st_new(ST_IF, loc);
    s->cond = lower_expr(l, k[0]);
    s->then = as_block(l, k[1]);
    if (n > 2) s->els = clang_getCursorKind(k[2]) == CXCursor_IfStmt ? NULL : as_block(l, k[2]);
    if (n > 2 && !s->els) {
      s->els = st_block(loc);
      lower_stmt(l, k[2], s->els);
      if (s->els->nbody == 1 && s->els->body[0]->kind == ST_IF) s->els = s->els->body[0];
    }
    st_append(block, s);
    break;
  }
  case CXCursor_ForStmt: lower_for(l, c, block); break;
  case CXCursor_WhileStmt: lower_while(l, c, block, false); break;
  case CXCursor_DoStmt: lower_while(l, c, block, true); break;
  case CXCursor_SwitchStmt: {
    cx_children(c, &k);
    Stmt *s = st_new(ST_SWITCH, loc);
    s->cond = lower_expr(l, k[0]);
    l->loop_depth++;
    s->then = as_block(l, k[1]);
    l->loop_depth--;
    st_append(block, s);
    break;
  }
  case CXCursor_CaseStmt:
  case CXCursor_DefaultStmt: {
    n = cx_children(c, &k);
    Stmt *s = st_new(ST_CASE, loc);
    if (kind == CXCursor_CaseStmt) {
      Stmt *junk = st_block(loc);
      l->pre = junk;
      s->expr = lower_expr(l, k[0]);
      l->pre = block;
    }
    st_append(block, s);
    lower_stmt(l, k[n - 1], block);
    break;
  }
  case CXCursor_ReturnStmt: {
    n = cx_children(c, &k);
    Stmt *s = st_new(ST_RETURN, loc);
    if (n) {
      Expr *e = lower_expr(l, k[0]);
      /* return converts to the function's type: make it explicit */
      if (ty_is_arith(l->fn->ret) && !ty_same(e->type, l->fn->ret)) {
        e = ex_cast(ty_unqual(l->fn->ret), e);
        e->is_implicit = true;
      }
      s->expr = e;
    }
    st_append(block, s);
    break;
  }
  case CXCursor_BreakStmt: st_append(block, st_new(ST_BREAK, loc)); break;
  case CXCursor_ContinueStmt: st_append(block, st_new(ST_CONTINUE, loc)); break;
  case CXCursor_GotoStmt:
  case CXCursor_IndirectGotoStmt: lower_goto(l, c, block); break;
  case CXCursor_LabelStmt:  /* L: s (a forward goto's target: lower_children) */
    n = cx_children(c, &k);
    if (n) lower_stmt(l, k[n - 1], block);
    break;
  case CXCursor_GCCAsmStmt:
  case CXCursor_MSAsmStmt:
    stmt_error(l, c, D_INLINE_ASM);
    break;
  case CXCursor_BinaryOperator:
  case CXCursor_CompoundAssignOperator: {
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
    if (op >= CXBinaryOperator_Assign && op <= CXBinaryOperator_OrAssign) {
      lower_assign(l, c);
      Omp *at = pragma_omp_stmt(l, c, loc, false);  /* #pragma omp atomic: the update itself */
      if (at && block->nbody && block->body[block->nbody - 1]->kind == ST_ASSIGN)
        block->body[block->nbody - 1]->omp_atomic = true;
      break;
    }
    lower_effect(l, c);
    break;
  }
  case CXCursor_UnaryOperator: {
    enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
    if (op >= CXUnaryOperator_PostInc && op <= CXUnaryOperator_PreDec) {
      lower_incdec(l, c, false);
      Omp *at = pragma_omp_stmt(l, c, loc, false);  /* #pragma omp atomic: cnt++; */
      if (at && block->nbody && block->body[block->nbody - 1]->kind == ST_ASSIGN)
        block->body[block->nbody - 1]->omp_atomic = true;
    } else {
      lower_expr(l, c);
    }
    break;
  }
  case CXCursor_CallExpr: {
    Expr *e = lower_call_unhoisted(l, c);
    if (e->kind == EX_CALL) st_append(block, st_expr(e, loc));  /* (a call through a pointer: its dispatch is in) */
    break;
  }
  default:
    if (kind == CXCursor_CStyleCastExpr && clang_getCursorType(c).kind == CXType_Void) {
      /* (void)x; says "unused on purpose": keep it */
      Expr *e = lower_expr(l, c);
      if (!ex_has_call(e)) st_append(block, st_expr(e, loc));
    } else if (clang_isExpression(kind)) {
      lower_expr(l, c);  /* value unused: keep only its effects */
    } else {
      char *what = cx_str(clang_getCursorKindSpelling(kind));
      stmt_error(l, c, D_ODD_STMT, what);
    }
  }
  free(k);
  l->pre = saved;
}

/* ---- Functions ------------------------------------------------------- */

static CXCursor *copy_cursor(CXCursor c) {
  CXCursor *p = xmalloc(sizeof *p);
  *p = c;
  return p;
}

static bool vla_param_length(Front *fr, Fn *f, int index, CXCursor p, Var *v);

/* The declaration of an array parameter as written: clang spells its
 * type as written (const double[static 3], double[n][4], vec3), and the
 * name goes before the first bracket. */
static const char *array_declarator(CXType t, const char *name) {
  char *spelled = cx_str(clang_getTypeSpelling(t));
  char *bracket = strchr(spelled, '[');
  if (!bracket) return xfmt("%s %s", spelled, name);
  int at = (int)(bracket - spelled);
  while (at > 0 && spelled[at - 1] == ' ') at--;
  return xfmt("%.*s %s%s", at, spelled, name, bracket);
}

Fn *front_fn_for(Front *fr, CXCursor decl) {
  CXCursor canon = clang_getCanonicalCursor(decl);
  char *name = cx_spelling(canon);
  Fn *known = mod_find_fn(fr->m, name);
  if (known) return known;
  CXCursor def = clang_getCursorDefinition(canon);
  CXCursor d = clang_Cursor_isNull(def) ? canon : def;
  Fn *f = xmalloc(sizeof *f);
  f->name = name;
  /* its variables, and the derivatives', are named against the file-scope
   * names (looked up in the module's set, not copied per function) */
  f->names.also = &fr->m->names;
  f->loc = cx_loc(fr, d);
  f->end_line = cx_loc_at(fr, clang_getRangeEnd(clang_getCursorExtent(d))).line;
  f->is_defined = !clang_Cursor_isNull(def);
  f->in_main_file = cx_in_main_file(fr, d);
  f->is_static = clang_Cursor_getStorageClass(canon) == CX_SC_Static;
  CXType ft = clang_getCursorType(d);
  /* XXX(libclang 19): a type without a prototype (T f()) counts as
   * variadic. Defined, its parameters are its definition's (T f() {...}
   * has none: declared T f(void)); only declared, it keeps 'T f()'. */
  bool no_proto = clang_getCanonicalType(ft).kind == CXType_FunctionNoProto;
  f->is_variadic = !no_proto && clang_isFunctionTypeVariadic(ft);
  f->no_proto = no_proto && !f->is_defined;
  f->ret = lower_type(fr, clang_getResultType(ft), NULL, clang_getNullCursor());
  int n = clang_Cursor_getNumArguments(d);
  f->nparams = n > 0 ? n : 0;
  f->params = xmalloc(sizeof(Var *) * (size_t)(f->nparams ? f->nparams : 1));
  for (int i = 0; i < f->nparams; i++) {
    CXCursor p = clang_Cursor_getArgument(d, (unsigned)i);
    char *pn = cx_spelling(p);
    Var *v = fn_new_var(f, *pn ? pn : xfmt("arg%d", i), NULL, VAR_PARAM, cx_loc(fr, p));
    v->type = lower_type(fr, clang_getCursorType(p), NULL, p);
    /* Array parameters are pointers (const vec3 w: const double *w). */
    if (v->type->kind == TY_ARRAY) {
      v->array_decl = array_declarator(clang_getCursorType(p), v->name);
      Type *base = v->type->base;
      if (v->type->is_const && !base->is_const) {
        Type *c = xmalloc(sizeof *c);
        *c = *base;
        c->is_const = true;
        base = c;
      }
      v->type = ty_ptr(base);
    }
    /* double a[n][m]: a pointer to a variable-length array; its length m
     * is read back from the source (no libclang API returns it) */
    CXType pt = clang_getCanonicalType(clang_getCursorType(p));
    bool arrayish = pt.kind == CXType_VariableArray || pt.kind == CXType_IncompleteArray ||
                    pt.kind == CXType_ConstantArray;
    CXType inner = pt.kind == CXType_Pointer ? clang_getPointeeType(pt) : arrayish ? clang_getArrayElementType(pt) : pt;
    if (f->in_main_file && (pt.kind == CXType_Pointer || arrayish) &&
        clang_getCanonicalType(inner).kind == CXType_VariableArray && !vla_param_length(fr, f, i, p, v))
      diag_at(cx_loc(fr, p), D_VLA_PARAM_ROWS, v->name, name, v->name, v->name);
    f->params[i] = v;
  }
  vec_push(&fr->m->fns, f);
  vec_push(&fr->fn_cursors, copy_cursor(d));
  return f;
}

/* ---- double a[n][m] parameters --------------------------------------- */

typedef struct { Fn *f; int nparams; } ParamScope;

static Expr *param_ident(ParseResolver *r, const char *name) {
  ParamScope *sc = r->ctx;
  for (int i = 0; i < sc->nparams; i++)
    if (!strcmp(sc->f->params[i]->name, name)) return ex_var(sc->f->params[i]);
  return NULL;
}

/* Source text of a cursor's tokens, space-separated. */
static char *cursor_text(Front *fr, CXCursor c) {
  CXToken *toks;
  unsigned n;
  clang_tokenize(fr->tu, cx_written_range(fr, c), &toks, &n);
  StrBuf b = {0};
  for (unsigned k = 0; k < n; k++) {
    if (k) sb_putc(&b, ' ');
    char *t = cx_str(clang_getTokenSpelling(fr->tu, toks[k]));
    sb_puts(&b, t);
  }
  clang_disposeTokens(fr->tu, toks, n);
  return sb_take(&b);
}

/* Sets the length of v's pointee array (double (*a)[m] after decay) from
 * the inner size expression of the declaration double a[n][m] (the size
 * expressions are the parameter's expression children, innermost first).
 * Only two dimensions whose inner length is an expression over earlier
 * parameters; false otherwise. */
static bool vla_param_length(Front *fr, Fn *f, int index, CXCursor p, Var *v) {
  if (!ty_is_ptr(v->type) || v->type->base->kind != TY_ARRAY || v->type->base->base->kind == TY_ARRAY) return false;
  CXCursor *kids;
  int n = cx_children(p, &kids);
  CXCursor size = clang_getNullCursor();
  for (int k = 0; k < n && clang_Cursor_isNull(size); k++)
    if (clang_isExpression(clang_getCursorKind(kids[k]))) size = kids[k];
  free(kids);
  if (clang_Cursor_isNull(size)) return false;
  ParamScope sc = {f, index};
  ParseResolver r = {.ident = param_ident, .float_type = ty_double(), .ctx = &sc};
  const char *err;
  int col;
  Expr *len = ir_parse_expr(cursor_text(fr, size), &r, &err, &col);
  if (!len) return false;
  Type *arr = xmalloc(sizeof *arr);
  *arr = *v->type->base;
  arr->vla = len;
  v->type = ty_ptr(arr);
  v->type->is_const = false;
  return true;
}

Var *front_global_for(Front *fr, CXCursor decl) {
  CXCursor canon = clang_getCanonicalCursor(decl);
  Var *known = cmap_get(&fr->globals, canon);
  if (known) return known;
  CXCursor def = clang_getCursorDefinition(canon);
  CXCursor d = clang_Cursor_isNull(def) ? canon : def;
  Var *v = xmalloc(sizeof *v);
  v->name = cx_spelling(canon);
  v->kind = VAR_GLOBAL;
  v->id = fr->m->globals.len;
  v->loc = cx_loc(fr, d);
  v->type = lower_type(fr, clang_getCursorType(d), NULL, d);
  v->is_static = clang_Cursor_getStorageClass(canon) == CX_SC_Static;
  v->is_extern_def = !cx_in_main_file(fr, d);
  CXCursor init = clang_Cursor_getVarDeclInitializer(d);
  if (!clang_Cursor_isNull(init) && v->type->is_const == false && v->type->kind == TY_ARRAY)
    v->type->is_const = v->type->base->is_const;
  if (!clang_Cursor_isNull(init)) {
    /* Constant data is copied into the generated file: lower it with a
     * scratch function so only constants and other globals can appear. */
    Fn scratch = {.name = "<global>"};
    Lower l = {.fr = fr, .fn = &scratch, .pre = st_block(v->loc), .no_temps = true};
    v->init = lower_expr(&l, init);
  }
  vec_push(&fr->m->globals, v);
  cmap_put(&fr->globals, canon, v);
  return v;
}

/* f2c declares a function's locals static. A static scalar the body
 * assigns, from an expression that does not read it, before anything else
 * names it (at the top level, so on every path) and whose address nothing
 * takes, in a function that does not call itself, holds no state between
 * calls: derivative code may treat it as a local (Var.static_fresh). */
typedef struct Fresh { const Var *v; const Fn *f; bool bad; } Fresh;

static Walk fresh_ex(Expr *e, void *ctx) {
  Fresh *c = ctx;
  if ((e->kind == EX_ADDR && e->lhs->kind == EX_VAR && e->lhs->var == c->v) ||
      (e->kind == EX_CALL && (e->fn == c->f || (e->text && str_eq(e->text, c->f->name))))) {
    c->bad = true;
    return WALK_STOP;
  }
  return WALK_ON;
}

/* An f2c static array (static doublereal wa[10];) holds no state either
 * when it is named only as wa[...] and the first statement naming it is a
 * top-level loop over constant bounds (for (i__ = 1; i__ <= 10; ++i__))
 * that cannot be left early and stores every element (wa[i__ - 1]) before
 * anything else names wa, from an expression that does not read it. */
typedef struct Indexed { const Var *v; int names, bases; } Indexed;

static Walk indexed_ex(Expr *e, void *ctx) {
  Indexed *c = ctx;
  c->names += e->kind == EX_VAR && e->var == c->v;
  if (e->kind == EX_INDEX) {
    const Expr *b = ex_strip_implicit(e->lhs);
    c->bases += b->kind == EX_VAR && b->var == c->v;
  }
  return WALK_ON;
}

static Walk leaves_visit(Stmt *s, void *ctx) {
  (void)ctx;
  return s->kind == ST_BREAK || s->kind == ST_CONTINUE || s->kind == ST_RETURN ? WALK_STOP : WALK_ON;
}

/* e as an integer constant */
static bool const_of(const Expr *e, long *n) {
  e = ex_strip_implicit(e);
  if (e->kind != EX_NUM || e->value != (double)(long)e->value) return false;
  *n = (long)e->value;
  return true;
}

/* e as i + k (i, i - 1, i + 2) */
static bool offset_of(const Expr *e, const Var *i, long *k) {
  e = ex_strip_implicit(e);
  *k = 0;
  if (e->kind == EX_VAR) return e->var == i;
  const Expr *l = e->kind == EX_BIN && (e->op == OP_ADD || e->op == OP_SUB) ? ex_strip_implicit(e->lhs) : NULL;
  if (!l || l->kind != EX_VAR || l->var != i || !const_of(e->rhs, k)) return false;
  if (e->op == OP_SUB) *k = -*k;
  return true;
}

/* for (i = a; i < b; i++) or i <= b, constants: the values of i, [*lo, *hi) */
static Var *unit_loop(const Stmt *s, long *lo, long *hi) {
  if (s->kind != ST_FOR || !s->init || !s->cond || !s->step || !s->then) return NULL;
  const Stmt *in = s->init->kind == ST_BLOCK && s->init->nbody == 1 ? s->init->body[0] : s->init;
  const Stmt *st = s->step->kind == ST_BLOCK && s->step->nbody == 1 ? s->step->body[0] : s->step;
  Var *i = in->kind == ST_ASSIGN && in->lhs->kind == EX_VAR ? in->lhs->var : in->kind == ST_DECL ? in->var : NULL;
  const Expr *first = in->kind == ST_ASSIGN ? in->rhs : in->expr;
  const Expr *c = s->cond;
  long k;
  if (!i || !first || !const_of(first, lo) || c->kind != EX_BIN || (c->op != OP_LT && c->op != OP_LE) ||
      !offset_of(c->lhs, i, &k) || k || !const_of(c->rhs, hi) || st->kind != ST_ASSIGN || st->lhs->kind != EX_VAR ||
      st->lhs->var != i || !offset_of(st->rhs, i, &k) || k != 1 || st_assigns(s->then, i))
    return NULL;
  *hi += c->op == OP_LE;
  return i;
}

static bool array_filled_first(const Stmt *body, int at, const Var *v) {
  Indexed c = {.v = v};
  ir_walk(&(IrWalk){.ex = indexed_ex, .ctx = &c}, (Stmt *)body);
  if (c.names != c.bases) return false;  /* passed to a call, or its address taken */
  const Stmt *s = NULL;
  for (int i = at + 1; i < body->nbody && !s; i++)
    if (st_mentions(body->body[i], v)) s = body->body[i];
  long lo, hi, k;
  Var *i = s ? unit_loop(s, &lo, &hi) : NULL;
  if (!i || !ir_walk(&(IrWalk){.st = leaves_visit}, s->then)) return false;
  const Stmt *w = s->then;
  for (int j = 0; w->kind == ST_BLOCK && j < w->nbody; j++)
    if (st_mentions(w->body[j], v)) {
      w = w->body[j];
      break;
    }
  Stmt rhs = {.kind = ST_EXPR, .expr = w->kind == ST_ASSIGN ? w->rhs : NULL};
  if (w->kind != ST_ASSIGN || w->lhs->kind != EX_INDEX || st_mentions(&rhs, v)) return false;
  const Expr *b = ex_strip_implicit(w->lhs->lhs);
  /* wa[i - 1] for i = 1 .. 10 (f2c) stores wa[0 .. 10) */
  return b->kind == EX_VAR && b->var == v && offset_of(w->lhs->rhs, i, &k) && lo + k == 0 && hi + k == v->type->len;
}

static bool static_fresh(const Fn *f, const Stmt *body, int at, const Var *v) {
  if (v->type->kind == TY_ARRAY && ty_is_arith(v->type->base) && v->type->len > 0) {
    Fresh c = {.v = v, .f = f};
    ir_walk(&(IrWalk){.ex = fresh_ex, .ctx = &c}, (Stmt *)body);
    return !c.bad && array_filled_first(body, at, v);
  }
  if (!ty_is_arith(v->type)) return false;
  Fresh c = {.v = v, .f = f};
  IrWalk w = {.ex = fresh_ex, .ctx = &c};
  ir_walk(&w, (Stmt *)body);
  if (c.bad) return false;
  return ir_first_use_after((Stmt *)body, at + 1, v) != IU_READ;
}

static void mark_fresh_statics(Fn *f) {
  Stmt *b = f->body;
  for (int i = 0; i < b->nbody; i++) {
    Stmt *s = b->body[i];
    if (s->kind == ST_DECL && s->var->is_static && s->var->kind == VAR_LOCAL)
      s->var->static_fresh = static_fresh(f, b, i, s->var);
  }
}

/* Does the body of function d assign its parameter 'param' (=, op=, ++,
 * --) or take its address? */
typedef struct ParamWrite {
  CXCursor param;
  bool written;   /* assigned, incremented, or its address taken */
  bool addressed; /* its address (or a member's, an element's) taken */
} ParamWrite;

static bool is_ref_to(CXCursor e, CXCursor decl) {
  while (clang_getCursorKind(e) == CXCursor_ParenExpr || clang_getCursorKind(e) == CXCursor_UnexposedExpr) {
    CXCursor *k;
    int n = cx_children(e, &k);
    CXCursor inner = n == 1 ? k[0] : clang_getNullCursor();
    free(k);
    if (clang_Cursor_isNull(inner)) return false;
    e = inner;
  }
  return clang_getCursorKind(e) == CXCursor_DeclRefExpr && clang_equalCursors(clang_getCursorReferenced(e), decl);
}

/* The object a member access or a subscript of an array names (q for
 * &q.w, &q.v[i]), else e. */
static CXCursor member_root(CXCursor e) {
  for (;;) {
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k != CXCursor_MemberRefExpr && k != CXCursor_ArraySubscriptExpr && k != CXCursor_ParenExpr &&
        k != CXCursor_UnexposedExpr)
      return e;
    CXCursor *kids;
    int n = cx_children(e, &kids);
    CXCursor first = n > 0 ? kids[0] : clang_getNullCursor();
    free(kids);
    if (clang_Cursor_isNull(first)) return e;
    e = first;
  }
}

static enum CXChildVisitResult find_param_write(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  ParamWrite *pw = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  bool store = false;
  if (k == CXCursor_BinaryOperator || k == CXCursor_CompoundAssignOperator) {
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
    store = op >= CXBinaryOperator_Assign && op <= CXBinaryOperator_OrAssign;
  } else if (k == CXCursor_UnaryOperator) {
    enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
    store = (op >= CXUnaryOperator_PostInc && op <= CXUnaryOperator_PreDec) || op == CXUnaryOperator_AddrOf;
  }
  if (store) {
    CXCursor *kids;
    int n = cx_children(c, &kids);
    if (n > 0 && is_ref_to(kids[0], pw->param)) pw->written = true;
    if (n > 0 && k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_AddrOf &&
        is_ref_to(member_root(kids[0]), pw->param))
      pw->written = pw->addressed = true;
    free(kids);
  }
  return pw->written ? CXChildVisit_Break : CXChildVisit_Recurse;
}

/* An integer parameter that f changes (while (n-- > 0), n /= 2) becomes a
 * local copy made at entry, which f's statements use: the sizes in a
 * request's clauses, and the code cc-ad adds after f's statements (the
 * caller's memory kept, gradients zeroed), read the parameter as the
 * caller passed it. A floating or struct parameter whose address f takes
 * (State *s = &sv, double *p = &x) is copied likewise: the copy is a
 * local, which a split callee keeps in its frame for the backward sweep
 * (the parameter lives in f_fwd's stack frame, gone when f_bwd reads
 * through the pointer). NULL: f does not change it. */
static Var *param_copy(Lower *l, CXCursor fn_cursor, CXCursor param, Var *p) {
  TypeKind k = p->type->kind;
  if (k != TY_INT && k != TY_RECORD && k != TY_FLOAT && k != TY_DOUBLE && k != TY_COMPLEX) return NULL;
  ParamWrite pw = {param, false, false};
  clang_visitChildren(fn_cursor, find_param_write, &pw);
  if (k == TY_INT ? !pw.written : !pw.addressed) return NULL;
  Var *c = fn_new_var(l->fn, p->name, ty_unqual(p->type), VAR_LOCAL, p->loc);
  c->copy_of = p;
  return c;
}

void lower_fn(Front *fr, Fn *f) {
  if (f->is_lowered || !f->is_defined) return;
  f->is_lowered = true;
  CXCursor d = {0};
  for (int i = 0; i < fr->m->fns.len; i++)
    if (fr->m->fns.data[i] == f) d = *(CXCursor *)fr->fn_cursors.data[i];
  Lower l = {.fr = fr, .fn = f};
  for (int i = 0; i < f->nparams; i++) nameset_add(&f->names, f->params[i]->name);
  Stmt *copies = st_block(f->loc);
  for (int i = 0; i < f->nparams; i++) {
    CXCursor pc = clang_Cursor_getArgument(d, (unsigned)i);
    Var *c = param_copy(&l, d, pc, f->params[i]);
    bind(&l, pc, c ? c : f->params[i]);
    if (c) st_append(copies, st_decl(c, ex_var(f->params[i]), f->params[i]->loc));
  }
  CXCursor *k;
  int n = cx_children(d, &k);
  f->body = st_block(f->loc);
  for (int i = 0; i < n; i++)
    if (clang_getCursorKind(k[i]) == CXCursor_CompoundStmt) {
      Stmt *b = st_block(cx_loc(fr, k[i]));
      for (int j = 0; j < copies->nbody; j++) st_append(b, copies->body[j]);
      lower_children(&l, k[i], b);
      lower_fold(b);
      f->body = b;
    }
  free(k);
  mark_fresh_statics(f);
  pragma_omp_own_copies(f);
  pragma_omp_check(fr, f);
}
