/* header_anon_typedef_quoted.c: a model's parameters, in a small header without an include guard */
typedef struct { double w[4]; int n; } Net;
