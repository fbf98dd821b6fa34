/*
 * pragma_omp.c — `#pragma omp` lines inside function bodies.
 *
 * Requires: the pragma lines (pragma.c finds them inside function bodies);
 * FILE.c parsed without OpenMP (front.c takes -fopenmp out of the parse, so
 * libclang shows the loop under a pragma as a plain ForStmt).
 * Provides: pragma_omp_for (the Omp of the for loop a pragma stands before,
 * its clause variables resolved in the loop), pragma_omp_check (after a
 * function is lowered: the warning when FILE.c is parsed without -fopenmp,
 * errors for OpenMP constructs that are not loops).
 */
#include <stdlib.h>
#include <string.h>

#include "../ir/ir_parse.h"
#include "pragma_lex.h"

typedef struct OmpLine {
  const char *text;  /* after "omp" */
  SrcLoc text_at;    /* of the text (in a _Pragma's string: pragma_operator.c) */
  SrcLoc loc;        /* of the pragma in FILE.c */
  int for_line;      /* line of the statement right after it, or 0 */
  bool used;
} OmpLine;

/* The line of the next statement in p (after blanks, comments and other
 * preprocessor lines), or 0. */
int next_code_line(const char *p, int line) {
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
    } else if (*p == '#') {
      while (*p && !(*p == '\n' && p[-1] != '\\')) p++;
    } else {
      return *p ? line : 0;
    }
  }
}

void pragma_omp_note(Front *fr, const char *text, SrcLoc text_at, SrcLoc place, int for_line) {
  OmpLine *o = xmalloc(sizeof *o);
  o->text = xstrdup(text);
  o->text_at = text_at;
  o->loc = place;
  o->for_line = for_line;
  o->used = false;
  vec_push(&fr->omps, o);
}

/* The directive words: "parallel for simd" and its sub-sequences. */
static const char *loop_directive(Lex *x, bool *team) {
  StrBuf b = {0};
  const char *s = x->p;
  char *w;
  *team = false;
  for (;;) {
    const char *here = x->p;
    w = ident(x);
    if (!w || (strcmp(w, "parallel") && strcmp(w, "for") && strcmp(w, "simd"))) {
      x->p = here;
      break;
    }
    if (!strcmp(w, "parallel")) *team = true;
    if (b.len) sb_puts(&b, " ");
    sb_puts(&b, w);
  }
  const char *d = b.len ? sb_take(&b) : "";
  if (!strcmp(d, "parallel for") || !strcmp(d, "for") || !strcmp(d, "simd") || !strcmp(d, "parallel for simd") ||
      !strcmp(d, "for simd"))
    return d;
  x->p = s;
  return NULL;
}

/* The text between balanced parentheses after x->p (which is at '('). */
static char *paren_text(Lex *x) {
  if (!punct(x, '(')) return NULL;
  const char *s = x->p;
  int depth = 1;
  for (; *x->p; x->p++) {
    if (*x->p == '(') depth++;
    if (*x->p == ')' && --depth == 0) break;
  }
  if (!*x->p) return NULL;
  char *t = xstrndup(s, (size_t)(x->p - s));
  x->p++;
  return t;
}

/* A DeclRefExpr spelled 'name' inside the loop: the variable it names. */
typedef struct Find {
  Lower *l;
  const char *name;
  Var *var;
} Find;

Var *lower_lookup_var(Lower *l, CXCursor decl);

static enum CXChildVisitResult find_ref(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  Find *f = d;
  if (clang_getCursorKind(c) == CXCursor_DeclRefExpr) {
    char *s = cx_spelling(c);
    if (!strcmp(s, f->name)) {
      CXCursor decl = clang_getCursorReferenced(c);
      if (clang_getCursorKind(decl) == CXCursor_VarDecl || clang_getCursorKind(decl) == CXCursor_ParmDecl)
        f->var = lower_lookup_var(f->l, decl);
    }
    if (f->var) return CXChildVisit_Break;
  }
  return CXChildVisit_Recurse;
}

/* list of names: the variables the loop refers to (others do not matter to it) */
static void var_list(Lower *l, CXCursor loop, const char *text, PtrVec *out) {
  const char *p = text;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == ',') p++;
    const char *s = p;
    while (isalnum((unsigned char)*p) || *p == '_') p++;
    if (p == s) {
      if (*p) p++;
      continue;
    }
    Find f = {l, xstrndup(s, (size_t)(p - s)), NULL};
    clang_visitChildren(loop, find_ref, &f);
    if (f.var) vec_push(out, f.var);
  }
}

/* Names in an array section's length resolve to the variables the loop
 * refers to (a bound, a local size). */
typedef struct SecResolver {
  ParseResolver r;
  Lower *l;
  CXCursor loop;
} SecResolver;

static Expr *section_ident(ParseResolver *r, const char *name) {
  SecResolver *s = (SecResolver *)r;
  Find f = {s->l, name, NULL};
  clang_visitChildren(s->loop, find_ref, &f);
  return f.var ? ex_var(f.var) : NULL;
}

/* reduction(op: list), each item a variable or an array section a[:len]
 * (a[0:len]): OmpReds into reds; false after an error. */
static bool reduction_items(Lower *l, CXCursor loop, Lex *x, const char *where, const char *op, char *list,
                            PtrVec *reds) {
  for (char *item = strtok(list, ","); item; item = strtok(NULL, ",")) {
    char *br = strchr(item, '[');
    PtrVec vs = {0};
    if (br) *br = 0;
    var_list(l, loop, item, &vs);
    Expr *len = NULL;
    if (br) {
      char *colon = strchr(br + 1, ':'), *close = strrchr(br + 1, ']');
      if (!colon || !close || colon > close || vs.len != 1) {
        lex_error(x, where, D_OMP_SYNTAX, "an array section in reduction(...) is written a[:n]");
        return false;
      }
      char *lo = xstrndup(br + 1, (size_t)(colon - br - 1));
      for (char *c = lo; *c; c++)
        if (!isspace((unsigned char)*c) && *c != '0') {
          lex_error(x, where, D_OMP_SYNTAX, "an array section in reduction(...) must start at 0: a[:n]");
          return false;
        }
      /* an array: each thread's copy of all of it (the elements the loop
       * does not touch add 0), so a length that names a macro is fine */
      SecResolver sr = {{.ident = section_ident}, l, loop};
      const char *err = NULL;
      int col = 0;
      if (((Var *)vs.data[0])->type->kind != TY_ARRAY &&
          !(len = ir_parse_expr(xstrndup(colon + 1, (size_t)(close - colon - 1)), &sr.r, &err, &col))) {
        lex_error(x, where, D_OMP_SYNTAX,
                  "the length of an array section in reduction(...) names no variable of the loop");
        return false;
      }
    }
    for (int i = 0; i < vs.len; i++) {
      OmpRed *r = xmalloc(sizeof *r);
      r->op = xstrdup(op);
      r->var = vs.data[i];
      r->len = len;
      vec_push(reds, r);
    }
  }
  return true;
}

static const char *const kept[] = {"schedule", "if", "num_threads", "proc_bind", "safelen", "simdlen", NULL};

static void parse_clauses(Lower *l, CXCursor loop, Lex *x, Omp *o) {
  StrBuf rest = {0};
  PtrVec reds = {0};
  for (;;) {
    punct(x, ',');
    ws(x);
    if (!*x->p) break;
    const char *at_name = x->p;
    char *name = ident(x);
    if (!name) {
      lex_error(x, x->p, D_OMP_SYNTAX, "expected a clause");
      return;
    }
    ws(x);
    char *arg = *x->p == '(' ? paren_text(x) : NULL;
    if (*x->p == '(' || (arg == NULL && x->p[-1] == '(')) {
      lex_error(x, at_name, D_OMP_SYNTAX, "unbalanced parentheses");
      return;
    }
    bool keep = false;
    for (int i = 0; kept[i]; i++) keep |= !strcmp(name, kept[i]) && arg;
    if (keep) {
      sb_printf(&rest, "%s%s(%s)", rest.len ? " " : "", name, arg);
    } else if (!strcmp(name, "private") && arg) {
      var_list(l, loop, arg, &o->priv);
    } else if (!strcmp(name, "firstprivate") && arg) {
      var_list(l, loop, arg, &o->fpriv);
    } else if (!strcmp(name, "lastprivate") && arg) {
      var_list(l, loop, arg, &o->lpriv);
    } else if (!strcmp(name, "collapse") && arg) {
      o->collapse = atoi(arg);
      if (o->collapse < 1) lex_error(x, at_name, D_OMP_SYNTAX, "collapse needs a positive integer constant");
    } else if (!strcmp(name, "reduction") && arg) {
      char *colon = strchr(arg, ':');  /* the first: a section a[:n] has one too */
      if (!colon) {
        lex_error(x, at_name, D_OMP_SYNTAX, "reduction(op: list) has no ':'");
        return;
      }
      *colon = 0;
      char *op = arg;
      while (isspace((unsigned char)*op)) op++;
      for (char *e = op + strlen(op); e > op && isspace((unsigned char)e[-1]);) *--e = 0;
      if (!reduction_items(l, loop, x, at_name, op, colon + 1, &reds)) return;
    } else if (!strcmp(name, "shared") || !strcmp(name, "default") || !strcmp(name, "nowait") ||
               !strcmp(name, "aligned")) {
      /* shared is what a variable of the enclosing scope is; the
       * derivative adds variables, so default(none) goes; aligned(x:64)
       * only promises what a pointer holds, which no derivative's
       * shadow (the caller's memory) promises */
    } else {
      lex_error(x, at_name, D_OMP_CLAUSE, name);
      return;
    }
  }
  o->rest = rest.len ? sb_take(&rest) : NULL;
  o->nred = reds.len;
  o->red = xmalloc(sizeof(OmpRed) * (size_t)(reds.len ? reds.len : 1));
  for (int i = 0; i < reds.len; i++) o->red[i] = *(OmpRed *)reds.data[i];
}

/* The next '#pragma omp' line, from index *i on, not used yet, that is
 * right before a statement at 'at' (its for_line); NULL when none. */
static OmpLine *omp_line_at(Front *fr, SrcLoc at, int *i) {
  for (; *i < fr->omps.len; (*i)++) {
    OmpLine *ol = fr->omps.data[*i];
    if (!ol->used && ol->for_line == at.line && str_eq(ol->loc.file, at.file)) return ol;
  }
  return NULL;
}

Omp *pragma_omp_for(Lower *l, CXCursor loop, SrcLoc at_loop) {
  Front *fr = l->fr;
  if (!fr->openmp) return NULL;
  OmpLine *ol;
  for (int i = 0; (ol = omp_line_at(fr, at_loop, &i)); i++) {
    Lex x = {ol->text, ol->text, ol->text_at, false};
    bool team;
    const char *d = loop_directive(&x, &team);
    if (!d && i + 1 < fr->omps.len && ((OmpLine *)fr->omps.data[i + 1])->for_line == at_loop.line)
      continue;  /* '#pragma omp barrier' right before the loop's own line: that one is reported alone */
    if (!d) return NULL;  /* reported by pragma_omp_check */
    ol->used = true;
    Omp *o = xmalloc(sizeof *o);
    memset(o, 0, sizeof *o);
    o->dir = d;
    o->team = team;
    o->collapse = 1;
    o->loc = ol->loc;
    parse_clauses(l, loop, &x, o);
    return x.failed ? NULL : o;
  }
  return NULL;
}

/* '#pragma omp parallel' or 'critical' before a compound statement, or
 * 'atomic' before an update: the Omp of that statement (block: a team or
 * a critical section; atomic: dir "atomic"), NULL if none. */
Omp *pragma_omp_stmt(Lower *l, CXCursor c, SrcLoc at, bool block) {
  Front *fr = l->fr;
  if (!fr->openmp) return NULL;
  OmpLine *ol;
  for (int i = 0; (ol = omp_line_at(fr, at, &i)); i++) {
    Lex x = {ol->text, ol->text, ol->text_at, false};
    const char *here = x.p;
    char *w = ident(&x);
    if (!w) return NULL;
    Omp *o = xmalloc(sizeof *o);
    memset(o, 0, sizeof *o);
    o->collapse = 1;
    o->loc = ol->loc;
    if (block && !strcmp(w, "parallel")) {
      const char *after = x.p;
      char *w2 = ident(&x);
      ws(&x);
      /* parallel for, parallel sections: not a region here; a word that
       * '(' follows is a clause (parallel private(t) num_threads(2)) */
      if (w2 && *x.p != '(') return NULL;
      x.p = after;
      o->dir = "parallel";
      o->team = true;
      parse_clauses(l, c, &x, o);
    } else if (block && (!strcmp(w, "single") || !strcmp(w, "master"))) {
      /* one thread of the team runs the statement (single: then a barrier) */
      o->dir = !strcmp(w, "single") ? "single" : "master";
      if (*o->dir == 's') parse_clauses(l, c, &x, o);
      ws(&x);
      if (*x.p) return NULL;
    } else if (block && !strcmp(w, "critical")) {
      ws(&x);
      char *name = *x.p == '(' ? paren_text(&x) : NULL;
      o->dir = name ? xfmt("critical(%s)", name) : "critical";
      ws(&x);
      if (*x.p) return NULL;
    } else if (!block && !strcmp(w, "atomic")) {
      char *w2 = ident(&x);
      ws(&x);
      if ((w2 && strcmp(w2, "update")) || *x.p) return NULL;
      o->dir = "atomic";
    } else {
      (void)here;
      return NULL;
    }
    ol->used = true;
    return x.failed ? NULL : o;
  }
  return NULL;
}

/* '#pragma omp atomic capture' before a statement (v = x++; v = x += e;
 * {v = x; x += e;}): its Omp (dir "atomic capture"), NULL if none. */
Omp *pragma_omp_capture(Lower *l, SrcLoc at) {
  Front *fr = l->fr;
  if (!fr->openmp) return NULL;
  OmpLine *ol;
  for (int i = 0; (ol = omp_line_at(fr, at, &i)); i++) {
    Lex x = {ol->text, ol->text, ol->text_at, false};
    char *w = ident(&x), *w2 = w && !strcmp(w, "atomic") ? ident(&x) : NULL;
    ws(&x);
    if (!w2 || strcmp(w2, "capture") || *x.p) return NULL;
    ol->used = true;
    Omp *o = xmalloc(sizeof *o);
    memset(o, 0, sizeof *o);
    o->dir = "atomic capture";
    o->collapse = 1;
    o->loc = ol->loc;
    return o;
  }
  return NULL;
}

/* '#pragma omp critical', 'single' or 'master' before a statement other
 * than a block (critical s += t;): its Omp, NULL if none. */
Omp *pragma_omp_critical(Lower *l, CXCursor c, SrcLoc at) {
  Front *fr = l->fr;
  if (!fr->openmp) return NULL;
  OmpLine *ol;
  for (int i = 0; (ol = omp_line_at(fr, at, &i)); i++) {
    Lex x = {ol->text, ol->text, ol->text_at, false};
    char *w = ident(&x);
    bool one = w && (!strcmp(w, "critical") || !strcmp(w, "single") || !strcmp(w, "master"));
    return one ? pragma_omp_stmt(l, c, at, true) : NULL;
  }
  return NULL;
}

/* 'single' and 'master' bind to the innermost team: outside a region of
 * the function (orphaned), the caller's team, which a derivative that runs
 * its regions on one thread would not keep. */
static void orphans(const Stmt *s, bool in_team) {
  if (!s) return;
  if (s->kind == ST_BLOCK && s->omp && (!strcmp(s->omp->dir, "single") || !strcmp(s->omp->dir, "master")) && !in_team)
    diag_at(s->omp->loc, D_OMP_ORPHANED, s->omp->dir);
  in_team |= s->omp && s->omp->team;
  orphans(s->then, in_team);
  orphans(s->els, in_team);
  for (int i = 0; i < s->nbody; i++) orphans(s->body[i], in_team);
}

void pragma_omp_check(Front *fr, Fn *f) {
  if (fr->openmp) orphans(f->body, false);
  bool warned = false;
  for (int i = 0; i < fr->omps.len; i++) {
    OmpLine *ol = fr->omps.data[i];
    if (!str_eq(ol->loc.file, f->loc.file) || ol->loc.line < f->loc.line || ol->loc.line > f->end_line) continue;
    if (!fr->openmp) {
      if (!warned) diag_at(ol->loc, D_OMP_IGNORED, f->name);
      warned = true;
    } else if (!ol->used) {
      Lex x = {ol->text, ol->text, ol->text_at, false};
      char *w = ident(&x);
      bool team;
      x.p = ol->text;
      const char *d = loop_directive(&x, &team);
      if (w && !strcmp(w, "atomic")) {  /* atomic read, write, compare: the whole directive */
        const char *t = ol->text;
        while (isspace((unsigned char)*t)) t++;
        size_t n = strlen(t);
        while (n && isspace((unsigned char)t[n - 1])) n--;
        w = xstrndup(t, n);
      }
      diag_at(ol->loc, D_OMP_CONSTRUCT, d ? d : w ? w : "");
    }
  }
}

/* ---- Variables a loop or region makes each thread's own ------------------
 * private(t) or firstprivate(c) of a variable declared outside gives each
 * thread its copy: the variable itself is as it was after the loop. The
 * loop's code is lowered onto a copy declared right before it (double
 * t_2; or double c_2 = c;), listed in the clause instead, so that every
 * mode sees that semantics, also where a derivative runs the loop on one
 * thread (reverse mode of a loop that calls a function). Only for
 * variables with floating data that the loop stores into; a firstprivate
 * array stays itself (its copy would need a memcpy). */
typedef struct Own {
  const Var *v;
  Var *to;
  bool hit;
} Own;

static Walk own_write(Stmt *s, void *ctx) {
  Own *o = ctx;
  if (s->kind != ST_ASSIGN) return WALK_ON;
  const Expr *e = s->lhs;
  for (;;) {  /* t.f, t[i]: parts of t (not p->f, p[i]) */
    const Expr *b = e->kind == EX_MEMBER || e->kind == EX_INDEX ? ex_strip_implicit(e->lhs) : NULL;
    if (!b || (e->kind == EX_MEMBER ? e->is_arrow : b->type->kind != TY_ARRAY)) break;
    e = b;
  }
  o->hit = e->kind == EX_VAR && e->var == o->v;
  return o->hit ? WALK_STOP : WALK_ON;
}

static Walk own_rename(Expr *e, void *ctx) {
  Own *o = ctx;
  if (e->kind == EX_VAR && e->var == o->v) e->var = o->to;
  return WALK_ON;
}

static Walk count_uses(Expr *e, void *ctx) {
  Own *o = ctx;
  if (e->kind == EX_VAR && e->var == o->v) o->hit = true;
  return o->hit ? WALK_STOP : WALK_ON;
}

/* Is v named in f's body outside statement s (a declaration without a
 * value does not count)? */
static bool named_outside(const Fn *f, const Stmt *s, Var *v) {
  Own w = {v, NULL, false};
  Stmt *hole = (Stmt *)s, copy = *hole;  /* the body walked with s's parts hidden */
  memset(hole, 0, sizeof *hole);
  hole->kind = ST_BLOCK;
  st_each_expr(f->body, count_uses, &w);
  *hole = copy;
  return w.hit;
}

/* The copies of the statement at b->body[*at]; declarations go before it. */
static void own_copies_of(Fn *f, Stmt *b, int *at) {
  Stmt *s = b->body[*at];
  Omp *o = s->omp;
  for (int k = 0; k < 2; k++) {
    PtrVec *list = k ? &o->fpriv : &o->priv;
    for (int i = 0; i < list->len; i++) {
      Var *v = list->data[i];
      bool last = false;
      for (int j = 0; j < o->lpriv.len; j++) last |= o->lpriv.data[j] == v;
      if (last || v->kind == VAR_GLOBAL || v->is_static || !ty_has_float(v->type) || (k && v->type->kind == TY_ARRAY))
        continue;
      Own w = {v, NULL, false};
      st_each(s, own_write, &w);
      if (!w.hit || !named_outside(f, s, v)) continue;
      w.to = fn_new_var(f, v->name, ty_unqual(v->type), VAR_LOCAL, s->loc);
      st_each_expr(s, own_rename, &w);
      Expr *init = k ? ex_var(v) : NULL;
      if (!k && w.to->type->kind == TY_ARRAY) {  /* = {0}: reverse mode saves elements before stores */
        init = ex_new(EX_INIT, w.to->type, s->loc);
        init->args = xmalloc(sizeof(Expr *));
      }
      Stmt *d = st_decl(w.to, init, s->loc);
      st_append(b, d);  /* then moved before s */
      memmove(&b->body[*at + 1], &b->body[*at], sizeof(Stmt *) * (size_t)(b->nbody - 1 - *at));
      b->body[(*at)++] = d;
      list->data[i] = w.to;
    }
  }
}

static void own_in(Fn *f, Stmt *s) {
  if (!s) return;
  for (int i = 0; i < s->nbody; i++) {
    if (s->body[i]->omp && (s->body[i]->omp->priv.len || s->body[i]->omp->fpriv.len)) own_copies_of(f, s, &i);
    own_in(f, s->body[i]);
  }
  own_in(f, s->then);
  own_in(f, s->els);
}

void pragma_omp_own_copies(Fn *f) { own_in(f, f->body); }
