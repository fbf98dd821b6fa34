/*
** memory.c: allocation of shadow buffers for generated code.  The
** functions never return NULL: a failure calls the error handler with
** CCAD_ENOMEM and, if the handler returns, aborts, since there is nothing
** sensible to hand back.
*/
#include <stdio.h>
#include <stdlib.h>

#include "rt_int.h"

/* The handler was told and came back: there is no memory to return. */
static void *handler_returned(void)
{
  fputs("ccad: fatal: the error handler returned from an allocation failure\n", stderr);
  abort();
}

void *ccad_malloc(size_t n)
{
  void *p = NULL;

  if (n <= CCAD__ALLOC_MAX)
    p = malloc(n ? n : 1);
  if (!p) {
    ccad__error(CCAD_ENOMEM, "out of memory allocating a %zu-byte buffer", n);
    return handler_returned();
  }
  return p;
}

void *ccad_calloc(size_t count, size_t size)
{
  void *p = NULL;

  if (size == 0 || count <= CCAD__ALLOC_MAX / size)
    p = calloc(count ? count : 1, size ? size : 1);
  if (!p) {
    ccad__error(CCAD_ENOMEM, "out of memory allocating %zu x %zu bytes", count, size);
    return handler_returned();
  }
  return p;
}

void ccad_free(void *p)
{
  free(p);
}
