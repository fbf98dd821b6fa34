// EXPECT-EXIT: 1
// EXPECT-DIAG: union_active
// EXPECT-STDERR: FILE:19:15:
// EXPECT-STDERR: error: member 'weight' of a union carries a derivative here
// EXPECT-STDERR: use a struct
/* A C11 anonymous union member (s->weight names a field of the union inside
** struct Layer): the same as a named one. */
struct Layer {
    union {
        double w;
        double weight;
    };
    double b;
};

double f(const struct Layer *s, double x)
{
    double t = x * x;
    return s->weight * t + s->b;
}

#pragma ad jvp(f) wrt(s[1], x)
