/*
 * lower_fnptr.c — calls through function pointers: the possible targets
 * are the functions whose address FILE.c takes with the pointer's type;
 * the call becomes a dispatch on the pointer's value to each of them,
 * called by name (lower_expr.c), and so differentiated like any call.
 *
 * Requires: FILE.c's cursors. Provides: lower_fnptr_dispatch,
 * lower_through_generic (front_int.h).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/rules.h"
#include "front_int.h"

/* ---- Calls through function pointers ----------------------------------
 * The possible targets are the functions whose address FILE.c takes
 * (g = k ? sq : cube; a struct field set at file scope; a table) with the
 * pointer's type: the call becomes a dispatch on the pointer's value to
 * each of them, called by name and so differentiated like any call. A
 * pointer that is none of them (from another translation unit) reaches
 * ccad_unknown_callee, a run-time error, never a silent zero derivative. */

static void note_taken(Front *fr, CXCursor c);

static enum CXChildVisitResult taken_visit(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  note_taken(d, c);
  return CXChildVisit_Continue;
}

/* f(...) names f to call it, not to take its address */

static bool direct_callee(Front *fr, CXCursor c) {
  c = lower_through_generic(fr, c);
  return clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
         clang_getCursorKind(clang_getCursorReferenced(c)) == CXCursor_FunctionDecl;
}

/* A callee past parentheses, implicit conversions and generic selections
 * (_Generic((v), float: sqf, default: sqd)(v) calls sqd by name). */
CXCursor lower_through_generic(Front *fr, CXCursor c) {
  for (;;) {
    enum CXCursorKind kind = clang_getCursorKind(c);
    CXCursor in = clang_getNullCursor();
    if (kind == CXCursor_UnexposedExpr || kind == CXCursor_ParenExpr) {
      CXCursor *k;
      int n = cx_children(c, &k);
      if (n == 1) in = k[0];
      free(k);
    } else if (kind == CXCursor_GenericSelectionExpr) {
      in = cx_generic_choice(fr, c);
    }
    if (clang_Cursor_isNull(in)) return c;
    c = in;
  }
}

static void note_taken(Front *fr, CXCursor c) {
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (kind == CXCursor_DeclRefExpr) {
    CXCursor d = clang_getCanonicalCursor(clang_getCursorReferenced(c));
    if (clang_getCursorKind(d) != CXCursor_FunctionDecl) return;
    if (clang_Cursor_getStorageClass(d) == CX_SC_Static) {
      TakenSite *s = xmalloc(sizeof *s);
      *s = (TakenSite){d, fr->taken_top, cx_loc(fr, c), NULL};
      vec_push(&fr->taken_sites, s);
    }
    for (int i = 0; i < fr->taken_fns.len; i++)
      if (clang_equalCursors(*(CXCursor *)fr->taken_fns.data[i], d)) return;
    CXCursor *p = xmalloc(sizeof *p);
    *p = d;
    vec_push(&fr->taken_fns, p);
    return;
  }
  if (kind == CXCursor_CallExpr) {
    CXCursor *k;
    int n = cx_children(c, &k);
    for (int i = 0; i < n; i++)
      if (i > 0 || !direct_callee(fr, k[i])) note_taken(fr, k[i]);
    free(k);
    return;
  }
  clang_visitChildren(c, taken_visit, fr);
}

static enum CXChildVisitResult taken_top(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  Front *fr = d;
  fr->taken_top = c;
  if (cx_in_main_file(fr, c)) note_taken(fr, c);
  return CXChildVisit_Continue;
}


/* t = g(args) through pointer 'callee' of function type ft: the dispatch
 * goes to l->pre; returns t (or 0 for void). A call on floating data falls
 * back to ccad_unknown_callee; one on data pointers alone (void *state) to
 * the indirect call, which a transform guards where it touches
 * derivatives (fnptr_else), and stays that call where no target is known. */
Expr *lower_fnptr_dispatch(Lower *l, Expr *callee, CXType ft, Expr **args, int n, Type *rt, SrcLoc loc,
                           bool floaty) {
  Front *fr = l->fr;
  if (!fr->taken_ready) {
    fr->taken_ready = true;
    clang_visitChildren(clang_getTranslationUnitCursor(fr->tu), taken_top, fr);
  }
  PtrVec targets = {0};
  for (int i = 0; i < fr->taken_fns.len; i++) {
    CXCursor d = *(CXCursor *)fr->taken_fns.data[i];
    if (!clang_equalTypes(clang_getCanonicalType(clang_getCursorType(d)), ft)) continue;
    /* (one without a body here is called by name: what it derives is
     * asked only where a request differentiates the call, tr_check_external) */
    vec_push(&targets, fr->taken_fns.data[i]);
    if (floaty && clang_Cursor_getStorageClass(d) == CX_SC_Static) {  /* (else: the guarded fallback) */
      TakenSite *s = xmalloc(sizeof *s);
      *s = (TakenSite){d, clang_getNullCursor(), loc, l->fn};
      vec_push(&fr->static_targets, s);
    }
  }
  if (!targets.len) {  /* the pointer's target is unknown here: a request that
                        * differentiates the call refuses it (tr_check_external) */
    Expr *ind = ex_call(NULL, rt, args, n < 0 ? 0 : n);
    ind->lhs = callee;
    ind->loc = loc;
    ind->fnptr = floaty;
    if (rt->kind == TY_VOID) {
      st_append(l->pre, st_expr(ind, loc));
      return ex_int(0);
    }
    return ex_var(lower_temp(l, "t", rt, ind, loc));
  }
  Var *t = rt->kind == TY_VOID ? NULL : fn_new_var(l->fn, "t", ty_unqual(rt), VAR_LOCAL, loc);
  if (t) st_append(l->pre, st_decl(t, NULL, loc));
  Stmt *top = NULL, *last = NULL;
  for (int i = 0; i < targets.len; i++) {
    CXCursor d = *(CXCursor *)targets.data[i];
    Expr **a = xmalloc(sizeof(Expr *) * (size_t)(n > 0 ? n : 1));
    for (int j = 0; j < n; j++) a[j] = ir_clone_expr(args[j], NULL);
    Expr *call = lower_named_call(l, d, a, n, rt, loc);
    call->fnptr = true;
    Expr *fd = ex_new(EX_FUNC, ty_new(TY_FUNC, NULL), loc);
    fd->text = cx_spelling(d);
    Stmt *s = st_new(ST_IF, loc);
    s->cond = ex_bin(OP_EQ, ir_clone_expr(callee, NULL), fd);
    s->then = st_block(loc);
    st_append(s->then, t ? st_assign(ex_var(t), call, loc) : st_expr(call, loc));
    if (last) {
      last->els = s;
    } else {
      top = s;
    }
    last = s;
  }
  /* none of them: the program's pointer came from elsewhere */
  last->els = st_block(loc);
  Expr *site = ex_new(EX_STR, ty_ptr(ty_new(TY_INT, "char")), loc);
  const char *base = strrchr(loc.file, '/');
  site->text = xfmt("\"%s:%d\"", base ? base + 1 : loc.file, loc.line);
  if (floaty) st_append(last->els, st_expr(ex_rt1(RT_UNKNOWN_CALLEE, site), loc));
  Expr *ind = ex_call(NULL, rt, args, n < 0 ? 0 : n);
  ind->lhs = callee;
  ind->loc = loc;
  ind->fnptr_else = !floaty;
  st_append(last->els, t ? st_assign(ex_var(t), ind, loc) : st_expr(ind, loc));
  st_append(l->pre, top);
  return t ? ex_var(t) : ex_int(0);
}

/* Where a site of a static function's address leaves the pointer: NULL
 * where the generated code makes it too (a function cc-ad lowers, whose
 * derivatives take the address of FILE.ad.c's copy; a table FILE.ad.c
 * copies, static or const), else what holds it: "'main'". */
/* ---- a copied table whose address FILE.c hands elsewhere ----
 * GSL's `static const gsl_odeiv2_step_type rk4_type = {..., &rk4_apply, ...};
 * const gsl_odeiv2_step_type *gsl_odeiv2_step_rk4 = &rk4_type;`: FILE.ad.c
 * copies rk4_type, but reads gsl_odeiv2_step_rk4, which it shares, and so
 * FILE.c's table and FILE.c's addresses. */

typedef struct TableRef {
  CXCursor table;
  bool found;
} TableRef;

static enum CXChildVisitResult find_table_ref(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  TableRef *t = d;
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr &&
      clang_equalCursors(clang_getCanonicalCursor(clang_getCursorReferenced(c)), t->table)) {
    t->found = true;
    return CXChildVisit_Break;
  }
  return CXChildVisit_Recurse;
}

static bool copied_table(CXCursor top) {
  CXType t = clang_getCanonicalType(clang_getCursorType(top));
  while (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray) t = clang_getArrayElementType(t);
  return clang_getCursorKind(top) == CXCursor_VarDecl &&
         (clang_Cursor_getStorageClass(top) == CX_SC_Static || clang_isConstQualifiedType(t));
}

typedef struct SharedUse {
  Front *fr;
  CXCursor table;
  char *holder;  /* the first file-scope declaration FILE.ad.c shares that names the table */
} SharedUse;

static enum CXChildVisitResult find_shared_use(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  SharedUse *u = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (!cx_in_main_file(u->fr, c)) return CXChildVisit_Continue;
  bool shared = false;
  if (k == CXCursor_VarDecl) {
    shared = !copied_table(c);
  } else if (k == CXCursor_FunctionDecl && clang_isCursorDefinition(c)) {
    char *name = cx_spelling(c);
    Fn *f = mod_find_fn(u->fr->m, name);
    shared = !(f && f->is_lowered);
  }
  if (!shared) return CXChildVisit_Continue;
  TableRef t = {u->table, false};
  clang_visitChildren(c, find_table_ref, &t);
  if (!t.found) return CXChildVisit_Continue;
  u->holder = cx_spelling(c);
  return CXChildVisit_Break;
}

static const char *foreign_site(Front *fr, const TakenSite *s) {
  enum CXCursorKind k = clang_getCursorKind(s->top);
  char *name = cx_spelling(s->top);
  if (k == CXCursor_FunctionDecl) {
    Fn *f = mod_find_fn(fr->m, name);
    return f && f->is_lowered ? NULL : xfmt("function '%s', which cc-ad does not differentiate", name);
  }
  if (!copied_table(s->top)) return xfmt("'%s', a table the generated file shares with this one rather than copies", name);
  SharedUse u = {fr, clang_getCanonicalCursor(s->top), NULL};
  clang_visitChildren(clang_getTranslationUnitCursor(fr->tu), find_shared_use, &u);
  return u.holder ? xfmt("the table '%s', whose address '%s' holds, so that the generated file reaches this file's "
                         "'%s' rather than its own copy", name, u.holder, name)
                  : NULL;
}

typedef struct Reach { Module *m; PtrMap seen; PtrVec todo; } Reach;

static void reach(Reach *r, Fn *f) {
  if (!f || !f->body || ptrmap_get(&r->seen, f)) return;
  ptrmap_put(&r->seen, f, (void *)1);
  vec_push(&r->todo, f);
}

static Walk reach_call(Expr *e, void *ctx) {
  Reach *r = ctx;
  if (e->kind == EX_CALL && e->text) reach(r, e->fn ? e->fn : mod_find_fn(r->m, e->text));
  return WALK_ON;
}

/* The functions of FILE.c that a request differentiating them reaches
 * (not vmap's or cuda's, which run FILE.c's own: f_vmap calls f). */
static PtrMap differentiated(Module *m) {
  Reach r = {.m = m};
  for (int i = 0; i < m->requests.len; i++) {
    const Request *q = m->requests.data[i];
    DirKind k = directive_info(q->dir)->kind;
    if (k == DK_FORWARD || k == DK_REVERSE || k == DK_DRIVER) reach(&r, mod_find_fn(m, q->fname));
  }
  for (int i = 0; i < r.todo.len; i++) st_each_expr(((Fn *)r.todo.data[i])->body, reach_call, &r);
  free(r.todo.data);
  return r.seen;
}

/* A dispatch compares a pointer against FILE.ad.c's copy of a static
 * function: a pointer FILE.c made elsewhere holds the original's address,
 * matches none and stops the program (ccad_unknown_callee). Where FILE.c
 * takes the address outside the code cc-ad prints, say so now, of the
 * dispatches a derivative makes (vmap calls FILE.c's function, and cuda
 * refuses the call, cuda_fnptr_call). */
void front_check_static_targets(Front *fr) {
  PtrMap diffed = fr->static_targets.len ? differentiated(fr->m) : (PtrMap){0};
  for (int i = 0; i < fr->static_targets.len; i++) {
    const TakenSite *t = fr->static_targets.data[i];
    bool told = !ptrmap_get(&diffed, t->in);
    for (int j = 0; j < i && !told; j++) told = clang_equalCursors(((TakenSite *)fr->static_targets.data[j])->fn, t->fn);
    for (int j = 0; j < fr->taken_sites.len && !told; j++) {
      const TakenSite *s = fr->taken_sites.data[j];
      const char *where = clang_equalCursors(s->fn, t->fn) ? foreign_site(fr, s) : NULL;
      if (!where) continue;
      char *name = cx_spelling(t->fn);
      diag_at(s->loc, D_FNPTR_STATIC_TARGET, name, where, t->loc.line, name, name);
      told = true;
    }
  }
}

