/*
 * pragma.c — requests: `#pragma ad ...` lines of FILE.c and --ad specs.
 *
 *   request := DIRECTIVE '(' FUNC [',' FUNC] ')' clause*
 *   clause  := ('wrt'|'out'|'batch') '(' item {',' item} ')' | 'name' '(' ID ')'
 *   item    := ID ['[' C-expression ']'] | 'return'
 *   in a function body:  'checkpoint' ['(' 'snapshots' '=' INT ')']
 *
 * Errors point at the offending token of the pragma line (or of the --ad
 * text, shown as file "<command line>", line = the spec's position).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_parse.h"
#include "front_int.h"

static const struct {
  const char *name;
  Directive dir;
} directives[] = {
    {"jvp", DIR_JVP},         {"vjp", DIR_VJP},         {"grad", DIR_GRAD},         {"jacfwd", DIR_JACFWD},
    {"jacrev", DIR_JACREV},   {"hessian", DIR_HESSIAN}, {"hvp", DIR_HVP},           {"vmap", DIR_VMAP},
    {"cuda", DIR_CUDA},       {"custom_jvp", DIR_CUSTOM_JVP}, {"custom_vjp", DIR_CUSTOM_VJP},
    {"inactive", DIR_INACTIVE}, {"checkpoint", DIR_CHECKPOINT},
};

const char *directive_name(Directive d);
const char *directive_name(Directive d) {
  for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++)
    if (directives[i].dir == d) return directives[i].name;
  return "?";
}

typedef struct Lex {
  const char *text, *p;
  SrcLoc base;    /* location of text[0] */
  bool failed;
} Lex;

static SrcLoc at(Lex *x, const char *p) {
  SrcLoc l = x->base;
  l.col += (int)(p - x->text);
  return l;
}

static void ws(Lex *x) {
  while (isspace((unsigned char)*x->p)) x->p++;
}

static char *ident(Lex *x) {
  ws(x);
  const char *s = x->p;
  if (!isalpha((unsigned char)*s) && *s != '_') return NULL;
  while (isalnum((unsigned char)*x->p) || *x->p == '_') x->p++;
  return xstrndup(s, (size_t)(x->p - s));
}

static bool punct(Lex *x, char c) {
  ws(x);
  if (*x->p != c) return false;
  x->p++;
  return true;
}

/* Only the first error of a line: the rest would follow from it. */
#define lex_error(x, p, ...)                               \
  do {                                                     \
    if (!(x)->failed) diag_at(at((x), (p)), __VA_ARGS__); \
    (x)->failed = true;                                    \
  } while (0)

/* Text up to the matching ']' (sizes may nest brackets and parentheses). */
static char *bracket_text(Lex *x) {
  const char *s = x->p;
  int depth = 0;
  for (; *x->p; x->p++) {
    if (*x->p == '[' || *x->p == '(') depth++;
    if (*x->p == ')') depth--;
    if (*x->p == ']') {
      if (depth == 0) break;
      depth--;
    }
  }
  if (*x->p != ']') {
    lex_error(x, s, D_REQ_SIZE_BRACKET);
    return NULL;
  }
  char *t = xstrndup(s, (size_t)(x->p - s));
  x->p++;
  return t;
}

static void items(Lex *x, ReqItem **out, int *n) {
  PtrVec v = {0};
  if (!punct(x, '(')) {
    lex_error(x, x->p, D_REQ_CLAUSE_PAREN);
    return;
  }
  do {
    ws(x);
    const char *s = x->p;
    char *name = ident(x);
    if (!name) {
      lex_error(x, s, D_REQ_PARAM_EXPECTED);
      return;
    }
    ReqItem *it = xmalloc(sizeof *it);
    it->name = name;
    it->loc = at(x, s);
    it->param = -1;
    PtrVec dims = {0}, locs = {0};
    while (punct(x, '[')) {  /* M[n][p]: one size per dimension */
      SrcLoc *l = xmalloc(sizeof *l);
      *l = at(x, x->p);
      char *t = bracket_text(x);
      if (!t) return;
      vec_push(&dims, t);
      vec_push(&locs, l);
    }
    if (dims.len) {
      it->ndims = dims.len;
      it->dims = (const char **)dims.data;
      it->dim_loc = xmalloc(sizeof(SrcLoc) * (size_t)dims.len);
      for (int k = 0; k < dims.len; k++) it->dim_loc[k] = *(SrcLoc *)locs.data[k];
      it->size = it->dims[0];
    }
    vec_push(&v, it);
  } while (punct(x, ','));
  if (!punct(x, ')')) {
    lex_error(x, x->p, D_REQ_CLAUSE_COMMA);
    return;
  }
  *n = v.len;
  *out = xmalloc(sizeof(ReqItem) * (size_t)(v.len ? v.len : 1));
  for (int i = 0; i < v.len; i++) (*out)[i] = *(ReqItem *)v.data[i];
}

static const char *const c_keywords[] = {
    "auto", "break", "case", "char", "const", "continue", "default", "do", "double", "else", "enum", "extern",
    "float", "for", "goto", "if", "inline", "int", "long", "register", "restrict", "return", "short", "signed",
    "sizeof", "static", "struct", "switch", "typedef", "union", "unsigned", "void", "volatile", "while", "_Alignas",
    "_Alignof", "_Atomic", "_Bool", "_Complex", "_Generic", "_Imaginary", "_Noreturn", "_Static_assert",
    "_Thread_local", NULL};

/* name(id): an identifier the generated file may define. */
static bool name_clause(Lex *x, Request *r, const char *cs) {
  if (!punct(x, '(')) {
    lex_error(x, cs, D_REQ_NAME_SYNTAX);
    return false;
  }
  ws(x);
  const char *ns = x->p;
  char *id = ident(x);
  if (!id || !punct(x, ')')) {
    lex_error(x, id ? x->p : ns, D_REQ_NAME_IDENT);
    return false;
  }
  for (int k = 0; c_keywords[k]; k++)
    if (!strcmp(id, c_keywords[k])) {
      diag_at(at(x, ns), D_REQ_KEYWORD_NAME, id, id, r->fname, directive_name(r->dir));
      return false;
    }
  if (!strcmp(id, "main")) {
    diag_at(at(x, ns), D_REQ_MAIN_NAME, r->fname, directive_name(r->dir));
    return false;
  }
  r->gen_name = id;
  r->name_loc = at(x, ns);
  return true;
}

/* Which clauses a directive takes: wrt and out for derivatives, batch for
 * the batching ones, name for every generating one; none for rules. */
static const char *clause_misuse(Directive d, const char *clause) {
  bool deriv = d <= DIR_HVP, batching = d == DIR_VMAP || d == DIR_CUDA;
  if (d >= DIR_CUSTOM_JVP) return "declares a rule and takes no clauses";
  if ((!strcmp(clause, "wrt") || !strcmp(clause, "out")) && !deriv)
    return "batches a function and takes batch(...) and name(...); to batch a derivative, request it first and "
           "batch that: grad(f) then vmap(f_grad)";
  if (!strcmp(clause, "batch") && !batching)
    return "has no batch dimension: batch(...) belongs to vmap and cuda; to batch this derivative, add a "
           "request vmap(...) of the function it generates (jacfwd and jacrev give every column or row at once)";
  return NULL;
}

/* The clauses after DIRECTIVE(FUNC); false after an error. With a nested
 * request (vmap(grad(f))), wrt and out go to 'inner'. */
static bool clauses(Lex *x, Request *r, const char *dname, Request *inner) {
  static const char *const names[] = {"wrt", "out", "batch", "name"};
  SrcLoc seen[4] = {{0}};
  for (;;) {
    ws(x);
    if (!*x->p) return true;
    const char *cs = x->p;
    char *clause = ident(x);
    if (!clause) {
      lex_error(x, cs, D_REQ_CLAUSE_EXPECTED);
      return false;
    }
    int k = 0;
    while (k < 4 && strcmp(clause, names[k])) k++;
    if (k == 4) {
      diag_at(at(x, cs), D_REQ_UNKNOWN_CLAUSE, clause);
      return false;
    }
    const char *misuse = inner && k < 2 ? NULL : clause_misuse(r->dir, clause);
    if (misuse) {
      diag_at(at(x, cs), D_REQ_CLAUSE_MISUSE, clause, dname, misuse);
      return false;
    }
    if (seen[k].file) {
      diag_at(at(x, cs), D_REQ_CLAUSE_TWICE, clause, seen[k].col,
              k == 3 ? "keep one" : xfmt("list everything in one %s(...)", clause));
      return false;
    }
    seen[k] = at(x, cs);
    Request *d = inner ? inner : r;  /* where wrt and out go */
    if (k == 0) {
      items(x, &d->wrt, &d->nwrt);
      d->has_wrt = true;
    } else if (k == 1) {
      items(x, &d->out, &d->nout);
      d->has_out = true;
    } else if (k == 2) {
      items(x, &r->batch, &r->nbatch);
      r->has_batch = true;
    } else if (!name_clause(x, r, cs)) {
      return false;
    }
    if (x->failed) return false;
  }
}

static Directive directive_of(const char *name, bool *known) {
  *known = false;
  for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++)
    if (!strcmp(directives[i].name, name)) {
      *known = true;
      return directives[i].dir;
    }
  return DIR_JVP;
}

/* The nested JAX spelling vmap(grad(f)) CLAUSES: the requests grad(f) and
 * vmap(f_grad). wrt and out go to the derivative, batch and name to the
 * batching request. Called with x after "vmap(grad"; fills 'inner'. */
static bool nested(Lex *x, Request *outer, const char *odir, Request *inner, const char *idir, SrcLoc iloc) {
  bool known;
  inner->dir = directive_of(idir, &known);
  inner->loc = iloc;
  if (outer->dir != DIR_VMAP && outer->dir != DIR_CUDA) {
    diag_at(outer->loc, D_REQ_NEST_OUTER, odir, idir, odir, idir);
    return false;
  }
  if (inner->dir > DIR_HVP) {
    diag_at(iloc, D_REQ_NEST_INNER, idir, odir);
    return false;
  }
  punct(x, '(');
  ws(x);
  const char *fs = x->p;
  inner->fname = ident(x);
  if (!inner->fname) {
    lex_error(x, fs, D_REQ_FUNCTION_EXPECTED);
    return false;
  }
  inner->loc = at(x, fs);
  if (!punct(x, ')') || !punct(x, ')')) {
    lex_error(x, x->p, D_REQ_NESTED_CLOSE);
    return false;
  }
  inner->gen_name = xfmt("%s_%s", inner->fname, idir);
  outer->fname = inner->gen_name;
  return true;
}

static Request *parse_request(const char *text, SrcLoc base, Request **inner_out) {
  *inner_out = NULL;
  Lex x = {text, text, base, false};
  ws(&x);
  const char *ds = x.p;
  char *dname = ident(&x);
  if (!dname) {
    lex_error(&x, ds, D_REQ_DIRECTIVE_EXPECTED);
    return NULL;
  }
  Request *r = xmalloc(sizeof *r);
  r->loc = at(&x, ds);
  bool known = false;
  for (size_t i = 0; i < sizeof directives / sizeof directives[0]; i++)
    if (!strcmp(directives[i].name, dname)) {
      r->dir = directives[i].dir;
      known = true;
    }
  if (!known) {
    diag_at(r->loc, D_REQ_UNKNOWN_DIRECTIVE, dname);
    return NULL;
  }
  if (r->dir == DIR_CHECKPOINT) {
    diag_at(r->loc, D_CHECKPOINT_PLACE);
    return NULL;
  }
  if (!punct(&x, '(')) {
    lex_error(&x, x.p, D_REQ_DIRECTIVE_PAREN, dname);
    return NULL;
  }
  ws(&x);
  const char *fs = x.p;
  r->fname = ident(&x);
  if (!r->fname) {
    lex_error(&x, fs, D_REQ_FUNCTION_EXPECTED);
    return NULL;
  }
  r->loc = at(&x, fs);
  ws(&x);
  bool is_dir;
  if (*x.p == '(') {
    directive_of(r->fname, &is_dir);
    if (is_dir) {
      Request *in = xmalloc(sizeof *in);
      if (!nested(&x, r, dname, in, r->fname, at(&x, fs))) return NULL;
      if (!clauses(&x, r, dname, in)) return NULL;
      r->gen_name = r->gen_name ? r->gen_name : xfmt("%s_%s", r->fname, dname);
      *inner_out = in;
      return r;
    }
  }
  if (punct(&x, ',')) {
    ws(&x);
    r->extra_loc = at(&x, x.p);
    r->extra = ident(&x);
    if (!r->extra) {
      lex_error(&x, x.p, D_REQ_SECOND_FUNCTION);
      return NULL;
    }
  }
  if (!punct(&x, ')')) {
    lex_error(&x, x.p, D_REQ_CLOSE_EXPECTED);
    return NULL;
  }
  bool custom = r->dir == DIR_CUSTOM_JVP || r->dir == DIR_CUSTOM_VJP;
  if (custom && !r->extra) {
    diag_at(r->loc, D_REQ_CUSTOM_NEEDS_FN, dname, dname, r->fname, r->fname);
    return NULL;
  }
  if (r->extra && !custom) {
    diag_at(r->extra_loc, D_REQ_ONE_FUNCTION, dname, dname, r->fname);
    return NULL;
  }
  if (!clauses(&x, r, dname, NULL)) return NULL;
  if (!r->gen_name && r->dir < DIR_CUSTOM_JVP) r->gen_name = xfmt("%s_%s", r->fname, dname);
  return r;
}

/* ---- Collecting pragma lines ----------------------------------------- */

typedef struct Checkpoint {
  int line;       /* line of the for loop it applies to */
  int snapshots;  /* -1: default */
  SrcLoc loc;
} Checkpoint;
static PtrVec checkpoints;

static void parse_checkpoint(const char *text, SrcLoc loc, int for_line) {
  Lex x = {text, text, loc, false};
  ident(&x);  /* "checkpoint" */
  Checkpoint *c = xmalloc(sizeof *c);
  c->line = for_line;
  c->loc = loc;
  c->snapshots = -1;
  if (punct(&x, '(')) {
    const char *s = x.p;
    char *k = ident(&x);
    if (!k || strcmp(k, "snapshots") || !punct(&x, '=')) {
      lex_error(&x, s, D_CHECKPOINT_SYNTAX);
      return;
    }
    ws(&x);
    char *end;
    long v = strtol(x.p, &end, 10);
    if (end == x.p || v < 1) {
      lex_error(&x, x.p, D_CHECKPOINT_SNAPSHOTS);
      return;
    }
    x.p = end;
    c->snapshots = (int)v;
    if (!punct(&x, ')')) {
      lex_error(&x, x.p, D_REQ_CLOSE_EXPECTED);
      return;
    }
  }
  ws(&x);
  if (*x.p) {
    lex_error(&x, x.p, D_CHECKPOINT_TRAILING);
    return;
  }
  vec_push(&checkpoints, c);
}

/* A comment at the end of a pragma line is not part of the request. */
static void strip_comment(char *q) {
  for (char *p = q; *p; p++) {
    if (p[0] == '/' && p[1] == '/') {
      *p = 0;
      return;
    }
    if (p[0] == '/' && p[1] == '*') {
      char *e = strstr(p + 2, "*/");
      if (!e) {
        *p = 0;
        return;
      }
      memset(p, ' ', (size_t)(e + 2 - p));
    }
  }
}

/* Does the next line holding code (after blanks and comments) start a for loop? */
static int next_for_line(const char *p, int line) {
  for (;;) {
    for (; isspace((unsigned char)*p); p++)
      if (*p == '\n') line++;
    if (p[0] == '/' && p[1] == '/') {
      while (*p && *p != '\n') p++;
    } else if (p[0] == '/' && p[1] == '*') {
      const char *e = strstr(p + 2, "*/");
      if (!e) return 0;
      for (; p < e; p++)
        if (*p == '\n') line++;
      p = e + 2;
    } else {
      return !strncmp(p, "for", 3) && !isalnum((unsigned char)p[3]) && p[3] != '_' ? line : 0;
    }
  }
}

/* Is line L of FILE.c inside a function body? */
typedef struct BodyQuery {
  Front *fr;
  int line;
  bool inside;
} BodyQuery;

static enum CXChildVisitResult find_body(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  BodyQuery *q = d;
  if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) || !cx_in_main_file(q->fr, c))
    return CXChildVisit_Continue;
  CXSourceRange r = clang_getCursorExtent(c);
  SrcLoc a = cx_loc_at(q->fr, clang_getRangeStart(r)), b = cx_loc_at(q->fr, clang_getRangeEnd(r));
  if (str_eq(a.file, q->fr->file) && q->line > a.line && q->line < b.line) q->inside = true;
  return CXChildVisit_Continue;
}

void pragma_collect(Front *fr, const char **specs, int nspecs) {
  Module *m = fr->m;
  char *text = read_file(fr->file, NULL);
  if (!text) {
    diag_at((SrcLoc){0}, D_SOURCE_UNREADABLE, fr->file);
    return;
  }
  int line = 1;
  for (char *p = text; *p;) {
    char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    char *ln = xstrndup(p, n);
    int here = line;
    /* join continuation lines */
    while (n && ln[strlen(ln) - 1] == '\\' && e) {
      ln[strlen(ln) - 1] = ' ';
      p = e + 1;
      e = strchr(p, '\n');
      n = e ? (size_t)(e - p) : strlen(p);
      ln = xfmt("%s%s", ln, xstrndup(p, n));
      line++;
    }
    char *q = ln;
    while (*q == ' ' || *q == '\t') q++;
    if (*q == '#') {
      q++;
      while (*q == ' ' || *q == '\t') q++;
      if (!strncmp(q, "pragma", 6) && isspace((unsigned char)q[6])) {
        q += 6;
        while (*q == ' ' || *q == '\t') q++;
        if (!strncmp(q, "ad", 2) && (isspace((unsigned char)q[2]) || !q[2])) {
          q += 2;
          while (*q == ' ' || *q == '\t') q++;
          strip_comment(q);
          SrcLoc loc = {fr->file, here, (int)(q - ln) + 1};
          int for_line;
          BodyQuery bq = {fr, here, false};
          clang_visitChildren(clang_getTranslationUnitCursor(fr->tu), find_body, &bq);
          if (str_starts(q, "checkpoint") && !isalnum((unsigned char)q[10]) && q[10] != '_') {
            if (!bq.inside)
              diag_at(loc, D_CHECKPOINT_PLACE);
            else if (!(for_line = next_for_line(e ? e + 1 : p + n, line + 1)))
              diag_at(loc, D_CHECKPOINT_NO_FOR);
            else
              parse_checkpoint(q, loc, for_line);
          } else if (bq.inside) {
            diag_at(loc, D_REQ_INSIDE_FUNCTION);
          } else {
            Request *in, *r = parse_request(q, loc, &in);
            if (in) vec_push(&m->requests, in);
            if (r) vec_push(&m->requests, r);
          }
        }
      }
    }
    line++;
    p = e ? e + 1 : p + n;
  }
  for (int i = 0; i < nspecs; i++) {
    SrcLoc loc = {"<command line>", i + 1, 1};
    diag_set_line_text(loc.file, loc.line, specs[i]);
    Request *in, *r = parse_request(specs[i], loc, &in);
    if (in) vec_push(&m->requests, in);
    if (r) vec_push(&m->requests, r);
  }
}

/* The checkpoint request of the for loop starting on 'loop's line: 0 none,
 * -1 default snapshots, K snapshots. */
int pragma_checkpoint_for(SrcLoc loop);
int pragma_checkpoint_for(SrcLoc loop) {
  for (int i = 0; i < checkpoints.len; i++) {
    Checkpoint *c = checkpoints.data[i];
    if (c->line == loop.line && str_eq(loop.file, c->loc.file)) return c->snapshots;
  }
  return 0;
}

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
  case EX_BIN: {
    long v;
    if ((p = size_problem(e->lhs)) || (p = size_problem(e->rhs))) return p;
    if ((e->op == OP_DIV || e->op == OP_MOD) && size_constant(e->rhs, &v) && v == 0) return "it divides by zero";
    return NULL;
  }
  case EX_COND:
    if ((p = size_problem(e->cond)) || (p = size_problem(e->lhs)) || (p = size_problem(e->rhs))) return p;
    return NULL;
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
    CXCursor last = clang_getNullCursor();
    for (int k = 0; k < n; k++)
      if (clang_isExpression(clang_getCursorKind(kids[k]))) {
        nexpr++;
        last = kids[k];  /* innermost first: the last is the outer length */
      }
    free(kids);
    if (nexpr != nlev + 1) return NULL;
    CXToken *toks;
    unsigned nt;
    clang_tokenize(fr->tu, clang_getCursorExtent(last), &toks, &nt);
    StrBuf b = {0};
    for (unsigned k = 0; k < nt; k++) sb_puts(&b, cx_str(clang_getTokenSpelling(fr->tu, toks[k])));
    clang_disposeTokens(fr->tu, toks, nt);
    return sb_take(&b);
  }
  return NULL;
}

typedef struct SizeCtx {
  Front *fr;
  Fn *fn;
  int depth;
} SizeCtx;

/* Names in a size: the function's parameters, or object-like macros
 * (#define N 100) whose text is parsed in turn. */
static Expr *size_ident(ParseResolver *r, const char *name) {
  SizeCtx *ctx = r->ctx;
  Fn *f = ctx->fn;
  for (int i = 0; i < f->nparams; i++)
    if (!strcmp(f->params[i]->name, name)) return ex_var(f->params[i]);
  for (int i = ctx->fr->macro_names.len - 1; i >= 0 && ctx->depth < 16; i--) {
    if (strcmp(ctx->fr->macro_names.data[i], name)) continue;
    ctx->depth++;
    Expr *e = ir_parse_expr(ctx->fr->macro_texts.data[i], r, NULL, NULL);
    ctx->depth--;
    return e;
  }
  return NULL;
}

/* One [size] of item 'it': parsed, an integer, positive where constant. */
static Expr *parse_size(Front *fr, Fn *f, ReqItem *it, int k) {
  SizeCtx ctx = {fr, f, 0};
  ParseResolver pr = {.ident = size_ident, .float_type = ty_double(), .ctx = &ctx};
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
          rows ? "" : ", with rows the number of rows");
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
      if (!strcmp(f->params[j]->name, it->name)) it->param = j;
    if (it->param < 0) {
      diag_at(it->loc, D_UNKNOWN_PARAM, it->name, clause, f->name);
      continue;
    }
    Type *t = f->params[it->param]->type;
    bool floating = ty_reaches_float(t);
    if (!floating && strcmp(clause, "batch"))
      diag_at(it->loc, D_PARAM_NOT_FLOAT, it->name, clause);
    if (!strcmp(clause, "out") && !ty_is_ptr(t) && floating)
      diag_at(it->loc, D_OUT_BY_VALUE, it->name);
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

static void resolve_all(Front *fr, Request *r) {
  if (r->dir == DIR_CUDA) check_cuda_params(r);
  resolve_items(fr, r, r->wrt, r->nwrt, "wrt");
  resolve_items(fr, r, r->out, r->nout, "out");
  resolve_items(fr, r, r->batch, r->nbatch, "batch");
  drop_repeats(r->fn, r->wrt, &r->nwrt, "wrt");
  drop_repeats(r->fn, r->out, &r->nout, "out");
  drop_repeats(r->fn, r->batch, &r->nbatch, "batch");
  check_inout_sizes(r);
}

static Front *resolve_front;  /* for sizes of composed requests, resolved late */

/* A request on a generated function: its clauses refer to the generated
 * function's parameters, known only once the earlier request has run. */
void pragma_resolve_composed(Request *r, Fn *f) {
  r->fn = f;
  resolve_all(resolve_front, r);
}

/* Requests run in order, and a composed one needs the result of the one it
 * composes: move each after its base (stable otherwise); a cycle is an
 * error. */
static void order_composed(Module *m) {
  int n = m->requests.len;
  for (int pass = 0; pass <= n * n; pass++) {  /* each move fixes one pair */
    bool moved = false;
    for (int i = 0; i < m->requests.len; i++) {
      Request *r = m->requests.data[i];
      if (!r->compose_of) continue;
      int at = -1;
      for (int j = 0; j < m->requests.len; j++)
        if (m->requests.data[j] == r->compose_of) at = j;
      if (at < i) continue;
      memmove(&m->requests.data[i], &m->requests.data[i + 1], sizeof(void *) * (size_t)(at - i));
      m->requests.data[at] = r;
      moved = true;
      break;
    }
    if (!moved) return;
  }
  for (int i = 0; i < m->requests.len; i++) {
    Request *r = m->requests.data[i];
    if (r->compose_of) {
      diag_at(r->loc, D_COMPOSE_CYCLE, r->fname, r->compose_of->fname);
      return;
    }
  }
}

/* The generated function's name must be free: not a function FILE.c
 * defines, nor one a header declares (name(printf)), nor a variable, nor
 * what another request generates. A prototype in FILE.c itself is the
 * user declaring the generated function, and is fine. */
static void check_gen_name(Front *fr, Request *r, NameSet *taken) {
  if (!r->gen_name || r->dir >= DIR_CUSTOM_JVP) return;
  SrcLoc at = r->name_loc.file ? r->name_loc : r->loc;
  const char *how = r->name_loc.file ? "choose another" : "choose another with name(...)";
  if (nameset_has(taken, r->gen_name)) {
    diag_at(at, D_NAME_TAKEN_REQUEST, r->gen_name, how);
    return;
  }
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
    again |= r->compose_of || r->dir == DIR_HESSIAN || r->dir == DIR_HVP;
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
  resolve_front = fr;
  NameSet taken = {0};
  for (int i = 0; i < m->requests.len; i++) check_gen_name(fr, m->requests.data[i], &taken);
  for (int i = 0; i < m->requests.len; i++) {
    Request *r = m->requests.data[i];
    Fn *f = mod_find_fn(m, r->fname);
    if (!f || !f->is_defined) {
      /* composed (jvp(f_grad)): resolved once the request making f_grad has
       * run, wherever its pragma is; FILE.ad.h may declare f_grad already */
      for (int j = 0; j < m->requests.len; j++) {
        Request *o = m->requests.data[j];
        if (j != i && o->gen_name && str_eq(o->gen_name, r->fname)) {
          r->compose_of = o;
          goto next;
        }
      }
    }
    if (!f) {
      diag_at(r->loc, D_UNKNOWN_FUNCTION, r->fname, fr->file);
      continue;
    }
    if (!f->is_defined && r->dir != DIR_INACTIVE && r->dir != DIR_CUSTOM_JVP && r->dir != DIR_CUSTOM_VJP) {
      diag_at(r->loc, D_NO_BODY, r->fname);
      continue;
    }
    r->fn = f;
    if (r->dir == DIR_INACTIVE) {
      f->is_inactive = true;
      vec_push(&m->inactive, (void *)f->name);
      continue;
    }
    if (r->dir == DIR_CUSTOM_JVP || r->dir == DIR_CUSTOM_VJP) {
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
  next:;
  }
  order_composed(m);
  lower_hand_derivatives(fr);
}
