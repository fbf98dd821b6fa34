/*
 * lower_stmt.c — S0 -> S1 for statements and declarations (functions:
 * lower_fn.c).
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
    s->omp_single = s->omp && !s->omp->team;  /* not every thread of a region's team */
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

/* A loop made of a backward goto (lower_goto.c's goto_loop_end found it):
 * k[0] is `L: S`, k[1..n-1) what follows, k[n-1] `goto L;` or
 * `if (c) goto L;`, as f2c writes Fortran's loops (CLAPACK's dlartg: L10:
 * ... if (abs(f1) >= safmx2) goto L10;):
 *   for (;;) { S; ...; [effects of c;] if (!c) break; }
 * The goto was the only way back to L, so the label goes; `#pragma ad
 * checkpoint` before the label applies to the loop. */
void lower_goto_loop(Lower *l, CXCursor *k, int n, Stmt *block) {
  SrcLoc loc = cx_loc(l->fr, k[0]);
  CXCursor *sub, *list = xmalloc(sizeof(CXCursor) * (size_t)n);
  int ns = cx_children(k[0], &sub);
  list[0] = sub[ns - 1];
  for (int i = 1; i + 1 < n; i++) list[i] = k[i];
  Stmt *s = st_new(ST_FOR, loc);
  s->checkpoint = pragma_checkpoint_for(l->fr, loc);
  l->loop_depth++;
  Stmt *b = st_block(loc);
  lower_list(l, list, n - 1, b);
  CXCursor last = k[n - 1];
  if (clang_getCursorKind(last) == CXCursor_IfStmt) {
    CXCursor *ik;
    cx_children(last, &ik);
    Stmt *pre = st_block(loc);
    Expr *cond = cond_into(l, ik[0], pre);
    for (int i = 0; i < pre->nbody; i++) st_append(b, pre->body[i]);
    Stmt *brk = st_new(ST_IF, cx_loc(l->fr, last));
    brk->cond = ex_un(OP_NOT, cond);
    brk->then = st_new(ST_BREAK, cx_loc(l->fr, last));
    st_append(b, brk);
    free(ik);
  }
  l->loop_depth--;
  s->then = b;
  st_append(block, s);
  free(sub);
  free(list);
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

/* T v = e; as T v; v = e; (a number, a pointer, a struct from a call) */
static bool assignable_init(const Stmt *s) {
  const Type *t = s->var->type;
  return s->expr->kind != EX_INIT && !t->vla && (ty_is_arith(t) || ty_is_ptr(t) || t->kind == TY_RECORD);
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
  /* a declaration initialised by a list (a compound literal's struct, an
   * array) cannot become an assignment, nor a VLA's length be evaluated
   * later: it stays before the loop, in its place, and so does what it
   * reads (`t = noise(3)` before `S0 lit = {x[0] * t, ..}`) */
  int before = -1;
  for (int i = 0; i < tmp->nbody; i++) {
    Stmt *s = tmp->body[i];
    if (s->kind == ST_DECL && ((s->expr && !assignable_init(s)) || s->var->type->vla)) before = i;
  }
  Stmt *body = st_block(loc), *ret = NULL;
  for (int i = 0; i < tmp->nbody; i++) {
    Stmt *s = tmp->body[i];
    if (i <= before) {
      st_append(block, s);
    } else if (s->kind == ST_RETURN && i == tmp->nbody - 1) {
      ret = s;
    } else if (s->kind == ST_DECL && s->expr && assignable_init(s)) {  /* P r = heavy(x): r = heavy(x) */
      s->var->type = ty_unqual(s->var->type);  /* assigned in the loop */
      st_append(block, st_decl(s->var, NULL, s->loc));
      st_append(body, st_assign(ex_var(s->var), s->expr, s->loc));
    } else if (s->kind == ST_DECL) {
      st_append(block, s);  /* (no initialiser: after 'before') */
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

/* c is a statement attribute over one statement (clang's AttributedStmt,
 * which libclang leaves unexposed): spelled __attribute__ or [[ */
static bool attributed_stmt(Lower *l, CXCursor c, int *n, CXCursor **k) {
  *n = cx_children(c, k);
  if (*n != 1 || !clang_isStatement(clang_getCursorKind((*k)[0]))) return false;
  CXToken *toks;
  unsigned nt;
  clang_tokenize(l->fr->tu, clang_getCursorExtent(c), &toks, &nt);
  bool ok = false;
  if (nt >= 2) {
    char *t0 = cx_str(clang_getTokenSpelling(l->fr->tu, toks[0]));
    char *t1 = cx_str(clang_getTokenSpelling(l->fr->tu, toks[1]));
    ok = str_eq(t0, "__attribute__") || (str_eq(t0, "[") && str_eq(t1, "["));
    free(t0);
    free(t1);
  }
  clang_disposeTokens(l->fr->tu, toks, nt);
  return ok;
}

/* an integer constant expression's value */
static bool case_value(CXCursor c, long long *v) {
  CXEvalResult r = clang_Cursor_Evaluate(c);
  bool ok = r && clang_EvalResult_getKind(r) == CXEval_Int;
  if (ok) *v = clang_EvalResult_getAsLongLong(r);
  if (r) clang_EvalResult_dispose(r);
  return ok;
}

/* GNU `case lo ... hi:` (k: lo, hi, the statement) becomes one label per
 * value, so every transform and the printed C (-pedantic) see plain labels;
 * an empty range (lo > hi) has none. */
static void case_range(Lower *l, CXCursor *k, SrcLoc loc, Stmt *block) {
  enum { MAX_LABELS = 1024 };
  long long lo, hi;
  if (!case_value(k[0], &lo) || !case_value(k[1], &hi) || (hi >= lo && (unsigned long long)hi - (unsigned long long)lo >= MAX_LABELS)) {
    long span = case_value(k[0], &lo) && case_value(k[1], &hi) ? (long)(hi - lo + 1) : 0;
    diag_at(loc, D_CASE_RANGE, span);
    return;
  }
  Stmt *junk = st_block(loc);
  Stmt *saved = l->pre;
  l->pre = junk;
  Type *t = lower_expr(l, k[0])->type;
  l->pre = saved;
  for (long long v = lo; v <= hi; v++) {
    Stmt *s = st_new(ST_CASE, loc);
    s->expr = ex_num((double)v, t);
    st_append(block, s);
  }
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
  /* assert(e) is a void expression (C11 7.2.1.1): an assignment, an
   * increment is none, and needs no look at its tokens */
  if (clang_getCursorType(c).kind != CXType_Void) return false;
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

/* ---- #pragma omp atomic capture ------------------------------------------
 * v = x++, v = ++x, v = x op= e, or {v = x; x op= e;} (either order): a
 * block of its two assignments, v = x and x = x op e, under the Omp, as
 * OpenMP's structured form prints it. Temporaries of e go before it. */
static void lower_stmt_at(Lower *l, CXCursor c, Stmt *block);

static bool is_update_of(const Stmt *u, const Expr *x) {
  const Expr *r = u->kind == ST_ASSIGN ? ex_strip_implicit(u->rhs) : NULL;
  return r && ir_expr_equal(u->lhs, x) && r->kind == EX_BIN && ir_expr_equal(ex_strip_implicit(r->lhs), x) &&
         !ex_mentions(r->rhs, ex_root_var((Expr *)x));
}

static bool is_capture_of(const Stmt *v, const Expr *x) {
  return v->kind == ST_ASSIGN && v->lhs->kind == EX_VAR && ir_expr_equal(ex_strip_implicit(v->rhs), x);
}

static void lower_capture(Lower *l, CXCursor c, Omp *o, Stmt *block) {
  SrcLoc loc = cx_loc(l->fr, c);
  Stmt *t = st_block(loc);
  lower_stmt_at(l, c, t);
  if (t->nbody == 1 && t->body[0]->kind == ST_BLOCK && !t->body[0]->omp) t = t->body[0];  /* {v = x; x += e;} */
  int n = t->nbody;
  /* v = x++: old = x; x = x + 1; v = old; */
  if (n >= 3 && t->body[n - 3]->kind == ST_DECL && t->body[n - 3]->expr && t->body[n - 1]->kind == ST_ASSIGN &&
      ex_strip_implicit(t->body[n - 1]->rhs)->kind == EX_VAR && ex_strip_implicit(t->body[n - 1]->rhs)->var == t->body[n - 3]->var) {
    Stmt *v = t->body[n - 1], *u = t->body[n - 2];
    Expr *r = v->rhs;  /* v = x (its conversion kept: long v = int x), then the update */
    if (r->kind == EX_CAST && r->is_implicit && r->lhs->kind == EX_VAR)
      r->lhs = t->body[n - 3]->expr;
    else
      v->rhs = t->body[n - 3]->expr;
    t->body[n - 3] = v;
    t->body[n - 2] = u;
    t->nbody = n - 1;
    n = t->nbody;
  }
  Stmt *b = st_block(loc);
  b->omp = o;
  for (int i = 0; i < n - 2; i++) st_append(block, t->body[i]);  /* temporaries of e */
  Stmt *s0 = n >= 2 ? t->body[n - 2] : NULL, *s1 = n >= 2 ? t->body[n - 1] : NULL;
  bool ok = s0 && s1 && s0->kind == ST_ASSIGN && s1->kind == ST_ASSIGN &&
            ((is_capture_of(s0, s1->lhs) && is_update_of(s1, s1->lhs)) || (is_update_of(s0, s0->lhs) && is_capture_of(s1, s0->lhs)));
  if (!ok) {
    diag_at(o->loc, D_OMP_SYNTAX, "an atomic capture is written v = x++, v = --x, v = x op= e, or {v = x; x op= e;}");
    return;
  }
  st_append(b, s0);
  st_append(b, s1);
  st_append(block, b);
}

static void lower_stmt_at(Lower *l, CXCursor c, Stmt *block) {
  enum CXCursorKind kind = clang_getCursorKind(c);
  SrcLoc loc = cx_loc(l->fr, c);
  Omp *cap = pragma_omp_capture(l, loc);
  if (cap) {
    lower_capture(l, c, cap, block);
    return;
  }
  /* critical, single or master before one statement: a block of it, as
   * before a compound one */
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
    b->omp = pragma_omp_stmt(l, c, loc, true);  /* #pragma omp parallel, critical, single, master */
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
    if (kind == CXCursor_CaseStmt && n == 3) {
      case_range(l, k, loc, block);
      lower_stmt(l, k[2], block);
      break;
    }
    Stmt *s = st_new(ST_CASE, loc);
    if (kind == CXCursor_CaseStmt) {
      Stmt *junk = st_block(loc);
      l->pre = junk;
      s->expr = lower_expr(l, k[0]);
      if (n == 3) s->cond = lower_expr(l, k[1]);  /* GNU `case lo ... hi:` */
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
    if (e->kind == EX_CALL) st_append(block, st_expr(e, loc));
    /* a call through a pointer: its dispatch is in, its value, unused, in a temporary */
    if (e->kind == EX_VAR) st_append(block, st_expr(ex_cast(ty_void(), e), loc));
    break;
  }
  default:
    if (kind == CXCursor_UnexposedStmt && attributed_stmt(l, c, &n, &k)) {
      /* __attribute__((fallthrough)); [[fallthrough]]; a statement under an
       * attribute is the statement (a null one for fallthrough) */
      lower_stmt(l, k[0], block);
    } else if (kind == CXCursor_CStyleCastExpr && clang_getCursorType(c).kind == CXType_Void) {
      /* (void)x; says "unused on purpose": keep it */
      Expr *e = lower_expr(l, c);
      if (!ex_has_call(e)) st_append(block, st_expr(e, loc));
    } else if (clang_isExpression(kind)) {
      lower_effect(l, c);  /* value unused: keep only its effects */
    } else {
      char *what = cx_str(clang_getCursorKindSpelling(kind));
      stmt_error(l, c, D_ODD_STMT, what);
    }
  }
  free(k);
  l->pre = saved;
}
