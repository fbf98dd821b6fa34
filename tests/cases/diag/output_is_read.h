/* output_is_read.h: a header output_is_read.c includes (it must stay as is). */
#define OUTPUT_IS_READ_K 2.0
