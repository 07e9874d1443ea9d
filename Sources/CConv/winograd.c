/* Winograd F(2x2, 5x5) forward convolution (stride 1, undilated, 5x5 kernels): see
   include/cconv.h for each contract and README.md for the measurements. Eight images are
   interleaved, one per vector lane, so every transform is plain vector arithmetic and the
   results of an image do not depend on which images share its group.
   Interpolation points 0, 1, -1, 2, -2 and infinity:
     A^T = [1 1 1 1 1 0; 0 1 -1 2 -2 1]                                   (2 x 6)
     G   = [1/4 0 0 0 0; -1/6 x5; -1/6 1/6 -1/6 1/6 -1/6;
            1/24 1/12 1/6 1/3 2/3; 1/24 -1/12 1/6 -1/3 2/3; 0 0 0 0 1]    (6 x 5)
     B^T = [4 0 -5 0 1 0; 0 -4 -4 1 1 0; 0 4 -4 -1 1 0;
            0 -2 -1 2 1 0; 0 2 -1 -2 1 0; 0 4 0 -5 0 1]                   (6 x 6)
   y = A^T [ (G g G^T) . (B^T d B) ] A for each 6 x 6 input tile d and 2 x 2 output tile y. */
#include "cconv.h"
#include <string.h>

static const double wino_g[6][5] = {
    {1.0 / 4, 0, 0, 0, 0},
    {-1.0 / 6, -1.0 / 6, -1.0 / 6, -1.0 / 6, -1.0 / 6},
    {-1.0 / 6, 1.0 / 6, -1.0 / 6, 1.0 / 6, -1.0 / 6},
    {1.0 / 24, 1.0 / 12, 1.0 / 6, 1.0 / 3, 2.0 / 3},
    {1.0 / 24, -1.0 / 12, 1.0 / 6, -1.0 / 3, 2.0 / 3},
    {0, 0, 0, 0, 1},
};

void cw_wino5_weights(const float *w, int F, int C, float *u) {
    for (int f = 0; f < F; f++)
        for (int c = 0; c < C; c++) {
            const float *g = w + ((size_t)f * C + c) * 25;
            double gt[6][5]; /* G g */
            for (int a = 0; a < 6; a++)
                for (int l = 0; l < 5; l++) {
                    double s = 0;
                    for (int k = 0; k < 5; k++) s += wino_g[a][k] * g[k * 5 + l];
                    gt[a][l] = s;
                }
            for (int a = 0; a < 6; a++)
                for (int b = 0; b < 6; b++) {
                    double s = 0;
                    for (int l = 0; l < 5; l++) s += gt[a][l] * wino_g[b][l];
                    u[((((size_t)(f / 4) * 36 + a * 6 + b) * C + c) * 4) + f % 4] = (float)s;
                }
        }
}

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#include "simd8.h"

/* AVX-512VL for its 32 YMM registers (and broadcast operands), still on 8-lane vectors: the
   4 x 3 block's sums and the transforms' temporaries fit without spills. */
#define TGT __attribute__((target("avx2,fma,avx512f,avx512vl")))
#define UNROLL _Pragma("clang loop unroll(full)")

int cw_wino_available(void) {
    unsigned a, b, c, d;
    if (!cw_direct_available()) return 0;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    if (!((b >> 16) & 1) || !((b >> 31) & 1)) return 0; /* AVX512F, AVX512VL */
    unsigned lo, hi;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (lo & 0xE6) == 0xE6; /* the OS saves the YMM, opmask and upper ZMM registers */
}

TGT void cw_interleave8(const float *x, int n, size_t stride, int planes, int h, int w, int top, int left,
                        int rows, int width, float *x8) {
    if (top == 0 && left == 0 && rows == h && width == w) {
        /* No padding: the planes are one contiguous row. */
        w *= planes * h; h = 1; rows = 1; width = w; planes = 1;
        if (n < 8) memset(x8, 0, sizeof(float) * 8 * (size_t)w);
    } else {
        memset(x8, 0, sizeof(float) * 8 * (size_t)planes * rows * width);
    }
    const __m256 zero = _mm256_setzero_ps();
    for (int p = 0; p < planes; p++)
        for (int r = 0; r < h; r++) {
            const float *src = x + ((size_t)p * h + r) * w;
            float *dst = x8 + (((size_t)p * rows + top + r) * width + left) * 8;
            int c = 0;
            for (; c + 8 <= w; c += 8) {
                __m256 v[8];
                UNROLL for (int l = 0; l < 8; l++) v[l] = l < n ? _mm256_loadu_ps(src + l * stride + c) : zero;
                cw_transpose8(v);
                UNROLL for (int k = 0; k < 8; k++) _mm256_storeu_ps(dst + (size_t)(c + k) * 8, v[k]);
            }
            for (; c < w; c++)
                for (int l = 0; l < n; l++) dst[(size_t)c * 8 + l] = src[l * stride + c];
        }
}

TGT void cw_deinterleave8(const float *y8, int n, size_t stride, int count, float *y) {
    int q = 0;
    for (; q + 8 <= count; q += 8) {
        __m256 v[8];
        UNROLL for (int k = 0; k < 8; k++) v[k] = _mm256_loadu_ps(y8 + (size_t)(q + k) * 8);
        cw_transpose8(v);
        for (int l = 0; l < n; l++) _mm256_storeu_ps(y + l * stride + q, v[l]);
    }
    for (; q < count; q++)
        for (int l = 0; l < n; l++) y[l * stride + q] = y8[(size_t)q * 8 + l];
}

/* Zen 4 runs vaddps on two pipes and vfmadd on two others, so the transforms split their
   work between adds and fused multiply-adds (x * 1 + y where needed) to use all four. */

/* o = B^T d for one column of 6 vectors: 7 adds, 6 FMAs. */
static TGT inline void wino_bt(const __m256 d[6], __m256 o[6]) {
    const __m256 four = _mm256_set1_ps(4), two = _mm256_set1_ps(2);
    __m256 t1 = _mm256_fnmadd_ps(four, d[2], d[4]); /* d4 - 4 d2 */
    __m256 t2 = _mm256_fnmadd_ps(four, d[1], d[3]); /* d3 - 4 d1 */
    __m256 t3 = _mm256_sub_ps(d[4], d[2]);
    __m256 t4 = _mm256_sub_ps(d[3], d[1]);
    o[0] = _mm256_fmadd_ps(four, _mm256_sub_ps(d[0], d[2]), t3);                 /* 4 d0 - 5 d2 + d4 */
    o[1] = _mm256_add_ps(t1, t2);
    o[2] = _mm256_sub_ps(t1, t2);
    o[3] = _mm256_fmadd_ps(two, t4, t3);
    o[4] = _mm256_fnmadd_ps(two, t4, t3);
    o[5] = _mm256_fmadd_ps(four, _mm256_sub_ps(d[1], d[3]), _mm256_sub_ps(d[5], d[3])); /* 4 d1 - 5 d3 + d5 */
}

/* (y0, y1) = A^T m for 6 vectors: 4 adds, 4 FMAs. */
static TGT inline void wino_at(const __m256 m[6], __m256 *y0, __m256 *y1) {
    const __m256 one = _mm256_set1_ps(1);
    __m256 s12 = _mm256_add_ps(m[1], m[2]), d12 = _mm256_sub_ps(m[1], m[2]);
    __m256 s34 = _mm256_fmadd_ps(one, m[3], m[4]), d34 = _mm256_fnmadd_ps(one, m[4], m[3]);
    *y0 = _mm256_add_ps(_mm256_fmadd_ps(one, m[0], s12), s34);
    *y1 = _mm256_add_ps(d12, _mm256_fmadd_ps(_mm256_set1_ps(2), d34, m[5]));
}

#define WINO_TB 3
#define INLINE __attribute__((always_inline)) inline

/* m[xi][f][k] = sum_c u[xi][c][f] v[xi][c][k] for 4 filters x NB tiles; C and NB constant
   after inlining, so the loops unroll and the 4 x NB sums stay in registers. (Blocks of 8
   filters x 3 tiles, 24 sums, measured no faster.) */
static TGT INLINE void wino_gemm(const float *v, const float *ug, int C, int NB, float *m) {
    for (int xi = 0; xi < 36; xi++) {
        __m256 acc[4][WINO_TB];
        const float *vx = v + (size_t)xi * C * WINO_TB * 8;
        const float *ux = ug + (size_t)xi * C * 4;
        /* The first channel multiplies instead of adding to zeros. */
        UNROLL for (int c = 0; c < C; c++) {
            __m256 vk[WINO_TB];
            UNROLL for (int k = 0; k < NB; k++) vk[k] = _mm256_loadu_ps(vx + ((size_t)c * WINO_TB + k) * 8);
            UNROLL for (int f = 0; f < 4; f++) {
                __m256 ub = _mm256_broadcast_ss(ux + c * 4 + f);
                UNROLL for (int k = 0; k < NB; k++)
                    acc[f][k] = c == 0 ? _mm256_mul_ps(ub, vk[k]) : _mm256_fmadd_ps(ub, vk[k], acc[f][k]);
            }
        }
        UNROLL for (int f = 0; f < 4; f++) UNROLL for (int k = 0; k < NB; k++)
            _mm256_storeu_ps(m + (((size_t)xi * 4 + f) * WINO_TB + k) * 8, acc[f][k]);
    }
}

static TGT void wino_gemm_any(const float *v, const float *ug, int C, int nb, float *m) {
    if (C == 6) {
        if (nb == 3) wino_gemm(v, ug, 6, 3, m);
        else if (nb == 2) wino_gemm(v, ug, 6, 2, m);
        else wino_gemm(v, ug, 6, 1, m);
        return;
    }
    /* Other channel counts: the sum over c in a loop, still 4 x 3 sums per block. */
    for (int xi = 0; xi < 36; xi++) {
        __m256 acc[4][WINO_TB];
        UNROLL for (int f = 0; f < 4; f++) UNROLL for (int k = 0; k < WINO_TB; k++) acc[f][k] = _mm256_setzero_ps();
        const float *vx = v + (size_t)xi * C * WINO_TB * 8;
        const float *ux = ug + (size_t)xi * C * 4;
        for (int c = 0; c < C; c++) {
            __m256 vk[WINO_TB];
            UNROLL for (int k = 0; k < WINO_TB; k++) vk[k] = _mm256_loadu_ps(vx + ((size_t)c * WINO_TB + k) * 8);
            UNROLL for (int f = 0; f < 4; f++) {
                __m256 ub = _mm256_broadcast_ss(ux + c * 4 + f);
                UNROLL for (int k = 0; k < WINO_TB; k++) acc[f][k] = _mm256_fmadd_ps(ub, vk[k], acc[f][k]);
            }
        }
        UNROLL for (int f = 0; f < 4; f++) UNROLL for (int k = 0; k < WINO_TB; k++)
            _mm256_storeu_ps(m + (((size_t)xi * 4 + f) * WINO_TB + k) * 8, acc[f][k]);
    }
}

TGT void cw_wino5_forward(const float *x8, int C, int Hp, int Wp, const float *u, int F, int OH, int OW,
                          const float *bias, int relu, float *y8, float *scratch) {
    int TH = (OH + 1) / 2, TW = (OW + 1) / 2;
    float *v = scratch;                                /* [36][C][TB][8] */
    float *m = v + (size_t)36 * C * WINO_TB * 8;       /* [36][4][TB][8] */
    float *colt = m + (size_t)36 * 4 * WINO_TB * 8;    /* [C][Wp][6][8] */
    const __m256 zero = _mm256_setzero_ps();
    for (int ti = 0; ti < TH; ti++) {
        int r0 = 2 * ti;
        /* B^T down every column of this tile row's 6 input rows, shared by the (overlapping) tiles. */
        for (int c = 0; c < C; c++)
            for (int j = 0; j < Wp; j++) {
                const float *d = x8 + (((size_t)c * Hp + r0) * Wp + j) * 8;
                __m256 dj[6], o[6];
                UNROLL for (int i = 0; i < 6; i++) dj[i] = _mm256_loadu_ps(d + (size_t)i * Wp * 8);
                wino_bt(dj, o);
                UNROLL for (int a = 0; a < 6; a++) _mm256_storeu_ps(colt + (((size_t)c * Wp + j) * 6 + a) * 8, o[a]);
            }
        for (int tj0 = 0; tj0 < TW; tj0 += WINO_TB) {
            int nb = TW - tj0 < WINO_TB ? TW - tj0 : WINO_TB;
            /* v[a * 6 + b][c][k] = (B^T d B)[a][b] for tile tj0 + k. */
            for (int k = 0; k < nb; k++) {
                int c0 = 2 * (tj0 + k);
                for (int c = 0; c < C; c++) {
                    const float *ct = colt + ((size_t)c * Wp + c0) * 6 * 8;
                    UNROLL for (int a = 0; a < 6; a++) {
                        __m256 row[6], o[6];
                        UNROLL for (int j = 0; j < 6; j++) row[j] = _mm256_loadu_ps(ct + ((size_t)j * 6 + a) * 8);
                        wino_bt(row, o);
                        UNROLL for (int b = 0; b < 6; b++)
                            _mm256_storeu_ps(v + (((size_t)(a * 6 + b) * C + c) * WINO_TB + k) * 8, o[b]);
                    }
                }
            }
            for (int fg = 0; fg < F / 4; fg++) {
                wino_gemm_any(v, u + (size_t)fg * 36 * C * 4, C, nb, m);
                /* Output transform, bias after the sum, ReLU as max(0, v). */
                for (int f = 0; f < 4; f++) {
                    int fo = fg * 4 + f;
                    __m256 b = _mm256_set1_ps(bias ? bias[fo] : 0);
                    for (int k = 0; k < nb; k++) {
                        int c0 = 2 * (tj0 + k);
                        __m256 z0[6], z1[6];
                        UNROLL for (int bb = 0; bb < 6; bb++) {
                            __m256 mc[6];
                            UNROLL for (int a = 0; a < 6; a++) mc[a] = _mm256_loadu_ps(m + (((size_t)(a * 6 + bb) * 4 + f) * WINO_TB + k) * 8);
                            wino_at(mc, &z0[bb], &z1[bb]);
                        }
                        __m256 o[2][2];
                        wino_at(z0, &o[0][0], &o[0][1]);
                        wino_at(z1, &o[1][0], &o[1][1]);
                        UNROLL for (int i = 0; i < 2; i++) UNROLL for (int j = 0; j < 2; j++) {
                            if (r0 + i >= OH || c0 + j >= OW) continue;
                            __m256 s = o[i][j];
                            if (bias) s = _mm256_add_ps(s, b);
                            if (relu) s = _mm256_max_ps(zero, s);
                            _mm256_storeu_ps(y8 + (((size_t)fo * OH + r0 + i) * OW + c0 + j) * 8, s);
                        }
                    }
                }
            }
        }
    }
}

#else
int cw_wino_available(void) { return 0; }
void cw_interleave8(const float *x, int n, size_t stride, int planes, int h, int w, int top, int left,
                    int rows, int width, float *x8) {}
void cw_deinterleave8(const float *y8, int n, size_t stride, int count, float *y) {}
void cw_wino5_forward(const float *x8, int C, int Hp, int Wp, const float *u, int F, int OH, int OW,
                      const float *bias, int relu, float *y8, float *scratch) {}
#endif
