/* diag.c — see diag.h. Source lines are read from disk once per file. */
#include "diag.h"

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

typedef struct FileLines {
  const char *file;
  char **lines;
  int nlines;
} FileLines;
static PtrVec files;

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
  fallback = (SrcLoc){0};
}

static void report(SrcLoc loc, const char *kind, const char *fmt, va_list ap) {
  if (muted) return;
  if (!loc.file || loc.line <= 0) loc = fallback;
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

void diag_error(SrcLoc loc, const char *fmt, ...) {
  if (!muted && nerrors >= ERROR_LIMIT) count_error();
  va_list ap;
  va_start(ap, fmt);
  report(loc, "error", fmt, ap);
  va_end(ap);
  count_error();
}

void diag_warning(SrcLoc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  if (werror && !muted && nerrors >= ERROR_LIMIT) count_error();
  report(loc, werror ? "error" : "warning", fmt, ap);
  va_end(ap);
  if (werror) count_error();
}

void diag_note(SrcLoc loc, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  report(loc, "note", fmt, ap);
  va_end(ap);
}

void diag_internal(SrcLoc loc, const char *fmt, ...) {
  if (muted || nerrors) return;
  va_list ap;
  va_start(ap, fmt);
  report(loc, "internal error", fmt, ap);
  va_end(ap);
  fprintf(stderr, "cc-ad: this is a bug in cc-ad; please report it with the input file and the command line\n");
  fflush(stderr);
  exit(3);
}

int diag_errors(void) { return nerrors; }
void diag_set_werror(bool on) { werror = on; }
