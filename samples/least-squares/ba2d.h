/* ba2d.h - samples/least-squares: a bundle adjustment in the plane. */
#ifndef BA2D_H
#define BA2D_H

/* Camera c (3 parameters: angle, tx, ty) sees point p (2 parameters: x, y)
 * at R(angle) (x, y) + (tx, ty). Parameters: cameras then points, in one
 * vector; observation k is (cam[k], pt[k], meas[2k], meas[2k+1]); the
 * residuals, 2 per observation, in one output array, as a user writes
 * them. */
void residuals(const double *params, const int *cam, const int *pt, const double *meas, int nobs, int ncam,
               int npt, double *r);

#endif
