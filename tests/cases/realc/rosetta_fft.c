// CFLAGS: -D_DEFAULT_SOURCE
/*
** realc/rosetta_fft: Rosetta Code's recursive radix-2 FFT in C99 complex
** (typedef double complex cplx; _fft recursing on buf and out with roles
** swapped, pointer offsets out + step, cexp(-I * PI * i / n), a VLA copy in
** fft), differentiated inside a user's spectral loss.
** Requests: grad of sum_k w_k |X_k|^2 wrt the real signal x; jvp of fft
** itself wrt the complex buffer (in-out); vjp of the loss.
** Oracles: the FFT is linear, so its jvp is the FFT of the tangent (1e-12);
** the gradient in closed form, 2 Re(sum_k w_k conj(X_k) e^{-2 pi i j k / n})
** (1e-11); central differences (1e-6).
*/
#include <complex.h>
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

double PI;
typedef double complex cplx;

void _fft(cplx buf[], cplx out[], int n, int step)
{
	if (step < n) {
		_fft(out, buf, n, step * 2);
		_fft(out + step, buf + step, n, step * 2);

		for (int i = 0; i < n; i += 2 * step) {
			cplx t = cexp(-I * PI * i / n) * out[i + step];
			buf[i / 2]     = out[i] + t;
			buf[(i + n)/2] = out[i] - t;
		}
	}
}

void fft(cplx buf[], int n)
{
	cplx out[n];
	for (int i = 0; i < n; i++) out[i] = buf[i];

	_fft(buf, out, n, 1);
}

/* the user's spectral loss */
double spec_loss(const double *x, const double *w, int n)
{
	cplx buf[n];
	double s = 0.0;
	for (int i = 0; i < n; i++) buf[i] = x[i];
	fft(buf, n);
	for (int k = 0; k < n; k++) s += w[k] * (creal(buf[k]) * creal(buf[k]) + cimag(buf[k]) * cimag(buf[k]));
	return s;
}
#pragma ad grad(spec_loss) wrt(x[n])
#pragma ad vjp(spec_loss) wrt(x[n])
#pragma ad jvp(fft) wrt(buf[n]) out(buf[n])

#include "rosetta_fft.ad.h"

#define N 16
int main(void)
{
	PI = atan2(1, 1) * 4;
	double x[N], w[N], g[N], xb[N];
	for (int i = 0; i < N; i++) { x[i] = sin(0.7 * i) + 0.2 * i; w[i] = 1.0 / (1 + i); xb[i] = 0.5; }
	double f0 = spec_loss(x, w, N), f1 = spec_loss_grad(x, g, w, N);
	CHECK_CLOSE("primal", f1, f0, 1e-14, 0);
	cplx X[N];
	for (int i = 0; i < N; i++) X[i] = x[i];
	fft(X, N);
	for (int j = 0; j < N; j++) {
		cplx acc = 0;
		for (int k = 0; k < N; k++) acc += w[k] * conj(X[k]) * cexp(-2 * I * PI * j * k / N);
		CHECK_CLOSE("grad closed form", g[j], 2 * creal(acc), 1e-11, 1e-12);
		double xp[N], xm[N], h = 1e-6; memcpy(xp, x, sizeof x); memcpy(xm, x, sizeof x); xp[j] += h; xm[j] -= h;
		CHECK_CLOSE("grad vs fd", g[j], (spec_loss(xp, w, N) - spec_loss(xm, w, N)) / (2 * h), 1e-6, 1e-8);
	}
	spec_loss_vjp(x, xb, w, N, 2.0);
	for (int j = 0; j < N; j++) CHECK_CLOSE("vjp seed 2 accumulates", xb[j], 0.5 + 2 * g[j], 1e-13, 1e-14);
	/* jvp of the FFT: linear, so the tangent is the FFT of the tangent */
	cplx b[N], bd[N], want[N];
	OracleRng r = oracle_rng(1);
	for (int i = 0; i < N; i++) { b[i] = oracle_normal(&r) + I * oracle_normal(&r); bd[i] = oracle_normal(&r) + I * oracle_normal(&r); want[i] = bd[i]; }
	fft(want, N);
	fft_jvp(b, bd, N);
	for (int i = 0; i < N; i++) {
		CHECK_CLOSE("jvp re", creal(bd[i]), creal(want[i]), 1e-12, 1e-13);
		CHECK_CLOSE("jvp im", cimag(bd[i]), cimag(want[i]), 1e-12, 1e-13);
	}
	return oracle_result();
}
