/* main.c — cc-ad's entry point: the command line, then the pipeline. */
#include "driver.h"

#if defined(__SANITIZE_ADDRESS__)
/* The tool never frees its IR (one short run): no leak reports for it.
 * Programs built from generated code keep their leak checks. */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "detect_leaks=0"; }
#endif

int main(int argc, char **argv) {
  Options o;
  options_parse(argc, argv, &o);
  return driver_run(&o);
}
