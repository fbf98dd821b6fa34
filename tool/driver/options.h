/* options.h — the command line. */
#ifndef CCAD_OPTIONS_H
#define CCAD_OPTIONS_H

#include <stdbool.h>

typedef struct Options {
  const char *input;        /* FILE.c */
  const char *output;       /* -o OUT.c (NULL: beside FILE.c) */
  const char *build_dir;    /* -p BUILD_DIR */
  const char *depfile;      /* -MF FILE */
  const char **specs;       /* --ad SPEC, in order */
  int nspecs;
  const char **cflags;      /* after -- */
  int ncflags;
  bool werror;
  bool no_line;             /* --no-line: no #line directives */
  bool emit_primal;         /* --emit-primal: also print FUNC_primal (the lowered IR) */
  bool deterministic;       /* --deterministic: reverse sweeps of OpenMP loops serial */
  const char *dump;         /* --dump=ir, --dump=tbr */
  bool verify_ir;           /* ir_verify after every stage: debug builds, or the hidden --verify-ir */
} Options;

/* Parses argv; on a usage error prints it and exits 2; --help/--version exit 0. */
void options_parse(int argc, char **argv, Options *o);

#endif
