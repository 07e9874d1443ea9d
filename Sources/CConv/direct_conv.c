/* Direct convolution kernels in AVX2 + FMA: see include/cconv.h for each contract and
   README.md for why they exist. Register blocks hold 12 accumulators of 8 floats, which
   leaves the other 4 of the 16 YMM registers for loads and broadcasts. */
#include "cconv.h"
#include <string.h>

void cw_pad(const float *in, int planes, int h, int w, int top, int left, int rows, int width, float *out) {
    memset(out, 0, sizeof(float) * (size_t)planes * rows * width);
    for (int p = 0; p < planes; p++)
        for (int r = 0; r < h; r++)
            memcpy(out + ((size_t)p * rows + top + r) * width + left, in + ((size_t)p * h + r) * w, sizeof(float) * w);
}

void cw_transpose(const float *dy, int F, int P, int Fp, float *dyt) {
    for (int q = 0; q < P; q++) {
        float *d = dyt + (size_t)q * Fp;
        for (int f = 0; f < F; f++) d[f] = dy[(size_t)f * P + q];
        for (int f = F; f < Fp; f++) d[f] = 0;
    }
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include "simd8.h"

#define TGT __attribute__((target("avx2,fma")))
/* Fully unrolled constant-bound loops keep the accumulator arrays in registers. */
#define UNROLL _Pragma("clang loop unroll(full)")

int cw_direct_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!((c >> 12) & 1) || !((c >> 27) & 1) || !((c >> 28) & 1)) return 0; /* FMA, OSXSAVE, AVX */
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 6) != 6) return 0; /* the OS saves the YMM registers */
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1; /* AVX2 */
}

/* NV vectors of filters x NP pixels; writes tmp[p][16]. */
#define DEFINE_PIXELS_FORWARD(NV, NP) \
static TGT void pixels_forward_##NV##x##NP(const float *x, const float *wt, int Fp, const int *taps, int T, \
                                           const int *pix, float *tmp) { \
    __m256 acc[NV][NP]; \
    UNROLL for (int v = 0; v < NV; v++) UNROLL for (int p = 0; p < NP; p++) acc[v][p] = _mm256_setzero_ps(); \
    for (int t = 0; t < T; t++) { \
        const float *xt = x + taps[t]; \
        const float *wv = wt + (size_t)t * Fp; \
        __m256 w[NV]; \
        UNROLL for (int v = 0; v < NV; v++) w[v] = _mm256_loadu_ps(wv + 8 * v); \
        UNROLL for (int p = 0; p < NP; p++) { \
            __m256 xb = _mm256_broadcast_ss(xt + pix[p]); \
            UNROLL for (int v = 0; v < NV; v++) acc[v][p] = _mm256_fmadd_ps(xb, w[v], acc[v][p]); \
        } \
    } \
    UNROLL for (int p = 0; p < NP; p++) UNROLL for (int v = 0; v < NV; v++) _mm256_storeu_ps(tmp + p * 16 + 8 * v, acc[v][p]); \
}
DEFINE_PIXELS_FORWARD(1, 12)

/* 16 filters x NP pixels (NP <= 6), transposed in registers and written straight to y[f][q]
   (f < nf, q < n) with the bias added after the sum and the ReLU as `v < 0 ? 0 : v` (the same
   bits as a scalar epilogue). `wide`: the 2 cells after a 6-pixel block are still to be written,
   so each filter's row takes one 8-lane store (masked stores are microcoded and slow on AMD). */
#define DEFINE_PIXELS_FORWARD16(NP) \
static TGT void pixels_forward_16x##NP(const float *x, const float *wt, int Fp, const int *taps, int T, \
                                       const int *pix, const float *bias, int relu, int nf, int n, \
                                       int wide, float *y, int P) { \
    __m256 acc[2][NP]; \
    UNROLL for (int v = 0; v < 2; v++) UNROLL for (int p = 0; p < NP; p++) acc[v][p] = _mm256_setzero_ps(); \
    for (int t = 0; t < T; t++) { \
        const float *xt = x + taps[t]; \
        const float *wv = wt + (size_t)t * Fp; \
        __m256 w0 = _mm256_loadu_ps(wv), w1 = _mm256_loadu_ps(wv + 8); \
        UNROLL for (int p = 0; p < NP; p++) { \
            __m256 xb = _mm256_broadcast_ss(xt + pix[p]); \
            acc[0][p] = _mm256_fmadd_ps(xb, w0, acc[0][p]); \
            acc[1][p] = _mm256_fmadd_ps(xb, w1, acc[1][p]); \
        } \
    } \
    const __m256 zero = _mm256_setzero_ps(); \
    for (int v = 0; v < 2; v++) { \
        __m256 r[8]; \
        UNROLL for (int p = 0; p < 8; p++) r[p] = p < NP ? acc[v][p < NP ? p : 0] : zero; \
        cw_transpose8(r); \
        for (int f = 0; f < 8 && 8 * v + f < nf; f++) { \
            __m256 s = r[f]; \
            if (bias) s = _mm256_add_ps(s, _mm256_set1_ps(bias[8 * v + f])); \
            if (relu) s = _mm256_max_ps(zero, s); \
            float *yf = y + (size_t)(8 * v + f) * P; \
            if (wide) _mm256_storeu_ps(yf, s); \
            else { \
                float t[8]; \
                _mm256_storeu_ps(t, s); \
                for (int k = 0; k < n; k++) yf[k] = t[k]; \
            } \
        } \
    } \
}
DEFINE_PIXELS_FORWARD16(6)
DEFINE_PIXELS_FORWARD16(4)
DEFINE_PIXELS_FORWARD16(2)

TGT void cw_pixels_forward(const float *x, const float *wt, const float *bias, int F, int Fp,
                           const int *taps, int T, const int *pix, int P, int relu, float *y) {
    float tmp[12 * 16];
    for (int g = 0; g < Fp; ) {
        int nv = Fp - g >= 16 ? 2 : 1, np = nv == 2 ? 6 : 12;
        int nf = F - g < 8 * nv ? F - g : 8 * nv;
        for (int q0 = 0; q0 < P; q0 += np) {
            int n = P - q0 < np ? P - q0 : np;
            if (nv == 2) {
                const float *bg = bias ? bias + g : NULL;
                float *yg = y + (size_t)g * P + q0;
                if (n > 4) pixels_forward_16x6(x, wt + g, Fp, taps, T, pix + q0, bg, relu, nf, n, q0 + 8 <= P, yg, P);
                else if (n > 2) pixels_forward_16x4(x, wt + g, Fp, taps, T, pix + q0, bg, relu, nf, n, 0, yg, P);
                else pixels_forward_16x2(x, wt + g, Fp, taps, T, pix + q0, bg, relu, nf, n, 0, yg, P);
                continue;
            }
            pixels_forward_1x12(x, wt + g, Fp, taps, T, pix + q0, tmp);
            for (int f = 0; f < nf; f++) {
                float b = bias ? bias[g + f] : 0;
                float *yf = y + (size_t)(g + f) * P + q0;
                for (int k = 0; k < n; k++) {
                    float v = tmp[k * 16 + f] + b;
                    yf[k] = relu && v < 0 ? 0 : v;
                }
            }
        }
        g += 8 * nv;
    }
}

/* NV vectors of filters x NT taps, accumulated over all P pixels; adds the first nt taps into dwt. */
#define DEFINE_PIXELS_WEIGHT_GRAD(NV, NT) \
static TGT void pixels_weight_grad_##NV##x##NT(const float *x, const float *dyt, int Fp, const int *taps, \
                                               const int *pix, int P, float *dwt, int nt) { \
    __m256 acc[NV][NT]; \
    UNROLL for (int v = 0; v < NV; v++) UNROLL for (int t = 0; t < NT; t++) acc[v][t] = _mm256_setzero_ps(); \
    const float *xt[NT]; \
    UNROLL for (int t = 0; t < NT; t++) xt[t] = x + taps[t]; \
    for (int q = 0; q < P; q++) { \
        const float *d = dyt + (size_t)q * Fp; \
        int o = pix[q]; \
        __m256 dv[NV]; \
        UNROLL for (int v = 0; v < NV; v++) dv[v] = _mm256_loadu_ps(d + 8 * v); \
        UNROLL for (int t = 0; t < NT; t++) { \
            __m256 xb = _mm256_broadcast_ss(xt[t] + o); \
            UNROLL for (int v = 0; v < NV; v++) acc[v][t] = _mm256_fmadd_ps(xb, dv[v], acc[v][t]); \
        } \
    } \
    float tmp[NT][NV * 8]; \
    UNROLL for (int t = 0; t < NT; t++) UNROLL for (int v = 0; v < NV; v++) _mm256_storeu_ps(tmp[t] + 8 * v, acc[v][t]); \
    for (int t = 0; t < nt; t++) \
        for (int v = 0; v < NV; v++) { \
            float *p = dwt + (size_t)t * Fp + 8 * v; \
            _mm256_storeu_ps(p, _mm256_add_ps(_mm256_loadu_ps(p), _mm256_loadu_ps(tmp[t] + 8 * v))); \
        } \
}
DEFINE_PIXELS_WEIGHT_GRAD(2, 6)
DEFINE_PIXELS_WEIGHT_GRAD(1, 12)

TGT void cw_pixels_weight_grad(const float *x, const float *dyt, int Fp, const int *taps, int T,
                               const int *pix, int P, float *dwt) {
    for (int g = 0; g < Fp; ) {
        int nv = Fp - g >= 16 ? 2 : 1, nt = nv == 2 ? 6 : 12;
        for (int t0 = 0; t0 < T; t0 += nt) {
            int n = T - t0 < nt ? T - t0 : nt;
            if (nv == 2) pixels_weight_grad_2x6(x, dyt + g, Fp, taps + t0, pix, P, dwt + (size_t)t0 * Fp + g, n);
            else pixels_weight_grad_1x12(x, dyt + g, Fp, taps + t0, pix, P, dwt + (size_t)t0 * Fp + g, n);
        }
        g += 8 * nv;
    }
}

/* One output row r: CB output channels from k0 x V vectors of width; writes out[k][32]. */
#define DEFINE_ROWS(V, CB) \
static TGT void rows_##V##x##CB(const float *in, int S, int IH, int Wd, const float *wr, int Kp, int k0, \
                                int KH, int KW, int r, int padH, int colBase, float *out) { \
    __m256 acc[CB][V]; \
    UNROLL for (int k = 0; k < CB; k++) UNROLL for (int v = 0; v < V; v++) acc[k][v] = _mm256_setzero_ps(); \
    for (int s = 0; s < S; s++) { \
        for (int i = 0; i < KH; i++) { \
            int ir = r + padH - i; \
            if (ir < 0 || ir >= IH) continue; \
            const float *row = in + ((size_t)s * IH + ir) * Wd + colBase; \
            const float *wij = wr + (((size_t)s * KH + i) * KW) * Kp + k0; \
            for (int j = 0; j < KW; j++) { \
                __m256 d[V]; \
                UNROLL for (int v = 0; v < V; v++) d[v] = _mm256_loadu_ps(row - j + 8 * v); \
                UNROLL for (int k = 0; k < CB; k++) { \
                    __m256 wb = _mm256_broadcast_ss(wij + j * Kp + k); \
                    UNROLL for (int v = 0; v < V; v++) acc[k][v] = _mm256_fmadd_ps(wb, d[v], acc[k][v]); \
                } \
            } \
        } \
    } \
    UNROLL for (int k = 0; k < CB; k++) UNROLL for (int v = 0; v < V; v++) _mm256_storeu_ps(out + k * 32 + 8 * v, acc[k][v]); \
}
DEFINE_ROWS(1, 12)
DEFINE_ROWS(2, 6)
DEFINE_ROWS(3, 4)

/* rows_4x3 with the 3 weights broadcast first and one width vector loaded at a time: 12
   accumulators + 3 weights + 1 vector fit the 16 YMM registers, where the loop above (4 vectors
   + 1 broadcast) needs 17 and spills two accumulators to the stack on every tap. */
static TGT void rows_4x3(const float *in, int S, int IH, int Wd, const float *wr, int Kp, int k0,
                         int KH, int KW, int r, int padH, int colBase, float *out) {
    __m256 acc[3][4];
    UNROLL for (int k = 0; k < 3; k++) UNROLL for (int v = 0; v < 4; v++) acc[k][v] = _mm256_setzero_ps();
    for (int s = 0; s < S; s++) {
        for (int i = 0; i < KH; i++) {
            int ir = r + padH - i;
            if (ir < 0 || ir >= IH) continue;
            const float *row = in + ((size_t)s * IH + ir) * Wd + colBase;
            const float *wij = wr + (((size_t)s * KH + i) * KW) * Kp + k0;
            for (int j = 0; j < KW; j++) {
                __m256 wb[3];
                UNROLL for (int k = 0; k < 3; k++) wb[k] = _mm256_broadcast_ss(wij + j * Kp + k);
                UNROLL for (int v = 0; v < 4; v++) {
                    __m256 d = _mm256_loadu_ps(row - j + 8 * v);
                    UNROLL for (int k = 0; k < 3; k++) acc[k][v] = _mm256_fmadd_ps(wb[k], d, acc[k][v]);
                }
            }
        }
    }
    UNROLL for (int k = 0; k < 3; k++) UNROLL for (int v = 0; v < 4; v++) _mm256_storeu_ps(out + k * 32 + 8 * v, acc[k][v]);
}

TGT void cw_rows(const float *in, int S, int IH, int Wd, int colBase, const float *wr, int K, int Kp,
                 int KH, int KW, int H, int W, int padH, const float *bias, int relu, float *out) {
    float tmp[12 * 32];
    int V = (W + 7) / 8, CB = 12 / V;
    for (int r = 0; r < H; r++) {
        int wide = r * W + 8 * V <= H * W;
        for (int k0 = 0; k0 < K; k0 += CB) {
            switch (V) {
            case 1: rows_1x12(in, S, IH, Wd, wr, Kp, k0, KH, KW, r, padH, colBase, tmp); break;
            case 2: rows_2x6(in, S, IH, Wd, wr, Kp, k0, KH, KW, r, padH, colBase, tmp); break;
            case 3: rows_3x4(in, S, IH, Wd, wr, Kp, k0, KH, KW, r, padH, colBase, tmp); break;
            default: rows_4x3(in, S, IH, Wd, wr, Kp, k0, KH, KW, r, padH, colBase, tmp); break;
            }
            int n = K - k0 < CB ? K - k0 : CB;
            for (int k = 0; k < n; k++) {
                float *o = out + ((size_t)(k0 + k) * H + r) * W;
                const float *t = tmp + k * 32;
                __m256 b = _mm256_set1_ps(bias ? bias[k0 + k] : 0);
                int c = 0;
                /* Whole vectors, the last one too when its lanes past the row's end fall on later
                   rows of this channel (rewritten when those are done). Bias after the sum, ReLU
                   as `v < 0 ? 0 : v`: the bits of the scalar loop below. */
                int end = wide ? W : W / 8 * 8;
                for (; c < end; c += 8) {
                    __m256 v = _mm256_loadu_ps(t + c);
                    if (bias) v = _mm256_add_ps(v, b);
                    if (relu) v = _mm256_max_ps(_mm256_setzero_ps(), v);
                    _mm256_storeu_ps(o + c, v);
                }
                for (; c < W; c++) {
                    float v = t[c] + (bias ? bias[k0 + k] : 0);
                    o[c] = relu && v < 0 ? 0 : v;
                }
            }
        }
    }
}

/* Blocks of 6 filters x 2 kernel columns, each a vector of partial sums over the output width. */
TGT void cw_rows_weight_grad(const float *dy, int F, int OH, int Wy, const float *x, int C, int Hp, int Wx,
                             int KH, int KW, float *dw) {
    int V = Wy / 8;
    for (int c = 0; c < C; c++)
    for (int i = 0; i < KH; i++)
    for (int f0 = 0; f0 < F; f0 += 6)
    for (int j0 = 0; j0 < KW; j0 += 2) {
        __m256 acc[6][2];
        UNROLL for (int a = 0; a < 6; a++) UNROLL for (int b = 0; b < 2; b++) acc[a][b] = _mm256_setzero_ps();
        int j1 = j0 + 1 < KW ? j0 + 1 : j0;
        for (int oh = 0; oh < OH; oh++) {
            const float *xr = x + ((size_t)c * Hp + oh + i) * Wx;
            const float *dr[6];
            UNROLL for (int a = 0; a < 6; a++) dr[a] = dy + ((size_t)(f0 + a < F ? f0 + a : F - 1) * OH + oh) * Wy;
            for (int v = 0; v < V; v++) {
                __m256 x0 = _mm256_loadu_ps(xr + 8 * v + j0), x1 = _mm256_loadu_ps(xr + 8 * v + j1);
                UNROLL for (int a = 0; a < 6; a++) {
                    __m256 d = _mm256_loadu_ps(dr[a] + 8 * v);
                    acc[a][0] = _mm256_fmadd_ps(d, x0, acc[a][0]);
                    acc[a][1] = _mm256_fmadd_ps(d, x1, acc[a][1]);
                }
            }
        }
        float tmp[6][2][8];
        UNROLL for (int a = 0; a < 6; a++) UNROLL for (int b = 0; b < 2; b++) _mm256_storeu_ps(tmp[a][b], acc[a][b]);
        for (int a = 0; a < 6 && f0 + a < F; a++)
            for (int b = 0; b < 2 && j0 + b < KW; b++) {
                float s = 0;
                for (int l = 0; l < 8; l++) s += tmp[a][b][l];
                dw[(((size_t)(f0 + a) * C + c) * KH + i) * KW + j0 + b] += s;
            }
    }
}

#else
/* Other CPUs take the im2col + GEMM path; these are never called there. */
int cw_direct_available(void) { return 0; }
void cw_pixels_forward(const float *x, const float *wt, const float *bias, int F, int Fp,
                       const int *taps, int T, const int *pix, int P, int relu, float *y) {}
void cw_pixels_weight_grad(const float *x, const float *dyt, int Fp, const int *taps, int T,
                           const int *pix, int P, float *dwt) {}
void cw_rows(const float *in, int S, int IH, int Wd, int colBase, const float *wr, int K, int Kp,
             int KH, int KW, int H, int W, int padH, const float *bias, int relu, float *out) {}
void cw_rows_weight_grad(const float *dy, int F, int OH, int Wy, const float *x, int C, int Hp, int Wx,
                         int KH, int KW, float *dw) {}
#endif
