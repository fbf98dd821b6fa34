/*
 * pragma.c — requests: `#pragma ad ...` lines of FILE.c and --ad specs.
 *
 *   request := DIRECTIVE '(' FUNC [',' FUNC] ')' clause*
 *   clause  := ('wrt'|'out'|'batch'|'scratch'|'may_alias') '(' item {',' item} ')'
 *            | 'name' '(' ID ')'
 *   item    := ID ['[' C-expression ']'] | 'return'
 *   in a function body:  'checkpoint' ['(' 'snapshots' '=' INT ')']
 *
 * Errors point at the offending token of the pragma line (or of the --ad
 * text, shown as file "<command line>", line = the spec's position).
 *
 * Requires: FILE.c's text, its parse (whether a line is in a function body).
 * Provides: m->requests as written (directive, names, clauses' text; the
 *           directives and their clauses from directives.def); checkpoint
 *           pragmas (pragma_checkpoint.c).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_parse.h"
#include "pragma_lex.h"

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
    ws(x);
    if (x->p[0] == '.' || (x->p[0] == '-' && x->p[1] == '>')) {  /* wrt(ann->weight[n]) */
      const char *op = x->p[0] == '.' ? "." : "->";
      x->p += strlen(op);
      ws(x);
      char *field = ident(x);
      lex_error(x, s, D_REQ_FIELD_PATH, name, op, field ? field : "", name, name);
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

/* may_alias(p, q, ...): a set of pointer parameters that may overlap; each
 * clause is one set (its items share a group number). */
static bool alias_clause(Lex *x, Request *r, const char *cs) {
  ReqItem *its = NULL;
  int n = 0;
  items(x, &its, &n);
  if (x->failed) return false;
  for (int i = 0; i < n; i++)
    if (its[i].ndims) {
      diag_at(its[i].dim_loc[0], D_ALIAS_SIZE, its[i].name);
      return false;
    }
  if (n < 2) {
    diag_at(at(x, cs), D_ALIAS_ONE);
    return false;
  }
  int group = 1;
  for (int i = 0; i < r->nmay_alias; i++)
    if (r->may_alias[i].group >= group) group = r->may_alias[i].group + 1;
  r->may_alias = xrealloc(r->may_alias, sizeof(ReqItem) * (size_t)(r->nmay_alias + n));
  for (int i = 0; i < n; i++) {
    its[i].group = group;
    r->may_alias[r->nmay_alias++] = its[i];
  }
  return true;
}

/* Which clauses a directive takes: wrt and out for derivatives, batch for
 * the batching ones, name for every generating one; none for rules. */
static const char *clause_misuse(Directive d, unsigned clause) {
  unsigned takes = directive_info(d)->clauses;  /* directives.def */
  if (!takes) return "declares a rule and takes no clauses";
  if (clause & (CL_WRT | CL_OUT | CL_SCRATCH | CL_MAY_ALIAS) & ~takes)
    return "batches a function and takes batch(...) and name(...); to batch a derivative, request it first and "
           "batch that: grad(f) then vmap(f_grad)";
  if (clause & CL_BATCH & ~takes)
    return "has no batch dimension: batch(...) belongs to vmap and cuda; to batch this derivative, add a "
           "request vmap(...) of the function it generates (jacfwd and jacrev give every column or row at once)";
  return NULL;
}

/* The clauses after DIRECTIVE(FUNC); false after an error. With a nested
 * request (vmap(grad(f))), the derivative's clauses (wrt, out, scratch,
 * may_alias) go to 'inner'. names[k] is the clause CL_* 1 << k. */
enum { NCLAUSES = 6 };
static bool clauses(Lex *x, Request *r, const char *dname, Request *inner) {
  static const char *const names[NCLAUSES] = {"wrt", "out", "batch", "name", "scratch", "may_alias"};
  SrcLoc seen[NCLAUSES] = {{0}}, sparse_at = {0};
  for (;;) {
    ws(x);
    if (!*x->p) return true;
    const char *cs = x->p;
    char *clause = ident(x);
    if (!clause) {
      lex_error(x, cs, D_REQ_CLAUSE_EXPECTED);
      return false;
    }
    if (!strcmp(clause, "sparse")) {  /* a flag: no parenthesis */
      Directive sd = r->dir;  /* not inside vmap(...): a batch of CSR matrices is no CSR matrix */
      if (sd != DIR_JACFWD && sd != DIR_JACREV && sd != DIR_HESSIAN) {
        diag_at(at(x, cs), D_REQ_SPARSE_MISUSE, directive_name(sd));
        return false;
      }
      if (sparse_at.file) {  /* at most once, as every clause */
        diag_at(at(x, cs), D_REQ_CLAUSE_TWICE, clause, sparse_at.col, "keep one");
        return false;
      }
      sparse_at = at(x, cs);
      r->sparse = true;
      continue;
    }
    int k = 0;
    while (k < NCLAUSES && strcmp(clause, names[k])) k++;
    if (k == NCLAUSES) {
      diag_at(at(x, cs), D_REQ_UNKNOWN_CLAUSE, clause);
      return false;
    }
    unsigned bit = 1u << k;
    bool of_inner = (bit & (CL_WRT | CL_OUT | CL_SCRATCH | CL_MAY_ALIAS)) != 0;
    const char *misuse = inner && of_inner ? NULL : clause_misuse(r->dir, bit);
    if (misuse) {
      diag_at(at(x, cs), D_REQ_CLAUSE_MISUSE, clause, dname, misuse);
      return false;
    }
    if (seen[k].file && bit != CL_MAY_ALIAS) {  /* may_alias: one clause per set of pointers */
      diag_at(at(x, cs), D_REQ_CLAUSE_TWICE, xfmt("%s(...)", clause), seen[k].col,
              k == 3 ? "keep one" : xfmt("list everything in one %s(...)", clause));
      return false;
    }
    seen[k] = at(x, cs);
    Request *d = inner ? inner : r;  /* where the derivative's clauses go */
    if (bit == CL_WRT) {
      items(x, &d->wrt, &d->nwrt);
      d->has_wrt = true;
    } else if (bit == CL_OUT) {
      items(x, &d->out, &d->nout);
      d->has_out = true;
    } else if (bit == CL_BATCH) {
      items(x, &r->batch, &r->nbatch);
      r->has_batch = true;
    } else if (bit == CL_SCRATCH) {
      items(x, &d->scratch, &d->nscratch);
    } else if (bit == CL_MAY_ALIAS) {
      if (!alias_clause(x, d, cs)) return false;
    } else if (!name_clause(x, r, cs)) {
      return false;
    }
    if (x->failed) return false;
  }
}

static Directive directive_of(const char *name, bool *known) {
  Directive d = DIR_JVP;
  *known = directive_lookup(name, &d);
  return d;
}

/* The nested JAX spelling vmap(grad(f)) CLAUSES: the requests grad(f) and
 * vmap(f_grad); likewise jvp(grad(f)), jacfwd(grad(f)), grad(jvp(f)). wrt,
 * out, scratch and may_alias go to the inner derivative, batch and name to
 * the outer request, which takes its defaults. Called with x after
 * "vmap(grad"; fills 'inner'. */
static bool nested(Lex *x, Request *outer, const char *odir, Request *inner, const char *idir, SrcLoc iloc) {
  bool known;
  inner->dir = directive_of(idir, &known);
  inner->loc = iloc;
  DirKind ok = directive_info(outer->dir)->kind;
  if (ok != DK_BATCHED && !directive_is_derivative(outer->dir)) {
    diag_at(outer->loc, D_REQ_NEST_OUTER, odir, idir, odir, idir);
    return false;
  }
  if (!directive_is_derivative(inner->dir)) {
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
  ws(x);
  bool deeper;
  if (*x->p == '(' && (directive_of(inner->fname, &deeper), deeper)) {  /* vmap(jvp(grad(f))) */
    diag_at(inner->loc, D_REQ_NEST_DEPTH, inner->fname, idir, directive_info(directive_of(inner->fname, &deeper))->suffix);
    return false;
  }
  if (!punct(x, ')') || !punct(x, ')')) {
    lex_error(x, x->p, D_REQ_NESTED_CLOSE);
    return false;
  }
  inner->gen_name = xfmt("%s%s", inner->fname, directive_info(inner->dir)->suffix);
  inner->implied = true;
  outer->nested = true;
  outer->fname = inner->gen_name;
  return true;
}

static bool same_items(const ReqItem *a, int na, const ReqItem *b, int nb) {
  if (na != nb) return false;
  for (int i = 0; i < na; i++) {
    if (strcmp(a[i].name, b[i].name) || a[i].ndims != b[i].ndims || a[i].group != b[i].group) return false;
    for (int d = 0; d < a[i].ndims; d++)
      if (strcmp(a[i].dims[d], b[i].dims[d])) return false;
    if ((a[i].size == NULL) != (b[i].size == NULL) || (a[i].size && strcmp(a[i].size, b[i].size))) return false;
  }
  return true;
}

/* The same request, written the same way (the text of every clause). */
static bool same_request(const Request *a, const Request *b) {
  return a->dir == b->dir && !strcmp(a->fname, b->fname) && a->sparse == b->sparse &&
         !strcmp(a->gen_name, b->gen_name) && a->has_wrt == b->has_wrt && a->has_out == b->has_out &&
         same_items(a->wrt, a->nwrt, b->wrt, b->nwrt) && same_items(a->out, a->nout, b->out, b->nout) &&
         same_items(a->scratch, a->nscratch, b->scratch, b->nscratch) &&
         same_items(a->may_alias, a->nmay_alias, b->may_alias, b->nmay_alias) && a->nbatch == 0 && b->nbatch == 0;
}

/* Adds r to the module's requests, unless a nested spelling implies a
 * request the same as one already there (or the other way round): then
 * both spellings mean that one. */
static void add_request(Module *m, Request *r) {
  for (int i = 0; i < m->requests.len; i++) {
    Request *o = m->requests.data[i];
    if ((o->implied || r->implied) && same_request(o, r)) {
      o->implied &= r->implied;  /* (written out once: no longer only implied) */
      return;
    }
  }
  vec_push(&m->requests, r);
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
  if (!directive_lookup(dname, &r->dir)) {
    diag_at(r->loc, D_REQ_UNKNOWN_DIRECTIVE, dname);
    return NULL;
  }
  if (directive_info(r->dir)->kind == DK_LOOP) {
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
      r->gen_name = r->gen_name ? r->gen_name : xfmt("%s%s", r->fname, directive_info(r->dir)->suffix);
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
  bool custom = directive_info(r->dir)->kind == DK_RULE;
  if (custom && !r->extra) {
    diag_at(r->loc, D_REQ_CUSTOM_NEEDS_FN, dname, dname, r->fname, r->fname);
    return NULL;
  }
  if (r->extra && !custom) {
    diag_at(r->extra_loc, D_REQ_ONE_FUNCTION, dname, dname, r->fname);
    return NULL;
  }
  if (!clauses(&x, r, dname, NULL)) return NULL;
  const char *suffix = directive_info(r->dir)->suffix;
  if (!r->gen_name && suffix) r->gen_name = xfmt("%s%s", r->fname, suffix);
  return r;
}

/* ---- Collecting pragma lines ----------------------------------------- */

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

/* Where FILE.c's function definitions begin and end, gathered once (a
 * walk of the translation unit per pragma line was quadratic). */
struct Bodies {
  Front *fr;
  bool done;
  PtrVec lines;  /* quadruples: first line, column, last line, column */
};

static enum CXChildVisitResult add_body(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  Bodies *b = d;
  if (clang_getCursorKind(c) != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) || !cx_in_main_file(b->fr, c))
    return CXChildVisit_Continue;
  CXSourceRange r = clang_getCursorExtent(c);
  SrcLoc s = cx_loc_at(b->fr, clang_getRangeStart(r)), e = cx_loc_at(b->fr, clang_getRangeEnd(r));
  if (str_eq(s.file, b->fr->file)) {
    vec_push(&b->lines, (void *)(intptr_t)s.line);
    vec_push(&b->lines, (void *)(intptr_t)s.col);
    vec_push(&b->lines, (void *)(intptr_t)e.line);
    vec_push(&b->lines, (void *)(intptr_t)e.col);
  }
  return CXChildVisit_Continue;
}

static bool before(int l1, int c1, int l2, int c2) { return l1 < l2 || (l1 == l2 && c1 < c2); }

/* Is 'at' of FILE.c inside a function definition (by line, or by column
 * where it begins or ends on at's line: a function written on one line)?
 * A '#pragma' line (col 0) is inside when its line is between theirs. */
static bool in_body(Bodies *b, SrcLoc at) {
  if (!b->done) clang_visitChildren(clang_getTranslationUnitCursor(b->fr->tu), add_body, b);
  b->done = true;
  for (int i = 0; i + 3 < b->lines.len; i += 4) {
    int l1 = (int)(intptr_t)b->lines.data[i], c1 = (int)(intptr_t)b->lines.data[i + 1];
    int l2 = (int)(intptr_t)b->lines.data[i + 2], c2 = (int)(intptr_t)b->lines.data[i + 3];
    if (at.col ? before(l1, c1, at.line, at.col) && before(at.line, at.col, l2, c2) : at.line > l1 && at.line < l2)
      return true;
  }
  return false;
}

/* Lines of FILE.c the preprocessor skips (#if 0, an #ifdef whose macro the
 * build does not define), as pairs of first and last line: pragmas there
 * are neither requests nor OpenMP lines, as in the user's build. */
static PtrVec skipped_lines(Front *fr) {
  PtrVec out = {0};
  CXFile f = clang_getFile(fr->tu, fr->file);
  CXSourceRangeList *l = f ? clang_getSkippedRanges(fr->tu, f) : NULL;
  for (unsigned i = 0; l && i < l->count; i++) {
    unsigned a, b;
    clang_getSpellingLocation(clang_getRangeStart(l->ranges[i]), NULL, &a, NULL, NULL);
    clang_getSpellingLocation(clang_getRangeEnd(l->ranges[i]), NULL, &b, NULL, NULL);
    vec_push(&out, (void *)(intptr_t)a);
    vec_push(&out, (void *)(intptr_t)b);
  }
  if (l) clang_disposeSourceRangeList(l);
  return out;
}

bool line_skipped(const PtrVec *s, int line) {
  for (int i = 0; i + 1 < s->len; i += 2)
    if (line >= (intptr_t)s->data[i] && line <= (intptr_t)s->data[i + 1]) return true;
  return false;
}

/* The text of one pragma after the word 'pragma' (a '#pragma' line's, or a
 * _Pragma operator's string, pragma_operator.c): an 'omp' line inside a
 * function is kept for its loop, an 'ad' one is a checkpoint inside a
 * function and a request outside. text_at locates q (for messages on its
 * clauses), place the pragma in FILE.c (the statement it applies to is the
 * next one in 'rest', from line rest_line on, or, when 'follows', the one
 * on place's line). */
void pragma_body(Front *fr, Bodies *bodies, const char *q, SrcLoc text_at, SrcLoc place, Next next) {
  const char *q0 = q;
  char *t;
  /* a '#pragma' line is placed where its text is (after 'ad', 'omp') */
  bool line = str_eq(text_at.file, place.file) && text_at.line == place.line && text_at.col == place.col;
#define TEXT_LOC() ((SrcLoc){text_at.file, text_at.line, text_at.col + (int)(q - q0)})
  if (!strncmp(q, "omp", 3) && isspace((unsigned char)q[3])) {
    /* OpenMP inside a function: kept for its loop (pragma_omp.c) */
    q += 3;
    while (*q == ' ' || *q == '\t') q++;
    strip_comment(t = xstrdup(q));
    if (in_body(bodies, line ? (SrcLoc){place.file, place.line, 0} : place))
      pragma_omp_note(fr, t, TEXT_LOC(), line ? TEXT_LOC() : place,
                      next.follows ? place.line : next_code_line(next.rest, next.line));
  }
  if (!strncmp(q, "ad", 2) && (isspace((unsigned char)q[2]) || !q[2])) {
    q += 2;
    while (*q == ' ' || *q == '\t') q++;
    strip_comment(t = xstrdup(q));
    SrcLoc loc = TEXT_LOC();
    SrcLoc stmt;
    bool inside = in_body(bodies, line ? (SrcLoc){place.file, place.line, 0} : place);
    if (str_starts(t, "checkpoint") && !isalnum((unsigned char)t[10]) && t[10] != '_') {
      if (!inside)
        diag_at(loc, D_CHECKPOINT_PLACE);
      else if (!(stmt = next.follows ? place : next_stmt_at(next.rest, next.line, next.col, next.skipped)).line)
        diag_at(loc, D_CHECKPOINT_NO_FOR);
      else
        parse_checkpoint(fr, t, loc, line ? loc : place, stmt, next.loop_only);
    } else if (inside) {
      diag_at(loc, D_REQ_INSIDE_FUNCTION);
    } else {
      Request *in, *r = parse_request(t, loc, &in);
      if (in) add_request(fr->m, in);
      if (r) add_request(fr->m, r);
    }
  }
#undef TEXT_LOC
}

void pragma_collect(Front *fr, const char **specs, int nspecs) {
  Module *m = fr->m;
  char *text = read_file(fr->file, NULL);
  if (!text) {
    diag_at((SrcLoc){0}, D_SOURCE_UNREADABLE, fr->file);
    return;
  }
  PtrVec skipped = skipped_lines(fr);
  Bodies bodies = {fr, false, {0}};
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
    if (*q == '#' && !line_skipped(&skipped, here)) {
      q++;
      while (*q == ' ' || *q == '\t') q++;
      if (!strncmp(q, "pragma", 6) && isspace((unsigned char)q[6])) {
        q += 6;
        while (*q == ' ' || *q == '\t') q++;
        SrcLoc at = {fr->file, here, (int)(q - ln) + 1};
        pragma_body(fr, &bodies, q, at, at, (Next){e ? e + 1 : p + n, line + 1, 1, false, false, &skipped});
      }
    }
    line++;
    p = e ? e + 1 : p + n;
  }
  pragma_operators(fr, &bodies, text, &skipped);
  for (int i = 0; i < nspecs; i++) {
    SrcLoc loc = {"<command line>", i + 1, 1};
    diag_set_line_text(loc.file, loc.line, specs[i]);
    Request *in, *r = parse_request(specs[i], loc, &in);
    if (in) add_request(m, in);
    if (r) add_request(m, r);
  }
}
