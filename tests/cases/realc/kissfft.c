// CFLAGS: -Dkiss_fft_scalar=double -D_DEFAULT_SOURCE
// NO-STANDALONE-HEADER: kiss_fft_cpx is a typedef of an untagged struct (tests/fuzz/open/header_anon_typedef_selfinclude.c)
/* realc/kissfft: KISS FFT 1.3 (Copyright (c) 2003-2010 Mark Borgerding, BSD-3): the
** mixed-radix decimation-in-time kernel as written: kiss_fft_cpx struct, the C_MUL/C_ADD/...
** do-while macros, the state struct with its over-allocated `twiddles[1]` tail, kf_factor,
** kf_work's recursion over the factors array (`*factors++`, `Fout += m` until Fout_end),
** radix-2/3/4/5 butterflies walking twiddle pointers by fstride, kf_bfly_generic with malloc'd
** scratch for radix 7, kiss_fft_stride's fin == fout copy. kiss_fft_scalar is double
** (-Dkiss_fft_scalar=double, as users of double FFTs build it). The user's code: a
** frequency-domain filter (forward FFT, multiply by a real response H, inverse FFT) and a
** least-squares loss on the result, differentiated w.r.t. the signal and the response.
** Requests: grad of the loss (x and H), jvp of the filter. Oracles: central differences
** (the loss is quadratic in x and in H, so the differences are exact up to rounding:
** rtol 1e-6), the dot-product test <J v, w> between jvp and the grad of <y, w>, and the
** forward transform against a direct O(N^2) DFT. N = 840 = 4*2*3*5*7 reaches every
** butterfly. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ccad_oracle.h"

/* ---- kiss_fft.h ---- */
#ifndef kiss_fft_scalar
#define kiss_fft_scalar float
#endif
typedef struct {
    kiss_fft_scalar r;
    kiss_fft_scalar i;
}kiss_fft_cpx;
typedef struct kiss_fft_state* kiss_fft_cfg;

/* ---- _kiss_fft_guts.h ---- */
#define MAXFACTORS 32
struct kiss_fft_state{
    int nfft;
    int inverse;
    int factors[2*MAXFACTORS];
    kiss_fft_cpx twiddles[1];
};
#define S_MUL(a,b) ( (a)*(b) )
#define C_MUL(m,a,b) \
    do{ (m).r = (a).r*(b).r - (a).i*(b).i;\
        (m).i = (a).r*(b).i + (a).i*(b).r; }while(0)
#define C_FIXDIV(c,div) /* NOOP */
#define C_MULBYSCALAR( c, s ) \
    do{ (c).r *= (s);\
        (c).i *= (s); }while(0)
#define  C_ADD( res, a,b)\
    do { \
	    (res).r=(a).r+(b).r;  (res).i=(a).i+(b).i; \
    }while(0)
#define  C_SUB( res, a,b)\
    do { \
	    (res).r=(a).r-(b).r;  (res).i=(a).i-(b).i; \
    }while(0)
#define C_ADDTO( res , a)\
    do { \
	    (res).r += (a).r;  (res).i += (a).i;\
    }while(0)
#define KISS_FFT_COS(phase) (kiss_fft_scalar) cos(phase)
#define KISS_FFT_SIN(phase) (kiss_fft_scalar) sin(phase)
#define HALF_OF(x) ((x)*.5)
#define  kf_cexp(x,phase) \
	do{ \
		(x)->r = KISS_FFT_COS(phase);\
		(x)->i = KISS_FFT_SIN(phase);\
	}while(0)
#define  KISS_FFT_TMP_ALLOC(nbytes) malloc(nbytes)
#define  KISS_FFT_TMP_FREE(ptr) free(ptr)
#define KISS_FFT_MALLOC malloc

/* ---- kiss_fft.c ---- */
static void kf_bfly2(
        kiss_fft_cpx * Fout,
        const size_t fstride,
        const kiss_fft_cfg st,
        int m
        )
{
    kiss_fft_cpx * Fout2;
    kiss_fft_cpx * tw1 = st->twiddles;
    kiss_fft_cpx t;
    Fout2 = Fout + m;
    do{
        C_FIXDIV(*Fout,2); C_FIXDIV(*Fout2,2);

        C_MUL (t,  *Fout2 , *tw1);
        tw1 += fstride;
        C_SUB( *Fout2 ,  *Fout , t );
        C_ADDTO( *Fout ,  t );
        ++Fout2;
        ++Fout;
    }while (--m);
}

static void kf_bfly4(
        kiss_fft_cpx * Fout,
        const size_t fstride,
        const kiss_fft_cfg st,
        const size_t m
        )
{
    kiss_fft_cpx *tw1,*tw2,*tw3;
    kiss_fft_cpx scratch[6];
    size_t k=m;
    const size_t m2=2*m;
    const size_t m3=3*m;


    tw3 = tw2 = tw1 = st->twiddles;

    do {
        C_FIXDIV(*Fout,4); C_FIXDIV(Fout[m],4); C_FIXDIV(Fout[m2],4); C_FIXDIV(Fout[m3],4);

        C_MUL(scratch[0],Fout[m] , *tw1 );
        C_MUL(scratch[1],Fout[m2] , *tw2 );
        C_MUL(scratch[2],Fout[m3] , *tw3 );

        C_SUB( scratch[5] , *Fout, scratch[1] );
        C_ADDTO(*Fout, scratch[1]);
        C_ADD( scratch[3] , scratch[0] , scratch[2] );
        C_SUB( scratch[4] , scratch[0] , scratch[2] );
        C_SUB( Fout[m2], *Fout, scratch[3] );
        tw1 += fstride;
        tw2 += fstride*2;
        tw3 += fstride*3;
        C_ADDTO( *Fout , scratch[3] );

        if(st->inverse) {
            Fout[m].r = scratch[5].r - scratch[4].i;
            Fout[m].i = scratch[5].i + scratch[4].r;
            Fout[m3].r = scratch[5].r + scratch[4].i;
            Fout[m3].i = scratch[5].i - scratch[4].r;
        }else{
            Fout[m].r = scratch[5].r + scratch[4].i;
            Fout[m].i = scratch[5].i - scratch[4].r;
            Fout[m3].r = scratch[5].r - scratch[4].i;
            Fout[m3].i = scratch[5].i + scratch[4].r;
        }
        ++Fout;
    }while(--k);
}

static void kf_bfly3(
         kiss_fft_cpx * Fout,
         const size_t fstride,
         const kiss_fft_cfg st,
         size_t m
         )
{
     size_t k=m;
     const size_t m2 = 2*m;
     kiss_fft_cpx *tw1,*tw2;
     kiss_fft_cpx scratch[5];
     kiss_fft_cpx epi3;
     epi3 = st->twiddles[fstride*m];

     tw1=tw2=st->twiddles;

     do{
         C_FIXDIV(*Fout,3); C_FIXDIV(Fout[m],3); C_FIXDIV(Fout[m2],3);

         C_MUL(scratch[1],Fout[m] , *tw1);
         C_MUL(scratch[2],Fout[m2] , *tw2);

         C_ADD(scratch[3],scratch[1],scratch[2]);
         C_SUB(scratch[0],scratch[1],scratch[2]);
         tw1 += fstride;
         tw2 += fstride*2;

         Fout[m].r = Fout->r - HALF_OF(scratch[3].r);
         Fout[m].i = Fout->i - HALF_OF(scratch[3].i);

         C_MULBYSCALAR( scratch[0] , epi3.i );

         C_ADDTO(*Fout,scratch[3]);

         Fout[m2].r = Fout[m].r + scratch[0].i;
         Fout[m2].i = Fout[m].i - scratch[0].r;

         Fout[m].r -= scratch[0].i;
         Fout[m].i += scratch[0].r;

         ++Fout;
     }while(--k);
}

static void kf_bfly5(
        kiss_fft_cpx * Fout,
        const size_t fstride,
        const kiss_fft_cfg st,
        int m
        )
{
    kiss_fft_cpx *Fout0,*Fout1,*Fout2,*Fout3,*Fout4;
    int u;
    kiss_fft_cpx scratch[13];
    kiss_fft_cpx * twiddles = st->twiddles;
    kiss_fft_cpx *tw;
    kiss_fft_cpx ya,yb;
    ya = twiddles[fstride*m];
    yb = twiddles[fstride*2*m];

    Fout0=Fout;
    Fout1=Fout0+m;
    Fout2=Fout0+2*m;
    Fout3=Fout0+3*m;
    Fout4=Fout0+4*m;

    tw=st->twiddles;
    for ( u=0; u<m; ++u ) {
        C_FIXDIV( *Fout0,5); C_FIXDIV( *Fout1,5); C_FIXDIV( *Fout2,5); C_FIXDIV( *Fout3,5); C_FIXDIV( *Fout4,5);
        scratch[0] = *Fout0;

        C_MUL(scratch[1] ,*Fout1, tw[u*fstride]);
        C_MUL(scratch[2] ,*Fout2, tw[2*u*fstride]);
        C_MUL(scratch[3] ,*Fout3, tw[3*u*fstride]);
        C_MUL(scratch[4] ,*Fout4, tw[4*u*fstride]);

        C_ADD( scratch[7],scratch[1],scratch[4]);
        C_SUB( scratch[10],scratch[1],scratch[4]);
        C_ADD( scratch[8],scratch[2],scratch[3]);
        C_SUB( scratch[9],scratch[2],scratch[3]);

        Fout0->r += scratch[7].r + scratch[8].r;
        Fout0->i += scratch[7].i + scratch[8].i;

        scratch[5].r = scratch[0].r + S_MUL(scratch[7].r,ya.r) + S_MUL(scratch[8].r,yb.r);
        scratch[5].i = scratch[0].i + S_MUL(scratch[7].i,ya.r) + S_MUL(scratch[8].i,yb.r);

        scratch[6].r =  S_MUL(scratch[10].i,ya.i) + S_MUL(scratch[9].i,yb.i);
        scratch[6].i = -S_MUL(scratch[10].r,ya.i) - S_MUL(scratch[9].r,yb.i);

        C_SUB(*Fout1,scratch[5],scratch[6]);
        C_ADD(*Fout4,scratch[5],scratch[6]);

        scratch[11].r = scratch[0].r + S_MUL(scratch[7].r,yb.r) + S_MUL(scratch[8].r,ya.r);
        scratch[11].i = scratch[0].i + S_MUL(scratch[7].i,yb.r) + S_MUL(scratch[8].i,ya.r);
        scratch[12].r = - S_MUL(scratch[10].i,yb.i) + S_MUL(scratch[9].i,ya.i);
        scratch[12].i = S_MUL(scratch[10].r,yb.i) - S_MUL(scratch[9].r,ya.i);

        C_ADD(*Fout2,scratch[11],scratch[12]);
        C_SUB(*Fout3,scratch[11],scratch[12]);

        ++Fout0;++Fout1;++Fout2;++Fout3;++Fout4;
    }
}

/* perform the butterfly for one stage of a mixed radix FFT */
static void kf_bfly_generic(
        kiss_fft_cpx * Fout,
        const size_t fstride,
        const kiss_fft_cfg st,
        int m,
        int p
        )
{
    int u,k,q1,q;
    kiss_fft_cpx * twiddles = st->twiddles;
    kiss_fft_cpx t;
    int Norig = st->nfft;

    kiss_fft_cpx * scratch = (kiss_fft_cpx*)KISS_FFT_TMP_ALLOC(sizeof(kiss_fft_cpx)*p);

    for ( u=0; u<m; ++u ) {
        k=u;
        for ( q1=0 ; q1<p ; ++q1 ) {
            scratch[q1] = Fout[ k  ];
            C_FIXDIV(scratch[q1],p);
            k += m;
        }

        k=u;
        for ( q1=0 ; q1<p ; ++q1 ) {
            int twidx=0;
            Fout[ k ] = scratch[0];
            for (q=1;q<p;++q ) {
                twidx += fstride * k;
                if (twidx>=Norig) twidx-=Norig;
                C_MUL(t,scratch[q] , twiddles[twidx] );
                C_ADDTO( Fout[ k ] ,t);
            }
            k += m;
        }
    }
    KISS_FFT_TMP_FREE(scratch);
}

static
void kf_work(
        kiss_fft_cpx * Fout,
        const kiss_fft_cpx * f,
        const size_t fstride,
        int in_stride,
        int * factors,
        const kiss_fft_cfg st
        )
{
    kiss_fft_cpx * Fout_beg=Fout;
    const int p=*factors++; /* the radix  */
    const int m=*factors++; /* stage's fft length/p */
    const kiss_fft_cpx * Fout_end = Fout + p*m;

    if (m==1) {
        do{
            *Fout = *f;
            f += fstride*in_stride;
        }while(++Fout != Fout_end);
    }else{
        do{
            // recursive call:
            // DFT of size m*p performed by doing
            // p instances of smaller DFTs of size m,
            // each one takes a decimated version of the input
            kf_work( Fout , f, fstride*p, in_stride, factors,st);
            f += fstride*in_stride;
        }while( (Fout += m) != Fout_end );
    }

    Fout=Fout_beg;

    // recombine the p smaller DFTs
    switch (p) {
        case 2: kf_bfly2(Fout,fstride,st,m); break;
        case 3: kf_bfly3(Fout,fstride,st,m); break;
        case 4: kf_bfly4(Fout,fstride,st,m); break;
        case 5: kf_bfly5(Fout,fstride,st,m); break;
        default: kf_bfly_generic(Fout,fstride,st,m,p); break;
    }
}

/*  facbuf is populated by p1,m1,p2,m2, ...
    where
    p[i] * m[i] = m[i-1]
    m0 = n                  */
static
void kf_factor(int n,int * facbuf)
{
    int p=4;
    double floor_sqrt;
    floor_sqrt = floor( sqrt((double)n) );

    /*factor out powers of 4, powers of 2, then any remaining primes */
    do {
        while (n % p) {
            switch (p) {
                case 4: p = 2; break;
                case 2: p = 3; break;
                default: p += 2; break;
            }
            if (p > floor_sqrt)
                p = n;          /* no more factors, skip to end */
        }
        n /= p;
        *facbuf++ = p;
        *facbuf++ = n;
    } while (n > 1);
}

kiss_fft_cfg kiss_fft_alloc(int nfft,int inverse_fft,void * mem,size_t * lenmem )
{
    kiss_fft_cfg st=NULL;
    size_t memneeded = sizeof(struct kiss_fft_state)
        + sizeof(kiss_fft_cpx)*(nfft-1); /* twiddle factors*/

    if ( lenmem==NULL ) {
        st = ( kiss_fft_cfg)KISS_FFT_MALLOC( memneeded );
    }else{
        if (mem != NULL && *lenmem >= memneeded)
            st = (kiss_fft_cfg)mem;
        *lenmem = memneeded;
    }
    if (st) {
        int i;
        st->nfft=nfft;
        st->inverse = inverse_fft;

        for (i=0;i<nfft;++i) {
            const double pi=3.141592653589793238462643383279502884197169399375105820974944;
            double phase = -2*pi*i / nfft;
            if (st->inverse)
                phase *= -1;
            kf_cexp(st->twiddles+i, phase );
        }

        kf_factor(nfft,st->factors);
    }
    return st;
}

void kiss_fft_stride(kiss_fft_cfg st,const kiss_fft_cpx *fin,kiss_fft_cpx *fout,int in_stride)
{
    if (fin == fout) {
        //NOTE: this is not really an in-place FFT algorithm.
        //It just performs an out-of-place FFT into a temp buffer
        kiss_fft_cpx * tmpbuf;
        if (fout == NULL) return;
        tmpbuf = (kiss_fft_cpx*)KISS_FFT_TMP_ALLOC( sizeof(kiss_fft_cpx)*st->nfft);
        kf_work(tmpbuf,fin,1,in_stride, st->factors,st);
        memcpy(fout,tmpbuf,sizeof(kiss_fft_cpx)*st->nfft);
        KISS_FFT_TMP_FREE(tmpbuf);
    }else{
        kf_work( fout, fin, 1,in_stride, st->factors,st );
    }
}

void kiss_fft(kiss_fft_cfg cfg,const kiss_fft_cpx *fin,kiss_fft_cpx *fout)
{
    kiss_fft_stride(cfg,fin,fout,1);
}

/* ---- the user's code ---- */
/* y = IFFT(H .* FFT(x)) / n, in place in y (kiss_fft with fin == fout) */
void fft_filter(kiss_fft_cfg fwd, kiss_fft_cfg inv, int n, const kiss_fft_cpx *x,
                const double *H, kiss_fft_cpx *y)
{
    int k;
    kiss_fft(fwd, x, y);
    for (k = 0; k < n; k++) {
        y[k].r *= H[k] / n;
        y[k].i *= H[k] / n;
    }
    kiss_fft(inv, y, y);
}

double filter_loss(kiss_fft_cfg fwd, kiss_fft_cfg inv, int n, const kiss_fft_cpx *x,
                   const double *H, const kiss_fft_cpx *target)
{
    kiss_fft_cpx *y = malloc(n * sizeof *y);
    double s = 0;
    int k;
    fft_filter(fwd, inv, n, x, H, y);
    for (k = 0; k < n; k++) {
        double dr = y[k].r - target[k].r, di = y[k].i - target[k].i;
        s += dr * dr + di * di;
    }
    free(y);
    return 0.5 * s;
}

#pragma ad grad(filter_loss) wrt(x[n], H[n])
#pragma ad jvp(fft_filter) wrt(x[n], H[n]) out(y[n])

#include "kissfft.ad.h"

#define N 840

static kiss_fft_cfg g_fwd, g_inv;
static kiss_fft_cpx g_tgt[N];

/* flat wrapper: z = (x as 2N reals, H as N reals) -> loss */
static void loss_flat(void *ctx, const double *z, double *out)
{
    (void)ctx;
    *out = filter_loss(g_fwd, g_inv, N, (const kiss_fft_cpx *)z, z + 2 * N, g_tgt);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void)
{
    OracleRng rng = oracle_rng(17);
    static double z[3 * N], g[3 * N], gfd[3 * N];
    g_fwd = kiss_fft_alloc(N, 0, NULL, NULL);
    g_inv = kiss_fft_alloc(N, 1, NULL, NULL);
    oracle_fill_normal(&rng, z, 2 * N);
    for (int k = 0; k < N; k++)
        z[2 * N + k] = 1.0 / (1.0 + 0.01 * (k < N / 2 ? k : N - k)) + 0.1 * oracle_normal(&rng);
    oracle_fill_normal(&rng, (double *)g_tgt, 2 * N);

    /* forward transform against a direct DFT */
    {
        kiss_fft_cpx *X = malloc(N * sizeof *X);
        const kiss_fft_cpx *x = (const kiss_fft_cpx *)z;
        double err = 0, scale = 0;
        kiss_fft(g_fwd, x, X);
        for (int k = 0; k < N; k += 37) {
            long double re = 0, im = 0;
            for (int j = 0; j < N; j++) {
                long double ph = -2.0L * 3.14159265358979323846264338327950288L * ((long)j * k % N) / N;
                re += x[j].r * cosl(ph) - x[j].i * sinl(ph);
                im += x[j].r * sinl(ph) + x[j].i * cosl(ph);
            }
            err = fmax(err, fmax(fabs(X[k].r - (double)re), fabs(X[k].i - (double)im)));
            scale = fmax(scale, hypot((double)re, (double)im));
        }
        CHECK_TRUE("kiss_fft vs direct DFT", err <= 1e-11 * scale);
        free(X);
    }

    /* grad vs central differences */
    double f0 = filter_loss(g_fwd, g_inv, N, (const kiss_fft_cpx *)z, z + 2 * N, g_tgt);
    double fg = filter_loss_grad(g_fwd, g_inv, N, (const kiss_fft_cpx *)z, (kiss_fft_cpx *)g,
                                 z + 2 * N, g + 2 * N, g_tgt);
    CHECK_CLOSE("grad primal", fg, f0, 1e-14, 0);
    oracle_fd_grad(loss_flat, NULL, 3 * N, z, gfd);
    CHECK_VEC_CLOSE("grad x,H vs FD", g, gfd, 3 * N, ORACLE_RTOL_FD, oracle_fd_atol(f0));

    /* jvp vs grad of <y, w>: <J v, w> = <v, J^T w> */
    {
        static double v[3 * N], w[2 * N], y[2 * N], ydot[2 * N];
        oracle_fill_normal(&rng, v, 3 * N);
        oracle_fill_normal(&rng, w, 2 * N);
        fft_filter_jvp(g_fwd, g_inv, N, (const kiss_fft_cpx *)z, (const kiss_fft_cpx *)v,
                       z + 2 * N, v + 2 * N, (kiss_fft_cpx *)y, (kiss_fft_cpx *)ydot);
        /* J^T w: the grad of 0.5|y - t|^2 with t = y - w is J^T (y - t) = J^T w */
        static kiss_fft_cpx t[N];
        for (int k = 0; k < 2 * N; k++)
            ((double *)t)[k] = y[k] - w[k];
        static double gw[3 * N];
        filter_loss_grad(g_fwd, g_inv, N, (const kiss_fft_cpx *)z, (kiss_fft_cpx *)gw, z + 2 * N,
                         gw + 2 * N, t);
        double lhs = oracle_dot(ydot, w, 2 * N), rhs = oracle_dot(v, gw, 3 * N);
        CHECK_CLOSE("<J v, w> = <v, J^T w>", lhs, rhs, 1e-11, 0);
    }

    /* cost */
    {
        int reps = 200;
        double t0 = now(), s = 0;
        for (int r = 0; r < reps; r++)
            s += filter_loss(g_fwd, g_inv, N, (const kiss_fft_cpx *)z, z + 2 * N, g_tgt);
        double tf = (now() - t0) / reps;
        t0 = now();
        for (int r = 0; r < reps; r++)
            s += filter_loss_grad(g_fwd, g_inv, N, (const kiss_fft_cpx *)z, (kiss_fft_cpx *)g,
                                  z + 2 * N, g + 2 * N, g_tgt);
        double tg = (now() - t0) / reps;
        printf("timing: f %.3g s, grad %.3g s, grad/f %.2f (%g)\n", tf, tg, tg / tf, s);
    }
    free(g_fwd);
    free(g_inv);
    return oracle_result();
}
