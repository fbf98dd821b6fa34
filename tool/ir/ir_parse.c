/*
 * ir_parse.c — a small C expression parser producing IR.
 *
 * Used for the size expressions of request clauses (x[k*d*(d+1)/2]) and for
 * the derivative templates of rules.def. Grammar (C precedence):
 *   cond := lor ['?' cond ':' cond]   lor := land {'||' land}  ... (| ^ & << >> too)
 *   unary := ('-'|'+'|'!'|'~') unary | '(' integer type ')' unary | postfix
 *   postfix := primary {'[' cond ']' | '.' ident | '->' ident}
 *   primary := number | ident ['(' args ')'] | '$'digit | '$r' | '(' cond ')'
 *            | sizeof '(' basic type ')' | sizeof postfix
 * Identifiers resolve through the caller's callback; calls become EX_CALL.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ir_parse.h"

typedef struct P {
  const char *s, *p;
  ParseResolver *r;
  const char *err;
  int err_col;
} P;

static void skip(P *p) {
  while (isspace((unsigned char)*p->p)) p->p++;
}

static bool eat(P *p, const char *tok) {
  skip(p);
  size_t n = strlen(tok);
  if (strncmp(p->p, tok, n)) return false;
  /* don't split "<=" as "<", "&&" as "&" */
  if (n == 1 && strchr("<>=!&|", tok[0]) && (p->p[1] == '=' || (p->p[1] == tok[0] && tok[0] != '!'))) return false;
  p->p += n;
  return true;
}

static Expr *fail(P *p, const char *msg) {
  if (!p->err) {
    p->err = msg;
    p->err_col = (int)(p->p - p->s);
  }
  return ex_int(0);
}

static Expr *cond(P *p);

static Expr *postfix(P *p);

static bool word_char(char c) { return isalnum((unsigned char)c) || c == '_'; }

/* The base of a type name in sizeof(...): a basic type, kept as written up
 * to its array brackets ("double", "unsigned long *"), or a name the
 * resolver knows as a type (a typedef: its size); NULL: not a type. */
static Expr *type_base(P *p, const char **end) {
  static const char *const kw[] = {"double", "float", "int",    "long",   "short", "char",
                                   "unsigned", "signed", "size_t", "struct", "_Bool", "const", NULL};
  const char *t = p->p;
  size_t n = 0;
  while (word_char(t[n])) n++;
  if (!n) return NULL;
  for (int i = 0; kw[i]; i++) {
    if (strlen(kw[i]) != n || strncmp(t, kw[i], n)) continue;
    const char *e = t;
    while (*e && *e != '[' && *e != ')') e++;
    if (memchr(t, '(', (size_t)(e - t))) {  /* double (*)[3] */
      *end = t;
      return fail(p, "a type with parentheses in sizeof(...) is not read; write sizeof of a basic type, a typedef "
                     "or an operand");
    }
    while (e > t && isspace((unsigned char)e[-1])) e--;
    Expr *x = ex_new(EX_SIZEOF, ty_size_t(), (SrcLoc){0});
    x->text = xfmt("sizeof(%s)", xstrndup(t, (size_t)(e - t)));
    *end = e;
    return x;
  }
  Expr *x = p->r->type_size ? p->r->type_size(p->r, xstrndup(t, n)) : NULL;
  const char *e = t + n;
  while (isspace((unsigned char)*e)) e++;
  if (!x || (*e != '[' && *e != ')')) return NULL;
  *end = e;
  return x;
}

/* sizeof(T) for a type name: a basic type kept as written
 * (wrt(buf[bytes / sizeof(double)])), a typedef by its size, each array
 * dimension a factor parsed as any size (sizeof(double[NPTS]) is
 * 3 * sizeof(double): the macro is not defined where the size is printed);
 * or sizeof of an operand (sizeof x[0]). */
static Expr *size_of(P *p) {
  skip(p);
  if (*p->p == '(') {
    const char *save = p->p, *end = NULL;
    p->p++;
    skip(p);
    Expr *e = type_base(p, &end);
    if (e) {
      p->p = end;
      PtrVec dims = {0};
      while (eat(p, "[")) {
        vec_push(&dims, cond(p));
        if (!eat(p, "]")) return fail(p, "expected ']'");
      }
      if (!eat(p, ")")) return fail(p, "expected ')'");
      for (int i = dims.len - 1; i >= 0; i--) e = ex_bin(OP_MUL, dims.data[i], e);
      free(dims.data);
      return e;
    }
    /* sizeof(Foo): a name that is neither a type nor a value */
    size_t n = 0;
    while (word_char(p->p[n])) n++;
    const char *after = p->p + n;
    while (isspace((unsigned char)*after)) after++;
    if (n && *after == ')' && !(p->r->ident && p->r->ident(p->r, xstrndup(p->p, n))))
      return fail(p, xfmt("'%s' in sizeof(...) is neither a parameter nor a type cc-ad knows (a basic type, a "
                          "typedef, an object-like macro naming one)",
                          xstrndup(p->p, n)));
    p->p = save;
  }
  Expr *e = ex_new(EX_SIZEOF, ty_size_t(), (SrcLoc){0});
  e->lhs = postfix(p);
  return e;
}

static Expr *unary(P *p);

/* After '(': an integer type name and its ')' ((size_t)n, (unsigned long)m),
 * consumed; NULL (nothing consumed) when the parenthesis holds no such name.
 * Words that name no parameter: a parameter named long cannot exist. */
static Type *cast_type(P *p) {
  static const char *const kw[] = {"int", "long", "short", "char", "unsigned", "signed", "size_t", "ptrdiff_t",
                                   "int64_t", "uint64_t", "int32_t", "uint32_t", NULL};
  const char *q = p->p;
  StrBuf name = {0};
  bool is_unsigned = false, wide = false;
  for (;;) {
    while (isspace((unsigned char)*q)) q++;
    size_t n = 0;
    while (word_char(q[n])) n++;
    int k = 0;
    while (kw[k] && !(strlen(kw[k]) == n && !strncmp(q, kw[k], n))) k++;
    if (!n || !kw[k]) break;
    sb_printf(&name, "%s%s", name.len ? " " : "", kw[k]);
    is_unsigned |= kw[k][0] == 'u' || !strcmp(kw[k], "size_t");
    wide |= !strcmp(kw[k], "long") || strstr(kw[k], "64") || !strcmp(kw[k], "size_t") || !strcmp(kw[k], "ptrdiff_t");
    q += n;
  }
  if (!name.len || *q != ')') {
    free(name.s);
    return NULL;
  }
  p->p = q + 1;
  Type *t = xmalloc(sizeof *t);
  *t = (Type){.kind = TY_INT, .name = sb_take(&name), .is_unsigned = is_unsigned, .narrow = !wide};
  return t;
}

static Expr *primary(P *p) {
  skip(p);
  const char *start = p->p;
  if (isdigit((unsigned char)*p->p) || (*p->p == '.' && isdigit((unsigned char)p->p[1]))) {
    char *end;
    bool hex = p->p[0] == '0' && (p->p[1] == 'x' || p->p[1] == 'X');
    double v = hex ? (double)strtoll(p->p, &end, 16) : strtod(p->p, &end);
    bool is_float = false;
    for (const char *q = p->p; q < end && !hex; q++) is_float |= (*q == '.' || *q == 'e' || *q == 'E');
    p->p = end;
    while (*p->p == 'u' || *p->p == 'U' || *p->p == 'l' || *p->p == 'L' || *p->p == 'f' || *p->p == 'F') p->p++;
    Expr *e = ex_num(v, is_float ? p->r->float_type : ty_int());
    if (!is_float) e->text = xstrndup(start, (size_t)(p->p - start));
    return e;
  }
  if (*p->p == '$') {
    p->p++;
    char c = *p->p++;
    Expr *e = p->r->placeholder ? p->r->placeholder(p->r, c) : NULL;
    return e ? e : fail(p, "bad placeholder");
  }
  if (isalpha((unsigned char)*p->p) || *p->p == '_') {
    while (isalnum((unsigned char)*p->p) || *p->p == '_') p->p++;
    char *name = xstrndup(start, (size_t)(p->p - start));
    if (!strcmp(name, "sizeof")) return size_of(p);
    if (eat(p, "(")) {
      PtrVec args = {0};
      if (!eat(p, ")")) {
        do vec_push(&args, cond(p));
        while (eat(p, ","));
        if (!eat(p, ")")) return fail(p, "expected ')'");
      }
      Type *rt = p->r->call_type ? p->r->call_type(p->r, name) : ty_double();
      Expr *e = ex_call(p->r->call_name ? p->r->call_name(p->r, name) : name, rt, (Expr **)args.data, args.len);
      e->rt = rt_lookup(e->text);  /* ccad_digamma in a rule */
      return e;
    }
    Expr *e = p->r->ident ? p->r->ident(p->r, name) : NULL;
    if (!e) {
      p->p = start;
      return fail(p, xfmt("'%s' is not a parameter of the function", name));
    }
    return e;
  }
  if (eat(p, "(")) {
    Type *t = cast_type(p);
    if (t) return ex_cast(t, unary(p));
    skip(p);
    if (!strncmp(p->p, "double)", 7) || !strncmp(p->p, "float)", 6))
      return fail(p, "a cast in a size is to an integer type: (size_t), (long), (int)");
    Expr *e = cond(p);
    if (!eat(p, ")")) return fail(p, "expected ')'");
    return e;
  }
  return fail(p, *p->p ? "expected an expression" : "unexpected end of expression");
}

/* s.f or p->f: the field's type from the record (a size like w[ann->n]). */
static Expr *member(P *p, Expr *base, bool arrow) {
  skip(p);
  const char *start = p->p;
  while (isalnum((unsigned char)*p->p) || *p->p == '_') p->p++;
  if (p->p == start) return fail(p, "expected a field name");
  char *name = xstrndup(start, (size_t)(p->p - start));
  Type *t = arrow ? ty_elem(base->type) : base->type;
  Type *ft = NULL;
  for (int i = 0; t && t->kind == TY_RECORD && t->rec && i < t->rec->nfields && !ft; i++)
    if (!strcmp(t->rec->fields[i].name, name)) ft = t->rec->fields[i].type;
  if (!ft) {
    p->p = start;
    return fail(p, xfmt("no field '%s' here (%s a struct)", name, arrow ? "'->' needs a pointer to" : "'.' needs"));
  }
  Expr *e = ex_new(EX_MEMBER, ft, base->loc);
  e->lhs = base;
  e->text = name;
  e->is_arrow = arrow;
  return e;
}

static bool points(const Expr *e) {
  return e->type && (e->type->kind == TY_PTR || e->type->kind == TY_ARRAY);
}

static Expr *postfix(P *p) {
  Expr *e = primary(p);
  for (;;) {
    if (p->err) return e;  /* the first error is the one to show */
    skip(p);
    const char *at = p->p;
    if (eat(p, "[")) {
      if (!points(e)) {
        p->p = at;
        return fail(p, "only a pointer can be subscripted here");
      }
      Expr *i = cond(p);
      if (!eat(p, "]")) return fail(p, "expected ']'");
      e = ex_index(e, i);
    } else if (eat(p, "->")) {
      e = member(p, e, true);
    } else if (eat(p, ".")) {
      e = member(p, e, false);
    } else {
      return e;
    }
  }
}

static Expr *unary(P *p) {
  if (eat(p, "-")) {
    Expr *a = unary(p);
    if (a->kind == EX_NUM && a->value == a->value) return ex_num(-a->value, a->type);  /* not I */
    return ex_un(OP_NEG, a);
  }
  if (eat(p, "+")) return unary(p);
  if (eat(p, "!")) return ex_un(OP_NOT, unary(p));
  if (eat(p, "~")) return ex_un(OP_BNOT, unary(p));
  skip(p);
  const char *at = p->p;
  if (eat(p, "*")) {
    Expr *a = unary(p);
    if (points(a) || p->err) return p->err ? a : ex_deref(a);
    p->p = at;
    return fail(p, "only a pointer can be dereferenced here");
  }
  return postfix(p);
}

static const struct {
  const char *tok;
  BinOp op;
  int level;
} ops[] = {
    {"*", OP_MUL, 10}, {"/", OP_DIV, 10}, {"%", OP_MOD, 10}, {"+", OP_ADD, 9}, {"-", OP_SUB, 9},
    {"<<", OP_SHL, 8},  {">>", OP_SHR, 8},  {"<=", OP_LE, 7},  {">=", OP_GE, 7},  {"<", OP_LT, 7},
    {">", OP_GT, 7},    {"==", OP_EQ, 6},   {"!=", OP_NE, 6},  {"&", OP_BAND, 5}, {"^", OP_BXOR, 4},
    {"|", OP_BOR, 3},   {"&&", OP_LAND, 2}, {"||", OP_LOR, 1},
};

static Expr *binary(P *p, int level) {
  if (level > 10) return unary(p);
  Expr *e = binary(p, level + 1);
  for (;;) {
    bool found = false;
    if (p->err) return e;
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
      if (ops[i].level != level) continue;
      const char *save = p->p;
      if (eat(p, ops[i].tok)) {
        e = ex_bin(ops[i].op, e, binary(p, level + 1));
        found = true;
        break;
      }
      p->p = save;
    }
    if (!found) return e;
  }
}

static Expr *cond(P *p) {
  Expr *c = binary(p, 1);
  if (!eat(p, "?")) return c;
  Expr *a = cond(p);
  if (!eat(p, ":")) return fail(p, "expected ':'");
  Expr *b = cond(p);
  return ex_cond(c, a, b);
}

Expr *ir_parse_expr(const char *text, ParseResolver *r, const char **err, int *err_col) {
  P p = {text, text, r, NULL, 0};
  Expr *e = cond(&p);
  skip(&p);
  if (!p.err && *p.p) fail(&p, "unexpected text after the expression");
  if (err) *err = p.err;
  if (err_col) *err_col = p.err_col;
  return p.err ? NULL : e;
}
