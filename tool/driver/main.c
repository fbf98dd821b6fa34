/* main.c — cc-ad's entry point: the command line, then the pipeline. */
#define _POSIX_C_SOURCE 200809L
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

#include "driver.h"

#if defined(__SANITIZE_ADDRESS__)
/* The tool never frees its IR (one short run): no leak reports for it.
 * Programs built from generated code keep their leak checks. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }
#endif

typedef struct Run {
  const Options *o;
  int status;
} Run;

static void *run(void *p) {
  Run *r = p;
  r->status = driver_run(r->o);
  return NULL;
}

/* The parse, the lowering and the transforms recurse as deep as the C is
 * nested (6000 nested ifs are valid C that gcc and clang accept), so the
 * pipeline runs on a thread with a large stack: reserved, not touched
 * unless used. libclang then parses on this thread instead of its own
 * 8 MiB one (LIBCLANG_NOTHREADS). Deeper input still is an error with a
 * location (front/: the nesting limit), never a stack overflow. */
enum { STACK_MIB = 1024 };

/* The pipeline thread allocates from the main heap: a thread's own arena
 * (glibc) grows by mprotect one page at a time, 8,000 system calls for the
 * 8,800-line numeric file; the main heap grows by brk in steps of
 * M_TOP_PAD and is not trimmed (one short run frees little). */
static void malloc_heap_setup(void) {
  mallopt(M_ARENA_MAX, 1);
  mallopt(M_TOP_PAD, 16 << 20);
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

int main(int argc, char **argv) {
  Options o;
  options_parse(argc, argv, &o);
  setenv("LIBCLANG_NOTHREADS", "1", 1);
  malloc_heap_setup();
  Run r = {&o, 1};
  pthread_attr_t a;
  pthread_attr_init(&a);
  for (size_t mib = STACK_MIB; mib >= 64; mib /= 2) {
    pthread_t t;
    if (pthread_attr_setstacksize(&a, mib << 20) != 0 || pthread_create(&t, &a, run, &r) != 0) continue;
    pthread_join(t, NULL);
    return r.status;
  }
  unsetenv("LIBCLANG_NOTHREADS");  /* no thread: libclang's own is deeper than ours */
  return driver_run(&o);
}
