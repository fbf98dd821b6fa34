/* driver.h — the pipeline for one translation unit (driver.c). */
#ifndef CCAD_DRIVER_H
#define CCAD_DRIVER_H

#include <stdbool.h>

#include "options.h"

/* Runs S0..S4 for o->input; returns the exit status (0, 1). */
int driver_run(const Options *o);

/* custom_rules.c: each custom_jvp / custom_vjp rule's derivative is
 * declared with the signature its generated calls have (else an error). */
typedef struct Module Module;
void check_custom_rules(Module *m);

/* json.c: is 'text' one JSON value? If not, where and why (1-based). */
bool json_check(const char *text, int *line, int *col, const char **msg);

#endif
