/* used by header_transitive_type.c: an umbrella header, as projects have */
#include "header_transitive_vec.h"
