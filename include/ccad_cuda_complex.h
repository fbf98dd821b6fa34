/*
 * ccad_cuda_complex.h — C99 complex numbers for FILE.ad.cu (CUDA C++).
 *
 * C++ has no _Complex, so cc-ad prints a function's `double complex` as
 * ccad_cdouble and `float complex` as ccad_cfloat in FILE.ad.cu, the
 * imaginary unit I as ccad_cfloat(0, 1) and the <complex.h> functions with
 * a ccad_ prefix (cexp -> ccad_cexp). This header gives them C's meaning on
 * the host and the device: two reals in C's layout (a pointer to C's
 * double complex is a pointer to ccad_cdouble), arithmetic between any
 * complex and real operands in C's result type (the wider element type;
 * a real operand stays real, as in C's arithmetic), and the functions of
 * <complex.h> in their double and float forms. Annex G's special cases
 * (infinities, signed zeros on branch cuts) are not reproduced.
 */
#ifndef CCAD_CUDA_COMPLEX_H
#define CCAD_CUDA_COMPLEX_H

#include <math.h>

#define CCAD_CX_HD __host__ __device__ inline

template <class T> struct ccad_cx;

/* C's usual arithmetic conversions, for one complex operand and any other */
template <class T> struct ccad_cx_rank { enum { r = 0 }; typedef float elem; };  /* integers */
template <> struct ccad_cx_rank<float> { enum { r = 1 }; typedef float elem; };
template <> struct ccad_cx_rank<double> { enum { r = 2 }; typedef double elem; };
template <class T> struct ccad_cx_rank<ccad_cx<T> > { enum { r = ccad_cx_rank<T>::r }; typedef T elem; };
template <class T> struct ccad_cx_is { enum { v = 0 }; };
template <class T> struct ccad_cx_is<ccad_cx<T> > { enum { v = 1 }; };
template <bool B, class T, class F> struct ccad_cx_pick { typedef T type; };
template <class T, class F> struct ccad_cx_pick<false, T, F> { typedef F type; };
template <bool B, class T> struct ccad_cx_if {};
template <class T> struct ccad_cx_if<true, T> { typedef T type; };
template <class A, class B>
struct ccad_cx_res
    : ccad_cx_if<(bool)ccad_cx_is<A>::v || (bool)ccad_cx_is<B>::v,
                 ccad_cx<typename ccad_cx_pick<(int)ccad_cx_rank<A>::r >= (int)ccad_cx_rank<B>::r,
                                               typename ccad_cx_rank<A>::elem,
                                               typename ccad_cx_rank<B>::elem>::type> > {};

template <class T> struct ccad_cx {
  T re, im;
  ccad_cx() = default;  /* (trivial, as C's: memset and memcpy may fill it) */
  CCAD_CX_HD ccad_cx(T r, T i) : re(r), im(i) {}
  CCAD_CX_HD ccad_cx(double r) : re((T)r), im(0) {}  /* a real (any arithmetic type) */
  template <class U> CCAD_CX_HD ccad_cx(const ccad_cx<U> &z) : re((T)z.re), im((T)z.im) {}
  /* a truth value (if (z), !z, z && t): C's z != 0; explicit, so that it
   * converts nothing else */
  CCAD_CX_HD explicit operator bool() const { return re != 0 || im != 0; }
  template <class U> CCAD_CX_HD ccad_cx &operator+=(const U &u) { return *this = *this + u; }
  template <class U> CCAD_CX_HD ccad_cx &operator-=(const U &u) { return *this = *this - u; }
  template <class U> CCAD_CX_HD ccad_cx &operator*=(const U &u) { return *this = *this * u; }
  template <class U> CCAD_CX_HD ccad_cx &operator/=(const U &u) { return *this = *this / u; }
};
typedef ccad_cx<double> ccad_cdouble;
typedef ccad_cx<float> ccad_cfloat;

/* the kernels: a real operand scales each part, as C's arithmetic does */
template <class T, class U> CCAD_CX_HD ccad_cx<T> ccad_cx_mul(const ccad_cx<T> &a, const ccad_cx<U> &b) {
  return ccad_cx<T>(a.re * (T)b.re - a.im * (T)b.im, a.re * (T)b.im + a.im * (T)b.re);
}
template <class T, class U> CCAD_CX_HD ccad_cx<T> ccad_cx_mul(const ccad_cx<T> &a, const U &b) {
  return ccad_cx<T>(a.re * (T)b, a.im * (T)b);
}
template <class T, class U> CCAD_CX_HD ccad_cx<T> ccad_cx_div(const ccad_cx<T> &a, const ccad_cx<U> &bu) {
  ccad_cx<T> b(bu);  /* Smith's algorithm: no overflow in |b|^2 */
  if (fabs((double)b.re) >= fabs((double)b.im)) {
    T r = b.im / b.re, d = b.re + b.im * r;
    return ccad_cx<T>((a.re + a.im * r) / d, (a.im - a.re * r) / d);
  }
  T r = b.re / b.im, d = b.im + b.re * r;
  return ccad_cx<T>((a.re * r + a.im) / d, (a.im * r - a.re) / d);
}
template <class T, class U> CCAD_CX_HD ccad_cx<T> ccad_cx_div(const ccad_cx<T> &a, const U &b) {
  return ccad_cx<T>(a.re / (T)b, a.im / (T)b);
}
template <class T, class U> CCAD_CX_HD T ccad_cx_re(const ccad_cx<U> &z) { return (T)z.re; }
template <class T, class U> CCAD_CX_HD T ccad_cx_re(const U &x) { return (T)x; }
template <class T, class U> CCAD_CX_HD T ccad_cx_im(const ccad_cx<U> &z) { return (T)z.im; }
template <class T, class U> CCAD_CX_HD T ccad_cx_im(const U &) { return (T)0; }

template <class A, class B> CCAD_CX_HD typename ccad_cx_res<A, B>::type operator+(const A &a, const B &b) {
  typedef typename ccad_cx_res<A, B>::type R;
  typedef typename ccad_cx_rank<R>::elem T;
  return R(ccad_cx_re<T>(a) + ccad_cx_re<T>(b), ccad_cx_im<T>(a) + ccad_cx_im<T>(b));
}
template <class A, class B> CCAD_CX_HD typename ccad_cx_res<A, B>::type operator-(const A &a, const B &b) {
  typedef typename ccad_cx_res<A, B>::type R;
  typedef typename ccad_cx_rank<R>::elem T;
  return R(ccad_cx_re<T>(a) - ccad_cx_re<T>(b), ccad_cx_im<T>(a) - ccad_cx_im<T>(b));
}
template <class A, class B> CCAD_CX_HD typename ccad_cx_res<A, B>::type operator*(const A &a, const B &b) {
  typedef typename ccad_cx_res<A, B>::type R;
  return ccad_cx_is<A>::v ? ccad_cx_mul(R(a), b) : ccad_cx_mul(R(b), a);
}
template <class A, class B> CCAD_CX_HD typename ccad_cx_res<A, B>::type operator/(const A &a, const B &b) {
  typedef typename ccad_cx_res<A, B>::type R;
  return ccad_cx_div(R(a), b);
}
template <class A, class B> CCAD_CX_HD typename ccad_cx_if<ccad_cx_is<A>::v || ccad_cx_is<B>::v, bool>::type
operator==(const A &a, const B &b) {
  return ccad_cx_re<double>(a) == ccad_cx_re<double>(b) && ccad_cx_im<double>(a) == ccad_cx_im<double>(b);
}
template <class A, class B> CCAD_CX_HD typename ccad_cx_if<ccad_cx_is<A>::v || ccad_cx_is<B>::v, bool>::type
operator!=(const A &a, const B &b) {
  return !(a == b);
}
template <class T> CCAD_CX_HD ccad_cx<T> operator-(const ccad_cx<T> &z) { return ccad_cx<T>(-z.re, -z.im); }
template <class T> CCAD_CX_HD ccad_cx<T> operator+(const ccad_cx<T> &z) { return z; }

/* real functions in either precision */
CCAD_CX_HD double ccad_cx_exp(double x) { return exp(x); }
CCAD_CX_HD float ccad_cx_exp(float x) { return expf(x); }
CCAD_CX_HD double ccad_cx_log(double x) { return log(x); }
CCAD_CX_HD float ccad_cx_log(float x) { return logf(x); }
CCAD_CX_HD double ccad_cx_sqrt(double x) { return sqrt(x); }
CCAD_CX_HD float ccad_cx_sqrt(float x) { return sqrtf(x); }
CCAD_CX_HD double ccad_cx_sin(double x) { return sin(x); }
CCAD_CX_HD float ccad_cx_sin(float x) { return sinf(x); }
CCAD_CX_HD double ccad_cx_cos(double x) { return cos(x); }
CCAD_CX_HD float ccad_cx_cos(float x) { return cosf(x); }
CCAD_CX_HD double ccad_cx_sinh(double x) { return sinh(x); }
CCAD_CX_HD float ccad_cx_sinh(float x) { return sinhf(x); }
CCAD_CX_HD double ccad_cx_cosh(double x) { return cosh(x); }
CCAD_CX_HD float ccad_cx_cosh(float x) { return coshf(x); }
CCAD_CX_HD double ccad_cx_atan2(double y, double x) { return atan2(y, x); }
CCAD_CX_HD float ccad_cx_atan2(float y, float x) { return atan2f(y, x); }
CCAD_CX_HD double ccad_cx_hypot(double x, double y) { return hypot(x, y); }
CCAD_CX_HD float ccad_cx_hypot(float x, float y) { return hypotf(x, y); }
CCAD_CX_HD double ccad_cx_fabs(double x) { return fabs(x); }
CCAD_CX_HD float ccad_cx_fabs(float x) { return fabsf(x); }
CCAD_CX_HD double ccad_cx_copysign(double x, double y) { return copysign(x, y); }
CCAD_CX_HD float ccad_cx_copysign(float x, float y) { return copysignf(x, y); }

/* <complex.h>, once for both precisions */
template <class T> CCAD_CX_HD T ccad_cx_abs(const ccad_cx<T> &z) { return ccad_cx_hypot(z.re, z.im); }
template <class T> CCAD_CX_HD T ccad_cx_arg(const ccad_cx<T> &z) { return ccad_cx_atan2(z.im, z.re); }
template <class T> CCAD_CX_HD ccad_cx<T> ccad_cx_cexp(const ccad_cx<T> &z) {
  T e = ccad_cx_exp(z.re);
  return ccad_cx<T>(e * ccad_cx_cos(z.im), e * ccad_cx_sin(z.im));
}
template <class T> CCAD_CX_HD ccad_cx<T> ccad_cx_clog(const ccad_cx<T> &z) {
  return ccad_cx<T>(ccad_cx_log(ccad_cx_abs(z)), ccad_cx_arg(z));
}
template <class T> CCAD_CX_HD ccad_cx<T> ccad_cx_csqrt(const ccad_cx<T> &z) {
  if (z.re == 0 && z.im == 0) return ccad_cx<T>(0, z.im);
  T t = ccad_cx_sqrt((ccad_cx_fabs(z.re) + ccad_cx_abs(z)) / 2);
  if (z.re >= 0) return ccad_cx<T>(t, z.im / (2 * t));
  return ccad_cx<T>(ccad_cx_fabs(z.im) / (2 * t), ccad_cx_copysign(t, z.im));
}
template <class T> CCAD_CX_HD ccad_cx<T> ccad_cx_csin(const ccad_cx<T> &z) {
  return ccad_cx<T>(ccad_cx_sin(z.re) * ccad_cx_cosh(z.im), ccad_cx_cos(z.re) * ccad_cx_sinh(z.im));
}
template <class T> CCAD_CX_HD ccad_cx<T> ccad_cx_ccos(const ccad_cx<T> &z) {
  return ccad_cx<T>(ccad_cx_cos(z.re) * ccad_cx_cosh(z.im), -ccad_cx_sin(z.re) * ccad_cx_sinh(z.im));
}
template <class T> CCAD_CX_HD ccad_cx<T> ccad_cx_csinh(const ccad_cx<T> &z) {
  return ccad_cx<T>(ccad_cx_sinh(z.re) * ccad_cx_cos(z.im), ccad_cx_cosh(z.re) * ccad_cx_sin(z.im));
}
template <class T> CCAD_CX_HD ccad_cx<T> ccad_cx_ccosh(const ccad_cx<T> &z) {
  return ccad_cx<T>(ccad_cx_cosh(z.re) * ccad_cx_cos(z.im), ccad_cx_sinh(z.re) * ccad_cx_sin(z.im));
}
template <class T> CCAD_CX_HD ccad_cx<T> ccad_cx_conj(const ccad_cx<T> &z) { return ccad_cx<T>(z.re, -z.im); }
template <class T> CCAD_CX_HD ccad_cx<T> ccad_cx_i(const ccad_cx<T> &z) { return ccad_cx<T>(-z.im, z.re); }

#define CCAD_CX_FN(name, expr)                                                          \
  CCAD_CX_HD ccad_cdouble ccad_##name(ccad_cdouble z) { return expr; } \
  CCAD_CX_HD ccad_cfloat ccad_##name##f(ccad_cfloat z) { return expr; }
#define CCAD_CX_REAL(name, expr)                                                  \
  CCAD_CX_HD double ccad_##name(ccad_cdouble z) { return expr; } \
  CCAD_CX_HD float ccad_##name##f(ccad_cfloat z) { return expr; }

CCAD_CX_REAL(creal, z.re)
CCAD_CX_REAL(cimag, z.im)
CCAD_CX_REAL(cabs, ccad_cx_abs(z))
CCAD_CX_REAL(carg, ccad_cx_arg(z))
CCAD_CX_FN(conj, ccad_cx_conj(z))
CCAD_CX_FN(cproj, z)
CCAD_CX_FN(cexp, ccad_cx_cexp(z))
CCAD_CX_FN(clog, ccad_cx_clog(z))
CCAD_CX_FN(csqrt, ccad_cx_csqrt(z))
CCAD_CX_FN(csin, ccad_cx_csin(z))
CCAD_CX_FN(ccos, ccad_cx_ccos(z))
CCAD_CX_FN(ctan, ccad_cx_csin(z) / ccad_cx_ccos(z))
CCAD_CX_FN(csinh, ccad_cx_csinh(z))
CCAD_CX_FN(ccosh, ccad_cx_ccosh(z))
CCAD_CX_FN(ctanh, ccad_cx_csinh(z) / ccad_cx_ccosh(z))
/* the inverse functions by their logarithms (C99 7.3.5, 7.3.6) */
CCAD_CX_FN(casin, -ccad_cx_i(ccad_cx_clog(ccad_cx_i(z) + ccad_cx_csqrt(1 - z * z))))
CCAD_CX_FN(cacos, 1.5707963267948966 - ccad_cx_i(-ccad_cx_clog(ccad_cx_i(z) + ccad_cx_csqrt(1 - z * z))))
CCAD_CX_FN(catan, ccad_cx_i(ccad_cx_clog(1 - ccad_cx_i(z)) - ccad_cx_clog(1 + ccad_cx_i(z))) / 2)
CCAD_CX_FN(casinh, ccad_cx_clog(z + ccad_cx_csqrt(z * z + 1)))
CCAD_CX_FN(cacosh, ccad_cx_clog(z + ccad_cx_csqrt(z + 1) * ccad_cx_csqrt(z - 1)))
CCAD_CX_FN(catanh, (ccad_cx_clog(1 + z) - ccad_cx_clog(1 - z)) / 2)

CCAD_CX_HD ccad_cdouble ccad_cpow(ccad_cdouble z, ccad_cdouble w) { return ccad_cexp(w * ccad_clog(z)); }
CCAD_CX_HD ccad_cfloat ccad_cpowf(ccad_cfloat z, ccad_cfloat w) { return ccad_cexpf(w * ccad_clogf(z)); }
CCAD_CX_HD ccad_cdouble ccad_CMPLX(double x, double y) { return ccad_cdouble(x, y); }
CCAD_CX_HD ccad_cfloat ccad_CMPLXF(float x, float y) { return ccad_cfloat(x, y); }

#undef CCAD_CX_FN
#undef CCAD_CX_REAL

#endif
