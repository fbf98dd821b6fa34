/* a header without an include guard (header_noguard.c) */
typedef struct Prm { double k; int n; } Prm;
