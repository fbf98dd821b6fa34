/*
 * pragma_check.c — requests against FILE.c: the named function (found,
 * defined, queued for lowering), the generated name (free), each clause's
 * items (parameters of the function, floating, sizes that are element
 * counts, one per dimension, no repeats).
 *
 * Requires: the parsed requests (pragma.c), FILE.c's declarations.
 * Provides: r->fn and checked items for each request on a function of
 *           FILE.c; composed ones (jvp(f_grad)) are left to the planner,
 *           which calls front_check_request once f_grad exists.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_parse.h"
#include "front_int.h"


/* ---- Resolution against the module ----------------------------------- */

/* ---- Sizes ------------------------------------------------------------ */

/* A size as C text, for messages (fully parenthesised). */
static void expr_text(StrBuf *b, const Expr *e) {
  static const char *const ops[] = {"+", "-", "*", "/", "%", "<", ">", "<=", ">=", "==", "!=", "&", "|", "^",
                                    "<<", ">>", "&&", "||", "-", "+", "!", "~"};
  switch (e->kind) {
  case EX_NUM:
    if (e->text) sb_puts(b, e->text);
    else sb_printf(b, "%g", e->value);
    break;
  case EX_VAR: sb_puts(b, e->var->name); break;
  case EX_MEMBER:
    expr_text(b, e->lhs);
    sb_printf(b, "%s%s", e->is_arrow ? "->" : ".", e->text);
    break;
  case EX_INDEX:
    expr_text(b, e->lhs);
    sb_putc(b, '[');
    expr_text(b, e->rhs);
    sb_putc(b, ']');
    break;
  case EX_UN:
    sb_puts(b, ops[e->op]);
    expr_text(b, e->lhs);
    break;
  case EX_CAST:
    sb_printf(b, "(%s)", e->type->name);
    expr_text(b, e->lhs);
    break;
  case EX_BIN:
    for (int side = 0; side < 2; side++) {
      const Expr *o = side ? e->rhs : e->lhs;
      bool paren = o->kind == EX_BIN || o->kind == EX_COND;
      if (side) sb_printf(b, " %s ", ops[e->op]);
      if (paren) sb_putc(b, '(');
      expr_text(b, o);
      if (paren) sb_putc(b, ')');
    }
    break;
  default: sb_puts(b, "..."); break;
  }
}

static char *size_text(const Expr *e) {
  if (!e) return xstrdup("?");
  StrBuf b = {0};
  expr_text(&b, e);
  return sb_take(&b);
}

static const char *type_words(const Type *t) {
  if (!t) return "not a number";
  switch (t->kind) {
  case TY_PTR: return "a pointer";
  case TY_ARRAY: return "an array";
  case TY_FLOAT:
  case TY_DOUBLE:
  case TY_LDOUBLE: return "floating";
  case TY_COMPLEX: return "complex";
  case TY_RECORD: return "a struct";
  default: return "not an integer";
  }
}

static bool size_constant(const Expr *e, long *v);

/* Why 'e' cannot be an element count; NULL when it can. */
static const char *size_problem(const Expr *e) {
  const char *p;
  switch (e->kind) {
  case EX_NUM: return e->type && e->type->kind != TY_INT ? xfmt("%g is not an integer", e->value) : NULL;
  case EX_VAR:
  case EX_MEMBER:
  case EX_INDEX:
  case EX_DEREF:
    if (e->kind == EX_INDEX && (p = size_problem(e->rhs))) return p;
    if (!e->type || e->type->kind != TY_INT)
      return xfmt("'%s' is %s; a size is an integer element count", size_text(e), type_words(e->type));
    return NULL;
  case EX_UN: return size_problem(e->lhs);
  case EX_CAST: return size_problem(e->lhs);  /* (size_t)n: the parser casts to integers only */
  case EX_BIN: {
    long v;
    if ((p = size_problem(e->lhs)) || (p = size_problem(e->rhs))) return p;
    if ((e->op == OP_DIV || e->op == OP_MOD) && size_constant(e->rhs, &v) && v == 0) return "it divides by zero";
    return NULL;
  }
  case EX_COND:
    if ((p = size_problem(e->cond)) || (p = size_problem(e->lhs)) || (p = size_problem(e->rhs))) return p;
    return NULL;
  case EX_SIZEOF: return NULL;  /* bytes / sizeof(double) */
  case EX_CALL:
    return xfmt("it calls '%s', which the generated code may not see; pass the count as a parameter", e->text);
  default: return "it is not an expression over the parameters";
  }
}

/* The value of a size without parameters in it; false if it has some. */
static bool size_constant(const Expr *e, long *v) {
  long a, b;
  switch (e->kind) {
  case EX_NUM: *v = (long)e->value; return true;
  case EX_UN:
    if (!size_constant(e->lhs, &a)) return false;
    *v = e->op == OP_NEG ? -a : e->op == OP_NOT ? !a : e->op == OP_BNOT ? ~a : a;
    return true;
  case EX_COND:
    if (!size_constant(e->cond, &a)) return false;
    return size_constant(a ? e->lhs : e->rhs, v);
  case EX_CAST: return size_constant(e->lhs, v);
  case EX_BIN:
    if (!size_constant(e->lhs, &a) || !size_constant(e->rhs, &b)) return false;
    switch (e->op) {
    case OP_ADD: *v = a + b; return true;
    case OP_SUB: *v = a - b; return true;
    case OP_MUL: *v = a * b; return true;
    case OP_DIV: *v = b ? a / b : 0; return b != 0;
    case OP_MOD: *v = b ? a % b : 0; return b != 0;
    case OP_LT: *v = a < b; return true;
    case OP_GT: *v = a > b; return true;
    case OP_LE: *v = a <= b; return true;
    case OP_GE: *v = a >= b; return true;
    case OP_EQ: *v = a == b; return true;
    case OP_NE: *v = a != b; return true;
    case OP_LAND: *v = a && b; return true;
    case OP_LOR: *v = a || b; return true;
    case OP_BAND: *v = a & b; return true;
    case OP_BOR: *v = a | b; return true;
    case OP_BXOR: *v = a ^ b; return true;
    case OP_SHL: *v = b >= 0 && b < 62 && a >= 0 ? a << b : 0; return b >= 0 && b < 62 && a >= 0;
    case OP_SHR: *v = b >= 0 && b < 63 ? a >> b : 0; return b >= 0 && b < 63;
    default: return false;
    }
  default: return false;
  }
}

/* Do two sizes say the same thing (same tree, constants folded)? */
static bool size_same(const Expr *a, const Expr *b) {
  long x, y;
  if (size_constant(a, &x) && size_constant(b, &y)) return x == y;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case EX_VAR: return a->var == b->var || str_eq(a->var->name, b->var->name);
  case EX_MEMBER: return a->is_arrow == b->is_arrow && str_eq(a->text, b->text) && size_same(a->lhs, b->lhs);
  case EX_INDEX:
  case EX_BIN: return a->op == b->op && size_same(a->lhs, b->lhs) && size_same(a->rhs, b->rhs);
  case EX_UN: return a->op == b->op && size_same(a->lhs, b->lhs);
  case EX_CAST: return str_eq(a->type->name, b->type->name) && size_same(a->lhs, b->lhs);
  case EX_COND: return size_same(a->cond, b->cond) && size_same(a->lhs, b->lhs) && size_same(a->rhs, b->rhs);
  default: return false;
  }
}

/* The outer length of an array parameter as declared (double M[n][p]: "n"),
 * read from its declarator; NULL when the declaration has none. */
static char *declared_rows(Front *fr, Fn *f, int param, int nlev) {
  for (int i = 0; i < fr->m->fns.len; i++) {
    if (fr->m->fns.data[i] != f) continue;
    CXCursor p = clang_Cursor_getArgument(*(CXCursor *)fr->fn_cursors.data[i], (unsigned)param);
    CXCursor *kids;
    int n = cx_children(p, &kids), nexpr = 0;
    for (int k = 0; k < n; k++) nexpr += clang_isExpression(clang_getCursorKind(kids[k])) != 0;
    free(kids);
    if (nexpr != nlev + 1) return NULL;
    /* the tokens of the first [...] after the name: a length's own extent
     * starts in the macro's definition where it is one (double M[NN][PP]) */
    CXToken *toks;
    unsigned nt;
    CXSourceRange r = clang_getRange(clang_getCursorLocation(p), clang_getRangeEnd(clang_getCursorExtent(p)));
    clang_tokenize(fr->tu, r, &toks, &nt);
    StrBuf b = {0};
    int depth = 0;
    for (unsigned k = 0; k < nt; k++) {
      char *s = cx_str(clang_getTokenSpelling(fr->tu, toks[k]));
      depth += !strcmp(s, "[") - !strcmp(s, "]");
      if (!depth && !strcmp(s, "]")) break;
      if (depth > 1 || (depth == 1 && strcmp(s, "["))) sb_puts(&b, s);
    }
    clang_disposeTokens(fr->tu, toks, nt);
    return b.len ? sb_take(&b) : NULL;
  }
  return NULL;
}

/* Names in a size: the function's parameters, object-like macros (#define
 * N 100, whose text is parsed in turn), file-scope enumeration constants
 * and, in sizeof, typedefs: the last two from front.c's tables, which
 * outlive the TU, so that a request on a generated function (vmap(f_grad))
 * reads its sizes as a request on f does. */
typedef struct SizeCtx {
  Front *fr;
  Fn *fn;
  int depth;
} SizeCtx;

/* name as an integer constant: an object-like macro whose text is one
 * (or names one: #define K NSNAP), or a file-scope enumeration constant */
bool front_int_constant(Front *fr, const char *name, long long *value) {
  for (int depth = 0; depth < 16; depth++) {
    int i = fr->macro_names.len - 1;
    while (i >= 0 && strcmp(fr->macro_names.data[i], name)) i--;
    if (i < 0) break;
    const char *t = fr->macro_texts.data[i];
    while (*t == ' ' || *t == '(') t++;
    char *end;
    long long v = strtoll(t, &end, 0);
    while (*end == ' ' || *end == ')' || *end == 'u' || *end == 'U' || *end == 'l' || *end == 'L') end++;
    if (end != t && !*end) {
      *value = v;
      return true;
    }
    if (!isalpha((unsigned char)*t) && *t != '_') return false;
    name = xstrndup(t, strcspn(t, " )"));
  }
  long long *v = strmap_get(&fr->enum_consts, name);
  if (v) *value = *v;
  return v != NULL;
}

static Expr *size_ident(ParseResolver *r, const char *name) {
  SizeCtx *ctx = r->ctx;
  Fn *f = ctx->fn;
  for (int i = 0; i < f->nparams; i++)
    if (var_named(f->params[i], name)) return ex_var(f->params[i]);
  for (int i = ctx->fr->macro_names.len - 1; i >= 0 && ctx->depth < 16; i--) {
    if (strcmp(ctx->fr->macro_names.data[i], name)) continue;
    ctx->depth++;
    Expr *e = ir_parse_expr(ctx->fr->macro_texts.data[i], r, NULL, NULL);
    ctx->depth--;
    return e;
  }
  long long *v = strmap_get(&ctx->fr->enum_consts, name);  /* enum { N = 8 }; */
  if (!v) return NULL;
  Expr *e = ex_num((double)*v, ty_int());
  e->text = xfmt("%lld", *v);
  return e;
}

/* sizeof(name) where name is a type: a file-scope typedef by its size in
 * bytes (as FILE.c is compiled: the generated code is compiled alike), an
 * object-like macro spelling a type by that type (#define REAL double); a
 * parameter is no type. */
static Expr *size_type(ParseResolver *r, const char *name) {
  SizeCtx *ctx = r->ctx;
  Fn *f = ctx->fn;
  for (int i = 0; i < f->nparams; i++)
    if (var_named(f->params[i], name)) return NULL;
  for (int i = ctx->fr->macro_names.len - 1; i >= 0 && ctx->depth < 16; i--) {
    if (strcmp(ctx->fr->macro_names.data[i], name)) continue;
    ctx->depth++;
    Expr *e = ir_parse_expr(xfmt("sizeof(%s)", (char *)ctx->fr->macro_texts.data[i]), r, NULL, NULL);
    ctx->depth--;
    return e && !(e->kind == EX_SIZEOF && e->lhs) ? e : NULL;  /* sizeof of an operand: not a type */
  }
  long long *size = strmap_get(&ctx->fr->typedef_sizes, name);
  if (!size) return NULL;
  Expr *e = ex_num((double)*size, ty_size_t());
  e->text = xfmt("%lld", *size);
  return e;
}

/* One [size] of item 'it': parsed, an integer, positive where constant. */
static Expr *parse_size(Front *fr, Fn *f, ReqItem *it, int k) {
  SizeCtx ctx = {fr, f, 0};
  ParseResolver pr = {.ident = size_ident, .type_size = size_type, .float_type = ty_double(), .ctx = &ctx};
  const char *err;
  int col;
  Expr *e = ir_parse_expr(it->dims[k], &pr, &err, &col);
  SrcLoc l = it->dim_loc[k];
  if (!e) {
    l.col += col;
    diag_at(l, D_SIZE_SYNTAX, it->name, err);
    return NULL;
  }
  const char *why = size_problem(e);
  long v;
  if (why) {
    diag_at(l, D_SIZE_NOT_COUNT, it->dims[k], it->name, why);
    return NULL;
  }
  if (size_constant(e, &v) && v <= 0) {
    diag_at(l, D_SIZE_NOT_POSITIVE, it->dims[k], it->name, v);
    return NULL;
  }
  return e;
}

/* The sizes of a pointer parameter against its type: one per dimension
 * (double (*M)[p], declared double M[n][p], takes M[n][p]), the inner ones
 * equal to the declared lengths. Sets it->size_expr to the outer count. */
static void check_dims(Front *fr, Fn *f, ReqItem *it, Type *t, const char *clause) {
  Expr **d = xmalloc(sizeof(Expr *) * (size_t)it->ndims);
  for (int k = 0; k < it->ndims; k++)
    if (!(d[k] = parse_size(fr, f, it, k))) return;
  if (!ty_is_ptr(t)) {
    diag_at(it->loc, D_SIZE_NOT_POINTER, it->name);
    return;
  }
  int nlev = 0;
  for (Type *e = t->base; e->kind == TY_ARRAY; e = e->base) nlev++;
  bool ok = it->ndims == nlev + 1;
  Type *e = t->base;
  for (int k = 1; ok && k < it->ndims; k++, e = e->base) {
    long v;
    if (e->vla) ok = size_same(d[k], e->vla);
    else if (e->len >= 0) ok = size_constant(d[k], &v) && v == e->len;
  }
  if (ok) {
    it->size_expr = d[0];
    return;
  }
  if (!nlev) {
    diag_at(it->dim_loc[1], D_SIZE_ONE_DIM, it->name, clause, it->name,
            it->ndims == 2 ? xfmt("(%s) * (%s)", it->dims[0], it->dims[1]) : "n");
    return;
  }
  /* the clause to write: the declared lengths */
  char *rows = declared_rows(fr, f, it->param, nlev);
  StrBuf b = {0};
  sb_printf(&b, "%s(%s[%s]", clause, it->name, rows ? rows : it->ndims == nlev + 1 ? it->dims[0] : "rows");
  for (e = t->base; e->kind == TY_ARRAY; e = e->base)
    sb_printf(&b, "[%s]", e->vla ? size_text(e->vla) : e->len >= 0 ? xfmt("%ld", e->len) : "?");
  sb_putc(&b, ')');
  StrBuf row = {0};
  for (e = t->base; e->kind == TY_ARRAY; e = e->base)
    sb_printf(&row, "[%s]", e->vla ? size_text(e->vla) : e->len >= 0 ? xfmt("%ld", e->len) : "");
  diag_at(it->ndims == nlev + 1 ? it->dim_loc[1] : it->dim_loc[0], D_SIZE_PER_DIM, it->name, row.s, b.s,
          rows || it->ndims == nlev + 1 ? "" : ", with rows the number of rows");
}

/* const double *y (or const double (*M)[3]): f cannot write what y points
 * to, so y is no output. */
static bool pointee_const(const Type *t) {
  for (t = t->base; t; t = t->kind == TY_ARRAY ? t->base : NULL)
    if (t->is_const) return true;
  return false;
}

static void resolve_items(Front *fr, Request *r, ReqItem *items, int n, const char *clause) {
  Fn *f = r->fn;
  for (int i = 0; i < n; i++) {
    ReqItem *it = &items[i];
    if (!strcmp(it->name, "return")) {
      if (strcmp(clause, "out")) {
        diag_at(it->loc, D_RETURN_NOT_OUT);
        continue;
      }
      if (it->ndims) diag_at(it->dim_loc[0], D_RETURN_SIZE);
      if (!ty_is_float(f->ret) && !ty_has_float(f->ret))
        diag_at(it->loc, D_RETURN_NOT_FLOAT, f->name, f->ret->name ? f->ret->name : "void");
      continue;
    }
    for (int j = 0; j < f->nparams && it->param < 0; j++)
      if (var_named(f->params[j], it->name)) it->param = j;
    if (it->param < 0) {
      diag_at(it->loc, D_UNKNOWN_PARAM, it->name, clause, f->name);
      continue;
    }
    Type *t = f->params[it->param]->type;
    bool floating = ty_reaches_float(t);
    /* (scratch: state of any type f keeps, which the drivers put back) */
    if (!floating && strcmp(clause, "batch") && !(!strcmp(clause, "scratch") && ty_is_ptr(t)))
      diag_at(it->loc, D_PARAM_NOT_FLOAT, it->name, clause);
    if (!strcmp(clause, "out") && !ty_is_ptr(t) && floating)
      diag_at(it->loc, D_OUT_BY_VALUE, it->name);
    if (!strcmp(clause, "out") && ty_is_ptr(t) && floating && pointee_const(t))
      diag_at(it->loc, D_OUT_CONST, it->name);
    if (it->ndims) check_dims(fr, f, it, t, clause);
  }
}

/* A parameter (or return) listed twice in one clause: the same size is a
 * warning (once per name, at its first repeat) and the repeats go;
 * different sizes are an error. Linear in the number of items. */
static void drop_repeats(Fn *f, ReqItem *items, int *n, const char *clause) {
  int slots = f->nparams + 1;  /* the last one: return */
  int *first = xmalloc(sizeof(int) * (size_t)slots), *reps = xmalloc(sizeof(int) * (size_t)slots);
  SrcLoc *rep_at = xmalloc(sizeof(SrcLoc) * (size_t)slots);
  for (int j = 0; j < slots; j++) first[j] = -1;
  int k = 0;
  for (int i = 0; i < *n; i++) {
    ReqItem *it = &items[i];
    bool ret = !strcmp(it->name, "return");
    if (!ret && it->param < 0) continue;  /* unknown: reported */
    int slot = ret ? f->nparams : it->param;
    if (first[slot] < 0) {
      first[slot] = k;
      items[k++] = *it;
      continue;
    }
    ReqItem *kept = &items[first[slot]];
    if (it->size_expr && kept->size_expr && !size_same(it->size_expr, kept->size_expr)) {
      diag_at(it->dim_loc[0], D_TWO_SIZES, it->name, clause, it->size, kept->size, kept->dim_loc[0].col);
    } else if (it->size_expr && !kept->size_expr) {
      kept->size = it->size;
      kept->size_expr = it->size_expr;
      kept->dims = it->dims;
      kept->dim_loc = it->dim_loc;
      kept->ndims = it->ndims;
    }
    if (reps[slot]++ == 0) rep_at[slot] = it->loc;
  }
  for (int i = 0; i < k; i++) {
    int slot = strcmp(items[i].name, "return") ? items[i].param : f->nparams;
    if (reps[slot])
      diag_at(rep_at[slot], D_REPEATED_ITEM, items[i].name, reps[slot] + 1, clause);
  }
  *n = k;
  free(first);
  free(reps);
  free(rep_at);
}

/* A parameter in both wrt and out (in-out) has one size. */
static void check_inout_sizes(Request *r) {
  for (int i = 0; i < r->nout; i++) {
    ReqItem *o = &r->out[i];
    for (int k = 0; k < r->nwrt && o->param >= 0; k++) {
      ReqItem *w = &r->wrt[k];
      if (w->param == o->param && w->size_expr && o->size_expr && !size_same(w->size_expr, o->size_expr))
        diag_at(o->dim_loc[0], D_INOUT_SIZES, o->name, w->size, o->size);
    }
  }
}

/* CUDA C++ has no variable-length array types: a parameter double M[n][p]
 * (double (*M)[p]) cannot be declared in FILE.ad.cu. */
static void check_cuda_params(Request *r) {
  for (int j = 0; j < r->fn->nparams; j++) {
    Var *p = r->fn->params[j];
    for (Type *t = p->type; t && (t->kind == TY_PTR || t->kind == TY_ARRAY); t = t->base)
      if (t->kind == TY_ARRAY && (t->vla || t->len < 0)) {
        /* at the parameter, which the user changes; then the request */
        diag_at(p->loc.file ? p->loc : r->loc, D_CUDA_VLA_ROWS, p->name, r->fn->name, p->name, p->name);
        if (p->loc.file) diag_at(r->loc, D_REQUESTED_HERE, r->gen_name);
        break;
      }
  }
}

/* scratch(s[n]): sized pointer parameters, in neither wrt nor out. */
static void check_scratch(Request *r) {
  for (int i = 0; i < r->nscratch; i++) {
    ReqItem *it = &r->scratch[i];
    if (it->param < 0) continue;  /* reported */
    Var *p = r->fn->params[it->param];
    if (!ty_is_ptr(p->type)) {
      diag_at(it->loc, D_SCRATCH_NOT_POINTER, it->name, it->name);
      continue;
    }
    if (!it->size_expr && !it->ndims) diag_at(it->loc, D_SCRATCH_SIZE, it->name, it->name);
    if (ty_holds_ptr(p->type->base)) diag_at(it->loc, D_SCRATCH_DEEP, it->name);
    for (int k = 0; k < r->nwrt; k++)
      if (r->wrt[k].param == it->param) diag_at(it->loc, D_SCRATCH_CLASH, it->name, "wrt");
    for (int k = 0; k < r->nout; k++)
      if (r->out[k].param == it->param) diag_at(it->loc, D_SCRATCH_CLASH, it->name, "out");
  }
}

/* may_alias(p, q): parameters of the function, pointers. */
static void resolve_aliases(Request *r) {
  Fn *f = r->fn;
  if (r->nmay_alias && directive_info(r->dir)->kind == DK_DRIVER) {
    diag_at(r->may_alias[0].loc, D_ALIAS_DRIVER, directive_name(r->dir));
    return;
  }
  for (int i = 0; i < r->nmay_alias; i++) {
    ReqItem *it = &r->may_alias[i];
    for (int j = 0; j < f->nparams && it->param < 0; j++)
      if (var_named(f->params[j], it->name)) it->param = j;
    if (it->param < 0)
      diag_at(it->loc, D_UNKNOWN_PARAM, it->name, "may_alias", f->name);
    else if (!ty_is_ptr(f->params[it->param]->type))
      diag_at(it->loc, D_ALIAS_NOT_POINTER, it->name);
  }
}

static void resolve_all(Front *fr, Request *r) {
  if (r->dir == DIR_CUDA) check_cuda_params(r);
  resolve_items(fr, r, r->wrt, r->nwrt, "wrt");
  resolve_items(fr, r, r->out, r->nout, "out");
  resolve_items(fr, r, r->batch, r->nbatch, "batch");
  resolve_items(fr, r, r->scratch, r->nscratch, "scratch");
  drop_repeats(r->fn, r->wrt, &r->nwrt, "wrt");
  drop_repeats(r->fn, r->out, &r->nout, "out");
  drop_repeats(r->fn, r->batch, &r->nbatch, "batch");
  drop_repeats(r->fn, r->scratch, &r->nscratch, "scratch");
  check_inout_sizes(r);
  check_scratch(r);
  resolve_aliases(r);
}

/* A request on a generated function (jvp(f_grad)), checked once the
 * planner has the function: its clauses refer to its parameters. */
void front_check_request(Front *fr, Request *r) { resolve_all(fr, r); }

/* The generated function's name must be free: not a function FILE.c
 * defines, nor one a header declares (name(printf)), nor a variable, nor
 * what another request generates. A prototype in FILE.c itself is the
 * user declaring the generated function, and is fine. */
static void check_gen_name(Front *fr, Request *r, NameSet *taken) {
  if (!r->gen_name || !directive_info(r->dir)->suffix) return;
  SrcLoc at = r->name_loc.file ? r->name_loc : r->loc;
  const char *how = r->name_loc.file ? "choose another" : "choose another with name(...)";
  if (r->implied)  /* vmap(grad(f)) after jvp(grad(f)) wrt(x[n]): two different grad(f) */
    how = xfmt("this nested spelling implies %s(%s) with other clauses than the request that generates it; write "
               "that request once on its own line and name %s in the others (vmap(%s) ...)",
               directive_name(r->dir), r->fname, r->gen_name, r->gen_name);
  if (nameset_has(taken, r->gen_name)) {
    diag_at(at, D_NAME_TAKEN_REQUEST, r->gen_name, how);
    return;
  }
  if (r->implied)  /* vmap(grad(f)) where FILE.c has its own f_grad: the inner request needs a name */
    how = xfmt("this nested spelling implies %s(%s), which takes the default name; write it on its own line "
               "with another, %s(%s) CLAUSES name(%s_2), and nest that name (vmap(%s_2) ...)",
               directive_name(r->dir), r->fname, directive_name(r->dir), r->fname, r->gen_name, r->gen_name);
  nameset_add(taken, r->gen_name);
  Module *m = fr->m;
  for (int i = 0; i < m->fns.len; i++) {
    Fn *g = m->fns.data[i];
    if (!str_eq(g->name, r->gen_name)) continue;
    CXCursor c = *(CXCursor *)fr->fn_cursors.data[i];
    if (g->is_defined)
      diag_at(at, D_NAME_TAKEN_FUNCTION, g->name, g->in_main_file ? fr->file : "a header", g->loc.line, how);
    else if (!g->in_main_file && clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
      diag_at(at, D_NAME_TAKEN_SYSTEM, g->name, how);
    return;
  }
  if (nameset_has(&m->names, r->gen_name))  /* functions returned above */
    diag_at(at, D_NAME_TAKEN_VARIABLE, r->gen_name, how);
}

/* A request that differentiates a derivative again (hessian, hvp,
 * jvp(f_grad), grad(f_jvp), ...) differentiates the hand-written
 * derivatives of custom rules too: those defined here are lowered. */
static void lower_hand_derivatives(Front *fr) {
  Module *m = fr->m;
  bool again = false;
  for (int i = 0; i < m->requests.len; i++) {
    Request *r = m->requests.data[i];
    again |= (!r->fn && mod_request_making(m, r)) || directive_info(r->dir)->order > 1;
  }
  if (!again) return;
  for (int i = 0; i < m->fns.len; i++) {
    Fn *f = m->fns.data[i];
    const char *hand[2] = {f->custom_jvp, f->custom_vjp};
    for (int k = 0; k < 2; k++) {
      Fn *h = hand[k] ? mod_find_fn(m, hand[k]) : NULL;
      if (h && h->is_defined && !h->is_lowered && !h->decl) {
        h->decl = h;
        vec_push(&fr->pending, h);
      }
    }
  }
}

void pragma_resolve(Front *fr) {
  Module *m = fr->m;
  NameSet taken = {0};
  for (int i = 0; i < m->requests.len; i++) check_gen_name(fr, m->requests.data[i], &taken);
  for (int i = 0; i < m->requests.len; i++) {
    Request *r = m->requests.data[i];
    Fn *f = mod_find_fn(m, r->fname);
    /* composed (jvp(f_grad)): the planner links it to the request making
     * f_grad, wherever its pragma is; FILE.ad.h may declare f_grad already */
    if ((!f || !f->is_defined) && mod_request_making(m, r)) continue;
    if (!f) {
      diag_at(r->loc, D_UNKNOWN_FUNCTION, r->fname, fr->file);
      continue;
    }
    DirKind kind = directive_info(r->dir)->kind;
    if (!f->is_defined && kind != DK_MARK && kind != DK_RULE) {
      diag_at(r->loc, D_NO_BODY, r->fname);
      continue;
    }
    r->fn = f;
    if (kind == DK_MARK) {
      f->is_inactive = true;
      vec_push(&m->inactive, (void *)f->name);
      continue;
    }
    if (kind == DK_RULE) {
      if (!mod_find_fn(m, r->extra))
        diag_at(r->extra_loc, D_UNKNOWN_CUSTOM, r->extra, fr->file);
      else if (r->dir == DIR_CUSTOM_JVP)
        f->custom_jvp = r->extra;
      else
        f->custom_vjp = r->extra;
      continue;
    }
    resolve_all(fr, r);
    if (!f->decl) {
      f->decl = f;
      vec_push(&fr->pending, f);
    }
  }
  lower_hand_derivatives(fr);
}
