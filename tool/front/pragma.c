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

static void lex_error(Lex *x, const char *p, const char *msg) {
  if (!x->failed) diag_error(at(x, p), "%s", msg);
  x->failed = true;
}

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
    lex_error(x, s, "missing ']' after the size expression");
    return NULL;
  }
  char *t = xstrndup(s, (size_t)(x->p - s));
  x->p++;
  return t;
}

static void items(Lex *x, ReqItem **out, int *n) {
  PtrVec v = {0};
  if (!punct(x, '(')) {
    lex_error(x, x->p, "expected '(' after the clause name");
    return;
  }
  do {
    ws(x);
    const char *s = x->p;
    char *name = ident(x);
    if (!name) {
      lex_error(x, s, "expected a parameter name");
      return;
    }
    ReqItem *it = xmalloc(sizeof *it);
    it->name = name;
    it->loc = at(x, s);
    it->param = -1;
    if (punct(x, '[')) it->size = bracket_text(x);
    vec_push(&v, it);
  } while (punct(x, ','));
  if (!punct(x, ')')) {
    lex_error(x, x->p, "expected ',' or ')' in the clause");
    return;
  }
  *n = v.len;
  *out = xmalloc(sizeof(ReqItem) * (size_t)(v.len ? v.len : 1));
  for (int i = 0; i < v.len; i++) (*out)[i] = *(ReqItem *)v.data[i];
}

static Request *parse_request(const char *text, SrcLoc base) {
  Lex x = {text, text, base, false};
  ws(&x);
  const char *ds = x.p;
  char *dname = ident(&x);
  if (!dname) {
    lex_error(&x, ds, "expected a directive such as grad(f) or jvp(f)");
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
    diag_error(r->loc,
               "unknown directive '%s'; expected one of jvp, vjp, grad, jacfwd, jacrev, hessian, hvp, "
               "vmap, cuda, custom_jvp, custom_vjp, inactive",
               dname);
    return NULL;
  }
  if (r->dir == DIR_CHECKPOINT) {
    diag_error(r->loc, "'#pragma ad checkpoint' belongs inside a function, right before a for loop");
    return NULL;
  }
  if (!punct(&x, '(')) {
    lex_error(&x, x.p, xfmt("expected '(' after '%s'", dname));
    return NULL;
  }
  ws(&x);
  const char *fs = x.p;
  r->fname = ident(&x);
  if (!r->fname) {
    lex_error(&x, fs, "expected a function name");
    return NULL;
  }
  r->loc = at(&x, fs);
  if (punct(&x, ',')) {
    r->extra = ident(&x);
    if (!r->extra) {
      lex_error(&x, x.p, "expected a function name after ','");
      return NULL;
    }
  }
  if (!punct(&x, ')')) {
    lex_error(&x, x.p, "expected ')'");
    return NULL;
  }
  if ((r->dir == DIR_CUSTOM_JVP || r->dir == DIR_CUSTOM_VJP) && !r->extra) {
    diag_error(r->loc, "%s needs the hand-written derivative: %s(%s, my_%s)", dname, dname, r->fname, r->fname);
    return NULL;
  }
  for (;;) {
    ws(&x);
    if (!*x.p) break;
    const char *cs = x.p;
    char *clause = ident(&x);
    if (!clause) {
      lex_error(&x, cs, "expected a clause: wrt(...), out(...), name(...) or batch(...)");
      return NULL;
    }
    if (!strcmp(clause, "wrt")) {
      items(&x, &r->wrt, &r->nwrt);
      r->has_wrt = true;
    } else if (!strcmp(clause, "out")) {
      items(&x, &r->out, &r->nout);
      r->has_out = true;
    } else if (!strcmp(clause, "batch")) {
      items(&x, &r->batch, &r->nbatch);
      r->has_batch = true;
    } else if (!strcmp(clause, "name")) {
      if (!punct(&x, '(') || !(r->gen_name = ident(&x)) || !punct(&x, ')')) {
        lex_error(&x, cs, "expected name(identifier)");
        return NULL;
      }
    } else {
      diag_error(at(&x, cs), "unknown clause '%s'; expected wrt, out, name or batch", clause);
      return NULL;
    }
    if (x.failed) return NULL;
  }
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
      lex_error(&x, s, "expected checkpoint(snapshots=K)");
      return;
    }
    ws(&x);
    char *end;
    long v = strtol(x.p, &end, 10);
    if (end == x.p || v < 1) {
      lex_error(&x, x.p, "the number of snapshots must be a positive integer");
      return;
    }
    x.p = end;
    c->snapshots = (int)v;
    if (!punct(&x, ')')) {
      lex_error(&x, x.p, "expected ')'");
      return;
    }
  }
  ws(&x);
  if (*x.p) {
    lex_error(&x, x.p, "unexpected text after the checkpoint directive");
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
    diag_error((SrcLoc){0}, "cannot read '%s'", fr->file);
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
              diag_error(loc, "'#pragma ad checkpoint' belongs inside a function, right before a for loop");
            else if (!(for_line = next_for_line(e ? e + 1 : p + n, line + 1)))
              diag_error(loc, "'#pragma ad checkpoint' must be followed by a for loop");
            else
              parse_checkpoint(q, loc, for_line);
          } else if (bq.inside) {
            diag_error(loc, "a '#pragma ad' request must be at file scope, not inside a function");
          } else {
            Request *r = parse_request(q, loc);
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
    Request *r = parse_request(specs[i], loc);
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

static void resolve_items(Front *fr, Request *r, ReqItem *items, int n, const char *clause) {
  Fn *f = r->fn;
  for (int i = 0; i < n; i++) {
    ReqItem *it = &items[i];
    if (!strcmp(it->name, "return")) {
      if (strcmp(clause, "out")) {
        diag_error(it->loc, "'return' can only be listed in out(...)");
        continue;
      }
      if (!ty_is_float(f->ret) && !ty_has_float(f->ret))
        diag_error(it->loc, "the return value of '%s' is not floating (%s); only float and double results have derivatives",
                   f->name, f->ret->name ? f->ret->name : "void");
      continue;
    }
    for (int j = 0; j < f->nparams; j++)
      if (!strcmp(f->params[j]->name, it->name)) it->param = j;
    if (it->param < 0) {
      diag_error(it->loc, "unknown parameter '%s' in %s(...): '%s' has no parameter of that name", it->name, clause,
                 f->name);
      continue;
    }
    Type *t = f->params[it->param]->type;
    bool floating = ty_reaches_float(t);
    if (!floating && strcmp(clause, "batch"))
      diag_error(it->loc, "parameter '%s' is not floating; only float and double data (or pointers to them) can be in %s(...)",
                 it->name, clause);
    if (!strcmp(clause, "out") && !ty_is_ptr(t) && floating)
      diag_error(it->loc, "parameter '%s' is passed by value, so it cannot be an output; outputs are the return value or pointer parameters",
                 it->name);
    if (it->size) {
      SizeCtx ctx = {fr, f, 0};
      ParseResolver pr = {.ident = size_ident, .float_type = ty_double(), .ctx = &ctx};
      const char *err;
      int col;
      it->size_expr = ir_parse_expr(it->size, &pr, &err, &col);
      if (!it->size_expr) {
        SrcLoc l = it->loc;
        l.col += (int)strlen(it->name) + 1 + col;
        diag_error(l, "bad size expression for '%s': %s", it->name, err);
      } else if (!ty_is_ptr(t)) {
        diag_error(it->loc, "parameter '%s' is not a pointer, so it takes no [size]", it->name);
      }
    }
  }
}

static Front *resolve_front;  /* for sizes of composed requests, resolved late */

/* A request on a generated function: its clauses refer to the generated
 * function's parameters, known only once the earlier request has run. */
void pragma_resolve_composed(Request *r, Fn *f) {
  r->fn = f;
  resolve_items(resolve_front, r, r->wrt, r->nwrt, "wrt");
  resolve_items(resolve_front, r, r->out, r->nout, "out");
  resolve_items(resolve_front, r, r->batch, r->nbatch, "batch");
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
      diag_error(r->loc, "requests compose each other in a cycle ('%s' needs '%s'): no order can make them", r->fname,
                 r->compose_of->fname);
      return;
    }
  }
}

void pragma_resolve(Front *fr) {
  Module *m = fr->m;
  resolve_front = fr;
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
      diag_error(r->loc, "unknown function '%s': no function of that name is declared in %s", r->fname, fr->file);
      continue;
    }
    if (!f->is_defined && r->dir != DIR_INACTIVE && r->dir != DIR_CUSTOM_JVP && r->dir != DIR_CUSTOM_VJP) {
      diag_error(r->loc, "function '%s' has no body in this translation unit, so it cannot be differentiated", r->fname);
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
        diag_error(r->loc, "unknown function '%s': the hand-written derivative must be declared in %s", r->extra,
                   fr->file);
      else if (r->dir == DIR_CUSTOM_JVP)
        f->custom_jvp = r->extra;
      else
        f->custom_vjp = r->extra;
      continue;
    }
    resolve_items(fr, r, r->wrt, r->nwrt, "wrt");
    resolve_items(fr, r, r->out, r->nout, "out");
    resolve_items(fr, r, r->batch, r->nbatch, "batch");
    if (!f->decl) {
      f->decl = f;
      vec_push(&fr->pending, f);
    }
  next:;
  }
  order_composed(m);
}
