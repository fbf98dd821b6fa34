/*
 * emit_file.c — S4: the layout of FILE.ad.h and FILE.ad.c.
 *
 * FILE.ad.h: FILE.c's includes, the types of FILE.c that signatures use,
 * prototypes of the requested functions. FILE.ad.c: includes, the header,
 * declarations of what generated code calls or reads in FILE.c, copies of
 * FILE.c's static helpers and static const data, then the functions.
 *
 * Requires: the Module after simplify_module (S3).
 * Provides: FILE.ad.c, FILE.ad.h and FILE.ad.cu as text (S4).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../diag/diag.h"
#include "../transform/transform.h"
#include "emit.h"

#define CCAD_TOOL_VERSION "0.1.0"

/* d is `typedef struct Node Node;` (or Node *, or a typedef of a name
 * already in ahead): it needs the tag only, which it declares itself */
static bool typedef_of_tag(const TypeDecl *d, const NameSet *ahead) {
  if (d->kind != TD_TYPEDEF) return false;
  const Type *t = d->type;
  while (!t->name && t->kind == TY_PTR) t = t->base;
  if (t->name) return nameset_has(ahead, t->name);
  return t->kind == TY_RECORD && t->rec && t->rec->tag && !t->rec->local;
}

/* Such typedefs first: FILE.c may define `struct Node { Node *next; }`
 * after them (or two structs that point to each other), and the records
 * are listed before their typedef. */
static void emit_tag_typedefs(Printer *p, Module *m, NameSet *ahead) {
  for (int i = 0; i < m->typedecls.len; i++) {
    TypeDecl *d = m->typedecls.data[i];
    if (!typedef_of_tag(d, ahead)) continue;
    pr_line(p, "typedef %s;", emit_decl(d->type, d->name));
    nameset_add(ahead, d->name);
  }
}

static void emit_typedecls(Printer *p, Module *m, bool forward_only) {
  bool in_c11 = false;  /* inside the #if of repeated typedefs */
  NameSet ahead = {0};
  if (!forward_only) emit_tag_typedefs(p, m, &ahead);
  for (int i = 0; i < m->typedecls.len; i++) {
    TypeDecl *d = m->typedecls.data[i];
    if (d->kind == TD_TYPEDEF && nameset_has(&ahead, d->name)) continue;
    if (in_c11 && d->kind != TD_TYPEDEF) {
      pr_line(p, "#endif");
      in_c11 = false;
    }
    switch (d->kind) {
    case TD_RECORD: emit_record(p, d->rec, forward_only); break;
    case TD_TYPEDEF: {
      /* C11 allows a typedef to be repeated, so FILE.c may define it too
       * (C99 does not: there FILE.c's own serves); one naming an untagged
       * struct cannot be repeated */
      const Type *t = d->type;
      while (t->kind == TY_ARRAY || t->kind == TY_PTR) t = t->base;
      if (forward_only && t->kind == TY_RECORD && t->rec && !t->rec->tag && !t->name) break;
      /* (typedef enum E E; would declare the enum ahead, which ISO C forbids) */
      if (forward_only && t->kind == TY_INT && t->is_enum) break;
      if (forward_only && !in_c11) {
        pr_line(p, "#if defined(__cplusplus) || (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L)");
        in_c11 = true;
      }
      pr_line(p, "typedef %s;", emit_decl(d->type, d->name));
      break;
    }
    case TD_TEXT:  /* an enum, or a forward declaration (struct P;), which may repeat */
      if (!forward_only || !strchr(d->text, '{')) pr_line(p, "%s", d->text);
      break;
    }
  }
  if (in_c11) pr_line(p, "#endif");
}

/* FILE.c's includes; with the unused-static warnings of its headers off
 * when they have such statics (FILE.ad.c does not call what FILE.c calls) */
static void emit_includes(Printer *p, Module *m, bool in_header) {
  if (m->header_statics) {
    pr_line(p, "#if defined(__GNUC__)");
    pr_line(p, "#pragma GCC diagnostic push");
    pr_line(p, "#pragma GCC diagnostic ignored \"-Wunused-function\"");
    pr_line(p, "#pragma GCC diagnostic ignored \"-Wunused-variable\"");
    pr_line(p, "#endif");
  }
  for (int i = 0; i < m->includes.len; i++) {
    const char *defs = m->include_defs.data[i];
    if (in_header) {
      /* not a header without include guard (FILE.c and FILE.ad.c include it
       * already), but the guarded headers it includes */
      const char *once = m->include_once.data[i];
      if (!once)
        pr_line(p, "%s", (char *)m->includes.data[i]);
      else if (*once)
        pr_line(p, "%s", once);
      continue;
    }
    if (*defs) pr_line(p, "%s", defs);
    pr_line(p, "%s", (char *)m->includes.data[i]);
  }
  if (m->header_statics) {
    pr_line(p, "#if defined(__GNUC__)");
    pr_line(p, "#pragma GCC diagnostic pop");
    pr_line(p, "#endif");
  }
}

/* Complex types print as double complex, and derivative code calls conj:
 * <complex.h>, unless FILE.c's includes have it already. */
static void emit_complex_h(Printer *p, Module *m) {
  bool have = false;
  for (int i = 0; i < m->includes.len; i++) have |= str_eq(m->includes.data[i], "#include <complex.h>");
  if (m->uses_complex && !have) pr_line(p, "#include <complex.h>");
}

/* glibc defines C11's CMPLX for gcc only */
static void emit_cmplx(Printer *p, Module *m) {
  if (!m->uses_cmplx) return;
  pr_line(p, "#ifndef CMPLX");
  pr_line(p, "#define CMPLX(x, y) __builtin_complex((double)(x), (double)(y))");
  pr_line(p, "#define CMPLXF(x, y) __builtin_complex((float)(x), (float)(y))");
  pr_line(p, "#endif");
}

/* FILE.ad.h's include guard: its name and, once the header is written, a
 * hash of its text (set_guard), so that two model.ad.h of one program
 * (physics/, chem/: other functions) differ, and one header gets the same
 * guard wherever and however often it is generated. */
static const char *guard_of(const char *name) {
  StrBuf b = {0};
  sb_puts(&b, "CCAD_");
  for (const char *s = name; *s; s++) sb_putc(&b, isalnum((unsigned char)*s) ? (char)toupper((unsigned char)*s) : '_');
  sb_puts(&b, "_XXXXXXXX");
  return sb_take(&b);
}

/* The X's of the guard's two lines become the FNV-1a hash of the text. */
static void set_guard(char *text, const char *guard) {
  uint32_t h = 2166136261u;
  for (const char *s = text; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  char hex[9];
  snprintf(hex, sizeof hex, "%08X", (unsigned)h);
  size_t n = strlen(guard);
  for (char *at = strstr(text, guard); at; at = strstr(at + n, guard)) memcpy(at + n - 8, hex, 8);
}

/* The functions of FILE.c that requests derive from, declared so that a
 * caller of the derivatives needs no prototypes of its own: external ones
 * with prototypes, once each (their array parameters as written). */
static void emit_primal_protos(Printer *p, Module *m) {
  PtrMap done = {0};
  for (int i = 0; i < m->requests.len; i++) {
    Fn *f = ((Request *)m->requests.data[i])->fn;
    if (!f || f->is_generated || f->is_static || !f->is_defined || f->no_proto || ptrmap_get(&done, f)) continue;
    ptrmap_put(&done, f, f);
    emit_proto(p, f, false);
  }
}

char *emit_header(Module *m, const char *outname) {
  Printer p;
  pr_init(&p, outname, false);
  p.header = true;
  pr_line(&p, "/* %s: derivatives of %s, generated by cc-ad %s. Do not edit. */", m->header_name, m->file,
          CCAD_TOOL_VERSION);
  const char *g = guard_of(m->header_name);
  pr_line(&p, "#ifndef %s", g);
  pr_line(&p, "#define %s", g);
  pr_blank(&p);
  pr_line(&p, "#include \"ccad.h\"");
  emit_complex_h(&p, m);
  emit_includes(&p, m, true);
  pr_blank(&p);
  pr_line(&p, "#ifdef __cplusplus");
  pr_line(&p, "extern \"C\" {");
  pr_line(&p, "#endif");
  pr_blank(&p);
  for (int i = 0; i < m->forward_tags.len; i++) pr_line(&p, "%s", (char *)m->forward_tags.data[i]);
  if (m->typedecls.len) {
    /* FILE.c includes this header itself: it defines the types already. */
    emit_typedecls(&p, m, m->self_include);
    pr_blank(&p);
  }
  /* the types the header cannot define (FILE.c, or FILE.ad.c and the user's
   * files through an unguarded header, define them before it) nor, in C99,
   * name by a repeated typedef: the prototypes spell what they name */
  emit_respell(m->self_include ? &m->respell_own : NULL, &m->respell_unguarded);
  emit_primal_protos(&p, m);
  for (int i = 0; i < m->generated.len; i++) {
    Fn *f = m->generated.data[i];
    if (!f->is_static) emit_proto(&p, f, false);
  }
  for (int i = 0; i < m->cuda.len; i++) {
    Fn *f = m->cuda.data[i];
    if (f->c_linkage) {
      f->c_linkage = false;  /* the header has its own extern "C" */
      emit_proto(&p, f, false);
      f->c_linkage = true;
    }
  }
  emit_respell(NULL, NULL);
  pr_blank(&p);
  pr_line(&p, "#ifdef __cplusplus");
  pr_line(&p, "}");
  pr_line(&p, "#endif");
  pr_line(&p, "#endif");
  char *text = sb_take(&p.out);
  set_guard(text, g);
  return text;
}

/* ---- What generated code refers to ----------------------------------- */

typedef struct Refs {
  Module *m;
  PtrVec fns;      /* primal Fn* called */
  PtrVec globals;  /* Var*, each after the globals its initializer names */
  PtrVec visiting; /* Var*: globals whose initializer is being walked */
  PtrMap in_fns;   /* Fn* -> 1: in fns (a call is looked up once per function, not per list) */
} Refs;

static void vec_add_unique(PtrVec *v, void *p) {
  for (int i = 0; i < v->len; i++)
    if (v->data[i] == p) return;
  vec_push(v, p);
}

static void refs_stmt(Refs *r, const Stmt *s);

static void refs_expr(Refs *r, const Expr *e) {
  if (!e) return;
  if (e->kind == EX_VAR && e->var->kind == VAR_GLOBAL) {
    /* rows[] = {r0, r1}: the copies of r0 and r1 come first */
    bool seen = false;
    for (int i = 0; i < r->visiting.len; i++) seen |= r->visiting.data[i] == e->var;
    if (!seen) {
      vec_push(&r->visiting, e->var);
      if (e->var->init && e->var->is_static) refs_expr(r, e->var->init);  /* (an extern's is not printed) */
      vec_pop(&r->visiting);
      vec_add_unique(&r->globals, e->var);
    }
  }
  if ((e->kind == EX_CALL || e->kind == EX_FUNC) && e->text) {
    Fn *f = mod_find_fn(r->m, e->text);
    if (f && !f->is_generated) {
      bool fresh = !ptrmap_get(&r->in_fns, f);
      if (fresh) {
        ptrmap_put(&r->in_fns, f, (void *)1);
        vec_push(&r->fns, f);
        if (f->is_static && f->in_main_file && f->body) refs_stmt(r, f->body);
      }
    }
  }
  refs_expr(r, e->lhs);
  refs_expr(r, e->rhs);
  refs_expr(r, e->cond);
  for (int i = 0; i < e->nargs; i++) refs_expr(r, e->args[i]);
  if (e->type && e->type->kind == TY_ARRAY && e->type->vla) refs_expr(r, e->type->vla);
}

static void refs_stmt(Refs *r, const Stmt *s) {
  if (!s) return;
  if (s->kind == ST_DECL && s->var->type->vla) refs_expr(r, s->var->type->vla);
  refs_expr(r, s->lhs);
  refs_expr(r, s->rhs);
  refs_expr(r, s->expr);
  refs_expr(r, s->cond);
  refs_stmt(r, s->then);
  refs_stmt(r, s->els);
  refs_stmt(r, s->init);
  refs_stmt(r, s->step);
  for (int i = 0; i < s->nbody; i++) refs_stmt(r, s->body[i]);
}

/* ---- One comment line per generated function ------------------------- */

static void items(StrBuf *b, const ReqItem *it, int n) {
  for (int i = 0; i < n; i++) {
    sb_puts(b, i ? ", " : "");
    if (str_eq(it[i].name, "return"))
      sb_puts(b, "the result");
    else if (it[i].size)
      sb_printf(b, "%s[%s]", it[i].name, it[i].size);
    else
      sb_puts(b, it[i].name);
  }
}

/* What a function differentiates, with respect to which inputs (Tapenade's
 * "varying") and for which outputs ("useful"). A requested function says
 * it from its request; a callee's variant lists the parameters whose
 * derivative it takes (x_dot or x_bar). */
static void fn_comment(Printer *p, const Module *m, const Fn *f) {
  static const char *const modes[] = {[DIR_JVP] = "jvp", [DIR_VJP] = "vjp", [DIR_GRAD] = "grad",
                                      [DIR_JACFWD] = "jacfwd", [DIR_JACREV] = "jacrev", [DIR_HESSIAN] = "hessian",
                                      [DIR_HVP] = "hvp", [DIR_VMAP] = "vmap"};
  StrBuf b = {0};
  for (int i = 0; i < m->requests.len && !b.len; i++) {
    const Request *r = m->requests.data[i];
    if (r->result != f || (size_t)r->dir >= sizeof modes / sizeof modes[0] || !modes[r->dir]) continue;
    sb_printf(&b, "/* %s: %s of %s", f->name, modes[r->dir], r->fn ? r->fn->name : r->fname);
    if (r->nwrt) sb_puts(&b, "; varying inputs: ");
    items(&b, r->wrt, r->nwrt);
    if (r->nout) sb_puts(&b, "; useful outputs: ");
    items(&b, r->out, r->nout);
  }
  if (!b.len && f->purpose) sb_printf(&b, "/* %s: %s", f->name, f->purpose);
  if (!b.len) {
    /* the variables whose derivatives it takes (x for x_dot, x_bar and
     * x_bar_dot), once each, in order */
    StrBuf v = {0};
    PtrVec names = {0};
    for (int i = 0; i < f->nparams; i++) {
      const char *x = f->params[i]->name;
      size_t n = strlen(x);
      if (n <= 4 || (strcmp(x + n - 4, "_bar") && strcmp(x + n - 4, "_dot"))) continue;
      while (n > 4 && (!strncmp(x + n - 4, "_bar", 4) || !strncmp(x + n - 4, "_dot", 4))) n -= 4;
      char *root = xfmt("%.*s", (int)n, x);
      bool listed = false;
      for (int j = 0; j < names.len && !listed; j++) listed = str_eq(names.data[j], root);
      if (listed) continue;
      vec_push(&names, root);
      sb_printf(&v, "%s%s", v.len ? ", " : "", root);
    }
    free(names.data);
    if (f->tape_dir > 0)
      sb_printf(&b, "/* %s: forward sweep: primal values and tape", f->name);
    else if (v.len)
      sb_printf(&b, "/* %s: %s", f->name, f->tape_dir < 0 ? "backward sweep" : "derivative");
    if (b.len && v.len) sb_printf(&b, "; varying: %s", v.s);
    free(v.s);
  }
  if (!b.len) return;
  sb_puts(&b, " */");
  pr_line(p, "%s", b.s);
  free(b.s);
}

/* static const double a[2][2]: nothing stores into its elements */
static bool const_data(const Type *t) {
  while (t->kind == TY_ARRAY) t = t->base;
  return t->is_const;
}

static Walk static_decls(Stmt *s, void *ctx) {
  const Var *v = s->kind == ST_DECL ? s->var : NULL;
  if (v && v->is_static && v->kind == VAR_LOCAL && !v->static_fresh && !const_data(v->type)) vec_push(ctx, s->var);
  return WALK_ON;
}

/* x, declared at the top of f's body, is written before it is read on
 * every path: it holds nothing between calls */
static bool written_first(const Fn *f, const Var *x) {
  const Stmt *b = f->body;
  for (int i = 0; b->kind == ST_BLOCK && i < b->nbody; i++)
    if (b->body[i]->kind == ST_DECL && b->body[i]->var == x) return ir_first_use_after((Stmt *)b, i + 1, x) == IU_WRITE;
  return false;
}

/* x = x + e (e not naming x): a count */
static bool counts(const Stmt *s, const Var *x) {
  if (s->kind != ST_ASSIGN || s->lhs->kind != EX_VAR || s->lhs->var != x) return false;
  const Expr *r = ex_strip_implicit(s->rhs);
  if (r->kind != EX_BIN || (r->op != OP_ADD && r->op != OP_SUB)) return false;
  const Expr *a = ex_strip_implicit(r->lhs), *b = ex_strip_implicit(r->rhs);
  return (a->kind == EX_VAR && a->var == x && !ex_mentions(b, x)) || (b->kind == EX_VAR && b->var == x && !ex_mentions(a, x));
}

typedef struct Reads {
  const Var *x;
  long uses, counted;  /* expressions naming x; those in x = x + e (2 each) */
} Reads;

static Walk name_x(Expr *e, void *ctx) {
  Reads *r = ctx;
  r->uses += e->kind == EX_VAR && e->var == r->x;
  return WALK_ON;
}

static Walk count_stmt(Stmt *s, void *ctx) {
  Reads *r = ctx;
  r->counted += counts(s, r->x) ? 2 : 0;
  return WALK_ON;
}

/* Is x only ever counted up or down, its value read by nothing else (a
 * call counter nobody looks at)? A copy counting on its own then changes
 * nothing anyone sees. */
static bool only_counted(const Fn *f, const Var *x) {
  Reads r = {x, 0, 0};
  st_each_expr(f->body, name_x, &r);
  st_each(f->body, count_stmt, &r);
  return r.uses == r.counted;
}

/* Does any function of the module have a static local? Lowering makes
 * each local with fn_new_var, listed in its function's locals; the
 * transforms' copies keep the flag. None: no body to search. */
static bool any_static_local(const Module *m) {
  const PtrVec *lists[2] = {&m->fns, &m->generated};
  for (int k = 0; k < 2; k++)
    for (int i = 0; i < lists[k]->len; i++) {
      const Fn *f = lists[k]->data[i];
      for (int j = 0; j < f->locals.len; j++)
        if (((const Var *)f->locals.data[j])->is_static) return true;
    }
  return false;
}

/* A static local that keeps a value from one call to the next (stored
 * into, or its address taken, and read before it is written on some path)
 * cannot be copied into FILE.ad.c: the copy would be another object,
 * starting again, and the original's state would not advance (a counter, a
 * generator's seed, the last call's value). The generated file cannot reach
 * a static of FILE.c, so such a static is an error wherever FILE.ad.c would
 * print it: f's derivatives, the copies of FILE.c's static functions; but
 * for a count whose value nothing reads. */
static void check_static_state(Module *m, Fn *f, bool copied) {
  if (!f->body || !m->static_locals) return;
  PtrVec decls = {0};
  st_each(f->body, static_decls, &decls);
  for (int i = 0; i < decls.len; i++) {
    Var *x = decls.data[i];
    const char *key = xfmt("state:%s:%d:%d:%s", x->loc.file ? x->loc.file : "", x->loc.line, x->loc.col, x->name);
    if (!tr_static_stored(f, x) || written_first(f, x) || only_counted(f, x) || nameset_has(&m->notes_told, key))
      continue;
    nameset_add(&m->notes_told, key);
    diag_at(x->loc, D_STATIC_LOCAL_STATE, x->name,
            copied ? xfmt(" (or make '%s' not static: the generated code then calls it)", f->name) : "");
  }
  free(decls.data);
}

char *emit_source(Module *m, const char *outname, bool line_directives) {
  m->static_locals = any_static_local(m);
  Printer p;
  pr_init(&p, outname, line_directives);
  const char *slash = strrchr(outname, '/');
  pr_line(&p, "/* %s: derivatives of %s, generated by cc-ad %s. Do not edit. */", slash ? slash + 1 : outname,
          m->file, CCAD_TOOL_VERSION);
  emit_includes(&p, m, false);
  static const char *std[] = {"#include <math.h>", "#include <stdlib.h>", "#include <string.h>", NULL};
  for (int k = 0; std[k]; k++) {
    bool have = false;
    for (int i = 0; i < m->includes.len; i++) have |= str_eq(m->includes.data[i], std[k]);
    if (!have) pr_line(&p, "%s", std[k]);
  }
  emit_complex_h(&p, m);
  emit_cmplx(&p, m);
  if (m->self_include && m->typedecls.len) {
    pr_blank(&p);
    emit_typedecls(&p, m, false);
  }
  pr_line(&p, "#include \"%s\"", m->header_name);
  if (m->uses_mpi) pr_line(&p, "#include \"ccad_mpi.h\"");  /* libccad_mpi: its wrappers of MPI calls */

  Refs r = {.m = m};
  for (int i = 0; i < m->generated.len; i++) refs_stmt(&r, ((Fn *)m->generated.data[i])->body);

  /* primal functions of FILE.c that generated code calls (before the
   * tables, which may point to them) */
  bool blank = false;
  for (int i = 0; i < r.fns.len; i++) {
    Fn *f = r.fns.data[i];
    if (!f->in_main_file || str_starts(f->name, "__")) continue;  /* builtins declare themselves */
    if (!blank) pr_blank(&p);
    blank = true;
    emit_proto(&p, f, f->is_static);
  }
  blank = false;
  for (int i = 0; i < r.globals.len; i++) {
    Var *g = r.globals.data[i];
    const Type *el = g->type;
    while (el->kind == TY_ARRAY && !el->is_const) el = el->base;
    /* FILE.ad.c has its own copy of a static: right only when constant,
     * or never written */
    if (g->is_static && !el->is_const && !g->static_readonly) {
      diag_at(g->loc, D_STATIC_UNREACHABLE, g->name,
              g->is_extern_def ? " (a header's static is a separate variable in each source file)" : "");
      continue;
    }
    if (g->is_extern_def) continue;  /* declared by a header FILE.ad.c includes */
    if (!blank) pr_blank(&p);
    blank = true;
    if (g->is_static) {
      pr_line(&p, "static %s%s%s;", emit_decl(g->type, g->name), g->init ? " = " : "",
              g->init ? emit_expr(g->init) : "");
    } else {
      pr_line(&p, "extern %s%s%s;", g->tls ? g->tls : "", g->tls ? " " : "", emit_decl(g->type, g->name));
    }
  }
  for (int i = 0; i < m->generated.len; i++) {
    Fn *f = m->generated.data[i];
    if (f->is_static) emit_proto(&p, f, true);
  }
  for (int i = 0; i < r.fns.len; i++) {
    Fn *f = r.fns.data[i];
    if (!f->in_main_file || !f->is_static) continue;
    if (!f->body) {
      diag_at(f->loc, D_STATIC_NO_BODY, f->name);
      continue;
    }
    check_static_state(m, f, true);
    pr_blank(&p);
    emit_fn(&p, f, true);
  }
  for (int i = 0; i < m->generated.len; i++) {
    pr_blank(&p);
    Fn *f = m->generated.data[i];
    check_static_state(m, f, false);
    fn_comment(&p, m, f);
    emit_fn(&p, f, f->is_static);
  }
  return sb_take(&p.out);
}

/* FILE.ad.cu: device copies of the batched functions, kernels, launchers. */
static Walk is_call_of(Expr *e, void *name) {
  return e->kind == EX_CALL && e->text && str_eq(e->text, name) ? WALK_STOP : WALK_ON;
}

/* Does s call function 'name' anywhere? */
static bool calls_fn(const Stmt *s, const char *name) { return !st_each_expr(s, is_call_of, (void *)name); }

/* C identifiers that C++ reserves (double new; int class;): the device
 * code is C++, so each one the text uses becomes a macro for another name,
 * after the headers (the types it spells keep their layout). */
static const char *const cxx_words[] = {
    "new", "delete", "class", "this", "template", "private", "public", "protected", "operator", "try", "catch",
    "throw", "virtual", "namespace", "using", "friend", "typename", "explicit", "mutable", "export", "typeid",
    "nullptr", "decltype", "constexpr", "noexcept", "dynamic_cast", "static_cast", "reinterpret_cast", "const_cast",
    "and", "or", "not", "xor", "bitand", "bitor", "compl", "and_eq", "or_eq", "xor_eq", "not_eq", "concept",
    "requires", "char8_t", "bool", "true", "false", "asm", NULL};

/* Names CUDA declares that C leaves to the user (a parameter threadIdx, a
 * typedef dim3 or float2): renamed likewise. The kernels read their index
 * through ccad_cuda_index, defined before the renames. Functions need none:
 * the device copies are ccad_dev_NAME. */
static const char *const cuda_words[] = {
    "threadIdx", "blockIdx", "blockDim", "gridDim", "warpSize", "dim3", NULL};
static const char *const cuda_vector_bases[] = {
    "char", "uchar", "short", "ushort", "int", "uint", "long", "ulong", "longlong", "ulonglong", "float", "double",
    NULL};

/* Does text use word as an identifier (not inside a longer one)? */
static bool uses_word(const char *text, const char *word) {
  size_t n = strlen(word);
  for (const char *s = strstr(text, word); s; s = strstr(s + 1, word)) {
    bool before = s > text && (isalnum((unsigned char)s[-1]) || s[-1] == '_');
    bool after = isalnum((unsigned char)s[n]) || s[n] == '_';
    if (!before && !after) return true;
  }
  return false;
}

/* C11's keywords that C++ spells otherwise (_Alignas(16) double v[2];) */
static const char *const c11_words[][2] = {
    {"_Alignas", "alignas"}, {"_Alignof", "alignof"}, {"_Static_assert", "static_assert"},
    {"_Thread_local", "thread_local"}, {"_Noreturn", ""}, {NULL, NULL}};

static void define_cxx_words(Printer *p, const char *text) {
  for (int k = 0; c11_words[k][0]; k++)
    if (uses_word(text, c11_words[k][0])) pr_line(p, "#define %s %s", c11_words[k][0], c11_words[k][1]);
  for (int k = 0; cxx_words[k]; k++)
    if (uses_word(text, cxx_words[k])) pr_line(p, "#define %s ccad_cxx_%s", cxx_words[k], cxx_words[k]);
  for (int k = 0; cuda_words[k]; k++)
    if (uses_word(text, cuda_words[k])) pr_line(p, "#define %s ccad_cu_%s", cuda_words[k], cuda_words[k]);
  for (int k = 0; cuda_vector_bases[k]; k++)
    for (int d = 1; d <= 4; d++) {  /* float2, make_float2, ... */
      const char *w = xfmt("%s%d", cuda_vector_bases[k], d), *mk = xfmt("make_%s", w);
      if (uses_word(text, w)) pr_line(p, "#define %s ccad_cu_%s", w, w);
      if (uses_word(text, mk)) pr_line(p, "#define %s ccad_cu_%s", mk, mk);
    }
}

/* A const table the per-element code reads: a copy for the host and one
 * for the device, and one name for both (cuda.c's ccad_tab_W). */
static void emit_cuda_tables(Printer *p, Module *m) {
  for (int i = 0; i < m->cuda_tables.len; i += 2) {
    const Var *g = m->cuda_tables.data[i], *t = m->cuda_tables.data[i + 1];
    const char *init = emit_expr(g->init), *dev = xfmt("ccad_dev_%s", g->name);
    pr_blank(p);
    pr_line(p, "static %s __attribute__((unused)) = %s;", emit_decl(g->type, g->name), init);  /* (one pass each) */
    pr_line(p, "static __device__ %s __attribute__((unused)) = %s;", emit_decl(g->type, dev), init);
    pr_line(p, "#ifdef __CUDA_ARCH__");
    pr_line(p, "#define %s %s", t->name, dev);
    pr_line(p, "#else");
    pr_line(p, "#define %s %s", t->name, g->name);
    pr_line(p, "#endif");
  }
}

static void emit_cuda_body(Printer *p, Module *m, bool uses_calloc) {
  if (m->typedecls.len) emit_typedecls(p, m, false);
  emit_cuda_tables(p, m);
  if (uses_calloc) {  /* only then: nvcc warns of an unused static function */
    pr_blank(p);
    pr_line(p, "/* device code has malloc but no calloc */");
    pr_line(p, "static __host__ __device__ void *ccad_dev_calloc(size_t n, size_t size)");
    pr_line(p, "{");
    pr_line(p, "  void *p = malloc(n * size);");
    pr_line(p, "  if (p) memset(p, 0, n * size);");
    pr_line(p, "  return p;");
    pr_line(p, "}");
  }
  for (int i = 0; i < m->cuda.len; i++) {
    Fn *f = m->cuda.data[i];
    if (f->is_static) emit_proto(p, f, true);
  }
  for (int i = 0; i < m->cuda.len; i++) {
    Fn *f = m->cuda.data[i];
    pr_blank(p);
    emit_fn(p, f, f->is_static);
  }
}

/* <complex.h> and <tgmath.h> declare C's complex functions, which C++
 * spells otherwise: FILE.ad.cu has its own (ccad_cuda_complex.h) */
static bool is_complex_h(const char *include) {
  return str_eq(include, "#include <complex.h>") || str_eq(include, "#include <tgmath.h>");
}

/* A typedef name that names something else than the record of that tag
 * (struct pt {..}; typedef struct pt2 {..} pt;) is C, where tags have a
 * namespace of their own, but not C++: FILE.ad.cu prints that record with
 * the tag ccad_tag_pt (the layout is the same), "struct pt" too. */
static bool names_other(Module *m, const char *name, const Record *r) {
  for (int i = 0; i < m->typedecls.len; i++) {
    const TypeDecl *d = m->typedecls.data[i];
    if (d->kind == TD_TYPEDEF && str_eq(d->name, name) && !(d->type->kind == TY_RECORD && d->type->rec == r)) return true;
    if (d->kind == TD_RECORD && d->rec != r && str_eq(d->rec->tdname, name)) return true;
  }
  return false;
}

static void cxx_retags(Module *m, StrMap *types, StrMap *tags) {
  for (int i = 0; i < m->typedecls.len; i++) {
    const TypeDecl *d = m->typedecls.data[i];
    if (d->kind != TD_RECORD || !d->rec->tag || !names_other(m, d->rec->tag, d->rec)) continue;
    const char *kw = d->rec->is_union ? "union" : "struct";
    char *tag = xfmt("ccad_tag_%s", d->rec->tag);
    strmap_put(tags, d->rec->tag, tag);
    strmap_put(types, xfmt("%s %s", kw, d->rec->tag), xfmt("%s %s", kw, tag));
  }
}

char *emit_cuda(Module *m, const char *outname, bool line_directives) {
  if (!m->cuda.len) return NULL;
  Printer p;
  pr_init(&p, outname, line_directives);
  p.cuda = true;  /* C++: records defined inside others are hoisted (emit_record) */
  const char *slash = strrchr(outname, '/');
  pr_line(&p, "/* %s: GPU variants of %s, generated by cc-ad %s. Do not edit. */", slash ? slash + 1 : outname, m->file,
          CCAD_TOOL_VERSION);
  pr_line(&p, "#include <math.h>");
  pr_line(&p, "#include <stdlib.h>");
  pr_line(&p, "#include <string.h>");
  pr_line(&p, "#include <cuda_runtime.h>");
  /* FILE.c's system headers and its own types; not FILE.ad.h or FILE.c's
   * other headers, which need not be valid CUDA C++ */
  for (int i = 0; i < m->includes.len; i++)
    if (str_starts(m->includes.data[i], "#include <") && !is_complex_h(m->includes.data[i]))
      pr_line(&p, "%s", (char *)m->includes.data[i]);
  /* C99's complex types as C++ classes: double complex prints as
   * ccad_cdouble; C's _Bool as C++'s bool, by a name of its own (f's
   * code may name something bool, which is renamed below) */
  static StrMap cxx_types;
  strmap_put(&cxx_types, "_Bool", "ccad_bool");
  pr_line(&p, "typedef bool ccad_bool;");
  if (m->uses_complex) {
    pr_line(&p, "#include \"ccad_cuda_complex.h\"");
    strmap_put(&cxx_types, "double complex", "ccad_cdouble");
    strmap_put(&cxx_types, "float complex", "ccad_cfloat");
  }
  static StrMap retags;
  cxx_retags(m, &cxx_types, &retags);
  emit_respell(&cxx_types, NULL);
  emit_retag(&retags);
  bool uses_tape = false;  /* a reverse-mode function: the device tape */
  for (int i = 0; i < m->cuda.len && !uses_tape; i++) uses_tape = calls_fn(((Fn *)m->cuda.data[i])->body, "ccad_gpu_begin");
  if (uses_tape) pr_line(&p, "#include \"ccad_cuda.h\"");
  bool uses_calloc = false;
  for (int i = 0; i < m->cuda.len && !uses_calloc; i++) uses_calloc = calls_fn(((Fn *)m->cuda.data[i])->body, "ccad_dev_calloc");
  /* <math.h>'s classification builtins, for device code (cuda.c
   * device_builtin); templates, so that unused ones cost nothing */
  pr_blank(&p);
  pr_line(&p, "template <class T> static inline __host__ __device__ int ccad_isinf_sign(T x)");
  pr_line(&p, "{ return isinf(x) ? (signbit(x) ? -1 : 1) : 0; }");
  pr_line(&p, "template <class T> static inline __host__ __device__ int ccad_fpclassify(int nan, int inf, int normal, int sub, int zero, T x)");
  pr_line(&p, "{ return isnan(x) ? nan : isinf(x) ? inf : x == 0 ? zero : fabs((double)x) < (sizeof(T) == sizeof(float) ? 1.17549435082228751e-38 : 2.2250738585072014e-308) ? sub : normal; }");
  pr_line(&p, "template <class A, class B> static inline __host__ __device__ int ccad_isunordered(A a, B b) { return isnan(a) || isnan(b); }");
  pr_line(&p, "template <class A, class B> static inline __host__ __device__ int ccad_isgreater(A a, B b) { return !ccad_isunordered(a, b) && a > b; }");
  pr_line(&p, "template <class A, class B> static inline __host__ __device__ int ccad_isgreaterequal(A a, B b) { return !ccad_isunordered(a, b) && a >= b; }");
  pr_line(&p, "template <class A, class B> static inline __host__ __device__ int ccad_isless(A a, B b) { return !ccad_isunordered(a, b) && a < b; }");
  pr_line(&p, "template <class A, class B> static inline __host__ __device__ int ccad_islessequal(A a, B b) { return !ccad_isunordered(a, b) && a <= b; }");
  pr_line(&p, "template <class A, class B> static inline __host__ __device__ int ccad_islessgreater(A a, B b) { return !ccad_isunordered(a, b) && a != b; }");
  pr_blank(&p);  /* the kernels' index, spelled before f's names are renamed */
  pr_line(&p, "static inline __device__ int ccad_cuda_index(void)");
  pr_line(&p, "{");
  pr_line(&p, "  return (int)(blockIdx.x * blockDim.x + threadIdx.x);");
  pr_line(&p, "}");
  Printer probe;  /* the body once, to see which C++ words it uses (then printed for real, its lines in place) */
  pr_init(&probe, outname, false);
  probe.cuda = true;
  emit_cuda_body(&probe, m, uses_calloc);
  define_cxx_words(&p, probe.out.s ? probe.out.s : "");
  free(probe.out.s);
  emit_cuda_body(&p, m, uses_calloc);
  emit_respell(NULL, NULL);
  emit_retag(NULL);
  return sb_take(&p.out);
}
