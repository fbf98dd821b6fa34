/* main.c — cc-ad's entry point: the command line, then the pipeline. */
#include "driver.h"

int main(int argc, char **argv) {
  Options o;
  options_parse(argc, argv, &o);
  return driver_run(&o);
}
