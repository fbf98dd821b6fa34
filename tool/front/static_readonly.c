/*
 * static_readonly.c — file-scope statics that nothing in FILE.c writes.
 * f2c's table of constant values (static integer c__1 = 1; static
 * doublereal c_b27 = .25;) exists to be passed by address to routines
 * that only read it (d_sign(&c_b27, &x[2]), pow_dd(&d__1, &c_b5)): a copy
 * in FILE.ad.c, with the same initializer, is the same constant, as for a
 * static const.
 *
 * Requires: the parsed translation unit; Front.globals (the globals that
 * lowering met).
 * Provides: front_mark_readonly_statics(): Var.static_readonly.
 *
 * Scalars, structs without pointers (a table of stages {c, w}) and arrays
 * of them. Conservative, over every function of FILE.c: a static is written when
 * it is assigned, incremented, or its address (or an array's decay) goes
 * anywhere but directly into an argument of a function of FILE.c whose
 * parameter is a pointer to const or is only read through (*p, p[i], p->f
 * read; p itself may be moved, --x; passed on, only to such a parameter).
 */
#include <stdlib.h>

#include "front_int.h"

typedef enum Ctx {
  C_READ,        /* the value is read */
  C_WRITE,       /* stored into (assigned, incremented) */
  C_ADDR,        /* its address is taken (&v, an array's decay) */
  C_ELEM,        /* an array element is read (v[i]) */
  C_DEREF_READ,  /* a pointer: what it points to is read (*p, p[i]) */
  C_DEREF_WRITE, /* a pointer: what it points to is stored into */
} Ctx;

typedef struct Scan {
  Front *fr;
  CXCursor target;  /* canonical: a ParmVarDecl (param_readonly); null: every candidate global */
  bool written;     /* the target is written (or escapes) */
  int depth;        /* of param_readonly calls */
} Scan;

static bool param_readonly(Front *fr, CXCursor fn, int i, int depth);

static CXCursor child(CXCursor c, int i) {
  CXCursor *k;
  int n = cx_children(c, &k);
  CXCursor r = i < n ? k[i] : clang_getNullCursor();
  free(k);
  return r;
}

static bool is_array(CXType t) {
  t = clang_getCanonicalType(t);
  return t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray || t.kind == CXType_VariableArray;
}

static bool is_pointer(CXType t) { return clang_getCanonicalType(t).kind == CXType_Pointer; }

/* the type of c under implicit casts and parentheses (an array before it decays) */
static CXType bare_type(CXCursor c) {
  while (clang_getCursorKind(c) == CXCursor_UnexposedExpr || clang_getCursorKind(c) == CXCursor_ParenExpr) {
    CXCursor in = child(c, 0);
    if (clang_Cursor_isNull(in)) break;
    c = in;
  }
  return clang_getCursorType(c);
}

/* A use of the scanned variable in context ctx; fn, arg: the call it is
 * directly an argument of (arg < 0: none). */
static void use(Scan *s, CXCursor ref, Ctx ctx, CXCursor fn, int arg) {
  Var *g = NULL;
  CXCursor d = clang_getCanonicalCursor(clang_getCursorReferenced(ref));
  if (clang_Cursor_isNull(s->target)) {
    g = cmap_get(&s->fr->globals, d);
    if (!g || g->static_readonly == false) return;  /* not a candidate, or known written */
  } else if (!clang_equalCursors(d, s->target)) {
    return;
  }
  if (ctx == C_READ && is_array(clang_getCursorType(ref))) ctx = C_ADDR;  /* decays */
  bool bad = ctx == C_DEREF_WRITE || (g && ctx == C_WRITE);
  if (ctx == C_ADDR || (!g && ctx == C_READ)) bad = arg < 0 || !param_readonly(s->fr, fn, arg, s->depth + 1);
  if (!bad) return;
  if (g) g->static_readonly = false;
  s->written = true;
}

static void scan(Scan *s, CXCursor c, Ctx ctx, CXCursor fn, int arg);

static void scan_children(Scan *s, CXCursor c, Ctx first, Ctx rest) {
  CXCursor *k;
  int n = cx_children(c, &k);
  for (int i = 0; i < n; i++) scan(s, k[i], i ? rest : first, clang_getNullCursor(), -1);
  free(k);
}

/* context of an lvalue's base: an array's element is stored where the
 * array is; through a pointer, what it points to */
static Ctx base_ctx(CXCursor base, Ctx ctx) {
  if (is_array(bare_type(base))) return ctx == C_READ ? C_ELEM : ctx == C_ELEM ? C_ELEM : ctx;
  return ctx == C_WRITE || ctx == C_ADDR || ctx == C_DEREF_WRITE ? C_DEREF_WRITE : C_DEREF_READ;
}

static void scan(Scan *s, CXCursor c, Ctx ctx, CXCursor fn, int arg) {
  switch (clang_getCursorKind(c)) {
  case CXCursor_DeclRefExpr: use(s, c, ctx, fn, arg); return;
  case CXCursor_UnaryExpr: return;  /* sizeof, _Alignof: nothing is read */
  case CXCursor_ParenExpr:
  case CXCursor_UnexposedExpr: {
    CXCursor in = child(c, 0);
    if (!clang_Cursor_isNull(in) && clang_Cursor_isNull(child(c, 1))) {
      scan(s, in, ctx, fn, arg);
      return;
    }
    break;
  }
  case CXCursor_BinaryOperator:
    if (clang_getCursorBinaryOperatorKind(c) == CXBinaryOperator_Assign) {
      scan_children(s, c, C_WRITE, C_READ);
      return;
    }
    break;
  case CXCursor_CompoundAssignOperator: scan_children(s, c, C_WRITE, C_READ); return;
  case CXCursor_UnaryOperator:
    switch (clang_getCursorUnaryOperatorKind(c)) {
    case CXUnaryOperator_PostInc:
    case CXUnaryOperator_PostDec:
    case CXUnaryOperator_PreInc:
    case CXUnaryOperator_PreDec: scan(s, child(c, 0), C_WRITE, fn, -1); return;
    case CXUnaryOperator_AddrOf: scan(s, child(c, 0), C_ADDR, fn, arg); return;
    case CXUnaryOperator_Deref:
      scan(s, child(c, 0), ctx == C_READ || ctx == C_ELEM ? C_DEREF_READ : C_DEREF_WRITE, fn, -1);
      return;
    default: break;
    }
    break;
  case CXCursor_ArraySubscriptExpr: {
    CXCursor b = child(c, 0);
    scan(s, b, base_ctx(b, ctx), fn, ctx == C_ADDR ? arg : -1);
    scan(s, child(c, 1), C_READ, fn, -1);
    return;
  }
  case CXCursor_MemberRefExpr: {
    CXCursor b = child(c, 0);
    if (!clang_Cursor_isNull(b)) scan(s, b, is_pointer(bare_type(b)) ? base_ctx(b, ctx) : ctx, fn, -1);
    return;
  }
  case CXCursor_CallExpr: {
    CXCursor callee = clang_getCursorReferenced(c);
    int n = clang_Cursor_getNumArguments(c);
    for (int i = 0; i < n; i++) scan(s, clang_Cursor_getArgument(c, i), C_READ, callee, i);
    return;
  }
  default: break;
  }
  scan_children(s, c, C_READ, C_READ);
}

/* Is parameter i of fn (a call's callee) only read through? */
static bool param_readonly(Front *fr, CXCursor fn, int i, int depth) {
  if (clang_Cursor_isNull(fn) || clang_getCursorKind(fn) != CXCursor_FunctionDecl || depth > 8) return false;
  CXCursor p = clang_Cursor_getArgument(fn, (unsigned)i);
  if (clang_Cursor_isNull(p)) return false;  /* variadic */
  CXType t = clang_getCanonicalType(clang_getCursorType(p));
  if (t.kind == CXType_Pointer && clang_isConstQualifiedType(clang_getPointeeType(t))) return true;
  /* declared as an array (Cephes' polevl(double x, const double coef[], int N)):
   * libclang gives the type as written, which is a pointer all the same */
  if (is_array(t) && (clang_isConstQualifiedType(t) || clang_isConstQualifiedType(clang_getArrayElementType(t)))) return true;
  CXCursor def = clang_getCursorDefinition(fn);
  if (clang_Cursor_isNull(def) || !cx_in_main_file(fr, def)) return false;
  Scan s = {.fr = fr, .target = clang_getCanonicalCursor(clang_Cursor_getArgument(def, (unsigned)i)), .depth = depth};
  scan_children(&s, def, C_READ, C_READ);
  return !s.written;
}

static enum CXChildVisitResult top(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  Scan *s = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  /* function bodies, and initializers (static double *p = &c_b5;) */
  if ((k == CXCursor_FunctionDecl || k == CXCursor_VarDecl) && cx_in_main_file(s->fr, c))
    scan_children(s, c, C_READ, C_READ);
  return CXChildVisit_Continue;
}

void front_mark_readonly_statics(Front *fr) {
  bool any = false;
  for (int i = 0; i < fr->globals.cap; i++) {
    Var *g = fr->globals.vals[i];
    if (!g || !g->is_static || g->is_extern_def) continue;
    const Type *t = g->type;
    while (t->kind == TY_ARRAY) t = t->base;
    /* a data pointer's copy would point elsewhere (in a struct too); a
     * function pointer's points to FILE.ad.c's copy of a static function,
     * which is what the generated calls through it compare against */
    bool fn_ptr = t->kind == TY_PTR && t->base->kind == TY_FUNC;
    bool plain_struct = t->kind == TY_RECORD && t->rec && !t->rec->is_union && !ty_holds_ptr(t);
    if (!ty_is_arith(t) && !fn_ptr && !plain_struct) continue;
    g->static_readonly = true;
    any = true;
  }
  if (!any) return;
  Scan s = {.fr = fr, .target = clang_getNullCursor()};
  clang_visitChildren(clang_getTranslationUnitCursor(fr->tu), top, &s);
}
