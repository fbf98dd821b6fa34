/* ir_parse.h — parse a C expression (sizes, rule templates) into IR. */
#ifndef CCAD_IR_PARSE_H
#define CCAD_IR_PARSE_H

#include "ir.h"

typedef struct ParseResolver ParseResolver;
struct ParseResolver {
  Expr *(*ident)(ParseResolver *r, const char *name);        /* NULL: unknown */
  Expr *(*placeholder)(ParseResolver *r, char which);        /* $0 $1 $2 $r */
  const char *(*call_name)(ParseResolver *r, const char *name);
  Type *(*call_type)(ParseResolver *r, const char *name);
  Expr *(*type_size)(ParseResolver *r, const char *name);    /* sizeof(name) of a type name; NULL: none */
  Type *float_type;                                          /* type of 1.0 */
  void *ctx;
};

/* Returns NULL and sets *err (and the column in text) on a syntax error. */
Expr *ir_parse_expr(const char *text, ParseResolver *r, const char **err, int *err_col);

#endif
