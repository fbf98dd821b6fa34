/*
** error.c: the error hook.  Every runtime failure goes through
** ccad__error(), which formats one line and calls the handler the program
** installed with ccad_set_error_handler(), or the default one (print
** "ccad: fatal: <message>" and abort).  The runtime never exits by itself.
*/
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "rt_int.h"

/* The installed handler; NULL means the default.  Atomic so that a thread
** reporting an error never sees a torn pointer. */
static _Atomic(ccad_error_handler) handler;

static void default_handler(int code, const char *message)
{
  (void)code;
  fprintf(stderr, "ccad: fatal: %s\n", message);
  fflush(stderr);
  abort();
}

ccad_error_handler ccad_set_error_handler(ccad_error_handler h)
{
  return atomic_exchange(&handler, h);
}

void ccad__error(int code, const char *fmt, ...)
{
  char message[256];
  va_list ap;
  ccad_error_handler h;

  va_start(ap, fmt);
  vsnprintf(message, sizeof message, fmt, ap);
  va_end(ap);
  h = atomic_load(&handler);
  if (!h)
    h = default_handler;
  h(code, message);
}

void ccad_unknown_callee(const char *site)
{
  ccad__error(CCAD_ECALLEE, "%s: a call through a function pointer reached a function cc-ad did not differentiate "
              "(none of those whose address the file takes; a static one whose address reaches the call through "
              "code or a table the generated file shares with the program is another function there: make it not "
              "static)", site);
}

void ccad__omp_team_error(long tid, long nth)
{
  ccad__error(CCAD_ETEAM,
              "the backward sweep of an OpenMP loop runs in another team than its forward sweep (thread %ld of %ld "
              "recorded); keep the number of threads and OMP_PROC_BIND unchanged between the two",
              tid, nth);
}
