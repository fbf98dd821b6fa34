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

typedef enum DiagSeverity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE, DIAG_INTERNAL } DiagSeverity;

/* One id per message of diag.def: D_UNKNOWN_PARAM, ... */
typedef enum DiagId {
#define DIAG(id, severity, text) D_##id,
#include "diag.def"
#undef DIAG
  D_COUNT
} DiagId;

/* The texts again, one array per message, so that diag_at hands gcc a
 * format it can check against the arguments (it sees through a const
 * array initialised by a literal, not through a table lookup). */
#define DIAG(id, severity, text) __attribute__((unused)) static const char diag_text_D_##id[] = text;
#include "diag.def"
#undef DIAG

/* Reports message ID at LOC, formatted with the arguments:
 *   diag_at(it->loc, D_UNKNOWN_PARAM, it->name, clause, f->name);
 * (a compound literal with commas as LOC goes in parentheses: it is a macro).
 * ERROR counts; WARNING counts under -Werror; INTERNAL says it is a bug of
 * cc-ad, asks for a report and exits 3, unless a user error came first (it
 * is a likely follow-on of that error: suppressed, the run exits 1). */
#define diag_at(loc, id, ...) diag_emit((loc), (id), diag_text_##id, ##__VA_ARGS__)
void diag_emit(SrcLoc loc, DiagId id, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
DiagSeverity diag_severity(DiagId id);
const char *diag_text(DiagId id);
/* "no_float_output": the id as the diag cases and --list-diagnostics name it */
const char *diag_name(DiagId id);
/* --list-diagnostics: "id<TAB>severity<TAB>text" on stdout, one line per entry */
void diag_list(void);
int diag_errors(void);
/* While muted, diagnostics are neither printed nor counted (a transform's
 * trial run that will be repeated). Nests: each diag_mute(true) is undone
 * by one diag_mute(false). */
void diag_mute(bool on);
bool diag_muted(void);  /* inside a trial run: what is reported now is dropped */
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
