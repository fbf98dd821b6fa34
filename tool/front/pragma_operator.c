/*
 * pragma_operator.c — the C99 pragma operator, _Pragma("ad checkpoint"),
 * written in FILE.c's code or in a macro FILE.c expands (how code hides
 * pragmas in macros): each is the pragma its string says, handed to
 * pragma_body like a '#pragma' line, placed where FILE.c expands it.
 *
 * Requires: the translation unit, parsed with the detailed preprocessing
 * record (macro definitions and the expansions FILE.c spells).
 * Provides: pragma_operators.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "front_int.h"

/* A macro whose body holds _Pragma, itself or through another macro. */
typedef struct PMacro {
  char *name;
  CXCursor def;
} PMacro;

typedef struct Ops {
  Front *fr;
  Bodies *bodies;
  PtrVec defs;     /* CXCursor*: every macro definition */
  PtrVec uses;     /* CXCursor*: the expansions spelled in FILE.c */
  PtrVec pmacros;  /* PMacro* */
  PtrVec def_ranges;  /* CXSourceRange*: FILE.c's own #define lines */
  const PtrVec *skipped;  /* pairs of lines the preprocessor skips (pragma.c) */
} Ops;

static CXCursor *dup_cursor(CXCursor c) {
  CXCursor *p = xmalloc(sizeof *p);
  *p = c;
  return p;
}

static enum CXChildVisitResult gather(CXCursor c, CXCursor parent, CXClientData d) {
  (void)parent;
  Ops *o = d;
  enum CXCursorKind k = clang_getCursorKind(c);
  if (k == CXCursor_MacroDefinition) {
    vec_push(&o->defs, dup_cursor(c));
    if (cx_in_main_file(o->fr, c)) {
      CXSourceRange *r = xmalloc(sizeof *r);
      *r = clang_getCursorExtent(c);
      vec_push(&o->def_ranges, r);
    }
  } else if (k == CXCursor_MacroExpansion && cx_in_main_file(o->fr, c)) {
    vec_push(&o->uses, dup_cursor(c));
  }
  return CXChildVisit_Continue;
}

/* The text of a macro definition (name and body) in its file's buffer. */
static char *def_text(Front *fr, CXCursor c) {
  CXSourceRange r = clang_getCursorExtent(c);
  CXFile f;
  unsigned a, b;
  clang_getSpellingLocation(clang_getRangeStart(r), &f, NULL, NULL, &a);
  clang_getSpellingLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &b);
  size_t size = 0;
  const char *buf = f ? clang_getFileContents(fr->tu, f, &size) : NULL;
  if (!buf || a > b || b > size) return xstrdup("");
  return xstrndup(buf + a, b - a);
}

static bool has_word(const char *s, const char *w) {
  size_t n = strlen(w);
  for (const char *p = strstr(s, w); p; p = strstr(p + 1, w)) {
    bool left = p == s || !(isalnum((unsigned char)p[-1]) || p[-1] == '_');
    bool right = !(isalnum((unsigned char)p[n]) || p[n] == '_');
    if (left && right) return true;
  }
  return false;
}

static PMacro *pmacro(Ops *o, const char *name) {
  for (int i = o->pmacros.len - 1; i >= 0; i--) {
    PMacro *p = o->pmacros.data[i];
    if (!strcmp(p->name, name)) return p;
  }
  return NULL;
}

/* The macros holding _Pragma, then those naming one of them, to a fixed
 * point (a definition's text is searched, not expanded: a name that is a
 * parameter of its macro only costs a look at its tokens later). */
static void find_pmacros(Ops *o) {
  int n = o->defs.len;
  char **texts = xmalloc(sizeof(char *) * (size_t)(n ? n : 1));
  bool *in = xmalloc(sizeof(bool) * (size_t)(n ? n : 1));
  for (int i = 0; i < n; i++) {
    texts[i] = def_text(o->fr, *(CXCursor *)o->defs.data[i]);
    in[i] = false;
  }
  for (bool grew = true; grew;) {
    grew = false;
    for (int i = 0; i < n; i++) {
      if (in[i]) continue;
      const char *body = texts[i];
      while (*body && (isalnum((unsigned char)*body) || *body == '_')) body++;  /* past the name */
      bool hit = strstr(body, "_Pragma") != NULL;
      for (int k = 0; !hit && k < o->pmacros.len; k++) hit = has_word(body, ((PMacro *)o->pmacros.data[k])->name);
      if (!hit) continue;
      PMacro *p = xmalloc(sizeof *p);
      p->def = *(CXCursor *)o->defs.data[i];
      p->name = cx_spelling(p->def);
      vec_push(&o->pmacros, p);
      in[i] = grew = true;
    }
  }
  for (int i = 0; i < n; i++) free(texts[i]);
  free(texts);
  free(in);
}

/* The string of a _Pragma operator, destringized (C11 6.10.9): the
 * encoding prefix and quotes go, \" and \\ become " and \. */
static char *destringize(const char *lit) {
  const char *s = strchr(lit, '"');
  if (!s) return NULL;
  StrBuf b = {0};
  for (s++; *s && *s != '"'; s++) {
    if (*s == '\\' && (s[1] == '"' || s[1] == '\\')) s++;
    sb_putc(&b, *s);
  }
  return sb_take(&b);
}

/* One _Pragma found: its string, where the string is spelled. */
typedef struct Found {
  char *text;
  SrcLoc text_at;
} Found;

/* A macro use's arguments as strings (use_args). */
enum { MAX_ARGS = 32 };
typedef struct Args {
  int n;
  char *text[MAX_ARGS];
  SrcLoc at[MAX_ARGS];
} Args;

static SrcLoc token_loc(Front *fr, CXToken t) {
  CXFile f;
  unsigned line, col;
  clang_getSpellingLocation(clang_getTokenLocation(fr->tu, t), &f, &line, &col, NULL);
  SrcLoc l = {0};
  if (!f) return l;
  l.file = clang_File_isEqual(f, fr->main_file) ? fr->file : cx_str(clang_getFileName(f));
  l.line = (int)line;
  l.col = (int)col;
  return l;
}

static char *tok_str(Front *fr, CXToken t) { return cx_str(clang_getTokenSpelling(fr->tu, t)); }

/* Is toks[i] the start of _Pragma ( "string" )? Then its string. */
static bool operator_at(Front *fr, CXToken *toks, unsigned n, unsigned i, Found *f) {
  if (i + 3 >= n) return false;
  char *a = tok_str(fr, toks[i]), *b = tok_str(fr, toks[i + 1]), *d = tok_str(fr, toks[i + 3]);
  bool ok = !strcmp(a, "_Pragma") && !strcmp(b, "(") && !strcmp(d, ")") &&
            clang_getTokenKind(toks[i + 2]) == CXToken_Literal;
  if (ok) {
    char *lit = tok_str(fr, toks[i + 2]);
    f->text = destringize(lit);
    f->text_at = token_loc(fr, toks[i + 2]);
    f->text_at.col += (int)(strchr(lit, '"') - lit) + 1;
    ok = f->text != NULL;
  }
  return ok;
}

/* Is toks[i] the start of _Pragma ( # NAME )? */
static bool stringized_at(Front *fr, CXToken *toks, unsigned i) {
  char *a = tok_str(fr, toks[i]), *b = tok_str(fr, toks[i + 1]), *c = tok_str(fr, toks[i + 2]),
       *e = tok_str(fr, toks[i + 4]);
  bool ok = !strcmp(a, "_Pragma") && !strcmp(b, "(") && !strcmp(c, "#") && !strcmp(e, ")") &&
            clang_getTokenKind(toks[i + 3]) == CXToken_Identifier;
  free(a), free(b), free(c), free(e);
  return ok;
}

/* The index of parameter 'name' among toks[from..to) (the names between
 * the parentheses of a function-like macro's definition), or -1. */
static int param_index(Front *fr, CXToken *toks, unsigned from, unsigned to, CXToken name) {
  char *want = tok_str(fr, name);
  int k = 0, found = -1;
  for (unsigned i = from; i < to && found < 0; i++) {
    if (clang_getTokenKind(toks[i]) != CXToken_Identifier) continue;
    char *s = tok_str(fr, toks[i]);
    if (!strcmp(s, want)) found = k;
    k++;
    free(s);
  }
  free(want);
  return found;
}

/* The arguments of a macro use in FILE.c, each as # makes it a string
 * (C11 6.10.3.2: blanks between tokens become one space, none around). */
static void use_args(Front *fr, CXCursor use, const char *text, Args *a) {
  CXToken *toks;
  unsigned n;
  clang_tokenize(fr->tu, clang_getCursorExtent(use), &toks, &n);
  a->n = 0;
  int depth = 0;
  unsigned start = 0;
  for (unsigned i = 1; i < n; i++) {
    char *s = tok_str(fr, toks[i]);
    bool open = !strcmp(s, "("), close = !strcmp(s, ")"), comma = !strcmp(s, ",");
    free(s);
    if (open && depth++ == 0) { start = i + 1; continue; }
    if ((close && --depth == 0) || (comma && depth == 1)) {
      if (a->n < MAX_ARGS && start < i) {
        unsigned from, to;
        clang_getSpellingLocation(clang_getTokenLocation(fr->tu, toks[start]), NULL, NULL, NULL, &from);
        CXSourceRange last = clang_getTokenExtent(fr->tu, toks[i - 1]);
        clang_getSpellingLocation(clang_getRangeEnd(last), NULL, NULL, NULL, &to);
        StrBuf b = {0};
        for (unsigned k = from; k < to && text[k]; k++) {
          bool blank = isspace((unsigned char)text[k]) || (text[k] == '\\' && text[k + 1] == '\n');
          if (!blank) sb_putc(&b, text[k]);
          else if (b.len && b.s[b.len - 1] != ' ') sb_putc(&b, ' ');
        }
        a->text[a->n] = sb_take(&b);
        a->at[a->n] = token_loc(fr, toks[start]);
        a->n++;
      } else if (a->n < MAX_ARGS) {
        a->text[a->n] = xstrdup("");
        a->at[a->n++] = token_loc(fr, toks[i]);
      }
      start = i + 1;
      if (close) break;
    }
  }
  clang_disposeTokens(fr->tu, toks, n);
}

/* The _Pragma strings a macro's body expands to, in order, through the
 * macros it names; *trailing: tokens follow the last one (the statement
 * the pragma stands before is inside the expansion). */
static void macro_pragmas(Ops *o, PMacro *p, const Args *args, PtrVec *out, bool *trailing, char **unread,
                          int depth) {
  if (depth > 16) return;
  Front *fr = o->fr;
  CXToken *toks;
  unsigned n;
  clang_tokenize(fr->tu, clang_getCursorExtent(p->def), &toks, &n);
  /* token 0 is the name; a function-like macro's parameters follow it */
  unsigned i = 1, first_param = 2;
  if (clang_Cursor_isMacroFunctionLike(p->def)) {
    for (; i < n; i++) {
      char *s = tok_str(fr, toks[i]);
      bool close = !strcmp(s, ")");
      free(s);
      if (close) break;
    }
    i++;
  }
  unsigned body = i;
  for (; i < n; i++) {
    Found f;
    if (i + 4 < n && stringized_at(fr, toks, i)) {
      /* _Pragma(#param): the string is the argument as written where the
       * macro is used, when FILE.c uses this macro itself */
      int k = param_index(fr, toks, first_param, body, toks[i + 3]);
      if (args && k >= 0 && k < args->n) {
        Found *g = xmalloc(sizeof *g);
        g->text = xstrdup(args->text[k]);
        g->text_at = args->at[k];
        vec_push(out, g);
        *trailing = false;
      } else if (!*unread) {
        char *par = tok_str(fr, toks[i + 3]);
        *unread = xfmt("_Pragma(#%s) in macro '%s'", par, p->name);
        free(par);
      }
      i += 4;
      continue;
    }
    if (i + 3 < n && operator_at(fr, toks, n, i, &f)) {
      Found *k = xmalloc(sizeof *k);
      *k = f;
      vec_push(out, k);
      *trailing = false;
      i += 3;
      continue;
    }
    char *s = tok_str(fr, toks[i]);
    PMacro *q = clang_getTokenKind(toks[i]) == CXToken_Identifier ? pmacro(o, s) : NULL;
    if (q && q != p)
      macro_pragmas(o, q, NULL, out, trailing, unread, depth + 1);
    else
      *trailing = out->len > 0;
    free(s);
  }
  clang_disposeTokens(fr->tu, toks, n);
}

/* Hand each pragma to pragma_body, placed at 'place' in FILE.c; the
 * statement it applies to follows 'end' (an offset in text) unless
 * 'follows' (then a loop only, where 'loop_only'). */
static void hand_over(Ops *o, PtrVec *found, SrcLoc place, const char *text, unsigned end, bool follows,
                      bool loop_only) {
  size_t len = strlen(text);
  const char *rest = text + (end < len ? end : len);
  int line = 1;
  const char *bol = text;
  for (const char *s = text; s < rest; s++)
    if (*s == '\n') line++, bol = s + 1;
  for (int i = 0; i < found->len; i++) {
    Found *f = found->data[i];
    const char *q = f->text;
    while (*q == ' ' || *q == '\t') q++;
    f->text_at.col += (int)(q - f->text);
    pragma_body(o->fr, o->bodies, q, f->text_at, place, (Next){rest, line, (int)(rest - bol) + 1, follows, loop_only, o->skipped});
  }
}

static unsigned end_offset(CXSourceRange r) {
  unsigned off;
  clang_getExpansionLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &off);
  return off;
}

static bool in_def_line(Ops *o, unsigned off) {
  for (int i = 0; i < o->def_ranges.len; i++) {
    CXSourceRange r = *(CXSourceRange *)o->def_ranges.data[i];
    unsigned a, b;
    CXFile f;
    clang_getSpellingLocation(clang_getRangeStart(r), &f, NULL, NULL, &a);
    clang_getSpellingLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &b);
    if (f && clang_File_isEqual(f, o->fr->main_file) && off >= a && off <= b) return true;
  }
  return false;
}

/* The token after the first use of parameter k in macro def's body: 0
 * none (the parameter ends the body, or is not used), 1 a loop keyword,
 * 2 anything else. */
static int after_param(Front *fr, CXCursor def, int k) {
  CXToken *toks;
  unsigned n;
  clang_tokenize(fr->tu, clang_getCursorExtent(def), &toks, &n);
  unsigned body = 2;
  while (body < n) {
    char *s = tok_str(fr, toks[body++]);
    bool close = !strcmp(s, ")");
    free(s);
    if (close) break;
  }
  int what = 0;
  for (unsigned i = body; i < n; i++) {
    if (clang_getTokenKind(toks[i]) != CXToken_Identifier || param_index(fr, toks, 2, body - 1, toks[i]) != k) continue;
    if (i + 1 < n) {
      char *s = tok_str(fr, toks[i + 1]);
      what = !strcmp(s, "for") || !strcmp(s, "while") || !strcmp(s, "do") ? 1 : 2;
      free(s);
    }
    break;
  }
  clang_disposeTokens(fr->tu, toks, n);
  return what;
}

/* _Pragma at offset 'off' (spelled at 'at') written in an argument of a macro FILE.c uses
 * (SIM(_Pragma("ad checkpoint")), the macro putting it before its loop):
 * the statement it applies to is the one after that parameter in the
 * macro's expansion, at the use; where the parameter ends the macro, the
 * one after the use. False: in no macro's argument. */
static bool in_argument(Ops *o, unsigned off, SrcLoc at, PtrVec *one, const char *text) {
  Front *fr = o->fr;
  CXCursor *use = NULL;
  unsigned best = 0;
  for (int i = 0; i < o->uses.len; i++) {  /* the innermost use around it */
    CXCursor *u = o->uses.data[i];
    CXSourceRange r = clang_getCursorExtent(*u);
    unsigned a, b;
    clang_getSpellingLocation(clang_getRangeStart(r), NULL, NULL, NULL, &a);
    clang_getSpellingLocation(clang_getRangeEnd(r), NULL, NULL, NULL, &b);
    if (a < off && off < b && (!use || b - a < best)) use = u, best = b - a;
  }
  if (!use) return false;
  CXCursor def = clang_getCursorReferenced(*use);
  if (clang_Cursor_isNull(def) || !clang_Cursor_isMacroFunctionLike(def)) return false;
  Args args = {0};
  use_args(fr, *use, text, &args);
  int k = -1;  /* the argument holding it: the last that starts before it */
  for (int i = 0; i < args.n; i++)
    if (args.at[i].line < at.line || (args.at[i].line == at.line && args.at[i].col <= at.col)) k = i;
  int what = k >= 0 ? after_param(fr, def, k) : 2;
  if (what)
    hand_over(o, one, cx_loc(fr, *use), text, 0, true, what == 1);
  else
    hand_over(o, one, cx_loc(fr, *use), text, end_offset(clang_getCursorExtent(*use)), false, false);
  return true;
}

/* _Pragma written in FILE.c's code itself (not in a #define). */
static void direct_operators(Ops *o, const char *text) {
  Front *fr = o->fr;
  size_t size = 0;
  if (!strstr(text, "_Pragma") || !clang_getFileContents(fr->tu, fr->main_file, &size)) return;
  CXSourceRange all = clang_getRange(clang_getLocationForOffset(fr->tu, fr->main_file, 0),
                                     clang_getLocationForOffset(fr->tu, fr->main_file, (unsigned)size));
  CXToken *toks;
  unsigned n;
  clang_tokenize(fr->tu, all, &toks, &n);
  for (unsigned i = 0; i + 3 < n; i++) {
    Found f;
    if (clang_getTokenKind(toks[i]) != CXToken_Identifier || !operator_at(fr, toks, n, i, &f)) continue;
    CXSourceLocation l = clang_getTokenLocation(fr->tu, toks[i]);
    unsigned off;
    clang_getSpellingLocation(l, NULL, NULL, NULL, &off);
    /* in a #define: handled where the macro is expanded; in a skipped
     * #if: not compiled (libclang still tokenizes it) */
    if (in_def_line(o, off) || clang_Location_isInSystemHeader(l)) continue;
    CXSourceRange sk = clang_getTokenExtent(fr->tu, toks[i + 3]);
    SrcLoc place = cx_loc_at(fr, l);
    bool skipped = false;
    for (int k = 0; k + 1 < o->skipped->len; k += 2)
      skipped |= place.line >= (intptr_t)o->skipped->data[k] && place.line <= (intptr_t)o->skipped->data[k + 1];
    if (skipped) continue;
    PtrVec one = {0};
    Found *k = xmalloc(sizeof *k);
    *k = f;
    vec_push(&one, k);
    if (!in_argument(o, off, token_loc(fr, toks[i]), &one, text))
      hand_over(o, &one, place, text, end_offset(sk), false, false);
    i += 3;
  }
  clang_disposeTokens(fr->tu, toks, n);
}

/* Does the use's first argument, or the macro's body, start a request
 * (the word "ad")? */
static bool mentions_ad(const Args *a, Front *fr, PMacro *p) {
  if (a->n > 0 && (!strcmp(a->text[0], "ad") || str_starts(a->text[0], "ad "))) return true;
  char *t = def_text(fr, p->def);
  bool hit = has_word(t, "ad");
  free(t);
  return hit;
}

void pragma_operators(Front *fr, Bodies *bodies, const char *text, const PtrVec *skipped) {
  Ops o = {fr, bodies, {0}, {0}, {0}, {0}, skipped};
  clang_visitChildren(clang_getTranslationUnitCursor(fr->tu), gather, &o);
  direct_operators(&o, text);
  find_pmacros(&o);
  for (int i = 0; i < o.uses.len && o.pmacros.len; i++) {
    CXCursor use = *(CXCursor *)o.uses.data[i];
    /* the definition in force there (#undef and #define again) */
    CXCursor def = clang_getCursorReferenced(use);
    PMacro *p = NULL;
    for (int k = 0; k < o.pmacros.len && !clang_Cursor_isNull(def); k++)
      if (clang_equalCursors(((PMacro *)o.pmacros.data[k])->def, def)) p = o.pmacros.data[k];
    if (clang_Cursor_isNull(def)) p = pmacro(&o, cx_spelling(use));
    if (!p) continue;
    PtrVec found = {0};
    bool trailing = false;
    char *unread = NULL;
    Args args = {0};
    if (clang_Cursor_isMacroFunctionLike(p->def)) use_args(fr, use, text, &args);
    macro_pragmas(&o, p, &args, &found, &trailing, &unread, 0);
    if (found.len)
      hand_over(&o, &found, cx_loc(fr, use), text, end_offset(clang_getCursorExtent(use)), trailing, false);
    /* a string built by # deeper down: the arguments are not known there;
     * said when the use looks like a request, not for every OpenMP macro */
    if (unread && mentions_ad(&args, o.fr, p)) diag_at(cx_loc(fr, use), D_PRAGMA_STRINGIZED, unread);
  }
}
