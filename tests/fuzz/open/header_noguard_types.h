/* a header without an include guard (tests/fuzz/open/header_noguard.c) */
typedef struct Prm { double k; int n; } Prm;
