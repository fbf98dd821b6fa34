/*
 * emit_c.c — S3 -> S4: types, expressions, statements and functions as C11.
 *
 * Parentheses come from operator precedence, never from the source, so
 * generated and lowered code print the same way.
 *
 * Requires: IR (S3), with types and locations.
 * Provides: C11 text of types, expressions, statements and functions,
 *   through the Printer.
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"

/* ---- Types ----------------------------------------------------------- */

static char *field_text(const Field *f, const Type *t);
static const char *record_kw(const Record *r);

static const StrMap *retags;

void emit_retag(const StrMap *tags) { retags = tags; }

/* r's tag as printed (emit_retag) */
static const char *tag_of(const Record *r) {
  const char *t = r->tag && retags ? strmap_get(retags, r->tag) : NULL;
  return t ? t : r->tag;
}

static const char *base_name(const Type *t) {
  if (t->kind == TY_RECORD && !t->name) {
    const Record *r = t->rec;
    if (r->tdname) return r->tdname;
    if (r->tag) return xfmt("%s %s", r->is_union ? "union" : "struct", tag_of(r));
    /* static const struct { double a, b; } coefs: no name to print it by */
    StrBuf b = {0};
    sb_printf(&b, "%s {", record_kw(r));
    for (int i = 0; i < r->nfields; i++) sb_printf(&b, " %s;", field_text(&r->fields[i], r->fields[i].type));
    sb_puts(&b, " }");
    return sb_take(&b);
  }
  return t->name ? t->name : "int";
}

static char *decl_rec(const Type *t, char *inner);

/* A field's declaration: with its width when it is a bit-field (the
 * layout must be FILE.c's). */
static char *field_text(const Field *f, const Type *t) {
  char *d = decl_rec(t, xstrdup(f->name));
  if (f->align) d = xfmt("_Alignas(%d) %s", f->align, d);
  return f->is_bitfield ? xfmt("%s : %d", d, f->width) : d;
}

/* "struct", "union", with the attributes that set FILE.c's layout. */
static const char *record_kw(const Record *r) {
  const char *kw = r->is_union ? "union" : "struct";
  if (r->is_packed && r->align) return xfmt("%s __attribute__((packed, aligned(%d)))", kw, r->align);
  if (r->is_packed) return xfmt("%s __attribute__((packed))", kw);
  if (r->align) return xfmt("%s __attribute__((aligned(%d)))", kw, r->align);
  return kw;
}

/* Type names FILE.ad.h prints as what they name (emit_respell). */
static const StrMap *respell_maps[2];

void emit_respell(const StrMap *a, const StrMap *b) {
  respell_maps[0] = a;
  respell_maps[1] = b;
}

static const char *respelled(const char *name) {
  for (int i = 0; i < 2 && name; i++) {
    const char *s = respell_maps[i] ? strmap_get(respell_maps[i], name) : NULL;
    if (s) return s;
  }
  return NULL;
}

static const char *quals(const Type *t) {
  return t->is_const ? (t->is_volatile ? "const volatile " : "const ") : t->is_volatile ? "volatile " : "";
}

/* Declarator: the C "inside-out" rule, built from the name outwards. */
static char *decl_rec(const Type *t, char *inner) {
  const char *alt = respelled(t->name);
  if (alt) return xfmt("%s%s%s%s", quals(t), alt, *inner ? " " : "", inner);
  if (t->kind == TY_PTR && t->base && t->base->kind == TY_FUNC && t->name && strstr(t->name, "(*")) {
    /* a function pointer spelled "double (*)(double)": the name goes after '*' */
    const char *star = strstr(t->name, "(*") + 2;
    return xfmt("%s%.*s%s%s", t->is_const ? "" : "", (int)(star - t->name), t->name, inner, star);
  }
  if (t->name && (t->kind == TY_PTR || t->kind == TY_ARRAY)) goto named;
  switch (t->kind) {
  case TY_PTR: {
    char *in = xfmt("*%s%s", quals(t), inner);
    if (t->base->kind == TY_ARRAY && !t->base->name) in = xfmt("(%s)", in);
    return decl_rec(t->base, in);
  }
  case TY_ARRAY: {
    char *len;
    if (t->vla)
      len = emit_expr(t->vla);
    else if (t->len >= 0)
      len = xfmt("%ld", t->len);
    else
      len = xstrdup("");
    return decl_rec(t->base, xfmt("%s[%s]", inner, len));
  }
  default:
  named:
    return xfmt("%s%s%s%s", quals(t), base_name(t), *inner ? " " : "", inner);
  }
}

char *emit_decl(const Type *t, const char *name) { return decl_rec(t, xstrdup(name ? name : "")); }

char *emit_type_name(const Type *t) {
  char *s = emit_decl(t, "");
  return s;
}

/* ---- Expressions ----------------------------------------------------- */

enum { P_COMMA = 1, P_ASSIGN, P_COND, P_LOR, P_LAND, P_BOR, P_BXOR, P_BAND, P_EQ, P_REL, P_SHIFT, P_ADD, P_MUL, P_UNARY, P_POSTFIX, P_PRIMARY };

static const struct {
  const char *text;
  int prec;
} binops[] = {
    [OP_ADD] = {"+", P_ADD},   [OP_SUB] = {"-", P_ADD},   [OP_MUL] = {"*", P_MUL},   [OP_DIV] = {"/", P_MUL},
    [OP_MOD] = {"%", P_MUL},   [OP_LT] = {"<", P_REL},    [OP_GT] = {">", P_REL},    [OP_LE] = {"<=", P_REL},
    [OP_GE] = {">=", P_REL},   [OP_EQ] = {"==", P_EQ},    [OP_NE] = {"!=", P_EQ},    [OP_BAND] = {"&", P_BAND},
    [OP_BOR] = {"|", P_BOR},   [OP_BXOR] = {"^", P_BXOR}, [OP_SHL] = {"<<", P_SHIFT}, [OP_SHR] = {">>", P_SHIFT},
    [OP_LAND] = {"&&", P_LAND}, [OP_LOR] = {"||", P_LOR}, [OP_NEG] = {"-", P_UNARY}, [OP_PLUS] = {"+", P_UNARY},
    [OP_NOT] = {"!", P_UNARY}, [OP_BNOT] = {"~", P_UNARY},
};

static int prec_of(const Expr *e) {
  switch (e->kind) {
  case EX_NUM: return (e->text && e->text[0] == '-') ? P_UNARY : P_PRIMARY;
  case EX_STR:
  case EX_VAR:
  case EX_FUNC:
  case EX_INIT: return P_PRIMARY;
  case EX_CALL:
  case EX_INDEX:
  case EX_MEMBER: return P_POSTFIX;
  case EX_BIN: return binops[e->op].prec;
  case EX_UN:
  case EX_DEREF:
  case EX_ADDR:
  case EX_SIZEOF: return P_UNARY;
  case EX_CAST: return e->is_implicit ? prec_of(e->lhs) : P_UNARY;
  case EX_COND: return P_COND;
  }
  return P_PRIMARY;
}

static void ex(StrBuf *b, const Expr *e, int min);

/* Operands that compilers want parenthesised even where precedence makes
 * them unambiguous (-Wparentheses): a < b == c, a && b || c, a + b << c. */
static bool needs_clarity(const Expr *parent, const Expr *child) {
  if (parent->kind == EX_BIN && child->kind == EX_UN && child->op == OP_NOT)  /* (!t) != 0: clang's -Wlogical-not-parentheses */
    return binops[parent->op].prec == P_EQ || binops[parent->op].prec == P_REL;
  if (parent->kind != EX_BIN || child->kind != EX_BIN) return false;
  int pp = binops[parent->op].prec, cp = binops[child->op].prec;
  if ((pp == P_EQ || pp == P_REL) && (cp == P_EQ || cp == P_REL)) return true;  /* (i == n - 1) != 0 too */
  if (pp == cp) return false;
  if (pp == P_LOR && cp == P_LAND) return true;
  if ((pp == P_BAND || pp == P_BOR || pp == P_BXOR || pp == P_SHIFT) && cp > P_EQ && cp != P_UNARY) return true;
  if ((pp == P_BAND || pp == P_BOR || pp == P_BXOR) && (cp == P_EQ || cp == P_REL)) return true;
  if ((pp == P_BAND || pp == P_BOR || pp == P_BXOR) && (cp == P_BAND || cp == P_BOR || cp == P_BXOR)) return true;
  return false;
}

static void ex_paren(StrBuf *b, const Expr *e, int min) {
  if (prec_of(e) < min) {
    sb_putc(b, '(');
    ex(b, e, P_COMMA);
    sb_putc(b, ')');
  } else {
    ex(b, e, min);
  }
}

/* An implicit conversion of a signed integer to an unsigned one under a
 * comparison (int i < size_t n): C converts it anyway, and writing the
 * cast keeps the generated code free of -Wsign-compare where FILE.c, built
 * without -Wextra, compares them as they are (a constant does not warn). */
static bool sign_change(const Expr *e) {
  return e->kind == EX_CAST && e->is_implicit && e->type->kind == TY_INT && e->lhs->type->kind == TY_INT &&
         e->type->is_unsigned && !e->lhs->type->is_unsigned && e->lhs->kind != EX_NUM;
}

static void ex_compared(StrBuf *b, const Expr *parent, const Expr *e, int min) {
  int pp = binops[parent->op].prec;
  if ((pp == P_REL || pp == P_EQ) && sign_change(e)) {
    char *t = emit_type_name(e->type);
    sb_printf(b, "(%s)", t);
    free(t);
    ex_paren(b, e->lhs, P_UNARY);
  } else {
    ex_paren(b, e, needs_clarity(parent, e) ? P_PRIMARY : min);
  }
}

static void ex(StrBuf *b, const Expr *e, int min) {
  if (prec_of(e) < min) {
    ex_paren(b, e, min);
    return;
  }
  switch (e->kind) {
  case EX_NUM:
  case EX_STR:
  case EX_FUNC: sb_puts(b, e->text); break;
  case EX_VAR: sb_puts(b, e->var->name); break;
  case EX_BIN: {
    int p = binops[e->op].prec;
    ex_compared(b, e, e->lhs, p);
    sb_putc(b, ' ');
    sb_puts(b, binops[e->op].text);
    sb_putc(b, ' ');
    ex_compared(b, e, e->rhs, p + 1);
    break;
  }
  case EX_UN:
  case EX_DEREF:
  case EX_ADDR: {
    const char *op = e->kind == EX_DEREF ? "*" : e->kind == EX_ADDR ? "&" : binops[e->op].text;
    sb_puts(b, op);
    /* "- -x" and "--x" must not fuse: parenthesise a nested sign. */
    const Expr *a = e->lhs;
    while (a->kind == EX_CAST && a->is_implicit) a = a->lhs;
    bool clash = (a->kind == EX_UN && (a->op == OP_NEG || a->op == OP_PLUS)) ||
                 (a->kind == EX_NUM && a->text[0] == '-') || (e->kind == EX_ADDR && a->kind == EX_ADDR);
    if (clash) {
      sb_putc(b, '(');
      ex(b, e->lhs, P_COMMA);
      sb_putc(b, ')');
    } else {
      ex_paren(b, e->lhs, P_UNARY);
    }
    break;
  }
  case EX_INDEX:
    ex_paren(b, e->lhs, P_POSTFIX);
    sb_putc(b, '[');
    ex(b, e->rhs, P_COMMA);
    sb_putc(b, ']');
    break;
  case EX_MEMBER: {
    /* a C11 anonymous member (empty name) is not written: p->a for p->(anon).a */
    const Expr *base = e->lhs;
    bool arrow = e->is_arrow;
    while (base->kind == EX_MEMBER && base->text && !*base->text) {
      arrow = base->is_arrow;
      base = base->lhs;
    }
    ex_paren(b, base, P_POSTFIX);
    sb_puts(b, arrow ? "->" : ".");
    sb_puts(b, e->text);
    break;
  }
  case EX_CALL: {
    if (e->rt)
      sb_puts(b, rt_info[e->rt].name);  /* the runtime's spelling, from runtime.def */
    else if (e->text)
      sb_puts(b, e->text);
    else
      ex_paren(b, e->lhs, P_POSTFIX);
    int first = 0;
    if (e->is_launch) {  /* kernel<<<grid, block>>>(args) */
      sb_puts(b, "<<<");
      ex(b, e->args[0], P_ASSIGN);
      sb_puts(b, ", ");
      ex(b, e->args[1], P_ASSIGN);
      sb_puts(b, ">>>");
      first = 2;
    }
    sb_putc(b, '(');
    for (int i = first; i < e->nargs; i++) {
      if (i > first) sb_puts(b, ", ");
      ex(b, e->args[i], P_ASSIGN);
    }
    sb_putc(b, ')');
    break;
  }
  case EX_CAST:
    if (e->is_implicit) {
      ex(b, e->lhs, min);
    } else {
      char *t = emit_type_name(e->type);
      sb_printf(b, "(%s)", t);
      free(t);
      ex_paren(b, e->lhs, P_UNARY);
    }
    break;
  case EX_COND:
    ex_paren(b, e->cond, P_LOR);
    sb_puts(b, " ? ");
    ex(b, e->lhs, P_COMMA);
    sb_puts(b, " : ");
    ex_paren(b, e->rhs, P_COND);
    break;
  case EX_SIZEOF:
    if (e->lhs) {
      sb_puts(b, "sizeof(");
      ex(b, e->lhs, P_COMMA);
      sb_putc(b, ')');
    } else if (e->of) {
      sb_printf(b, "sizeof(%s)", emit_type_name(e->of));
    } else {
      sb_puts(b, e->text);
    }
    break;
  case EX_INIT:
    sb_puts(b, "{");
    for (int i = 0; i < e->nargs; i++) {
      sb_puts(b, i ? ", " : "");
      ex(b, e->args[i], P_ASSIGN);
    }
    sb_puts(b, e->nargs ? "}" : "0}");
    break;
  }
}

char *emit_expr(const Expr *e) {
  StrBuf b = {0};
  ex(&b, e, P_COMMA);
  return sb_take(&b);
}

/* ---- Statements ------------------------------------------------------ */

/* "a = a + b" prints as "a += b"; "i = i + 1" as "i++" for integers. */
static char *assign_text(const Stmt *s) {
  const Expr *r = s->rhs;
  while (r->kind == EX_CAST && r->is_implicit) r = r->lhs;
  if (r->kind == EX_BIN && (r->op == OP_ADD || r->op == OP_SUB || r->op == OP_MUL || r->op == OP_DIV) &&
      ir_expr_equal(s->lhs, r->lhs)) {
    char *l = emit_expr(s->lhs);
    if ((s->lhs->type->kind == TY_INT || s->lhs->type->kind == TY_PTR) && ex_is_one(r->rhs) &&
        (r->op == OP_ADD || r->op == OP_SUB) && prec_of(s->lhs) >= P_POSTFIX)
      return xfmt("%s%s", l, r->op == OP_ADD ? "++" : "--");
    StrBuf b = {0};
    sb_puts(&b, l);
    free(l);
    sb_printf(&b, " %s= ", binops[r->op].text);
    ex(&b, r->rhs, P_ASSIGN);
    return sb_take(&b);
  }
  StrBuf b = {0};  /* one buffer, not a string per part: output-sized memory */
  ex(&b, s->lhs, P_COMMA);
  sb_puts(&b, " = ");
  ex(&b, s->rhs, P_COMMA);
  return sb_take(&b);
}

static char *decl_text(const Stmt *s) {
  StrBuf b = {0};
  char *d = emit_decl(s->var->type, s->var->name);
  /* an f2c static written before it is read on every path holds nothing
   * between calls: in code cc-ad prints (derivatives, vmap's and the GPU's
   * copies) an ordinary local, so threads running it at once do not share it */
  sb_puts(&b, s->var->is_static && !s->var->static_fresh ? "static " : "");
  sb_puts(&b, d);
  free(d);
  if (s->expr) {
    sb_puts(&b, " = ");
    ex(&b, s->expr, P_COMMA);
  }
  return sb_take(&b);
}

/* pr_line(p, "%s;", text) for a statement's text made here */
/* A one-line statement: TEXT; (freed here, so printing stays linear in memory). */
static void line_of(Printer *p, SrcLoc loc, char *text) {
  size_t n = strlen(text);
  char *line = xmalloc(n + 2);
  memcpy(line, text, n);
  line[n] = ';';
  line[n + 1] = 0;
  pr_stmt(p, loc, line);
  free(line);
  free(text);
}

/* A for-init or step that fits in the header: assignments (and one decl). */
static char *header_part(const Stmt *s, bool allow_decl) {
  if (!s) return xstrdup("");
  if (s->kind == ST_ASSIGN) return assign_text(s);
  if (s->kind == ST_EXPR) return emit_expr(s->expr);
  if (s->kind == ST_DECL && allow_decl) return decl_text(s);
  if (s->kind != ST_BLOCK) return NULL;
  StrBuf b = {0};
  for (int i = 0; i < s->nbody; i++) {
    const Stmt *c = s->body[i];
    if (c->kind == ST_DECL && allow_decl && s->nbody == 1) return decl_text(c);
    if (c->kind != ST_ASSIGN && c->kind != ST_EXPR) return NULL;
    if (i) sb_puts(&b, ", ");
    sb_puts(&b, c->kind == ST_ASSIGN ? assign_text(c) : emit_expr(c->expr));
  }
  return sb_take(&b);
}

/* The one assignment or call s->then is, from s's own source line (the
 * same file, or both generated); NULL if none. */
static const Stmt *one_line_body(const Stmt *s) {
  const Stmt *c = s->then && s->then->kind == ST_BLOCK && s->then->nbody == 1 ? s->then->body[0] : s->then;
  if (!c || (c->kind != ST_ASSIGN && c->kind != ST_EXPR) || c->omp_atomic || c->loc.line != s->loc.line ||
      (c->loc.file != s->loc.file && !str_eq(c->loc.file, s->loc.file)))
    return NULL;
  return c;
}

/* for (init; cond; step) STMT and if (cond) STMT on one line, where the
 * body is one_line_body and the whole stays short (jacfwd's lane loops, a
 * driver's copies and seeds); NULL otherwise. */
static char *one_line(const Printer *p, const Stmt *s) {
  const Stmt *c = one_line_body(s);
  if (!c || s->omp || s->parallel || (s->kind == ST_IF && s->els)) return NULL;
  char *what = c->kind == ST_ASSIGN ? assign_text(c) : emit_expr(c->expr), *text = NULL;
  if (s->kind == ST_IF) {
    text = xfmt("if (%s) %s", emit_expr(s->cond), what);
  } else {
    char *init = header_part(s->init, true), *step = header_part(s->step, false);
    if (init && step && *step) text = xfmt("for (%s; %s; %s) %s", init, s->cond ? emit_expr(s->cond) : "", step, what);
  }
  if (!text || strlen(text) > 100) return NULL;
  return s->unroll && !p->cuda ? xfmt("_Pragma(\"GCC unroll %d\") %s", s->unroll, text) : text;
}

static bool ends_flow(const Stmt *s) {
  return s && (s->kind == ST_BREAK || s->kind == ST_RETURN || s->kind == ST_CONTINUE);
}

/* In C++ (nvcc) a case label may not jump past a declaration's
 * initialisation: in a switch's body, T x = e prints as T x; x = e. */
static bool split_for_cxx(const Printer *p, const Stmt *block, const Stmt *c) {
  if (!p->cuda || c->kind != ST_DECL || !c->expr || c->expr->kind == EX_INIT || c->var->type->is_const ||
      c->var->type->kind == TY_ARRAY || c->var->is_static)
    return false;
  for (int i = 0; i < block->nbody; i++)
    if (block->body[i]->kind == ST_CASE) return true;
  return false;
}

static void body(Printer *p, const Stmt *s) {
  if (s->kind == ST_BLOCK) {
    p->indent++;
    for (int i = 0; i < s->nbody; i++) {
      const Stmt *c = s->body[i];
      /* a case reached from the one above says so (-Wimplicit-fallthrough) */
      if (c->kind == ST_CASE && i > 0 && s->body[i - 1]->kind != ST_CASE && !ends_flow(s->body[i - 1]))
        pr_line(p, "/* fall through */");
      if (split_for_cxx(p, s, c)) {
        Stmt d = *c;
        d.expr = NULL;
        emit_stmt(p, &d);
        Stmt *set = st_assign(ex_var(c->var), c->expr, c->loc);
        emit_stmt(p, set);
        continue;
      }
      emit_stmt(p, c);
      /* C11 does not allow a declaration right after a label */
      if (c->kind == ST_CASE && i + 1 < s->nbody && s->body[i + 1]->kind == ST_DECL) {
        p->indent++;
        pr_line(p, ";");
        p->indent--;
      }
    }
    p->indent--;
  } else {
    p->indent++;
    emit_stmt(p, s);
    p->indent--;
  }
}

void emit_stmt(Printer *p, const Stmt *s) {
  if (!s) return;
  if (s->kind == ST_FOR && s->parallel) {
    /* guarded: without -fopenmp the loop runs serially and compilers stay quiet */
    pr_anchor(p, (SrcLoc){0});
    pr_line(p, "#ifdef _OPENMP");
    pr_line(p, "#pragma omp parallel for");
    pr_line(p, "#endif");
  }
  if ((s->kind == ST_FOR || s->kind == ST_BLOCK) && s->omp && !s->parallel) {
    pr_anchor(p, (SrcLoc){0});
    pr_line(p, "#ifdef _OPENMP");
    pr_line(p, "#pragma omp %s", omp_text(s->omp, s, emit_expr));
    pr_line(p, "#endif");
  }
  if (s->kind == ST_FOR && s->omp_single && !s->omp && !s->parallel) {
    pr_anchor(p, (SrcLoc){0});
    pr_line(p, "#ifdef _OPENMP");
    pr_line(p, "#pragma omp single");
    pr_line(p, "#endif");
  }
  if (s->kind == ST_ASSIGN && s->omp_atomic) {
    pr_anchor(p, (SrcLoc){0});
    pr_line(p, "#ifdef _OPENMP");
    pr_line(p, "#pragma omp atomic");
    pr_line(p, "#endif");
  }
  switch (s->kind) {  /* one-line statements */
  case ST_DECL: line_of(p, s->loc, decl_text(s)); return;
  case ST_ASSIGN: line_of(p, s->loc, assign_text(s)); return;
  case ST_EXPR: line_of(p, s->loc, emit_expr(s->expr)); return;
  case ST_BREAK: pr_stmt(p, s->loc, "break;"); return;
  case ST_CONTINUE: pr_stmt(p, s->loc, "continue;"); return;
  case ST_RETURN: line_of(p, s->loc, s->expr ? xfmt("return %s", emit_expr(s->expr)) : xstrdup("return")); return;
  case ST_FOR:
  case ST_IF: {
    char *one = one_line(p, s);
    if (one) {
      line_of(p, s->loc, one);
      p->join_line = 0;  /* "if (c) a; b;" would read as if b were guarded */
      return;
    }
    break;
  }
  default: break;
  }
  if (s->kind != ST_BLOCK && s->kind != ST_CASE) pr_anchor(p, s->loc);
  switch (s->kind) {
  case ST_BLOCK:
    pr_line(p, "{");
    body(p, s);
    pr_line(p, "}");
    break;
  case ST_IF:
    pr_line(p, "if (%s) {", emit_expr(s->cond));
    body(p, s->then);
    while (s->els && s->els->kind == ST_IF) {
      s = s->els;
      pr_line(p, "} else if (%s) {", emit_expr(s->cond));
      body(p, s->then);
    }
    if (s->els) {
      pr_line(p, "} else {");
      body(p, s->els);
    }
    pr_line(p, "}");
    break;
  case ST_WHILE:
    if (s->is_do) {
      pr_line(p, "do {");
      body(p, s->then);
      pr_line(p, "} while (%s);", emit_expr(s->cond));
    } else {
      pr_line(p, "while (%s) {", s->cond ? emit_expr(s->cond) : "1");
      body(p, s->then);
      pr_line(p, "}");
    }
    break;
  case ST_FOR: {
    char *init = header_part(s->init, true);
    char *step = header_part(s->step, false);
    bool outer = !init;
    if (outer) {  /* init too complex for the header: open a scope for it */
      pr_line(p, "{");
      p->indent++;
      if (s->init->kind == ST_BLOCK)
        for (int i = 0; i < s->init->nbody; i++) emit_stmt(p, s->init->body[i]);
      else
        emit_stmt(p, s->init);
      init = xstrdup("");
    }
    const char *cond = s->cond ? emit_expr(s->cond) : "";
    if (s->unroll && !p->cuda) pr_line(p, "_Pragma(\"GCC unroll %d\")", s->unroll);
    if (step) {
      pr_line(p, *step ? "for (%s; %s; %s) {" : "for (%s; %s;%s) {", init, cond, step);
      body(p, s->then);
    } else {
      /* Step with a call: run it at the end of each iteration. */
      pr_line(p, "for (%s; %s;) {", init, cond);
      body(p, s->then);
      p->indent++;
      emit_stmt(p, s->step);
      p->indent--;
    }
    pr_line(p, "}");
    if (outer) {
      p->indent--;
      pr_line(p, "}");
    }
    break;
  }
  case ST_SWITCH:
    pr_line(p, "switch (%s) {", emit_expr(s->cond));
    body(p, s->then);
    pr_line(p, "}");
    break;
  case ST_CASE:
    p->indent--;
    if (s->expr)
      pr_line(p, "case %s:", emit_expr(s->expr));
    else
      pr_line(p, "default:");
    p->indent++;
    break;
  case ST_DECL:
  case ST_ASSIGN:
  case ST_EXPR:
  case ST_RETURN:
  case ST_BREAK:
  case ST_CONTINUE: break;  /* printed above */
  }
}

/* ---- Functions and records ------------------------------------------- */

/* How a declaration (not the definition) of f lists its parameters: a K&R
 * function of FILE.c (the original, not FILE.ad.c's copy of a static one)
 * takes them promoted, so FILE.ad.c declares it with the promoted types (a
 * float argument converted to double, as the definition expects) and
 * FILE.ad.h, which FILE.c includes after the definition, without a
 * prototype (one would follow a non-prototype definition: a warning, or
 * conflicting types for a float parameter). */
typedef enum ProtoKind { PK_DEF, PK_SOURCE, PK_HEADER } ProtoKind;

static char *proto_text(const Fn *f, bool is_static, ProtoKind pk) {
  bool knr = f->knr && !f->is_generated && !f->is_static && pk != PK_DEF;
  StrBuf b = {0};
  if (f->c_linkage) sb_puts(&b, "extern \"C\" ");
  if (f->is_noreturn) sb_puts(&b, "CCAD__NORETURN ");  /* ccad.h, ccad_cuda.h: the compiler's spelling */
  if (is_static) sb_puts(&b, "static ");
  if (f->qualifiers) sb_printf(&b, "%s ", f->qualifiers);
  StrBuf params = {0};
  for (int i = 0; i < f->nparams && !(knr && pk == PK_HEADER); i++) {
    if (i) sb_puts(&params, ", ");
    /* a function of FILE.c: array parameters as written (not in CUDA C++,
     * whose device copies of it have qualifiers, and which has no VLAs) */
    const Var *v = f->params[i];
    bool as_written = v->array_decl && !f->is_generated && !f->qualifiers && !f->c_linkage;
    const Type *t = knr && v->knr_type ? v->knr_type : v->type;
    sb_puts(&params, as_written ? v->array_decl : emit_decl(t, v->name));
  }
  if (f->is_variadic) sb_puts(&params, f->nparams ? ", ..." : "...");
  if (!f->nparams && !f->is_variadic && !f->no_proto && !(knr && pk == PK_HEADER)) sb_puts(&params, "void");
  char *inner = xfmt("%s(%s)", f->name, params.s ? params.s : "");
  sb_puts(&b, emit_decl(f->ret, inner));
  return sb_take(&b);
}

void emit_proto(Printer *p, const Fn *f, bool is_static) {
  pr_anchor(p, (SrcLoc){0});
  pr_line(p, "%s;", proto_text(f, is_static, p->header ? PK_HEADER : PK_SOURCE));
}

void emit_fn(Printer *p, const Fn *f, bool is_static) {
  p->cuda = f->is_cuda || f->qualifiers;
  pr_anchor(p, (SrcLoc){0});
  pr_line(p, "%s", proto_text(f, is_static, PK_DEF));
  pr_line(p, "{");
  body(p, f->body);
  pr_anchor(p, (SrcLoc){0});
  pr_line(p, "}");
}

/* t with the record type under its pointers and arrays replaced by nb. */
static Type *with_base(const Type *t, const Type *nb) {
  Type *c = xmalloc(sizeof *c);
  *c = (t->kind == TY_PTR || t->kind == TY_ARRAY) && !t->name ? *t : *nb;
  if (c->kind == TY_PTR || c->kind == TY_ARRAY) c->base = with_base(t->base, nb);
  return c;
}

static void record_body(StrBuf *b, const Record *r, int depth, bool hoisted);

/* A field's declaration. A record defined inside r (struct { ... } in;
 * struct Out { ... } out;) is defined by its first field, but where
 * 'hoisted' for a tagged one (C++: defined at file scope before r). */
static char *field_decl(const Field *f, const Record **done, int *ndone, int depth, bool hoisted) {
  const Type *t = f->type;
  while ((t->kind == TY_PTR || t->kind == TY_ARRAY) && !t->name) t = t->base;
  if (t->kind != TY_RECORD || t->name || !t->rec || !t->rec->nested || (hoisted && t->rec->tag))
    return field_text(f, f->type);
  for (int i = 0; i < *ndone; i++)
    if (done[i] == t->rec) return field_text(f, f->type);
  done[(*ndone)++] = t->rec;
  StrBuf b = {0};
  sb_printf(&b, "%s%s%s {\n", record_kw(t->rec), t->rec->tag ? " " : "", t->rec->tag ? tag_of(t->rec) : "");
  record_body(&b, t->rec, depth + 1, hoisted);
  sb_printf(&b, "%*s}", 2 * depth, "");
  Type nb = *t;
  nb.name = sb_take(&b);
  return field_text(f, with_base(f->type, &nb));
}

/* r's fields, a line each, indented for nesting depth 'depth'. */
static void record_body(StrBuf *b, const Record *r, int depth, bool hoisted) {
  const Record **done = xmalloc(sizeof *done * (size_t)(r->nfields ? r->nfields : 1));
  int ndone = 0;
  for (int i = 0; i < r->nfields; i++)
    sb_printf(b, "%*s%s;\n", 2 * depth, "", field_decl(&r->fields[i], done, &ndone, depth, hoisted));
  free(done);
}

/* The enums written inside r and the records it defines. */
static void record_enums(Printer *p, const Record *r, PtrVec *seen) {
  for (int i = 0; i < seen->len; i++)
    if (seen->data[i] == r) return;
  vec_push(seen, (void *)r);
  for (int i = 0; i < r->nenums; i++) pr_line(p, "%s", r->enums[i]);
  for (int i = 0; i < r->nfields; i++) {
    const Type *t = r->fields[i].type;
    while ((t->kind == TY_PTR || t->kind == TY_ARRAY) && !t->name) t = t->base;
    if (t->kind == TY_RECORD && !t->name && t->rec && t->rec->nested) record_enums(p, t->rec, seen);
  }
}

/* the tagged record a field's type defines inside its record, or NULL */
static const Record *nested_tagged(const Field *f) {
  const Type *t = f->type;
  while ((t->kind == TY_PTR || t->kind == TY_ARRAY) && !t->name) t = t->base;
  return t->kind == TY_RECORD && !t->name && t->rec && t->rec->nested && t->rec->tag ? t->rec : NULL;
}

void emit_record(Printer *p, const Record *r, bool forward_only) {
  const char *kw = r->is_union ? "union" : "struct";
  if (forward_only) {
    /* the tagged records defined inside it are declared too */
    for (int i = 0; i < r->nfields; i++) {
      const Type *t = r->fields[i].type;
      while ((t->kind == TY_PTR || t->kind == TY_ARRAY) && !t->name) t = t->base;
      if (t->kind == TY_RECORD && !t->name && t->rec && t->rec->nested && t->rec != r) emit_record(p, t->rec, true);
    }
    if (!r->tag) return;
    if (r->tdname)
      pr_line(p, "typedef %s %s %s;", kw, tag_of(r), r->tdname);
    else
      pr_line(p, "%s %s;", kw, tag_of(r));
    return;
  }
  /* C++ (FILE.ad.cu) scopes a tag defined inside r to r (outer::inner),
   * where C's is the file's: such records are defined first, at file scope */
  for (int i = 0; p->cuda && i < r->nfields; i++) {
    const Record *in = nested_tagged(&r->fields[i]);
    bool twice = false;
    for (int k = 0; k < i; k++) twice |= nested_tagged(&r->fields[k]) == in;
    if (in && in != r && !twice) emit_record(p, in, false);
  }
  PtrVec seen = {0};
  record_enums(p, r, &seen);
  pr_line(p, "%s%s%s%s {", r->tdname ? "typedef " : "", record_kw(r), r->tag ? " " : "", r->tag ? tag_of(r) : "");
  StrBuf b = {0};
  record_body(&b, r, 1, p->cuda);
  /* one line at a time: the printer indents each */
  p->indent++;
  for (char *line = b.s, *nl; line && *line; line = nl + 1) {
    nl = strchr(line, '\n');
    *nl = 0;
    pr_line(p, "%s", line + 2);
  }
  p->indent--;
  if (r->tdname)
    pr_line(p, "} %s;", r->tdname);
  else
    pr_line(p, "};");
}
