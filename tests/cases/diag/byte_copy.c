// EXPECT-EXIT: 1
// EXPECT-DIAG: byte_copy
// EXPECT-STDERR: FILE:21:5: error: memcpy copies 'x' into 'raw' through memory of type 'unsigned char'
// EXPECT-STDERR: FILE:23:5: error: memcpy copies 'raw' into 'y' through memory of type 'unsigned char'
// EXPECT-STDERR: FILE:31:5: error: memcpy copies 'x' into 'b' through memory of type 'uint64_t'
/* Doubles that carry derivatives copied through bytes (a local unsigned
 * char buffer, serialising state) or an integer (the fabs-by-hand bit
 * trick) would arrive with no derivative: integer memory has no derivative
 * storage. cc-ad gave zero gradients with no word (grad) or an error about
 * derivative storage (jvp); now each copy is refused, naming both sides.
 * A buffer that holds no varied data (a header read into an int) is fine:
 * logs() has no error. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

double bytes(const double *x)
{
    unsigned char raw[2 * sizeof(double)];
    memcpy(raw, x, sizeof raw);
    double y[2];
    memcpy(y, raw, sizeof y);
    return y[0] * y[0] * y[1];
}

double pun(const double *x)
{
    uint64_t b;
    double y;
    memcpy(&b, &x[0], sizeof b);
    b &= ~((uint64_t)1 << 63);
    memcpy(&y, &b, sizeof y);
    return y * x[1];
}

double logs(const double *x)
{
    unsigned char hdr[8] = {0};
    int k;
    memcpy(&k, hdr, sizeof k);
    return x[0] * x[1] * k;
}

#pragma ad grad(bytes) wrt(x[2])
#pragma ad jvp(pun) wrt(x)
#pragma ad grad(logs) wrt(x[2])
