#ifndef CCONV_H
#define CCONV_H

#include <stddef.h>

/* Direct convolution kernels for stride-1, undilated layers, in AVX2 + FMA (see README.md).
   Every function works on ONE image's buffers; Tensor/Conv2DDirect.swift lays them out,
   splits the batch across cores and checks cw_direct_available() first. */

/* 1 when the CPU and OS run AVX2 and FMA (the kernels below need them), else 0. */
int cw_direct_available(void);

/* Zeroes out: [planes][rows][width] and copies in: [planes][h][w] to row `top`, column `left`
   of each plane (a padded copy). */
void cw_pad(const float *in, int planes, int h, int w, int top, int left, int rows, int width, float *out);

/* Pixel-blocked forward (filters vectorised, for F a multiple of 8):
   y[f][q] = bias[f] + sum_t x[taps[t] + pix[q]] * wt[t][f] for f < F, q < P.
   x: the padded image; wt: [T][Fp] (filters zero-padded to Fp, a multiple of 8); pix: P offsets
   followed by at least 11 copies of the last; bias may be NULL; relu != 0 clamps at 0. */
void cw_pixels_forward(const float *x, const float *wt, const float *bias, int F, int Fp,
                       const int *taps, int T, const int *pix, int P, int relu, float *y);

/* Pixel-blocked weight gradient: dwt[t][f] += sum_q x[taps[t] + pix[q]] * dyt[q][f].
   dyt: [P][Fp] (cw_transpose); taps: T offsets followed by at least 11 copies of the last. */
void cw_pixels_weight_grad(const float *x, const float *dyt, int Fp, const int *taps, int T,
                           const int *pix, int P, float *dwt);

/* dyt[q][f] = dy[f][q], zero for F <= f < Fp. */
void cw_transpose(const float *dy, int F, int P, int Fp, float *dyt);

/* Row-vectorised correlation (output width vectorised, for few channels):
   out[k][r][c] = bias[k] + sum_s sum_i sum_j wr[s][i][j][k] * in[s][r + padH - i][c - j + colBase]
   for k < K, r < H, c < W, skipping rows outside 0..<IH. in: [S][IH][Wd]; wr: [S][KH][KW][Kp]
   with Kp = K rounded up to 12 / ceil(W / 8); W <= 32; bias may be NULL.
   The input gradient is this with in = dy, the forward pass with in = x and flipped weights. */
void cw_rows(const float *in, int S, int IH, int Wd, int colBase, const float *wr, int K, int Kp,
             int KH, int KW, int H, int W, int padH, const float *bias, int relu, float *out);

/* Row-vectorised weight gradient: dw[f][c][i][j] += sum_oh sum_ow dy[f][oh][ow] * x[c][oh + i][ow + j].
   dy: [F][OH][Wy], Wy a multiple of 8, zero beyond the output width; x: [C][Hp][Wx] (padded),
   with Wx >= Wy + KW - 1 and 8 readable floats after it. */
void cw_rows_weight_grad(const float *dy, int F, int OH, int Wy, const float *x, int C, int Hp, int Wx,
                         int KH, int KW, float *dw);

/* Winograd F(2x2, 5x5) forward (winograd.c), for stride-1 undilated 5x5 layers. Eight images
   per call, one per vector lane ("x8" layouts end in a dimension of 8 lanes). */

/* 1 when the CPU and OS run AVX-512F + VL besides AVX2 and FMA (cw_wino5_forward needs them). */
int cw_wino_available(void);

/* u = G w G^T per filter and channel, computed in double: u[F/4][36][C][4] (F a multiple of 4). */
void cw_wino5_weights(const float *w, int F, int C, float *u);

/* x8[p][top + r][left + c][l] = x[l * stride + (p * h + r) * w + c] for l < n, zero elsewhere
   (lanes n..7 and the padding); x8: [planes][rows][width][8]. */
void cw_interleave8(const float *x, int n, size_t stride, int planes, int h, int w, int top, int left,
                    int rows, int width, float *x8);

/* y[l * stride + q] = y8[q][l] for l < n, q < count. */
void cw_deinterleave8(const float *y8, int n, size_t stride, int count, float *y);

/* y8[f][oh][ow][l] = bias[f] + sum_c sum_i sum_j x8[c][oh + i][ow + j][l] * w[f][c][i][j], i, j < 5,
   through 6 x 6 input tiles and 2 x 2 output tiles. x8: [C][Hp][Wp][8] with Hp >= 2 ceil(OH / 2) + 4,
   Wp >= 2 ceil(OW / 2) + 4 (zeros past the image); u from cw_wino5_weights; y8: [F][OH][OW][8];
   bias may be NULL; relu != 0 clamps at 0; scratch: cw_wino5_scratch(C, Wp) floats. */
void cw_wino5_forward(const float *x8, int C, int Hp, int Wp, const float *u, int F, int OH, int OW,
                      const float *bias, int relu, float *y8, float *scratch);
static inline int cw_wino5_scratch(int C, int Wp) { return 36 * C * 3 * 8 + 36 * 4 * 3 * 8 + C * Wp * 6 * 8; }

#endif
