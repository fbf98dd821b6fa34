// CFLAGS: -fopenmp -Wno-unused-but-set-variable -Wno-unused-parameter
// LIBS: -fopenmp
/* realc/parsec_blackscholes: PARSEC 3.0 blackscholes (Copyright (c) 2007 Intel Corp.), CNDF and
** BlkSchlsEqEuroNoDiv copied as written (fptype float, double exp/sqrt/log, unused `float timet`).
** Requests as a risk desk writes them: greeks by grad, gamma/vanna by hessian, greeks over a
** portfolio by vmap(grad). Its two locals set and never read stay set, not declared unused
** (grad/dead_local_set_only).
** Oracle: central differences of the float price in double steps
** (float: rtol 2e-3, floor 2e-3 * |price|). */
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

//Precision to use for calculations
#define fptype float

// Cumulative Normal Distribution Function
// See Hull, Section 11.8, P.243-244
#define inv_sqrt_2xPI 0.39894228040143270286

fptype CNDF ( fptype InputX ) 
{
    int sign;

    fptype OutputX;
    fptype xInput;
    fptype xNPrimeofX;
    fptype expValues;
    fptype xK2;
    fptype xK2_2, xK2_3;
    fptype xK2_4, xK2_5;
    fptype xLocal, xLocal_1;
    fptype xLocal_2, xLocal_3;

    // Check for negative value of InputX
    if (InputX < 0.0) {
        InputX = -InputX;
        sign = 1;
    } else 
        sign = 0;

    xInput = InputX;
 
    // Compute NPrimeX term common to both four & six decimal accuracy calcs
    expValues = exp(-0.5f * InputX * InputX);
    xNPrimeofX = expValues;
    xNPrimeofX = xNPrimeofX * inv_sqrt_2xPI;

    xK2 = 0.2316419 * xInput;
    xK2 = 1.0 + xK2;
    xK2 = 1.0 / xK2;
    xK2_2 = xK2 * xK2;
    xK2_3 = xK2_2 * xK2;
    xK2_4 = xK2_3 * xK2;
    xK2_5 = xK2_4 * xK2;
    
    xLocal_1 = xK2 * 0.319381530;
    xLocal_2 = xK2_2 * (-0.356563782);
    xLocal_3 = xK2_3 * 1.781477937;
    xLocal_2 = xLocal_2 + xLocal_3;
    xLocal_3 = xK2_4 * (-1.821255978);
    xLocal_2 = xLocal_2 + xLocal_3;
    xLocal_3 = xK2_5 * 1.330274429;
    xLocal_2 = xLocal_2 + xLocal_3;

    xLocal_1 = xLocal_2 + xLocal_1;
    xLocal   = xLocal_1 * xNPrimeofX;
    xLocal   = 1.0 - xLocal;

    OutputX  = xLocal;
    
    if (sign) {
        OutputX = 1.0 - OutputX;
    }
    
    return OutputX;
} 

fptype BlkSchlsEqEuroNoDiv( fptype sptprice,
                            fptype strike, fptype rate, fptype volatility,
                            fptype time, int otype, float timet )
{
    fptype OptionPrice;

    // local private working variables for the calculation
    fptype xStockPrice;
    fptype xStrikePrice;
    fptype xRiskFreeRate;
    fptype xVolatility;
    fptype xTime;
    fptype xSqrtTime;

    fptype logValues;
    fptype xLogTerm;
    fptype xD1; 
    fptype xD2;
    fptype xPowerTerm;
    fptype xDen;
    fptype d1;
    fptype d2;
    fptype FutureValueX;
    fptype NofXd1;
    fptype NofXd2;
    fptype NegNofXd1;
    fptype NegNofXd2;    
    
    xStockPrice = sptprice;
    xStrikePrice = strike;
    xRiskFreeRate = rate;
    xVolatility = volatility;

    xTime = time;
    xSqrtTime = sqrt(xTime);

    logValues = log( sptprice / strike );
        
    xLogTerm = logValues;
        
    
    xPowerTerm = xVolatility * xVolatility;
    xPowerTerm = xPowerTerm * 0.5;
        
    xD1 = xRiskFreeRate + xPowerTerm;
    xD1 = xD1 * xTime;
    xD1 = xD1 + xLogTerm;

    xDen = xVolatility * xSqrtTime;
    xD1 = xD1 / xDen;
    xD2 = xD1 -  xDen;

    d1 = xD1;
    d2 = xD2;
    
    NofXd1 = CNDF( d1 );
    NofXd2 = CNDF( d2 );

    FutureValueX = strike * ( exp( -(rate)*(time) ) );
    if (otype == 0) {            
        OptionPrice = (sptprice * NofXd1) - (FutureValueX * NofXd2);
    } else { 
        NegNofXd1 = (1.0 - NofXd1);
        NegNofXd2 = (1.0 - NofXd2);
        OptionPrice = (FutureValueX * NegNofXd2) - (sptprice * NegNofXd1);
    }
    
    return OptionPrice;
}

#pragma ad grad(BlkSchlsEqEuroNoDiv) wrt(sptprice, strike, rate, volatility, time)
#pragma ad hessian(BlkSchlsEqEuroNoDiv) wrt(sptprice, volatility)
#pragma ad vmap(BlkSchlsEqEuroNoDiv_grad) batch(sptprice, strike, rate, volatility, time, otype, sptprice_bar[1], strike_bar[1], rate_bar[1], volatility_bar[1], time_bar[1])

#include "parsec_blackscholes.ad.h"

static double bs(const double *p, int ot)
{
    return BlkSchlsEqEuroNoDiv((float)p[0], (float)p[1], (float)p[2], (float)p[3], (float)p[4], ot, 0);
}
static double fd(const double *p, int ot, int j)
{
    double a[5], b[5], h = 2e-3 * fmax(1.0, fabs(p[j]));
    memcpy(a, p, sizeof a); memcpy(b, p, sizeof b); a[j] += h; b[j] -= h;
    return (bs(a, ot) - bs(b, ot)) / (2 * h);
}
int main(void)
{
    static const double P[4][5] = {{42, 40, 0.1, 0.2, 0.5}, {100, 110, 0.05, 0.3, 1.0},
                                   {30, 25, 0.02, 0.45, 0.25}, {55, 60, 0.07, 0.15, 2.0}};
    float g[4][5];
    for (int k = 0; k < 4; k++) for (int ot = 0; ot < 2; ot++) {
        const double *p = P[k];
        float gs, gk, gr, gv, gt;
        float v = BlkSchlsEqEuroNoDiv_grad((float)p[0], &gs, (float)p[1], &gk, (float)p[2], &gr, (float)p[3], &gv, (float)p[4], &gt, ot, 0);
        CHECK_CLOSE("primal", v, bs(p, ot), 0, 0);
        float gg[5] = {gs, gk, gr, gv, gt};
        for (int j = 0; j < 5; j++) {
            char lab[64]; snprintf(lab, sizeof lab, "grad k%d ot%d j%d", k, ot, j);
            CHECK_CLOSE(lab, gg[j], fd(p, ot, j), 2e-3, 2e-3 * fabs(v) + 1e-4);
            if (ot == 0) g[k][j] = gg[j];
        }
        float H[4];
        BlkSchlsEqEuroNoDiv_hessian((float)p[0], (float)p[1], (float)p[2], (float)p[3], (float)p[4], ot, 0, H);
        /* gamma = d delta / dS, vanna = d delta / dvol, by differences of the generated grad */
        int idx[2] = {0, 3};
        for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) {
            double pp[5], pm[5], h = 2e-3 * fmax(1.0, fabs(p[idx[b]]));
            memcpy(pp, p, sizeof pp); memcpy(pm, p, sizeof pm); pp[idx[b]] += h; pm[idx[b]] -= h;
            float q[2][5];
            BlkSchlsEqEuroNoDiv_grad((float)pp[0], &q[0][0], (float)pp[1], &q[0][1], (float)pp[2], &q[0][2], (float)pp[3], &q[0][3], (float)pp[4], &q[0][4], ot, 0);
            BlkSchlsEqEuroNoDiv_grad((float)pm[0], &q[1][0], (float)pm[1], &q[1][1], (float)pm[2], &q[1][2], (float)pm[3], &q[1][3], (float)pm[4], &q[1][4], ot, 0);
            char lab[64]; snprintf(lab, sizeof lab, "hess k%d ot%d %d%d", k, ot, a, b);
            CHECK_CLOSE(lab, H[a * 2 + b], (q[0][idx[a]] - q[1][idx[a]]) / (2 * h), 1e-2, 5e-3);
        }
    }
    /* portfolio greeks by vmap(grad) against the unbatched grad, calls only */
    float S[4], K[4], R[4], V[4], T[4], gS[4], gK[4], gR[4], gV[4], gT[4], ret[4];
    int OT[4] = {0, 0, 0, 0};
    for (int k = 0; k < 4; k++) { S[k] = P[k][0]; K[k] = P[k][1]; R[k] = P[k][2]; V[k] = P[k][3]; T[k] = P[k][4]; }
    BlkSchlsEqEuroNoDiv_grad_vmap(4, S, gS, K, gK, R, gR, V, gV, T, gT, OT, 0, ret);
    for (int k = 0; k < 4; k++) {
        CHECK_CLOSE("vmap ret", ret[k], bs(P[k], 0), 0, 0);
        CHECK_CLOSE("vmap dS", gS[k], g[k][0], 0, 0);
        CHECK_CLOSE("vmap dK", gK[k], g[k][1], 0, 0);
        CHECK_CLOSE("vmap dr", gR[k], g[k][2], 0, 0);
        CHECK_CLOSE("vmap dv", gV[k], g[k][3], 0, 0);
        CHECK_CLOSE("vmap dT", gT[k], g[k][4], 0, 0);
    }
    return oracle_result();
}
