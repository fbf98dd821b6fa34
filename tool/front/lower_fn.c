/*
 * lower_fn.c — S0 -> S1 for functions: a definition's Fn (its parameters,
 * VLA parameter lengths, K&R definitions), file-scope variables, and the
 * lowering of a body (lower_stmt.c's statements), with the f2c statics it
 * writes before it reads marked fresh.
 *
 * Requires: a function definition cursor (types.c for its types).
 * Provides: front_fn_for, front_global_for, lower_fn.
 */
#include <stdlib.h>
#include <string.h>

#include "../ir/rules.h"
#include "front_int.h"
#include "../ir/ir_parse.h"

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

/* A K&R definition's parameter as its callers pass it (the default
 * argument promotions): float as double, an integer narrower than int as
 * int; NULL when it is passed as declared. A prototype with these types
 * is compatible with the definition (C11 6.7.6.3p15). */
static Type *knr_promoted(CXType t) {
  CXType c = clang_getCanonicalType(t);
  if (c.kind == CXType_Float) return ty_double();
  bool narrow_int = c.kind == CXType_Bool || c.kind == CXType_Char_U || c.kind == CXType_UChar ||
                    c.kind == CXType_Char_S || c.kind == CXType_SChar || c.kind == CXType_Short ||
                    c.kind == CXType_UShort;
  return narrow_int && clang_Type_getSizeOf(c) < (long long)sizeof(int) ? ty_int() : NULL;
}

/* The thread-local keyword of global d as FILE.c spells it (FILE.ad.c's
 * extern declaration must say it too: a TLS mismatch does not link);
 * _Thread_local when a macro of other name stands for it. */
static const char *tls_keyword(Front *fr, CXCursor d) {
  static const char *kw[] = {"_Thread_local", "__thread", "thread_local"};
  CXToken *toks;
  unsigned nt;
  clang_tokenize(fr->tu, clang_getCursorExtent(d), &toks, &nt);
  const char *found = kw[0];
  for (unsigned i = 0; i < nt && found == kw[0]; i++) {
    char *s = cx_str(clang_getTokenSpelling(fr->tu, toks[i]));
    for (int k = 1; k < 3; k++)
      if (str_eq(s, kw[k])) found = kw[k];
    free(s);
  }
  clang_disposeTokens(fr->tu, toks, nt);
  return found;
}

/* Is definition d K&R style, double f(a, b) float a; double b; {...}?
 * (libclang gives it a prototype type.) Its first parameter's declaration
 * starts after the ')' that closes the list after the name. */
static bool knr_definition(Front *fr, CXCursor d, const char *name) {
  if (clang_Cursor_getNumArguments(d) <= 0) return false;
  CXCursor p0 = clang_Cursor_getArgument(d, 0);
  CXSourceRange r = clang_getRange(clang_getRangeStart(clang_getCursorExtent(d)),
                                   clang_getRangeStart(clang_getCursorExtent(p0)));
  CXToken *toks;
  unsigned nt;
  clang_tokenize(fr->tu, r, &toks, &nt);
  bool knr = false;
  int depth = -1;  /* -1: before the name's '(' */
  for (unsigned i = 0; i + 1 < nt && !knr; i++) {
    char *s = cx_str(clang_getTokenSpelling(fr->tu, toks[i]));
    char *next = cx_str(clang_getTokenSpelling(fr->tu, toks[i + 1]));
    if (depth < 0 && str_eq(s, name) && str_eq(next, "(")) {
      depth = 0;
      i++;
    } else if (depth >= 0 && str_eq(s, "(")) {
      depth++;
    } else if (depth >= 0 && str_eq(s, ")")) {
      knr = depth-- == 0;
    }
    free(s);
    free(next);
  }
  clang_disposeTokens(fr->tu, toks, nt);
  return knr;
}

/* Whether declaration d says its function does not return: the
 * attribute noreturn ends its type's spelling ("void (int)
 * __attribute__((noreturn))"; inside the parentheses it is a parameter's),
 * _Noreturn (or <stdnoreturn.h>'s noreturn, C23's [[noreturn]]) a token
 * before its name (libclang has no query for either). */
static bool noreturn_decl(Front *fr, CXCursor d) {
  char *ts = cx_str(clang_getTypeSpelling(clang_getCursorType(d)));
  size_t n = strlen(ts);
  bool yes = (n >= 12 && str_eq(ts + n - 12, "noreturn__))")) || (n >= 10 && str_eq(ts + n - 10, "noreturn))"));
  free(ts);
  CXSourceRange r = clang_getRange(clang_getRangeStart(clang_getCursorExtent(d)), clang_getCursorLocation(d));
  CXToken *toks;
  unsigned nt;
  clang_tokenize(fr->tu, r, &toks, &nt);
  for (unsigned i = 0; i < nt && !yes; i++) {
    char *s = cx_str(clang_getTokenSpelling(fr->tu, toks[i]));
    yes = str_eq(s, "_Noreturn") || str_eq(s, "noreturn") || str_eq(s, "__noreturn__");
    free(s);
  }
  clang_disposeTokens(fr->tu, toks, nt);
  return yes;
}

/* A pointer to function type ft, spelled as lower_type spells one:
 * "double (double, double)" becomes "double (*)(double, double)". */
static Type *fn_pointer_to(CXType ft, Type *fn) {
  char *spell = cx_str(clang_getTypeSpelling(clang_getUnqualifiedType(ft)));
  char *paren = strchr(spell, '(');
  if (!paren) return ty_ptr(fn);
  Type *r = ty_new(TY_PTR, xfmt("%.*s(*)%s", (int)(paren - spell), spell, paren));
  r->base = fn;
  return r;
}

/* An extern inline definition in a system header: GNU inline semantics
 * (glibc's _FORTIFY_SOURCE wrappers, memcpy calling __builtin___memcpy_chk
 * on void pointers), a body for inlining only, of a library function that
 * exists elsewhere. cc-ad takes the function as the library's (memcpy as
 * memcpy, printf as printf), not that body: lowered, it hid the copy of
 * data carrying derivatives behind void pointers. */
static bool library_inline_body(CXCursor def) {
  return clang_Location_isInSystemHeader(clang_getCursorLocation(def)) && clang_Cursor_isFunctionInlined(def) &&
         clang_Cursor_getStorageClass(def) == CX_SC_Extern;
}

Fn *front_fn_for(Front *fr, CXCursor decl) {
  CXCursor canon = clang_getCanonicalCursor(decl);
  char *name = cx_spelling(canon);
  Fn *known = mod_find_fn(fr->m, name);
  if (known) return known;
  CXCursor def = clang_getCursorDefinition(canon);
  if (!clang_Cursor_isNull(def) && library_inline_body(def)) def = clang_getNullCursor();
  /* the program's own exp10 or y1 (strict C declares neither): not the library's */
  if (!clang_Cursor_isNull(def) && rule_find(name)) rule_shadow(name);
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
  f->is_noreturn = noreturn_decl(fr, canon) || noreturn_decl(fr, d);
  CXType ft = clang_getCursorType(d);
  /* XXX(libclang 19): a type without a prototype (T f()) counts as
   * variadic. Defined, its parameters are its definition's (T f() {...}
   * has none: declared T f(void)); only declared, it keeps 'T f()'. */
  bool no_proto = clang_getCanonicalType(ft).kind == CXType_FunctionNoProto;
  f->is_variadic = !no_proto && clang_isFunctionTypeVariadic(ft);
  f->no_proto = no_proto && !f->is_defined;
  f->knr = f->is_defined && knr_definition(fr, d, name);
  f->ret = lower_type(fr, clang_getResultType(ft), NULL, clang_getNullCursor());
  int n = clang_Cursor_getNumArguments(d);
  f->nparams = n > 0 ? n : 0;
  f->params = xmalloc(sizeof(Var *) * (size_t)(f->nparams ? f->nparams : 1));
  for (int i = 0; i < f->nparams; i++) {
    CXCursor p = clang_Cursor_getArgument(d, (unsigned)i);
    char *pn = cx_spelling(p);
    Var *v = fn_new_var(f, *pn ? pn : xfmt("arg%d", i), NULL, VAR_PARAM, cx_loc(fr, p));
    if (*pn && !str_eq(v->name, pn)) v->src_name = pn;  /* renamed away from a file-scope name */
    v->type = lower_type(fr, clang_getCursorType(p), NULL, p);
    if (f->knr) v->knr_type = knr_promoted(clang_getCursorType(p));
    /* A function parameter is a pointer to it (C11 6.7.6.3p8: double
     * f(double t) is double (*f)(double t)). */
    if (v->type->kind == TY_FUNC) v->type = fn_pointer_to(clang_getCursorType(p), v->type);
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
    if (var_named(sc->f->params[i], name)) return ex_var(sc->f->params[i]);
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
  if (clang_getCursorTLSKind(d) != CXTLS_None) v->tls = tls_keyword(fr, d);
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

/* Which parameters does the body of function d assign (=, op=, ++, --)
 * or take the address of? One walk for all of them: each parameter is
 * followed until its first store (what a walk per parameter, stopping
 * there, saw), the walk ends when every one is written. */
typedef struct ParamWrite {
  CXCursor *param;
  bool *follow;    /* a candidate still followed */
  bool *written;   /* assigned, incremented, or its address taken */
  bool *addressed; /* its address (or a member's, an element's) taken */
  int n, open;     /* parameters, candidates not yet written */
} ParamWrite;

/* e without the parentheses and implicit conversions around it (an array
 * before its decay to a pointer). */
static CXCursor strip_unexposed(CXCursor e) {
  while (clang_getCursorKind(e) == CXCursor_ParenExpr || clang_getCursorKind(e) == CXCursor_UnexposedExpr) {
    CXCursor *kids;
    int n = cx_children(e, &kids);
    CXCursor first = n == 1 ? kids[0] : clang_getNullCursor();
    free(kids);
    if (clang_Cursor_isNull(first)) return e;
    e = first;
  }
  return e;
}

/* The declaration e refers to (parentheses and conversions aside), or the null cursor. */
static CXCursor ref_of(CXCursor e) {
  e = strip_unexposed(e);
  return clang_getCursorKind(e) == CXCursor_DeclRefExpr ? clang_getCursorReferenced(e) : clang_getNullCursor();
}

/* The object a member access or a subscript of an array names (q for
 * &q.w, &q.v[i]), else e. A subscript of a pointer or a member through
 * one (&q.p[i], &q.p->w) names memory the pointer leads to, not q. */
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
    if ((k == CXCursor_MemberRefExpr || k == CXCursor_ArraySubscriptExpr) &&
        clang_getCanonicalType(clang_getCursorType(strip_unexposed(first))).kind == CXType_Pointer)
      return e;
    e = first;
  }
}

static void param_written(ParamWrite *pw, int j, bool addressed) {
  if (!pw->written[j]) pw->open--;
  pw->written[j] = true;
  pw->addressed[j] |= addressed;
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
    bool addr = n > 0 && k == CXCursor_UnaryOperator && clang_getCursorUnaryOperatorKind(c) == CXUnaryOperator_AddrOf;
    CXCursor ref = n > 0 ? ref_of(kids[0]) : clang_getNullCursor();
    CXCursor root = addr ? ref_of(member_root(kids[0])) : clang_getNullCursor();
    for (int j = 0; j < pw->n; j++) {
      if (!pw->follow[j] || pw->written[j]) continue;
      bool to_j = !clang_Cursor_isNull(ref) && clang_equalCursors(ref, pw->param[j]);
      bool addr_j = addr && !clang_Cursor_isNull(root) && clang_equalCursors(root, pw->param[j]);
      if (to_j || addr_j) param_written(pw, j, addr_j);
    }
    free(kids);
  }
  return pw->open ? CXChildVisit_Recurse : CXChildVisit_Break;
}

/* An integer parameter that f changes (while (n-- > 0), n /= 2) becomes a
 * local copy made at entry, which f's statements use: the sizes in a
 * request's clauses, and the code cc-ad adds after f's statements (the
 * caller's memory kept, gradients zeroed), read the parameter as the
 * caller passed it. A floating or struct parameter whose address f takes
 * (State *s = &sv, double *p = &x) is copied likewise: the copy is a
 * local, which a split callee keeps in its frame for the backward sweep
 * (the parameter lives in f_fwd's stack frame, gone when f_bwd reads
 * through the pointer). The walk's facts are in pw. NULL: f does not
 * change it. */
static Var *param_copy(Lower *l, const ParamWrite *pw, int j, Var *p) {
  if (!pw->follow[j] || (p->type->kind == TY_INT ? !pw->written[j] : !pw->addressed[j])) return NULL;
  Var *c = fn_new_var(l->fn, p->name, ty_unqual(p->type), VAR_LOCAL, p->loc);
  c->copy_of = p;
  return c;
}

static void find_param_writes(CXCursor fn_cursor, Fn *f, ParamWrite *pw) {
  int n = f->nparams;
  pw->n = n;
  pw->param = xmalloc(sizeof(CXCursor) * (size_t)(n + 1));
  pw->follow = xmalloc((size_t)n + 1);
  pw->written = xmalloc((size_t)n + 1);
  pw->addressed = xmalloc((size_t)n + 1);
  for (int j = 0; j < n; j++) {
    TypeKind k = f->params[j]->type->kind;
    pw->param[j] = clang_Cursor_getArgument(fn_cursor, (unsigned)j);
    pw->follow[j] = k == TY_INT || k == TY_RECORD || k == TY_FLOAT || k == TY_DOUBLE || k == TY_COMPLEX;
    pw->open += pw->follow[j];
  }
  if (pw->open) clang_visitChildren(fn_cursor, find_param_write, pw);
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
  ParamWrite pw = {0};
  find_param_writes(d, f, &pw);
  for (int i = 0; i < f->nparams; i++) {
    Var *c = param_copy(&l, &pw, i, f->params[i]);
    cmap_put(&l.vars, pw.param[i], c ? c : f->params[i]);
    if (c) st_append(copies, st_decl(c, ex_var(f->params[i]), f->params[i]->loc));
  }
  free(pw.param);
  free(pw.follow);
  free(pw.written);
  free(pw.addressed);
  CXCursor *k;
  int n = cx_children(d, &k);
  f->body = st_block(f->loc);
  for (int i = 0; i < n; i++)
    if (clang_getCursorKind(k[i]) == CXCursor_CompoundStmt) {
      Stmt *b = st_block(cx_loc(fr, k[i]));
      for (int j = 0; j < copies->nbody; j++) st_append(b, copies->body[j]);
      l.body = k[i];
      lower_children(&l, k[i], b);
      lower_fold(b);
      f->body = b;
    }
  free(k);
  mark_fresh_statics(f);
  pragma_omp_own_copies(f);
  pragma_omp_check(fr, f);
}
