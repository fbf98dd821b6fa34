/*
** limits.c: memory controls.  A tape limit (ccad_set_tape_limit, or the
** environment's CCAD_TAPE_LIMIT read once), checked whenever a tape needs
** another chunk, so exceeding it is an error naming the generated function
** and the bytes instead of the system's OOM killer; and the names of the
** generated functions running on this thread (ccad_fn_begin/ccad_fn_end,
** called by generated reverse-mode functions), with their tape peaks, which
** CCAD_TAPE_REPORT=1 prints at exit.
*/
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rt_int.h"

static _Atomic size_t limit;          /* bytes; 0: none */
static pthread_once_t env_once = PTHREAD_ONCE_INIT;

/* "512M", "2G", "64k", "1000000": bytes, or 0 when it does not parse. */
static size_t parse_bytes(const char *s)
{
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (end == s || errno)
    return 0;
  switch (*end) {
  case 'k': case 'K': v <<= 10; end++; break;
  case 'm': case 'M': v <<= 20; end++; break;
  case 'g': case 'G': v <<= 30; end++; break;
  default: break;
  }
  if (*end == 'i' || *end == 'B' || *end == 'b')  /* "512MiB", "512MB" */
    end += *end == 'i' ? 1 : 0;
  if (*end == 'B' || *end == 'b')
    end++;
  return *end ? 0 : (size_t)v;
}

static void report_at_exit(void);

static void read_env(void)
{
  const char *s = getenv("CCAD_TAPE_LIMIT");
  if (s && *s) {
    size_t v = parse_bytes(s);
    if (v)
      atomic_store(&limit, v);
    else
      fprintf(stderr, "ccad: warning: CCAD_TAPE_LIMIT='%s' is not a size (write 512M, 2G or a number "
              "of bytes); no limit\n", s);
  }
  s = getenv("CCAD_TAPE_REPORT");
  if (s && *s && strcmp(s, "0"))
    atexit(report_at_exit);
}

void ccad_set_tape_limit(size_t bytes)
{
  pthread_once(&env_once, read_env);
  atomic_store(&limit, bytes);
}

size_t ccad_tape_limit(void)
{
  pthread_once(&env_once, read_env);
  return atomic_load(&limit);
}

/* {======================================================================
** The generated functions running on this thread, and the report
** ======================================================================= */

enum { DEPTH = 32 };

typedef struct Frame {
  const char *name;
  size_t base;        /* tape bytes on entry */
  size_t outer_peak;  /* the peak before entry, restored (maxed) on exit */
} Frame;

static CCAD__TLS Frame frames[DEPTH];
static CCAD__TLS int depth;

typedef struct Entry {
  const char *name;
  long calls;
  size_t peak;  /* largest tape growth during one call */
  struct Entry *next;
} Entry;

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static Entry *table;

void ccad_fn_begin(const char *name)
{
  pthread_once(&env_once, read_env);
  if (depth < DEPTH) {
    Frame *f = &frames[depth];
    f->name = name;
    f->outer_peak = ccad_tape_peak_bytes();
    ccad_tape_reset_peak();
    f->base = ccad_tape_bytes();
  }
  depth++;
}

void ccad_fn_end(void)
{
  if (depth == 0)
    return;
  depth--;
  if (depth >= DEPTH)
    return;
  Frame *f = &frames[depth];
  size_t peak = ccad_tape_peak_bytes();
  ccad__raise_peak(f->outer_peak);
  size_t grown = peak > f->base ? peak - f->base : 0;
  pthread_mutex_lock(&table_lock);
  Entry *e = table;
  while (e && strcmp(e->name, f->name))
    e = e->next;
  if (!e) {
    e = calloc(1, sizeof *e);
    if (e) {
      e->name = f->name;
      e->next = table;
      table = e;
    }
  }
  if (e) {
    e->calls++;
    if (grown > e->peak)
      e->peak = grown;
  }
  pthread_mutex_unlock(&table_lock);
}

static void report_at_exit(void)
{
  pthread_mutex_lock(&table_lock);
  fprintf(stderr, "ccad: tape report (peak bytes on the tapes during one call):\n");
  for (Entry *e = table; e; e = e->next)
    fprintf(stderr, "ccad:   %-32s %12zu bytes  (%ld call%s)\n", e->name, e->peak, e->calls, e->calls == 1 ? "" : "s");
  pthread_mutex_unlock(&table_lock);
}

/* }====================================================================== */

void ccad__check_limit(size_t more)
{
  size_t lim = ccad_tape_limit();
  if (!lim)
    return;
  size_t now = ccad_tape_bytes();
  if (now + more <= lim)
    return;
  const char *fn = depth > 0 && depth <= DEPTH ? frames[depth - 1].name : "generated code";
  ccad__error(CCAD_ELIMIT, "tape limit exceeded in %s: the tapes hold %zu bytes and need %zu more, over the "
              "limit of %zu bytes (CCAD_TAPE_LIMIT or ccad_set_tape_limit); use #pragma ad checkpoint on its "
              "long loops, or raise the limit", fn, now, more, lim);
}
