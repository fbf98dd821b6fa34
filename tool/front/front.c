/*
 * front.c — S0 -> S1 driver: parse with libclang, walk the file scope,
 * collect requests, lower what they reach.
 *
 * Requires: FILE.c and the user's flags (FrontOptions); libclang.
 * Provides: S1: the Module (lowered functions, requests, checkpoints), its
 *   Front context for the planner, the files read (-MF).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../ir/mpi.h"
#include "../ir/rules.h"
#include "front_int.h"

/* d: the PtrVec of the files read (Module.deps) */
static void inclusion_visitor(CXFile included, CXSourceLocation *stack, unsigned len, CXClientData d) {
  (void)stack;
  (void)len;
  PtrVec *deps = d;
  char *name = cx_str(clang_getFileName(included));
  for (int i = 0; i < deps->len; i++)
    if (!strcmp(deps->data[i], name)) return;
  vec_push(deps, name);
}

/* .c files that FILE.c includes itself (a unity build) */
static void own_file_visitor(CXFile included, CXSourceLocation *stack, unsigned len, CXClientData d) {
  Front *fr = d;
  if (len != 1) return;
  CXFile from;
  clang_getSpellingLocation(stack[0], &from, NULL, NULL, NULL);
  char *name = cx_str(clang_getFileName(included));
  size_t n = strlen(name);
  if (from && clang_File_isEqual(from, fr->main_file) && n > 2 && !strcmp(name + n - 2, ".c"))
    vec_push(&fr->own_files, included);
}

/* FILE.c's '#define ...' as written: the headers it includes next may
 * depend on it (#define REAL double, then #include "kernels.h"), and
 * FILE.ad.c includes them too. */
static void macro_line(Front *fr, CXCursor c) {
  CXSourceRange r = clang_getCursorExtent(c);
  unsigned b, e;
  CXFile f;
  clang_getSpellingLocation(clang_getRangeStart(r), &f, NULL, NULL, &b);
  clang_getSpellingLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &e);
  size_t size;
  const char *text = f ? clang_getFileContents(fr->tu, f, &size) : NULL;
  if (!text || e < b || e > size) return;
  if (fr->defines.len) sb_putc(&fr->defines, '\n');
  /* defined again (after an #undef libclang does not show) */
  char *name = cx_spelling(c);
  if (nameset_has(&fr->defined, name)) sb_printf(&fr->defines, "#undef %s\n", name);
  nameset_add(&fr->defined, name);
  sb_printf(&fr->defines, "#define %.*s", (int)(e - b), text + b);
}

static void add_typedecl(Module *m, TypeDeclKind kind, Record *r, const char *name, Type *t, const char *text) {
  for (int i = 0; i < m->typedecls.len; i++) {
    TypeDecl *d = m->typedecls.data[i];
    if (kind == TD_RECORD && d->kind == TD_RECORD && d->rec == r) return;
  }
  TypeDecl *d = xmalloc(sizeof *d);
  d->kind = kind;
  d->rec = r;
  d->name = name;
  d->type = t;
  d->text = text;
  vec_push(&m->typedecls, d);
}

/* Headers that ship with gcc rather than libc (omp.h): libclang does not
 * search gcc's directory, so it is searched last, after clang's own. */
static void gcc_include_dirs(PtrVec *out) {
  const char *root = "/usr/lib/gcc";
  DIR *d = opendir(root);
  if (!d) return;
  struct dirent *t;
  while ((t = readdir(d))) {
    if (t->d_name[0] == '.') continue;
    char *triple = xfmt("%s/%s", root, t->d_name);
    DIR *v = opendir(triple);
    if (!v) continue;
    struct dirent *ver;
    char *best = NULL;
    while ((ver = readdir(v)))
      if (ver->d_name[0] != '.' && (!best || strverscmp(ver->d_name, best) > 0)) best = xstrdup(ver->d_name);
    closedir(v);
    if (best) {
      char *inc = xfmt("%s/%s/include", triple, best);
      struct stat st;
      if (stat(inc, &st) == 0) vec_push(out, inc);
    }
  }
  closedir(d);
}

/* A static of a user's header that compilers report when a file does not
 * use it (a function not inline, a variable not const): FILE.ad.c uses
 * other functions than FILE.c does. */
static bool unused_warns(CXCursor c, bool kind_warns) {
  return kind_warns && clang_Cursor_getStorageClass(c) == CX_SC_Static &&
         !clang_Location_isInSystemHeader(clang_getCursorLocation(c));
}

/* const double, const double[3][3]: a constant (the const may sit on the
 * array or on its elements) */
static bool const_data(CXType t) {
  t = clang_getCanonicalType(t);
  while (!clang_isConstQualifiedType(t) && (t.kind == CXType_ConstantArray || t.kind == CXType_IncompleteArray))
    t = clang_getArrayElementType(t);
  return clang_isConstQualifiedType(t);
}

/* FILE.c including FILE.ad.h, the header cc-ad writes by default, when
 * -o names another: still FILE.c's own generated header, never copied
 * into the generated files (which include theirs). */
static bool own_default_header(Front *fr, const char *name) {
  const char *b = strrchr(fr->file, '/') ? strrchr(fr->file, '/') + 1 : fr->file;
  size_t n = strlen(b);
  if (n > 2 && !strcmp(b + n - 2, ".c")) n -= 2;
  const char *nb = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
  return !strncmp(nb, b, n) && !strcmp(nb + n, ".ad.h");
}

/* The path of 'file' relative to directory 'dir' (both absolute, no
 * symlinks): ../src/params.h from /b/out to /b/src/params.h. */
static char *relative_to(const char *dir, const char *file) {
  char *d = dir[strlen(dir) - 1] == '/' ? xstrdup(dir) : xfmt("%s/", dir);
  size_t common = 0;
  for (size_t i = 0; d[i] && d[i] == file[i]; i++)
    if (d[i] == '/') common = i + 1;
  StrBuf b = {0};
  for (const char *c = d + common; *c; c++)
    if (*c == '/') sb_puts(&b, "../");
  sb_puts(&b, file + common);
  free(d);
  return sb_take(&b);
}

/* How FILE.ad.c and FILE.ad.h, written to another directory than FILE.c's
 * (-o), spell a quoted include that FILE.c found beside itself: relative
 * to their own directory ("../src/params.h"), so they compile with the
 * flags FILE.c compiles with. Otherwise as FILE.c spells it. */
static char *include_spelling(Front *fr, const char *name, CXFile inc) {
  if (!inc || name[0] == '/') return xstrdup(name);
  char *src = xstrdup(fr->file), *out = xstrdup(fr->m->base);
  char *src_dir = realpath(dirname(src), NULL), *out_dir = realpath(dirname(out), NULL);
  char *beside = src_dir ? realpath(xfmt("%s/%s", src_dir, name), NULL) : NULL;
  char *found = realpath(cx_str(clang_getFileName(inc)), NULL);
  char *r = xstrdup(name);
  if (src_dir && out_dir && beside && found && str_eq(beside, found) && !str_eq(src_dir, out_dir))
    r = relative_to(out_dir, found);
  free(src_dir);
  free(out_dir);
  free(beside);
  free(found);
  return r;
}

/* An #include line of a header FILE.c includes (for the headers that have
 * no include guard: unguarded_sub_includes). */
typedef struct SubInclude {
  CXFile includer, inc;
  char *name;
  bool angle;
} SubInclude;

static bool angle_form(Front *fr, CXCursor c) {
  CXToken *toks;
  unsigned nt;
  /* angle or quote form, from the directive's own tokens */
  clang_tokenize(fr->tu, clang_getCursorExtent(c), &toks, &nt);
  bool angle = false;
  for (unsigned i = 0; i < nt; i++) {
    char *s = cx_str(clang_getTokenSpelling(fr->tu, toks[i]));
    if (!strcmp(s, "<")) angle = true;
    free(s);
  }
  clang_disposeTokens(fr->tu, toks, nt);
  return angle;
}

static bool unguarded(Front *fr, CXFile inc) {
  return inc && !clang_isFileMultipleIncludeGuarded(fr->tu, inc) &&
         !clang_Location_isInSystemHeader(clang_getLocation(fr->tu, inc, 1, 1));
}

/* A quoted include 'name' of header 'includer', as FILE.ad.h spells it:
 * found beside the includer, relative to FILE.ad.h's directory (searched
 * first for quoted includes); found through -I, as written. */
static char *sub_spelling(Front *fr, SubInclude *s) {
  char *ipath = realpath(cx_str(clang_getFileName(s->includer)), NULL);
  char *out = xstrdup(fr->m->base), *out_dir = realpath(dirname(out), NULL);
  char *beside = ipath ? realpath(xfmt("%s/%s", dirname(ipath), s->name), NULL) : NULL;
  char *found = realpath(cx_str(clang_getFileName(s->inc)), NULL);
  char *r = out_dir && beside && found && str_eq(beside, found) ? relative_to(out_dir, found) : xstrdup(s->name);
  free(ipath);
  free(out_dir);
  free(beside);
  free(found);
  return r;
}

/* What FILE.ad.h includes in place of a header without include guard
 * (which it cannot include: FILE.ad.c and the user's files include it
 * already, and it would define its types again): the headers it includes,
 * guarded ones as they are and unguarded ones through theirs again, so a
 * type FILE.c gets through an umbrella header is declared (contract 3:
 * FILE.ad.h can be included on its own). */
static void unguarded_sub_includes(Front *fr, CXFile f, StrBuf *b, int depth) {
  for (int i = 0; i < fr->sub_includes.len && depth < 16; i++) {
    SubInclude *s = fr->sub_includes.data[i];
    if (!clang_File_isEqual(s->includer, f)) continue;
    if (unguarded(fr, s->inc)) {
      unguarded_sub_includes(fr, s->inc, b, depth + 1);
      continue;
    }
    char *line = s->angle ? xfmt("#include <%s>", s->name) : xfmt("#include \"%s\"", sub_spelling(fr, s));
    if (!strstr(b->s ? b->s : "", line)) sb_printf(b, "%s%s", b->len ? "\n" : "", line);
  }
}

static void fill_include_once(Front *fr) {
  Module *m = fr->m;
  for (int i = 0; i < m->include_once.len; i++) {
    if (!m->include_once.data[i]) continue;
    StrBuf b = {0};
    unguarded_sub_includes(fr, fr->once_files.data[i], &b, 0);
    m->include_once.data[i] = b.len ? sb_take(&b) : "";
  }
}

/* How FILE.ad.h spells type t without naming a typedef or an enum of
 * FILE.c or of an unguarded header: a struct by its tag, an enum by its
 * integer type (which C makes compatible with it), a basic type as itself;
 * NULL: no such spelling (an untagged struct, a pointer). */
static char *plain_spelling(Front *fr, CXType t) {
  CXType k = clang_getCanonicalType(t);
  if (k.kind == CXType_Enum) k = clang_getCanonicalType(clang_getEnumDeclIntegerType(clang_getTypeDeclaration(k)));
  if (k.kind == CXType_Record) {
    CXCursor d = clang_getTypeDeclaration(k);
    /* (libclang spells `typedef struct { ... } Net;` as Net: cx_untagged) */
    if (clang_Cursor_isAnonymous(d) || clang_Cursor_isAnonymousRecordDecl(d) || cx_untagged(fr, d)) return NULL;
  } else if (k.kind < CXType_FirstBuiltin || k.kind > CXType_LastBuiltin || k.kind == CXType_Void) {
    return NULL;
  }
  char *s = cx_str(clang_getTypeSpelling(k));
  if (strstr(s, "(unnamed") || strstr(s, "(anonymous")) return NULL;
  return s;
}

/* A type declaration FILE.ad.h may not repeat (see Module.respell_own). */
static void note_respell(Front *fr, CXCursor c, bool main) {
  Module *m = fr->m;
  CXFile file = NULL;
  clang_getSpellingLocation(clang_getCursorLocation(c), &file, NULL, NULL, NULL);
  if (!main && !unguarded(fr, file)) return;
  StrMap *map = main ? &m->respell_own : &m->respell_unguarded;
  enum CXCursorKind k = clang_getCursorKind(c);
  CXType t = k == CXCursor_TypedefDecl ? clang_getTypedefDeclUnderlyingType(c) : clang_getCursorType(c);
  char *plain = plain_spelling(fr, t);
  if (!plain && !main && k == CXCursor_TypedefDecl && clang_getCanonicalType(t).kind == CXType_Record) {
    /* typedef struct { ... } Net; can be neither defined again nor declared */
    char *path = cx_str(clang_getFileName(file));
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    vec_push(&m->forward_tags, xfmt("/* %s: an untagged type of %s, which has no include guard: include it first */",
                                    cx_spelling(c), base));
  }
  if (!plain) return;
  if (k == CXCursor_TypedefDecl) {
    strmap_put(map, cx_spelling(c), plain);
  } else if (k == CXCursor_EnumDecl) {
    strmap_put(map, cx_str(clang_getTypeSpelling(t)), plain);
  } else if (!main) {  /* struct P: FILE.c's are forward-declared with its types */
    char *line = xfmt("%s;", plain);
    for (int i = 0; i < m->forward_tags.len && line; i++)
      if (str_eq(m->forward_tags.data[i], line)) line = NULL;
    if (line) vec_push(&m->forward_tags, line);
  }
}

static long long *boxed(long long v) {
  long long *p = xmalloc(sizeof *p);
  *p = v;
  return p;
}

/* The names a request's sizes may use besides parameters and macros
 * (enum { NL = 2 }; sizeof(Real)), noted while the TU is here: a request
 * on a generated function (vmap(f_grad)) reads its sizes after the TU is
 * disposed of, and must read them as a request on f would. */
static void note_size_names(Front *fr, CXCursor c, enum CXCursorKind k) {
  if (k == CXCursor_TypedefDecl) {
    long long size = clang_Type_getSizeOf(clang_getTypedefDeclUnderlyingType(c));
    if (size > 0) strmap_put(&fr->typedef_sizes, cx_spelling(c), boxed(size));
    return;
  }
  CXCursor *kids;
  int n = cx_children(c, &kids);
  for (int i = 0; i < n; i++) {
    if (clang_getCursorKind(kids[i]) != CXCursor_EnumConstantDecl) continue;
    char *name = cx_spelling(kids[i]);
    if (strmap_get(&fr->enum_consts, name)) free(name);
    else strmap_put(&fr->enum_consts, name, boxed(clang_getEnumConstantDeclValue(kids[i])));
  }
  free(kids);
}

static enum CXChildVisitResult top_visitor(CXCursor c, CXCursor parent, CXClientData data) {
  (void)parent;
  Front *fr = data;
  Module *m = fr->m;
  enum CXCursorKind k = clang_getCursorKind(c);
  bool main = cx_in_main_file(fr, c);
  if (k == CXCursor_TypedefDecl || k == CXCursor_EnumDecl) note_size_names(fr, c, k);
  if (k == CXCursor_TypedefDecl || k == CXCursor_EnumDecl || k == CXCursor_StructDecl || k == CXCursor_UnionDecl)
    note_respell(fr, c, main);
  switch (k) {
  case CXCursor_InclusionDirective:
    if (!main) {
      CXFile includer;
      clang_getSpellingLocation(clang_getCursorLocation(c), &includer, NULL, NULL, NULL);
      SubInclude *s = xmalloc(sizeof *s);
      *s = (SubInclude){includer, clang_getIncludedFile(c), cx_spelling(c), angle_form(fr, c)};
      if (s->includer && s->inc && unguarded(fr, s->includer)) vec_push(&fr->sub_includes, s);
    } else {
      char *name = cx_spelling(c);
      bool angle = angle_form(fr, c);
      CXFile inc = clang_getIncludedFile(c);
      if (str_eq(name, m->header_name) || own_default_header(fr, name)) {
        m->self_include = true;
      } else if (inc && cx_own_file(fr, inc)) {
        /* a .c file: its text is FILE.c's own (never included by FILE.ad.c) */
      } else {
        vec_push(&m->includes, angle ? xfmt("#include <%s>", name)
                                     : xfmt("#include \"%s\"", include_spelling(fr, name, inc)));
        vec_push(&m->include_defs, sb_take(&fr->defines));
        /* included twice (FILE.ad.c, then FILE.ad.h), a header without
         * include guard would define its statics twice */
        bool once = unguarded(fr, inc);
        vec_push(&m->include_once, once ? (void *)m : NULL);  /* filled by fill_include_once */
        vec_push(&fr->once_files, once ? inc : NULL);
      }
    }
    break;
  case CXCursor_FunctionDecl:
    nameset_add(&m->names, cx_spelling(c));
    front_fn_for(fr, c);
    if (!main && unused_warns(c, clang_isCursorDefinition(c) && !clang_Cursor_isFunctionInlined(c))) m->header_statics = true;
    break;
  case CXCursor_VarDecl:
    nameset_add(&m->names, cx_spelling(c));
    if (!main && unused_warns(c, !const_data(clang_getCursorType(c)))) m->header_statics = true;
    break;
  case CXCursor_MacroDefinition:
    if (main) macro_line(fr, c);
    if (!clang_Cursor_isMacroFunctionLike(c)) {
      CXToken *toks;
      unsigned nt;
      clang_tokenize(fr->tu, clang_getCursorExtent(c), &toks, &nt);
      StrBuf b = {0};
      for (unsigned i = 1; i < nt; i++) {  /* token 0 is the macro's name */
        sb_puts(&b, cx_str(clang_getTokenSpelling(fr->tu, toks[i])));
        sb_putc(&b, ' ');
      }
      clang_disposeTokens(fr->tu, toks, nt);
      vec_push(&fr->macro_names, cx_spelling(c));
      vec_push(&fr->macro_texts, sb_take(&b));
    }
    break;
  case CXCursor_StructDecl:
  case CXCursor_UnionDecl:
    /* struct { ... } v; declares no type of its own: v's type prints it
     * (typedef struct { ... } T; adds it with the typedef) */
    if (main && clang_isCursorDefinition(c)) {
      Record *r = lower_record(fr, c);
      if (r->tag) add_typedecl(m, TD_RECORD, r, NULL, NULL, NULL);
    } else if (main) {
      /* struct genann; before the typedefs that name it in parameter lists */
      char *tag = cx_spelling(c);
      if (*tag && !strstr(tag, "(anonymous") && !strstr(tag, "(unnamed"))
        add_typedecl(m, TD_TEXT, NULL, NULL, NULL,
                     xfmt("%s %s;", clang_getCursorKind(c) == CXCursor_UnionDecl ? "union" : "struct", tag));
    }
    break;
  case CXCursor_EnumDecl:
    if (main && clang_isCursorDefinition(c)) add_typedecl(m, TD_TEXT, NULL, NULL, NULL, enum_text(fr, c));
    break;
  case CXCursor_TypedefDecl:
    if (main) {
      CXType u = clang_getTypedefDeclUnderlyingType(c);
      CXType un = u.kind == CXType_Elaborated ? clang_Type_getNamedType(u) : u;
      char *name = cx_spelling(c);
      Type *t = lower_type(fr, u, NULL, clang_getNullCursor());
      if (un.kind == CXType_Record) {
        Record *r = t->rec;
        /* typedef struct layer layer; before struct layer { ... network ...; }:
         * the record goes where it is defined, after the types its fields use
         * (the typedef itself goes first, emit_tag_typedefs) */
        CXCursor def = clang_getCursorDefinition(clang_getTypeDeclaration(un));
        bool later = r->tag && !clang_Cursor_isNull(def) && cx_in_main_file(fr, def) &&
                     cx_offset(clang_getCursorLocation(def)) > cx_offset(clang_getCursorLocation(c));
        if (!later) add_typedecl(m, TD_RECORD, r, NULL, NULL, NULL);
        if (!r->tag) {  /* typedef struct { ... } Name; prints with the record */
          r->tdname = name;
          break;
        }
      }
      if (un.kind == CXType_Enum) {
        CXCursor ed = clang_getTypeDeclaration(un);
        char *tag = cx_spelling(ed);
        if (clang_Cursor_isAnonymous(ed) || strstr(tag, "(unnamed") || strstr(tag, "(anonymous") ||
            cx_untagged(fr, ed)) {
          char *txt = enum_text(fr, ed);
          /* the enum was just seen on its own: the typedef replaces it */
          for (int i = 0; i < m->typedecls.len; i++) {
            TypeDecl *d = m->typedecls.data[i];
            if (d->kind == TD_TEXT && str_eq(d->text, txt)) {
              memmove(&m->typedecls.data[i], &m->typedecls.data[i + 1], sizeof(void *) * (size_t)(m->typedecls.len - i - 1));
              m->typedecls.len--;
              break;
            }
          }
          txt[strlen(txt) - 1] = 0;  /* drop ';' */
          add_typedecl(m, TD_TEXT, NULL, NULL, NULL, xfmt("typedef %s %s;", txt, name));
          break;
        }
      }
      add_typedecl(m, TD_TYPEDEF, NULL, name, t, NULL);
    }
    break;
  default: break;
  }
  return CXChildVisit_Continue;
}

static const char *severity_name(enum CXDiagnosticSeverity s) {
  return s >= CXDiagnostic_Error ? "error" : s == CXDiagnostic_Warning ? "warning" : "note";
}

/* Is loc inside a function of FILE.c that is not differentiated? */
static bool in_other_fn(Front *fr, SrcLoc loc) {
  if (!str_eq(loc.file, fr->file)) return false;
  for (int i = 0; i < fr->m->fns.len; i++) {
    Fn *f = fr->m->fns.data[i];
    if (f->is_defined && f->in_main_file && !f->is_lowered && loc.line >= f->loc.line && loc.line <= f->end_line)
      return true;
  }
  return false;
}

/* Forwards clang's errors. With a self-included FILE.ad.h that does not
 * exist yet, code outside the differentiated functions (main, say) calls
 * generated functions that are not declared yet: errors there are expected
 * and ignored. 'lowered' says the lowering stage has run. */
static void forward_diagnostics(Front *fr, bool lowered) {
  unsigned n = clang_getNumDiagnostics(fr->tu);
  for (unsigned i = 0; i < n; i++) {
    CXDiagnostic d = clang_getDiagnostic(fr->tu, i);
    enum CXDiagnosticSeverity s = clang_getDiagnosticSeverity(d);
    /* gcc's own headers (omp.h) use attributes clang rejects; the user's
     * compiler accepts them, and anything used from them would fail in
     * FILE.c itself */
    if (s >= CXDiagnostic_Error && clang_Location_isInSystemHeader(clang_getDiagnosticLocation(d))) {
      clang_disposeDiagnostic(d);
      continue;
    }
    if (s >= CXDiagnostic_Error) {
      SrcLoc loc = cx_loc_at(fr, clang_getDiagnosticLocation(d));
      char *msg = cx_str(clang_getDiagnosticSpelling(d));
      bool defer = fr->tolerate && !lowered;
      bool expected = fr->tolerate && lowered && in_other_fn(fr, loc);
      /* a missing header (an error under KeepGoing) is not deferred: the
       * errors it causes would come first */
      char *cat = cx_str(clang_getDiagnosticCategoryText(d));
      bool fatal = s == CXDiagnostic_Fatal || str_eq(cat, "Lexical or Preprocessor Issue");
      if ((fatal || !defer) && !expected && !(lowered && fatal)) diag_at(loc, D_C_ERROR, msg);
      (void)severity_name;
    }
    clang_disposeDiagnostic(d);
  }
}

Module *front_run(const FrontOptions *o, Front **ctx) {
  rule_shadow_reset();  /* a run of its own: no name of an earlier one shadows a rule */
  Front *fr = xmalloc(sizeof *fr);
  if (ctx) *ctx = fr;
  Module *m = xmalloc(sizeof *m);
  fr->m = m;
  m->front = fr;
  fr->file = o->file;
  m->file = o->file;
  m->base = o->out_base;
  char *tmp = xstrdup(o->out_base);
  m->header_name = xfmt("%s.ad.h", basename(tmp));

  /* Generated headers (#include "X.ad.h") that FILE.c includes are given
   * as empty files: they may not exist yet (first run), and an old one
   * must not influence the new output. */
  char *dirc = xstrdup(o->file);
  char *srcdir = dirname(dirc);
  PtrVec unsaved = {0};
  char *text = read_file(o->file, NULL);
  for (char *p = text ? strstr(text, ".ad.h\"") : NULL; p; p = strstr(p + 1, ".ad.h\"")) {
    char *q = p;
    while (q > text && q[-1] != '"' && q[-1] != '\n') q--;
    if (q == text || q[-1] != '"') continue;
    char *name = xstrndup(q, (size_t)(p - q) + 5);
    struct CXUnsavedFile *u = xmalloc(sizeof *u);
    u->Filename = xfmt("%s/%s", srcdir, name);
    u->Contents = "";
    u->Length = 0;
    vec_push(&unsaved, u);
    fr->tolerate = true;
  }
  struct CXUnsavedFile *files = xmalloc(sizeof(struct CXUnsavedFile) * (size_t)(unsaved.len + 1));
  for (int i = 0; i < unsaved.len; i++) files[i] = *(struct CXUnsavedFile *)unsaved.data[i];

  PtrVec gcc_dirs = {0};
  gcc_include_dirs(&gcc_dirs);
  const char **args = xmalloc(sizeof(char *) * (size_t)(o->nclang_args + 8 + gcc_dirs.len));
  int na = 0;
  /* C11's CMPLX: glibc defines it for gcc 4.7 and later only, and clang
   * says it is gcc 4.2; the front end names __builtin_complex CMPLX again */
  args[na++] = "-DCMPLX(x,y)=__builtin_complex((double)(x),(double)(y))";
  args[na++] = "-DCMPLXF(x,y)=__builtin_complex((float)(x),(float)(y))";
  /* gcc has no bracket limit, clang's is 256: nesting is limited by
   * cc-ad's own checks (lower_stmt.c), with a message, on a deep stack */
  args[na++] = "-fbracket-depth=65536";
  /* OpenMP pragmas are read from the text (pragma_omp.c): parsed with
   * OpenMP, libclang would hide the loops under them. _OPENMP stays
   * defined, as the compiler defines it (in place of the flag: no more
   * arguments than allocated). */
  for (int i = 0; i < o->nclang_args; i++)
    if (str_starts(o->clang_args[i], "-fopenmp")) {
      fr->openmp = true;
      if (!str_starts(o->clang_args[i], "-fopenmp-simd")) args[na++] = "-D_OPENMP=201511";
    } else {
      args[na++] = o->clang_args[i];
    }
  args[na++] = "-Wno-unknown-pragmas";
  /* calls of not yet generated functions are expected errors: clang must
   * not give up after its default 20 and leave the rest of FILE.c unparsed */
  if (fr->tolerate) args[na++] = "-ferror-limit=0";
  args[na++] = xfmt("-I%s", srcdir);
  if (o->runtime_include) args[na++] = xfmt("-idirafter%s", o->runtime_include);
  for (int i = 0; i < gcc_dirs.len; i++) args[na++] = xfmt("-idirafter%s", (char *)gcc_dirs.data[i]);

  fr->idx = clang_createIndex(0, 0);
  enum CXErrorCode err = clang_parseTranslationUnit2(
      fr->idx, o->file, args, na, files, (unsigned)unsaved.len,
      CXTranslationUnit_DetailedPreprocessingRecord | CXTranslationUnit_KeepGoing, &fr->tu);
  if (err != CXError_Success || !fr->tu) {
    diag_at((SrcLoc){0}, D_PARSE_FAILED, o->file, (int)err);
    return m;
  }
  fr->main_file = clang_getFile(fr->tu, o->file);
  clang_getInclusions(fr->tu, inclusion_visitor, &m->deps);
  clang_getInclusions(fr->tu, own_file_visitor, fr);

  clang_visitChildren(clang_getTranslationUnitCursor(fr->tu), top_visitor, fr);
  fill_include_once(fr);
  forward_diagnostics(fr, false);
  if (diag_errors()) return m;

  pragma_collect(fr, o->specs, o->nspecs);
  pragma_resolve(fr);
  while (fr->pending.len) {
    Fn *f = vec_pop(&fr->pending);
    lower_fn(fr, f);
  }
  front_check_static_targets(fr);
  front_mark_readonly_statics(fr);
  mpi_real_views(m);  /* MPI_Send(particles, 2 * n, MPI_DOUBLE, ..): (double *)particles */
  forward_diagnostics(fr, true);
  /* The IR holds everything now; a composed request's sizes, resolved when
   * the request it names has run, read the tables note_size_names filled:
   * the translation unit (as large as the IR) can go. */
  clang_disposeTranslationUnit(fr->tu);
  clang_disposeIndex(fr->idx);
  fr->tu = NULL;
  fr->idx = NULL;
  return m;
}

void front_free(Module *m) {
  Front *fr = m->front;
  if (!fr) return;
  if (fr->tu) clang_disposeTranslationUnit(fr->tu);
  if (fr->idx) clang_disposeIndex(fr->idx);
  m->front = NULL;
}
