/*
 * lower_expr.c — S0 -> S1 for expressions.
 *
 * lower_expr returns a pure expression and appends the side effects it had
 * (assignments, ++/--, calls to anything but pure math) as statements to
 * l->pre, in evaluation order. Conditional evaluation (&&, ||, ?:) whose
 * second part has side effects becomes an if statement on a temporary, as does
 * every ?: of struct or union type.
 *
 * Requires: a libclang expression cursor inside a function being lowered.
 * Provides: IR expressions obeying S1 (calls to non-math functions become
 *   statements), or an error at the construct.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/rules.h"
#include "front_int.h"

/* A construct lowering refuses: the error, and a placeholder expression. */

static Type *cx_type(Lower *l, CXCursor c) { return lower_type(l->fr, clang_getCursorType(c), NULL, clang_getNullCursor()); }

/* The type of an operator's result, which is never an array in C.
 * XXX(libclang 19): a parameter declared as an array (double x[n]) has a
 * decayed pointer type that libclang reports as the array it was written
 * as, and x + 1 or c ? x : y inherit it: it is a pointer to the element. */
static Type *cx_rvalue_type(Lower *l, CXCursor c) {
  Type *t = cx_type(l, c);
  return t->kind == TY_ARRAY ? ty_ptr(t->base) : t;
}

/* A fresh local declared in the current pre-block. */
Var *lower_temp(Lower *l, const char *hint, Type *t, Expr *init, SrcLoc loc) {
  Var *v = fn_new_var(l->fn, hint, ty_unqual(t), VAR_LOCAL, loc);
  st_append(l->pre, st_decl(v, init, loc));
  return v;
}

/* A floating operand of more than this many nodes goes to a temporary:
 * derivative code repeats operands in partials (d(a*b) = da*b + a*db), so
 * x*x*...*x of 20000 factors gave code quadratic in size (and 24 GB to
 * make it), and every pass recursed as deep as the chain. A temporary
 * computes the same value (the IR evaluates pure operands after the
 * statement's effects either way). */
enum { MAX_OPERAND_NODES = 48 };

static Walk count_node(Expr *e, void *n) {
  (void)e;
  return ++*(int *)n > MAX_OPERAND_NODES ? WALK_STOP : WALK_ON;
}

static bool too_big(const Expr *e) {
  int n = 0;
  return !ex_each(e, count_node, &n);
}

static Expr *bounded(Lower *l, Expr *e, SrcLoc loc) {
  if (l->no_temps || !e->type || !ty_is_float(e->type) || !too_big(e))
    return e;
  return ex_var(lower_temp(l, "part", e->type, e, loc));
}

/* Lowers c into its own block; returns the value, the block holds the effects. */
Expr *lower_into(Lower *l, CXCursor c, Stmt *block) {
  Stmt *saved = l->pre;
  l->pre = block;
  Expr *e = lower_expr(l, c);
  l->pre = saved;
  return e;
}

static char *single_token(Lower *l, CXCursor c) {
  CXToken *toks;
  unsigned n;
  clang_tokenize(l->fr->tu, cx_written_range(l->fr, c), &toks, &n);
  char *s = NULL;
  if (n == 1) s = cx_str(clang_getTokenSpelling(l->fr->tu, toks[0]));
  clang_disposeTokens(l->fr->tu, toks, n);
  return s;
}

static Expr *literal(Lower *l, CXCursor c) {
  Type *t = cx_type(l, c);
  CXEvalResult r = clang_Cursor_Evaluate(c);
  double v = 0;
  if (r) {
    if (clang_EvalResult_getKind(r) == CXEval_Int)
      v = clang_EvalResult_isUnsignedInt(r) ? (double)clang_EvalResult_getAsUnsigned(r)
                                             : (double)clang_EvalResult_getAsLongLong(r);
    else if (clang_EvalResult_getKind(r) == CXEval_Float)
      v = clang_EvalResult_getAsDouble(r);
    clang_EvalResult_dispose(r);
  }
  Expr *e = ex_num(v, t);
  /* Keep the source spelling (0x10, 1e-3, 'a') when it is one literal token. */
  char *tok = single_token(l, c);
  if (tok && (tok[0] == '.' || tok[0] == '\'' || (tok[0] >= '0' && tok[0] <= '9'))) e->text = tok;
  e->loc = cx_loc(l->fr, c);
  return e;
}

/* 2.0i (GNU), and I, which <complex.h> defines as 1.0iF: the imaginary
 * unit is the number I (no real value: NaN, so no fold takes it for one),
 * times the literal's value. */
static Expr *imaginary(Lower *l, CXCursor c) {
  CXCursor *k;
  int n = cx_children(c, &k);
  Expr *v = n == 1 ? literal(l, k[0]) : NULL;
  free(k);
  if (!v) return unsupported(l, c, D_ODD_EXPR, "ImaginaryLiteral");
  v = ex_num(v->value, v->type);  /* 0.5i spells 0.5 * I (-pedantic) */
  Expr *i = ex_new(EX_NUM, ty_complex(ty_real_of(v->type)), cx_loc(l->fr, c));
  i->value = NAN;
  i->text = "I";
  return v->value == 1.0 ? i : ex_bin(OP_MUL, v, i);
}

/* f is lowered too, once (functions the ones lowered call or take the
 * address of). */
void lower_queue(Lower *l, Fn *f) {
  if (f->is_defined && !f->is_lowered && !f->decl) {
    f->decl = f;  /* mark as queued */
    vec_push(&l->fr->pending, f);
  }
}

/* creal(z), cimag(z), conj(z), in z's precision. */
static Expr *complex_part(Expr *z, const char *fn, SrcLoc loc) {
  bool f = z->type->base->kind == TY_FLOAT;
  Type *t = str_eq(fn, "conj") ? ty_unqual(z->type) : z->type->base;
  Expr *e = ex_call1(f ? xfmt("%sf", fn) : fn, t, z);
  e->loc = loc;
  return e;
}

Var *lower_lookup_var(Lower *l, CXCursor decl);

static Expr *decl_ref(Lower *l, CXCursor c) {
  CXCursor d = clang_getCursorReferenced(c);
  SrcLoc loc = cx_loc(l->fr, c);
  switch (clang_getCursorKind(d)) {
  case CXCursor_VarDecl:
  case CXCursor_ParmDecl: {
    Var *v = lower_lookup_var(l, d);
    Expr *e = ex_var(v);
    e->loc = loc;
    return e;
  }
  case CXCursor_FunctionDecl: {
    /* its address, passed on (qsort(.., cmp), a callback): a static one of
     * FILE.c is copied into FILE.ad.c, so it is lowered too */
    Expr *e = ex_new(EX_FUNC, ty_new(TY_FUNC, NULL), loc);
    e->text = cx_spelling(d);
    lower_queue(l, front_fn_for(l->fr, d));
    return e;
  }
  case CXCursor_EnumConstantDecl: {
    Expr *e = ex_num((double)clang_getEnumConstantDeclValue(d), ty_int());
    /* by name, but the constant of a block-scope enum by value: the
     * generated files do not declare it */
    CXCursor scope = clang_getCursorSemanticParent(clang_getCursorSemanticParent(d));
    if (clang_getCursorKind(scope) != CXCursor_FunctionDecl) e->text = cx_spelling(d);
    e->loc = loc;
    return e;
  }
  default: return unsupported(l, c, D_ODD_REFERENCE);
  }
}

static CXCursor strip_parens_only(CXCursor c) {
  while (clang_getCursorKind(c) == CXCursor_ParenExpr) {
    CXCursor *k;
    int n = cx_children(c, &k);
    if (n != 1) break;
    c = k[0];
    free(k);
  }
  return c;
}

/* Strip parentheses and implicit conversions. */
static CXCursor strip_parens(CXCursor c) {
  while (clang_getCursorKind(c) == CXCursor_ParenExpr || clang_getCursorKind(c) == CXCursor_UnexposedExpr) {
    CXCursor *k;
    int n = cx_children(c, &k);
    if (n != 1) break;
    c = k[0];
    free(k);
  }
  return c;
}

static const char *setjmp_names[] = {"setjmp", "_setjmp", "sigsetjmp", "longjmp", "_longjmp", "siglongjmp", NULL};

/* clang's <tgmath.h>: exp(z) is __tg_exp((__typeof__(__tg_promote(z)))z),
 * an overloaded inline function (a name C cannot print) that calls cexp,
 * expf, ... by the argument's type: the call of that function instead,
 * with the arguments as they were, or NULL if 'name' is not one. */
static const char *tgmath_target(const char *name, Expr **args, int n) {
  if (!str_starts(name, "__tg_") || n < 1) return NULL;
  const char *base = name + 5;
  Type *t = NULL;
  for (int i = 0; i < n; i++) {
    Expr *a = args[i];
    if (a->kind == EX_CAST && !a->is_implicit && ty_same(a->type, a->lhs->type)) args[i] = a = a->lhs;
    if (ty_is_float(a->type) && (!t || (ty_is_complex(a->type) && !ty_is_complex(t)))) t = a->type;
  }
  if (!t) return NULL;
  static const char *cplx_only[] = {"creal", "cimag", "conj", "carg", "cproj", NULL};
  bool only = false;
  for (int i = 0; cplx_only[i]; i++) only |= str_eq(base, cplx_only[i]);
  const char *fn = !ty_is_complex(t) || only ? base : str_eq(base, "fabs") ? "cabs" : xfmt("c%s", base);
  return ty_real_of(t)->kind == TY_FLOAT ? xfmt("%sf", fn) : fn;
}

/* A call of the function 'ref' names. */
Expr *lower_named_call(Lower *l, CXCursor ref, Expr **args, int n, Type *rt, SrcLoc loc) {
  char *name = cx_spelling(ref);
  /* __builtin_memcpy, __builtin_memmove, __builtin_memset are the library's */
  static const char *const builtin_mem[] = {"__builtin_memcpy", "__builtin_memmove", "__builtin_memset", NULL};
  for (int i = 0; builtin_mem[i]; i++)
    if (str_eq(name, builtin_mem[i])) name = xstrdup(name + strlen("__builtin_"));
  /* C11's aligned_alloc(align, size) is malloc(size) to cc-ad, which
   * allocates derivative storage along with it (where unknown, a shadow
   * left NULL was written: a crash); the derivative code's buffers have
   * malloc's alignment */
  if (str_eq(name, "aligned_alloc") && n == 2) {
    name = "malloc";
    args[0] = args[1];
    n = 1;
  }
  Expr *e = ex_call(name, rt, args, n < 0 ? 0 : n);
  e->rt = rt_lookup(name);  /* a call of libccad (ccad_digamma) is its op from here on */
  e->loc = loc;
  Fn *f = front_fn_for(l->fr, ref);
  e->fn = f->is_defined ? f : NULL;
  lower_queue(l, f);
  return e;
}

/* A pointer to data (not to a function) */
static bool data_ptr(const Type *t) { return ty_is_ptr(t) && t->base->kind != TY_FUNC; }

/* A call; 'hoist' puts non-pure calls into a temporary. */
Expr *lower_call_at(Lower *l, CXCursor c, bool hoist) {
  SrcLoc loc = cx_loc(l->fr, c);
  CXCursor ref = clang_getCursorReferenced(c);
  if (clang_getCursorKind(ref) != CXCursor_FunctionDecl) {  /* a callee chosen by _Generic */
    CXCursor *k;
    if (cx_children(c, &k) > 0) {
      CXCursor in = lower_through_generic(l->fr, k[0]);
      if (clang_getCursorKind(in) == CXCursor_DeclRefExpr &&
          clang_getCursorKind(clang_getCursorReferenced(in)) == CXCursor_FunctionDecl)
        ref = clang_getCursorReferenced(in);
    }
    free(k);
  }
  int n = clang_Cursor_getNumArguments(c);
  Expr **args = xmalloc(sizeof(Expr *) * (size_t)(n > 0 ? n : 1));
  for (int i = 0; i < n; i++) args[i] = lower_expr(l, clang_Cursor_getArgument(c, (unsigned)i));
  Type *rt = cx_type(l, c);
  Expr *e;
  if (clang_getCursorKind(ref) == CXCursor_FunctionDecl) {
    char *name = cx_spelling(ref);
    for (int i = 0; setjmp_names[i]; i++)
      if (!strcmp(name, setjmp_names[i]))
        return unsupported(l, c, D_SETJMP, name);
    if (str_eq(name, "qsort") && n == 4 && clang_Cursor_isNull(clang_getCursorDefinition(ref))) {
      Expr *sorted = lower_qsort(l, c, args, loc);  /* of floating data: a permutation */
      if (sorted) return sorted;
    }
    if (n == 3 && (str_eq(name, "sincos") || str_eq(name, "sincosf") || str_eq(name, "__builtin_sincos") ||
                   str_eq(name, "__builtin_sincosf")) &&
        clang_Cursor_isNull(clang_getCursorDefinition(ref)))
      return lower_sincos(l, name, args, loc);  /* GNU: two results of one argument */
    const char *tg = tgmath_target(name, args, n < 0 ? 0 : n);
    if (tg) {
      e = ex_call(tg, rt, args, n < 0 ? 0 : n);
      e->loc = loc;
      if (rule_find(tg)) {
        for (int i = 0; i < e->nargs; i++) e->args[i] = bounded(l, e->args[i], loc);
        return e;
      }
      if (!hoist) return e;
      return ex_var(lower_temp(l, "t", rt, e, loc));
    }
    /* __builtin_assume_aligned(p, align[, offset]) is p, as a void *: an
     * alignment hint (SIMD code writes it), which carries p's derivative */
    if (!strcmp(name, "__builtin_assume_aligned") && n >= 2) {
      Expr *p = ex_cast(rt, args[0]);
      p->loc = loc;
      return p;
    }
    /* CMPLX(x, y) is __builtin_complex((double)(x), (double)(y)) */
    if (!strcmp(name, "__builtin_complex") && ty_is_complex(rt)) {
      name = rt->base->kind == TY_FLOAT ? "CMPLXF" : "CMPLX";
      l->fr->m->uses_cmplx = true;
      e = ex_call(name, rt, args, n < 0 ? 0 : n);
      e->loc = loc;
    } else {
      e = lower_named_call(l, ref, args, n, rt, loc);
      /* (View v = view_of(u, k): a struct of pointers returned by a
       * constructor is inlined, ir_inline.c; other such calls are refused there) */
    }
    if (rule_find(name) && !e->fn) {  /* pure math stays in the expression */
      for (int i = 0; i < e->nargs; i++) e->args[i] = bounded(l, e->args[i], loc);
      return e;
    }
  } else {
    CXCursor *k;
    cx_children(c, &k);
    Expr *callee = lower_expr(l, k[0]);
    CXType pt = clang_getCanonicalType(clang_getCursorType(k[0]));
    free(k);
    /* floating data in the result or an argument, also behind a struct's
     * pointers (darknet's l.forward(l, net): layer and network by value) */
    bool floaty = ty_reaches_float(rt);
    for (int i = 0; i < n; i++) floaty |= ty_reaches_float(args[i]->type);
    /* or a data pointer (void *: GSL's s->type->alloc(dim) and free(state)),
     * whose memory may come to carry derivatives */
    bool ptrs = data_ptr(rt);
    for (int i = 0; i < n; i++) ptrs |= data_ptr(args[i]->type);
    if ((floaty || ptrs) && pt.kind == CXType_Pointer)
      return lower_fnptr_dispatch(l, callee, clang_getCanonicalType(clang_getPointeeType(pt)), args, n, rt, loc,
                                  floaty);
    if ((floaty || ptrs) && (pt.kind == CXType_FunctionProto || pt.kind == CXType_FunctionNoProto))
      return lower_fnptr_dispatch(l, callee, pt, args, n, rt, loc, floaty);  /* a parameter declared double f(double) */
    if (floaty)
      return unsupported(l, c, D_FNPTR_CALL);
    e = ex_call(NULL, rt, args, n < 0 ? 0 : n);
    e->lhs = callee;
    e->loc = loc;
  }
  if (!hoist) return e;
  if (rt->kind == TY_VOID) {
    st_append(l->pre, st_expr(e, loc));
    return ex_int(0);
  }
  return ex_var(lower_temp(l, "t", rt, e, loc));
}

Expr *lower_call_unhoisted(Lower *l, CXCursor c);
Expr *lower_call_unhoisted(Lower *l, CXCursor c) { return lower_call_at(l, strip_parens(c), false); }

/* The call a value to be assigned is, under parentheses, implicit
 * conversions and pointer casts of a pointer result
 * (`(double *)malloc(n * sizeof(double))`): storing the call into the pointer
 * directly is the same C, and analyses see the allocation whichever way
 * it is spelled. Anything else is returned stripped of parentheses and
 * implicit conversions only. */
CXCursor lower_call_operand(CXCursor c);
CXCursor lower_call_operand(CXCursor c) {
  c = strip_parens(c);
  CXCursor in = c;
  while (clang_getCursorKind(in) == CXCursor_CStyleCastExpr && clang_getCanonicalType(clang_getCursorType(in)).kind == CXType_Pointer) {
    CXCursor *k;
    int n = cx_children(in, &k);
    CXCursor op = n ? strip_parens(k[n - 1]) : in;
    free(k);
    if (!n || clang_getCanonicalType(clang_getCursorType(op)).kind != CXType_Pointer) break;
    in = op;
  }
  return clang_getCursorKind(in) == CXCursor_CallExpr ? in : c;
}

static BinOp binop_of(enum CXBinaryOperatorKind k, bool *ok) {
  *ok = true;
  switch (k) {
  case CXBinaryOperator_Mul:
  case CXBinaryOperator_MulAssign: return OP_MUL;
  case CXBinaryOperator_Div:
  case CXBinaryOperator_DivAssign: return OP_DIV;
  case CXBinaryOperator_Rem:
  case CXBinaryOperator_RemAssign: return OP_MOD;
  case CXBinaryOperator_Add:
  case CXBinaryOperator_AddAssign: return OP_ADD;
  case CXBinaryOperator_Sub:
  case CXBinaryOperator_SubAssign: return OP_SUB;
  case CXBinaryOperator_Shl:
  case CXBinaryOperator_ShlAssign: return OP_SHL;
  case CXBinaryOperator_Shr:
  case CXBinaryOperator_ShrAssign: return OP_SHR;
  case CXBinaryOperator_LT: return OP_LT;
  case CXBinaryOperator_GT: return OP_GT;
  case CXBinaryOperator_LE: return OP_LE;
  case CXBinaryOperator_GE: return OP_GE;
  case CXBinaryOperator_EQ: return OP_EQ;
  case CXBinaryOperator_NE: return OP_NE;
  case CXBinaryOperator_And:
  case CXBinaryOperator_AndAssign: return OP_BAND;
  case CXBinaryOperator_Xor:
  case CXBinaryOperator_XorAssign: return OP_BXOR;
  case CXBinaryOperator_Or:
  case CXBinaryOperator_OrAssign: return OP_BOR;
  case CXBinaryOperator_LAnd: return OP_LAND;
  case CXBinaryOperator_LOr: return OP_LOR;
  default: *ok = false; return OP_ADD;
  }
}

/* lhs op= rhs (op NULL: plain assignment) as a statement; returns the lvalue. */
/* &__real__ z, &__imag__ z (GNU): (double *)&z and (double *)&z + 1, the
 * parts of a complex value being an array of two reals (C11 6.2.5). NULL
 * when a is no such part. */
static Expr *part_address(Expr *a, SrcLoc loc) {
  if (a->kind != EX_CALL || a->nargs != 1 || !a->text) return NULL;
  bool re = str_eq(a->text, "creal") || str_eq(a->text, "crealf");
  if (!re && !str_eq(a->text, "cimag") && !str_eq(a->text, "cimagf")) return NULL;
  Expr *z = a->args[0];
  if (!ty_is_complex(z->type) || !ex_is_lvalue(z)) return NULL;
  Expr *p = ex_cast(ty_ptr(z->type->base), ex_addr(z));
  if (!re) p = ex_bin(OP_ADD, p, ex_int(1));
  p->loc = loc;
  return p;
}

/* __real__ z = v, __imag__ z *= 2 (GNU): the lhs lowered to creal(z) or
 * cimag(z); the store is z = CMPLX(v, cimag(z)) or CMPLX(creal(z), v).
 * Returns the part's new value, or NULL when lhs is no such part. */
static Expr *store_part(Lower *l, Expr *lhs, Expr *rhs, SrcLoc loc) {
  if (lhs->kind != EX_CALL || lhs->nargs != 1 || !lhs->text) return NULL;
  const char *fn = lhs->text;
  bool re = str_eq(fn, "creal") || str_eq(fn, "crealf");
  if (!re && !str_eq(fn, "cimag") && !str_eq(fn, "cimagf")) return NULL;
  Expr *z = lhs->args[0];
  if (!ty_is_complex(z->type) || !ex_is_lvalue(z)) return NULL;
  Type *part = z->type->base;
  if (!ty_same(rhs->type, part)) rhs = ex_cast(ty_unqual(part), rhs);
  Expr *other = complex_part(ir_clone_expr(z, NULL), re ? "cimag" : "creal", loc);
  Expr *args[2] = {re ? rhs : other, re ? other : rhs};
  bool f = part->kind == TY_FLOAT;
  Expr *whole = ex_call(f ? "CMPLXF" : "CMPLX", ty_unqual(z->type), args, 2);
  whole->loc = loc;
  l->fr->m->uses_cmplx = true;
  st_append(l->pre, st_assign(z, whole, loc));
  return complex_part(ir_clone_expr(z, NULL), re ? "creal" : "cimag", loc);
}

Expr *lower_assign(Lower *l, CXCursor c) {
  CXCursor *k;
  cx_children(c, &k);
  SrcLoc loc = cx_loc(l->fr, c);
  enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
  Expr *rhs;
  CXCursor rc = lower_call_operand(k[1]);
  Type *lt = cx_type(l, k[0]);
  /* y = g(x): keep the call in the assignment when no conversion intervenes. */
  if (op == CXBinaryOperator_Assign && clang_getCursorKind(rc) == CXCursor_CallExpr &&
      (ty_same(cx_type(l, rc), lt) || (ty_is_ptr(cx_type(l, rc)) && ty_is_ptr(lt))))
    rhs = lower_call_at(l, rc, false);
  else
    rhs = lower_expr(l, k[1]);
  Expr *lhs = lower_expr(l, k[0]);
  free(k);
  if (op != CXBinaryOperator_Assign) {
    bool ok;
    BinOp b = binop_of(op, &ok);
    rhs = ex_bin(b, ir_clone_expr(lhs, NULL), rhs);
    if (!ty_same(rhs->type, lhs->type) && ty_is_arith(lhs->type)) rhs = ex_cast(ty_unqual(lhs->type), rhs);
  }
  Expr *part = store_part(l, lhs, rhs, loc);
  if (part) return part;
  st_append(l->pre, st_assign(lhs, rhs, loc));
  return ir_clone_expr(lhs, NULL);
}

/* ++x, x++, --x, x--; 'want' asks for the value. */
Expr *lower_incdec(Lower *l, CXCursor c, bool want) {
  enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
  CXCursor *k;
  cx_children(c, &k);
  Expr *lv = lower_expr(l, k[0]);
  free(k);
  SrcLoc loc = cx_loc(l->fr, c);
  bool post = op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PostDec;
  bool inc = op == CXUnaryOperator_PostInc || op == CXUnaryOperator_PreInc;
  Expr *old = NULL;
  if (want && post) old = ex_var(lower_temp(l, "old", lv->type, ir_clone_expr(lv, NULL), loc));
  Expr *one = ex_num(1, ty_is_float(lv->type) ? lv->type : ty_int());
  Expr *rhs = ex_bin(inc ? OP_ADD : OP_SUB, ir_clone_expr(lv, NULL), one);
  rhs->type = ty_unqual(lv->type);
  if (store_part(l, lv, rhs, loc)) return old ? old : ir_clone_expr(lv, NULL);
  st_append(l->pre, st_assign(lv, rhs, loc));
  return old ? old : ir_clone_expr(lv, NULL);
}

/* An expression evaluated for its effects only (a statement, the left of a
 * comma): i++ needs no temporary for the old value. */
void lower_effect(Lower *l, CXCursor c) {
  c = strip_parens_only(c);
  enum CXCursorKind kind = clang_getCursorKind(c);
  if (kind == CXCursor_BinaryOperator || kind == CXCursor_CompoundAssignOperator) {
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
    if (op >= CXBinaryOperator_Assign && op <= CXBinaryOperator_OrAssign) {
      lower_assign(l, c);
      return;
    }
    if (op == CXBinaryOperator_Comma) {
      CXCursor *k;
      cx_children(c, &k);
      lower_effect(l, k[0]);
      lower_effect(l, k[1]);
      free(k);
      return;
    }
  }
  if (kind == CXCursor_UnaryOperator) {
    enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
    if (op >= CXUnaryOperator_PostInc && op <= CXUnaryOperator_PreDec) {
      lower_incdec(l, c, false);
      return;
    }
  }
  if (kind == CXCursor_ConditionalOperator && cx_rvalue_type(l, c)->kind == TY_VOID) {
    /* x ? (void)0 : fail(..) (assert-like macros): an if, no temporary of type void */
    CXCursor *k;
    cx_children(c, &k);
    SrcLoc loc = cx_loc(l->fr, c);
    Stmt *s = st_new(ST_IF, loc), *saved = l->pre;
    s->cond = lower_expr(l, k[0]);
    s->then = l->pre = st_block(loc);
    lower_effect(l, k[1]);
    s->els = l->pre = st_block(loc);
    lower_effect(l, k[2]);
    l->pre = saved;
    free(k);
    st_append(l->pre, s);
    return;
  }
  if (kind == CXCursor_CallExpr) {
    Expr *e = lower_call_at(l, c, false);
    if (e->kind == EX_VAR)  /* a call through a pointer: the dispatch is in l->pre, its value unused */
      st_append(l->pre, st_expr(ex_cast(ty_void(), e), cx_loc(l->fr, c)));
    if (e->kind != EX_CALL) return;
    st_append(l->pre, e->type->kind == TY_VOID || !rule_find(e->text) ? st_expr(e, cx_loc(l->fr, c)) : NULL);
    return;
  }
  lower_expr(l, c);
}

/* Expressions nested deeper than this are an error (every pass recurses
 * as deep as the tree); long floating chains never get there, see
 * bounded(). */
enum { MAX_EXPR_NESTING = 100000 };

static Expr *lower_expr_at(Lower *l, CXCursor c);

Expr *lower_expr(Lower *l, CXCursor c) {
  if (l->expr_depth >= MAX_EXPR_NESTING) {
    if (!l->too_deep)
      diag_at(cx_loc(l->fr, c), D_EXPR_TOO_DEEP, MAX_EXPR_NESTING);
    l->too_deep = true;
    return ex_int(0);
  }
  l->expr_depth++;
  Expr *e = lower_expr_at(l, c);
  l->expr_depth--;
  return e;
}

static Expr *lower_expr_at(Lower *l, CXCursor c) {
  enum CXCursorKind kind = clang_getCursorKind(c);
  SrcLoc loc = cx_loc(l->fr, c);
  CXCursor *k = NULL;
  int n;
  Expr *e;
  const char *handle = kind != CXCursor_DeclRefExpr ? cx_mpi_macro(l->fr, c) : NULL;
  if (handle) {  /* MPI_DOUBLE by name; NaN: no fold takes it for a number */
    e = ex_num(NAN, cx_type(l, c));
    e->text = handle;
    e->loc = loc;
    return e;
  }
  /* Vector values and long double complex have no IR type: lowered as
   * anything else their derivatives would be lost (a zero gradient, silently). */
  CXType ct = clang_getCanonicalType(clang_getCursorType(c));
  enum CXTypeKind tk = ct.kind;
  if (tk == CXType_Complex && clang_getCanonicalType(clang_getElementType(ct)).kind != CXType_Float &&
      clang_getCanonicalType(clang_getElementType(ct)).kind != CXType_Double) {
    if (l->ldcomplex_told) return ex_int(0);  /* (its operands, the statements after) */
    l->ldcomplex_told = true;
    return unsupported(l, c, D_COMPLEX);
  }
  if (tk == CXType_Vector || tk == CXType_ExtVector) return unsupported(l, c, D_VECTOR);
  switch (kind) {
  case CXCursor_ParenExpr:
    n = cx_children(c, &k);
    e = lower_expr(l, k[n - 1]);
    free(k);
    return e;
  case CXCursor_IntegerLiteral:
  case CXCursor_FloatingLiteral:
  case CXCursor_CharacterLiteral: return literal(l, c);
  case CXCursor_ImaginaryLiteral: return imaginary(l, c);
  case CXCursor_StringLiteral:
    e = ex_new(EX_STR, ty_ptr(ty_new(TY_INT, "char")), loc);
    e->text = cx_spelling(c);
    return e;
  case CXCursor_DeclRefExpr: return decl_ref(l, c);
  case CXCursor_UnexposedExpr: {
    n = cx_children(c, &k);
    if (n != 1) {
      free(k);
      CXEvalResult r = clang_Cursor_Evaluate(c);
      if (r) {
        clang_EvalResult_dispose(r);
        return literal(l, c);
      }
      return unsupported(l, c, D_ODD_PAREN);
    }
    Expr *inner = lower_expr(l, k[0]);
    free(k);
    Type *t = cx_type(l, c);
    /* XXX(libclang 19): a parameter declared as an array (double x[]) is
     * read through an implicit "cast" to its declared array type; it is
     * the pointer itself */
    if (t->kind == TY_ARRAY && ty_is_ptr(inner->type)) return inner;
    if (t->kind == TY_VOID || ty_same(t, inner->type)) {
      if (t->kind == TY_INT && inner->type->kind == TY_INT) inner->type = t;
      return inner;
    }
    e = ex_cast(t, inner);
    e->is_implicit = true;
    return e;
  }
  case CXCursor_CStyleCastExpr:
    n = cx_children(c, &k);
    e = ex_cast(cx_type(l, c), lower_expr(l, k[n - 1]));
    e->loc = loc;
    free(k);
    return e;
  case CXCursor_CallExpr: return lower_call_at(l, c, true);
  case CXCursor_ArraySubscriptExpr:
    cx_children(c, &k);
    {
      Expr *base = lower_expr(l, k[0]);
      Expr *idx = lower_expr(l, k[1]);
      free(k);
      e = ex_new(EX_INDEX, cx_type(l, c), loc);
      e->lhs = base;
      e->rhs = idx;
      return e;
    }
  case CXCursor_MemberRefExpr:
    n = cx_children(c, &k);
    if (n < 1) return unsupported(l, c, D_ODD_MEMBER);
    e = ex_new(EX_MEMBER, cx_type(l, c), loc);
    e->lhs = lower_expr(l, k[0]);
    free(k);
    e->text = cx_spelling(c);
    e->is_arrow = ty_is_ptr(e->lhs->type);
    return e;
  case CXCursor_ConditionalOperator: {
    cx_children(c, &k);
    Expr *cond = lower_expr(l, k[0]);
    Stmt *ba = st_block(loc), *bb = st_block(loc);
    Expr *a = lower_into(l, k[1], ba);
    Expr *b = lower_into(l, k[2], bb);
    free(k);
    Type *t = cx_rvalue_type(l, c);
    /* A struct (or union) value: always an if on a temporary, so every mode
     * sees two plain struct copies (a struct-valued ?: had no tangent, no
     * adjoint). A file-scope initializer has nowhere to put one. */
    bool record = t->kind == TY_RECORD && !l->no_temps;
    if (!ba->nbody && !bb->nbody && !record) {
      e = ex_cond(cond, a, b);
      e->type = t;
      return e;
    }
    /* Side effects in a branch: c ? a : b  =>  if (c) {..; t = a} else {..; t = b} */
    Var *v = lower_temp(l, "sel", t, NULL, loc);
    st_append(ba, st_assign(ex_var(v), a, loc));
    st_append(bb, st_assign(ex_var(v), b, loc));
    Stmt *s = st_new(ST_IF, loc);
    s->cond = cond;
    s->then = ba;
    s->els = bb;
    st_append(l->pre, s);
    return ex_var(v);
  }
  case CXCursor_BinaryOperator:
  case CXCursor_CompoundAssignOperator: {
    enum CXBinaryOperatorKind op = clang_getCursorBinaryOperatorKind(c);
    if (op >= CXBinaryOperator_Assign && op <= CXBinaryOperator_OrAssign) return lower_assign(l, c);
    cx_children(c, &k);
    if (op == CXBinaryOperator_Comma) {
      lower_effect(l, k[0]);  /* only its effects count */
      e = lower_expr(l, k[1]);
      free(k);
      return e;
    }
    bool ok;
    BinOp b = binop_of(op, &ok);
    if (!ok) {
      free(k);
      return unsupported(l, c, D_ODD_OPERATOR);
    }
    Expr *a = lower_expr(l, k[0]);
    if (b == OP_LAND || b == OP_LOR) {
      Stmt *bb = st_block(loc);
      Expr *r = lower_into(l, k[1], bb);
      free(k);
      if (!bb->nbody) return ex_bin(b, a, r);
      /* a && b with effects in b  =>  t = a != 0; if (t) { ..; t = b != 0; } */
      Var *v = lower_temp(l, "cond", ty_int(), ex_bin(OP_NE, a, ex_int(0)), loc);
      st_append(bb, st_assign(ex_var(v), ex_bin(OP_NE, r, ex_int(0)), loc));
      Stmt *s = st_new(ST_IF, loc);
      s->cond = b == OP_LAND ? ex_var(v) : ex_un(OP_NOT, ex_var(v));
      s->then = bb;
      st_append(l->pre, s);
      return ex_var(v);
    }
    Expr *r = lower_expr(l, k[1]);
    free(k);
    e = ex_bin(b, bounded(l, a, loc), bounded(l, r, loc));
    e->type = cx_rvalue_type(l, c);
    e->loc = loc;
    return e;
  }
  case CXCursor_UnaryOperator: {
    enum CXUnaryOperatorKind op = clang_getCursorUnaryOperatorKind(c);
    if (op >= CXUnaryOperator_PostInc && op <= CXUnaryOperator_PreDec) return lower_incdec(l, c, true);
    cx_children(c, &k);
    Expr *a = lower_expr(l, k[0]);
    free(k);
    switch (op) {
    case CXUnaryOperator_AddrOf:
      if (a->kind == EX_FUNC) return a;
      if ((e = part_address(a, loc))) return e;
      e = ex_addr(a);
      break;
    case CXUnaryOperator_Deref: e = ex_deref(a); break;
    case CXUnaryOperator_Plus: e = ex_un(OP_PLUS, bounded(l, a, loc)); break;
    case CXUnaryOperator_Minus: e = ex_un(OP_NEG, bounded(l, a, loc)); break;
    case CXUnaryOperator_Not:  /* ~z on a complex number (GNU): conj(z) */
      if (ty_is_complex(a->type)) return complex_part(a, "conj", loc);
      e = ex_un(OP_BNOT, a);
      break;
    case CXUnaryOperator_LNot: e = ex_un(OP_NOT, a); break;
    case CXUnaryOperator_Extension: return a;
    case CXUnaryOperator_Real:  /* __real__ z, __imag__ z (GNU): creal(z), cimag(z) */
    case CXUnaryOperator_Imag:
      if (!ty_is_complex(a->type)) return op == CXUnaryOperator_Real ? a : ex_num(0, cx_type(l, c));
      return complex_part(a, op == CXUnaryOperator_Real ? "creal" : "cimag", loc);
    default: return unsupported(l, c, D_COMPLEX_UNARY);
    }
    e->type = cx_type(l, c);
    e->loc = loc;
    return e;
  }
  case CXCursor_UnaryExpr: return lower_sizeof(l, c);
  case CXCursor_GenericSelectionExpr: {  /* resolved at compile time: the chosen association */
    CXCursor pick = cx_generic_choice(l->fr, c);
    if (clang_Cursor_isNull(pick)) return unsupported(l, c, D_GENERIC_UNKNOWN);
    return lower_expr(l, pick);
  }
  case CXCursor_InitListExpr: return lower_init_list(l, c);
  case CXCursor_CompoundLiteralExpr: return lower_compound_literal(l, c);
  case CXCursor_StmtExpr: return lower_stmt_expr(l, c);
  default: {
    char *what = cx_str(clang_getCursorKindSpelling(kind));
    return unsupported(l, c, D_ODD_EXPR, what);
  }
  }
}
