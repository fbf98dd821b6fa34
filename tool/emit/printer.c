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
  p->join_line = 0;
  sb_puts(&p->out, text);
  count_lines(p, text);
}

/* Before a statement: point the compiler at its source line. */
void pr_anchor(Printer *p, SrcLoc loc) {
  if (!p->line_directives) return;
  if (loc.file && loc.line > 0) {
    /* at_line is the line the compiler assigns to the next output line */
    if (p->anchored_out || !str_eq(p->at_file, loc.file) || p->at_line != loc.line) {
      if (!p->anchored_out && str_eq(p->at_file, loc.file))
        sb_printf(&p->out, "#line %d\n", loc.line);
      else
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

/* One line of text s, indented. */
static void pr_text(Printer *p, const char *s) {
  p->join_line = 0;
  for (int i = 0; i < p->indent && i < MAX_INDENT; i++) sb_puts(&p->out, "  ");
  sb_puts(&p->out, s);
  sb_putc(&p->out, '\n');
  count_lines(p, s);
  p->line++;
  if (!p->anchored_out) p->at_line++;  /* the compiler counts on from the last #line */
}

void pr_line(Printer *p, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *s = xvfmt(fmt, ap);
  va_end(ap);
  pr_text(p, s);
  free(s);
}

void pr_blank(Printer *p) {
  p->join_line = 0;
  sb_putc(&p->out, '\n');
  p->line++;
  if (!p->anchored_out) p->at_line++;
}

enum { JOIN_WIDTH = 100 };  /* a joined line stays this short */

/* A statement of one line. Where it comes from the same source line as the
 * statement on the line before, it joins that line ("double a[3]; double
 * a_bar[3];"), so both map to their line without a second #line; only with
 * #line directives, and while the joined line stays short. */
void pr_stmt(Printer *p, SrcLoc loc, const char *text) {
  bool located = p->line_directives && loc.file && loc.line > 0;
  if (located && p->join_line == loc.line && str_eq(p->join_file, loc.file) && p->join_indent == p->indent &&
      p->out.len - p->join_start + strlen(text) <= JOIN_WIDTH) {
    p->out.len--;  /* the newline */
    sb_putc(&p->out, ' ');
    sb_puts(&p->out, text);
    sb_putc(&p->out, '\n');
    return;
  }
  pr_anchor(p, loc);
  size_t start = p->out.len;
  pr_text(p, text);
  if (!located) return;
  p->join_file = loc.file;
  p->join_line = loc.line;
  p->join_indent = p->indent;
  p->join_start = start;
}
