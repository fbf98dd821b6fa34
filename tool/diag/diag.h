/*
 * diag.h — user-facing diagnostics in the compiler's format.
 *
 *   FILE:LINE:COL: error: text
 *     source line
 *         ^
 *
 * Errors are counted (a sticky count, SQLite style): stages keep going and
 * the driver stops after a stage when diag_errors() > 0. Warnings become
 * errors under -Werror. Exit status: 1 after errors in the input, 2 for
 * usage errors (driver/options.c), 3 after an internal error.
 */
#ifndef CCAD_DIAG_H
#define CCAD_DIAG_H

#include <stdbool.h>

typedef struct SrcLoc {
  const char *file;  /* as given on the command line; NULL: no location */
  int line, col;     /* 1-based */
} SrcLoc;

void diag_error(SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_warning(SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void diag_note(SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A state only a bug in cc-ad reaches: says so, asks for a report, and
 * exits with status 3. After a user error it is a likely follow-on of that
 * error and is suppressed (the run already fails with status 1). */
void diag_internal(SrcLoc loc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int diag_errors(void);
/* While muted, diagnostics are neither printed nor counted (a transform's
 * trial run that will be repeated). Nests: each diag_mute(true) is undone
 * by one diag_mute(false). */
void diag_mute(bool on);
void diag_set_werror(bool on);
/* Where a diagnostic without a location of its own points: the request
 * being transformed (code cc-ad generated has no place in the source).
 * (SrcLoc){0}: none. */
void diag_set_fallback(SrcLoc loc);
/* Forgets the errors, settings and source lines of an earlier run. */
void diag_begin_run(void);
/* Text of an in-memory line, for locations in --ad specs (file "<command line>"). */
void diag_set_line_text(const char *file, int line, const char *text);

#endif
