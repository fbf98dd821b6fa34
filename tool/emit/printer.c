/* printer.c — indentation and #line bookkeeping for emitted C. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"

void pr_init(Printer *p, const char *outname, bool line_directives) {
  memset(p, 0, sizeof *p);
  p->outname = outname;
  p->line_directives = line_directives;
  p->anchored_out = true;
}

static void count_lines(Printer *p, const char *s) {
  for (; *s; s++)
    if (*s == '\n') p->line++;
}

void pr_raw(Printer *p, const char *text) {
  sb_puts(&p->out, text);
  count_lines(p, text);
}

/* Before a statement: point the compiler at its source line. */
void pr_anchor(Printer *p, SrcLoc loc);
void pr_anchor(Printer *p, SrcLoc loc) {
  if (!p->line_directives) return;
  if (loc.file && loc.line > 0) {
    /* at_line is the line the compiler assigns to the next output line */
    if (p->anchored_out || !str_eq(p->at_file, loc.file) || p->at_line != loc.line) {
      sb_printf(&p->out, "#line %d \"%s\"\n", loc.line, loc.file);
      p->line++;
      p->at_file = loc.file;
      p->at_line = loc.line;
      p->anchored_out = false;
    }
  } else if (!p->anchored_out) {
    /* Back to the generated file: the next line is line (p->line + 2). */
    sb_printf(&p->out, "#line %d \"%s\"\n", p->line + 2, p->outname);
    p->line++;
    p->anchored_out = true;
    p->at_file = NULL;
  }
}

/* Indentation stops growing here: deeper code (an else-if chain a
 * thousand long, nested in both sweeps) would print quadratic whitespace. */
enum { MAX_INDENT = 40 };

void pr_line(Printer *p, const char *fmt, ...) {
  for (int i = 0; i < p->indent && i < MAX_INDENT; i++) sb_puts(&p->out, "  ");
  va_list ap;
  va_start(ap, fmt);
  char *s = xvfmt(fmt, ap);
  va_end(ap);
  sb_puts(&p->out, s);
  sb_putc(&p->out, '\n');
  count_lines(p, s);
  p->line++;
  if (!p->anchored_out) p->at_line++;  /* the compiler counts on from the last #line */
  free(s);
}

void pr_blank(Printer *p) {
  sb_putc(&p->out, '\n');
  p->line++;
  if (!p->anchored_out) p->at_line++;
}
