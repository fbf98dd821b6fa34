/* png_check.c - the samples' picture test: a PNG of the expected size
 * whose region (in fractions of the picture: x0 y0 x1 y1, y down) is not
 * blank, i.e. at least MINFRAC of its pixels differ from the background
 * (the top-left pixel's colour).
 *
 *   png_check FILE.png WIDTH HEIGHT X0 Y0 X1 Y1 MINFRAC */
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    if (argc != 9) {
        fprintf(stderr, "usage: png_check FILE.png WIDTH HEIGHT X0 Y0 X1 Y1 MINFRAC\n");
        return 2;
    }
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&im, argv[1])) {
        fprintf(stderr, "png_check: %s: %s\n", argv[1], im.message);
        return 1;
    }
    int w = atoi(argv[2]), h = atoi(argv[3]);
    if ((int)im.width != w || (int)im.height != h) {
        fprintf(stderr, "png_check: %s is %u x %u, not %d x %d\n", argv[1], im.width, im.height, w, h);
        return 1;
    }
    im.format = PNG_FORMAT_RGB;
    unsigned char *px = malloc(PNG_IMAGE_SIZE(im));
    if (!px || !png_image_finish_read(&im, NULL, px, 0, NULL)) {
        fprintf(stderr, "png_check: %s: cannot decode\n", argv[1]);
        return 1;
    }
    int x0 = (int)(atof(argv[4]) * w), y0 = (int)(atof(argv[5]) * h);
    int x1 = (int)(atof(argv[6]) * w), y1 = (int)(atof(argv[7]) * h);
    double minfrac = atof(argv[8]);
    long inked = 0, total = 0;
    for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++) {
            const unsigned char *p = px + 3 * ((size_t)y * w + x);
            inked += memcmp(p, px, 3) != 0;
            total++;
        }
    double frac = total ? (double)inked / total : 0.0;
    printf("png_check: %s: %d x %d, %.1f%% of the region drawn (at least %.1f%% wanted)\n", argv[1], w, h,
           100.0 * frac, 100.0 * minfrac);
    free(px);
    return frac >= minfrac ? 0 : 1;
}
