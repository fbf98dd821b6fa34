/*
 * ir_print.c — a stable text dump of a function's IR, for --dump=ir and the
 * unit tests. Not C: a readable, exact picture of the tree.
 *
 *   fn NAME(PARAM:TYPE, ...) -> TYPE [static] [variadic] [generated]
 *     decl [static] NAME:TYPE [= EXPR]
 *     assign LHS RHS
 *     expr EXPR
 *     if COND / then / else, while COND, do-while COND, switch COND,
 *     for [checkpoint=K] [parallel] with parts init / cond / step / body,
 *     case EXPR / default, return [EXPR], break, continue, block
 *
 * One statement per line, two spaces of indentation per level. Expressions
 * are prefix trees, every node parenthesised with its type after a colon:
 *   (var i:int)  (num 2.0:double)  (bin +:double A B)  (un -:double A)
 *   (index:double BASE IDX)  (member ->x:double P)  (call sin:double ARG...)
 *   (callp:int CALLEE ARG...)  (cast:int E)  (icast:double E) (implicit)
 *   (cond:double C A B)  (deref:double P)  (addr:double* L)
 *   (sizeof:size_t E | "sizeof(T)")  (init:double[3] E...)  (str "..")  (func f)
 * Types: int spellings as written (unsigned int, size_t), typedef names as
 * NAME=KIND (real=double), pointers T*, arrays T[3] T[] T[(var n:int)],
 * records struct P / union U / their typedef name, const as a prefix (or
 * *const for a const pointer).
 */
#include <string.h>

#include "ir.h"

static void dump_expr(StrBuf *b, const Expr *e);

static const char *op_text(BinOp op) {
  static const char *t[] = {
      [OP_ADD] = "+",  [OP_SUB] = "-",  [OP_MUL] = "*",   [OP_DIV] = "/",  [OP_MOD] = "%",  [OP_LT] = "<",
      [OP_GT] = ">",   [OP_LE] = "<=",  [OP_GE] = ">=",   [OP_EQ] = "==",  [OP_NE] = "!=",  [OP_BAND] = "&",
      [OP_BOR] = "|",  [OP_BXOR] = "^", [OP_SHL] = "<<",  [OP_SHR] = ">>", [OP_LAND] = "&&", [OP_LOR] = "||",
      [OP_NEG] = "-",  [OP_PLUS] = "+", [OP_NOT] = "!",   [OP_BNOT] = "~",
  };
  return (unsigned)op < sizeof t / sizeof t[0] && t[op] ? t[op] : "?";
}

static const char *kind_text(TypeKind k) {
  switch (k) {
  case TY_VOID: return "void";
  case TY_INT: return "int";
  case TY_FLOAT: return "float";
  case TY_DOUBLE: return "double";
  case TY_LDOUBLE: return "long double";
  case TY_PTR: return "ptr";
  case TY_ARRAY: return "array";
  case TY_RECORD: return "record";
  case TY_FUNC: return "fn";
  case TY_COMPLEX: return "complex";
  }
  return "?";
}

static void dump_type(StrBuf *b, const Type *t);

/* The type without its typedef name. */
static void dump_structure(StrBuf *b, const Type *t) {
  switch (t->kind) {
  case TY_PTR:
    dump_type(b, t->base);
    sb_puts(b, t->is_const ? "*const" : "*");
    break;
  case TY_ARRAY: {
    /* C order: double[3][4] is an array of 3 arrays of 4 */
    const Type *e = t;
    while (e->kind == TY_ARRAY && !e->name) e = e->base;
    dump_type(b, e);
    for (const Type *a = t; a != e; a = a->base) {
      sb_putc(b, '[');
      if (a->vla)
        dump_expr(b, a->vla);
      else if (a->len >= 0)
        sb_printf(b, "%ld", a->len);
      sb_putc(b, ']');
    }
    break;
  }
  case TY_RECORD:
    if (!t->rec)
      sb_puts(b, "record");
    else if (t->rec->tag)
      sb_printf(b, "%s %s", t->rec->is_union ? "union" : "struct", t->rec->tag);
    else if (t->rec->tdname)
      sb_puts(b, t->rec->tdname);
    else
      sb_puts(b, t->rec->is_union ? "union <anon>" : "struct <anon>");
    break;
  case TY_INT: sb_puts(b, t->name ? t->name : "int"); break;
  default: sb_puts(b, kind_text(t->kind)); break;
  }
}

static void dump_type(StrBuf *b, const Type *t) {
  if (!t) {
    sb_puts(b, "?");
    return;
  }
  /* a const array is an array of const elements: the base says so */
  bool const_prefix = t->is_const && t->kind != TY_PTR && !(t->kind == TY_ARRAY && t->base && t->base->is_const);
  if (const_prefix) sb_puts(b, "const ");
  if (t->kind == TY_INT) {
    sb_puts(b, t->name ? t->name : "int");
    return;
  }
  bool named = t->name && !(t->kind != TY_PTR && t->kind != TY_ARRAY && t->kind != TY_RECORD &&
                            !strcmp(t->name, kind_text(t->kind)));
  if (named && t->kind == TY_RECORD) {
    sb_puts(b, t->name);  /* a typedef'd record: its name is enough */
    return;
  }
  if (named) sb_printf(b, "%s=", t->name);
  dump_structure(b, t);
}

static void dump_typed(StrBuf *b, const Expr *e) {
  sb_putc(b, ':');
  dump_type(b, e->type);
}

static void dump_kids(StrBuf *b, const Expr *e) {
  if (e->cond) {
    sb_putc(b, ' ');
    dump_expr(b, e->cond);
  }
  if (e->lhs) {
    sb_putc(b, ' ');
    dump_expr(b, e->lhs);
  }
  if (e->rhs) {
    sb_putc(b, ' ');
    dump_expr(b, e->rhs);
  }
}

static char *dump_text(const Expr *e) {
  StrBuf b = {0};
  dump_expr(&b, e);
  return sb_take(&b);
}

static void dump_expr(StrBuf *b, const Expr *e) {
  if (!e) {
    sb_puts(b, "(null)");
    return;
  }
  sb_putc(b, '(');
  switch (e->kind) {
  case EX_NUM:
    sb_printf(b, "num %s", e->text ? e->text : "?");
    dump_typed(b, e);
    break;
  case EX_STR: sb_printf(b, "str %s", e->text ? e->text : "\"\""); break;
  case EX_VAR:
    sb_printf(b, "var %s", e->var && e->var->name ? e->var->name : "?");
    dump_typed(b, e);
    break;
  case EX_FUNC: sb_printf(b, "func %s", e->text ? e->text : "?"); break;
  case EX_BIN:
  case EX_UN:
    sb_printf(b, "%s %s", e->kind == EX_BIN ? "bin" : "un", op_text(e->op));
    dump_typed(b, e);
    dump_kids(b, e);
    break;
  case EX_DEREF:
  case EX_ADDR:
  case EX_INDEX:
  case EX_COND:
    sb_puts(b, e->kind == EX_DEREF ? "deref" : e->kind == EX_ADDR ? "addr" : e->kind == EX_INDEX ? "index" : "cond");
    dump_typed(b, e);
    dump_kids(b, e);
    break;
  case EX_MEMBER:
    sb_printf(b, "member %s%s", e->is_arrow ? "->" : ".", e->text ? e->text : "?");
    dump_typed(b, e);
    dump_kids(b, e);
    break;
  case EX_CAST:
    sb_puts(b, e->is_implicit ? "icast" : "cast");
    dump_typed(b, e);
    dump_kids(b, e);
    break;
  case EX_CALL:
    if (e->rt) {
      sb_printf(b, "rt %s", rt_info[e->rt].name);  /* a runtime operation (runtime.def) */
      dump_typed(b, e);
    } else if (e->text) {
      sb_printf(b, "call %s", e->text);
      dump_typed(b, e);
    } else {
      sb_puts(b, "callp");
      dump_typed(b, e);
      dump_kids(b, e);  /* the callee */
    }
    for (int i = 0; i < e->nargs; i++) {
      sb_putc(b, ' ');
      dump_expr(b, e->args[i]);
    }
    break;
  case EX_SIZEOF:
    sb_puts(b, "sizeof");
    dump_typed(b, e);
    if (e->lhs)
      dump_kids(b, e);
    else if (e->of) {
      sb_puts(b, " (");
      dump_type(b, e->of);
      sb_putc(b, ')');
    }
    else
      sb_printf(b, " \"%s\"", e->text ? e->text : "?");
    break;
  case EX_INIT:
    sb_puts(b, "init");
    dump_typed(b, e);
    for (int i = 0; i < e->nargs; i++) {
      sb_putc(b, ' ');
      dump_expr(b, e->args[i]);
    }
    break;
  }
  sb_putc(b, ')');
}

static void line(StrBuf *b, int depth) {
  for (int i = 0; i < depth; i++) sb_puts(b, "  ");
}

static void dump_stmt(StrBuf *b, const Stmt *s, int depth);

/* A statement's children: a block's statements one level down, or the
 * single statement. */
static void dump_body(StrBuf *b, const Stmt *s, int depth) {
  if (!s) return;
  if (s->kind == ST_BLOCK)
    for (int i = 0; i < s->nbody; i++) dump_stmt(b, s->body[i], depth);
  else
    dump_stmt(b, s, depth);
}

static void dump_part(StrBuf *b, const char *label, const Stmt *s, int depth) {
  line(b, depth);
  sb_printf(b, "%s\n", label);
  dump_body(b, s, depth + 1);
}

static void dump_stmt(StrBuf *b, const Stmt *s, int depth) {
  if (!s) return;
  line(b, depth);
  switch (s->kind) {
  case ST_BLOCK:
    sb_puts(b, "block");
    if (s->omp) sb_printf(b, " omp(%s)", omp_text(s->omp, s, dump_text));
    sb_putc(b, '\n');
    dump_body(b, s, depth + 1);
    return;
  case ST_DECL:
    sb_printf(b, "decl %s%s:", s->var->is_static ? "static " : "", s->var->name);
    dump_type(b, s->var->type);
    if (s->expr) {
      sb_puts(b, " = ");
      dump_expr(b, s->expr);
    }
    break;
  case ST_ASSIGN:
    sb_puts(b, "assign ");
    dump_expr(b, s->lhs);
    sb_putc(b, ' ');
    dump_expr(b, s->rhs);
    break;
  case ST_EXPR:
    sb_puts(b, "expr ");
    dump_expr(b, s->expr);
    break;
  case ST_IF:
    sb_puts(b, "if ");
    dump_expr(b, s->cond);
    sb_putc(b, '\n');
    dump_part(b, "then", s->then, depth + 1);
    if (s->els) dump_part(b, "else", s->els, depth + 1);
    return;
  case ST_WHILE:
    sb_puts(b, s->is_do ? "do-while " : "while ");
    if (s->cond)
      dump_expr(b, s->cond);
    else
      sb_puts(b, "forever");
    sb_putc(b, '\n');
    dump_body(b, s->then, depth + 1);
    return;
  case ST_FOR:
    sb_puts(b, "for");
    if (s->checkpoint) sb_printf(b, " checkpoint=%d", s->checkpoint);
    if (s->parallel) sb_puts(b, " parallel");
    if (s->omp) sb_printf(b, " omp(%s)", omp_text(s->omp, s, dump_text));
    sb_putc(b, '\n');
    if (s->init) dump_part(b, "init", s->init, depth + 1);
    line(b, depth + 1);
    sb_puts(b, "cond ");
    if (s->cond)
      dump_expr(b, s->cond);
    else
      sb_puts(b, "forever");
    sb_putc(b, '\n');
    if (s->step) dump_part(b, "step", s->step, depth + 1);
    dump_part(b, "body", s->then, depth + 1);
    return;
  case ST_SWITCH:
    sb_puts(b, "switch ");
    dump_expr(b, s->cond);
    sb_putc(b, '\n');
    dump_body(b, s->then, depth + 1);
    return;
  case ST_CASE:
    if (s->expr) {
      sb_puts(b, "case ");
      dump_expr(b, s->expr);
    } else {
      sb_puts(b, "default");
    }
    break;
  case ST_RETURN:
    sb_puts(b, "return");
    if (s->expr) {
      sb_putc(b, ' ');
      dump_expr(b, s->expr);
    }
    break;
  case ST_BREAK: sb_puts(b, "break"); break;
  case ST_CONTINUE: sb_puts(b, "continue"); break;
  }
  sb_putc(b, '\n');
}

void ir_dump_expr(const Expr *e, StrBuf *out) { dump_expr(out, e); }

void ir_dump_fn(const Fn *f, StrBuf *out) {
  sb_printf(out, "fn %s(", f->name ? f->name : "?");
  for (int i = 0; i < f->nparams; i++) {
    if (i) sb_puts(out, ", ");
    sb_printf(out, "%s:", f->params[i]->name);
    dump_type(out, f->params[i]->type);
  }
  if (f->is_variadic) sb_puts(out, f->nparams ? ", ..." : "...");
  sb_puts(out, ") -> ");
  dump_type(out, f->ret);
  if (f->is_static) sb_puts(out, " static");
  if (f->is_generated) sb_puts(out, " generated");
  sb_putc(out, '\n');
  if (f->body)
    dump_body(out, f->body, 1);
  else
    sb_puts(out, "  <no body>\n");
}
