/* diag.c — see diag.h. Source lines are read from disk once per file. */
#include "diag.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../util/util.h"

enum { ERROR_LIMIT = 20, LINE_WINDOW = 160 };

static int nerrors;
static bool werror;
static int muted;  /* nesting depth: trial runs may start inside trial runs */

void diag_mute(bool on) { muted += on ? 1 : -1; }
bool diag_muted(void) { return muted > 0; }

typedef struct FileLines {
  const char *file;
  char **lines;
  int nlines;
} FileLines;
static PtrVec files;
static NameSet told;  /* what was printed: each request that meets a construct reports it */

static FileLines *lines_of(const char *file) {
  for (int i = 0; i < files.len; i++) {
    FileLines *f = files.data[i];
    if (!strcmp(f->file, file)) return f;
  }
  FileLines *f = xmalloc(sizeof *f);
  f->file = xstrdup(file);
  vec_push(&files, f);
  char *text = read_file(file, NULL);
  if (!text) return f;
  int cap = 0;
  for (char *p = text; *p;) {
    char *e = strchr(p, '\n');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (f->nlines == cap) {
      cap = cap ? 2 * cap : 256;
      f->lines = xrealloc(f->lines, sizeof(char *) * (size_t)cap);
    }
    f->lines[f->nlines++] = xstrndup(p, n);
    p += n + (e ? 1 : 0);
  }
  return f;
}

void diag_set_line_text(const char *file, int line, const char *text) {
  FileLines *f = lines_of(file);
  if (line > f->nlines) {
    f->lines = xrealloc(f->lines, sizeof(char *) * (size_t)line);
    for (int i = f->nlines; i < line; i++) f->lines[i] = NULL;
    f->nlines = line;
  }
  f->lines[line - 1] = xstrdup(text);
}

static SrcLoc fallback;
void diag_set_fallback(SrcLoc loc) { fallback = loc; }

/* The diagnostics of one run go to the process's stderr, so their state
 * is the process's; a new run starts it afresh. */
void diag_begin_run(void) {
  for (int i = 0; i < files.len; i++) {
    FileLines *f = files.data[i];
    for (int k = 0; k < f->nlines; k++) free(f->lines[k]);
    free(f->lines);
    free((char *)f->file);
    free(f);
  }
  free(files.data);
  files = (PtrVec){0};
  nerrors = muted = 0;
  werror = false;
  told = (NameSet){0};
  fallback = (SrcLoc){0};
}

static void report(SrcLoc loc, const char *kind, const char *fmt, va_list ap) {
  if (muted) return;
  if (!loc.file || loc.line <= 0) loc = fallback;
  /* the same message at the same place once (errors still count) */
  va_list aq;
  va_copy(aq, ap);
  char *key = xfmt("%s:%d:%d:%s:%s", loc.file ? loc.file : "", loc.line, loc.col, kind, xvfmt(fmt, aq));
  va_end(aq);
  if (nameset_has(&told, key)) return;
  nameset_add(&told, key);
  if (loc.file && loc.line > 0)
    fprintf(stderr, "%s:%d:%d: %s: ", loc.file, loc.line, loc.col > 0 ? loc.col : 1, kind);
  else
    fprintf(stderr, "cc-ad: %s: ", kind);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  if (!loc.file || loc.line <= 0) return;
  FileLines *f = lines_of(loc.file);
  if (loc.line > f->nlines || !f->lines[loc.line - 1]) return;
  const char *src = f->lines[loc.line - 1];
  /* A long line shows a window around the caret, as clang does. */
  int len = (int)strlen(src), from = 0, to = len;
  if (len > LINE_WINDOW) {
    from = loc.col - 1 - LINE_WINDOW / 2;
    if (from > len - LINE_WINDOW) from = len - LINE_WINDOW;
    if (from < 0) from = 0;
    to = from + LINE_WINDOW;
  }
  fprintf(stderr, "  %s%.*s%s\n  %s", from ? "..." : "", to - from, src + from, to < len ? "..." : "",
          from ? "   " : "");
  /* Keep tabs so the caret lines up under tab-indented source. */
  for (int i = from; i < loc.col - 1 && i < to; i++) fputc(src[i] == '\t' ? '\t' : ' ', stderr);
  fputs("^\n", stderr);
}

/* Like compilers, stop once the errors are more than anyone reads (a
 * generated request with thousands of bad names). Nothing is written yet:
 * outputs are written only after every stage. */
static void count_error(void) {
  if (muted) return;
  if (++nerrors <= ERROR_LIMIT) return;
  fprintf(stderr, "cc-ad: error: too many errors emitted, stopping now\n");
  fflush(stderr);
  exit(1);
}

static void error_v(SrcLoc loc, const char *fmt, va_list ap) {
  if (!muted && nerrors >= ERROR_LIMIT) count_error();
  report(loc, "error", fmt, ap);
  count_error();
}

static void warning_v(SrcLoc loc, const char *fmt, va_list ap) {
  if (werror && !muted && nerrors >= ERROR_LIMIT) count_error();
  report(loc, werror ? "error" : "warning", fmt, ap);
  if (werror) count_error();
}

static void internal_v(SrcLoc loc, const char *fmt, va_list ap) {
  if (muted || nerrors) return;
  report(loc, "internal error", fmt, ap);
  fprintf(stderr, "cc-ad: this is a bug in cc-ad; please report it with the input file and the command line\n");
  fflush(stderr);
  exit(3);
}

/* ---- The table (diag.def) -------------------------------------------- */

static const struct {
  DiagSeverity severity;
  const char *name, *text;
} table[D_COUNT] = {
#define DIAG(id, severity, text) [D_##id] = {DIAG_##severity, #id, text},
#include "diag.def"
#undef DIAG
};

void diag_emit(SrcLoc loc, DiagId id, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  switch (table[id].severity) {
  case DIAG_ERROR: error_v(loc, fmt, ap); break;
  case DIAG_WARNING: warning_v(loc, fmt, ap); break;
  case DIAG_NOTE: report(loc, "note", fmt, ap); break;
  case DIAG_INTERNAL: internal_v(loc, fmt, ap); break;
  }
  va_end(ap);
}

DiagSeverity diag_severity(DiagId id) { return table[id].severity; }
const char *diag_text(DiagId id) { return table[id].text; }

const char *diag_name(DiagId id) {
  static char names[D_COUNT][48];
  if (!names[id][0])
    for (int i = 0; table[id].name[i] && i < (int)sizeof names[id] - 1; i++)
      names[id][i] = (char)tolower((unsigned char)table[id].name[i]);
  return names[id];
}

void diag_list(void) {
  static const char *const kinds[] = {"error", "warning", "note", "internal"};
  for (int i = 0; i < D_COUNT; i++)
    printf("%s\t%s\t%s\n", diag_name((DiagId)i), kinds[table[i].severity], table[i].text);
}

int diag_errors(void) { return nerrors; }
void diag_set_werror(bool on) { werror = on; }
