/* Register helpers shared by the direct kernels (direct_conv.c) and Winograd (winograd.c).
 * Private to CConv: include after <immintrin.h>. AVX only, so both files' targets
 * (avx2+fma and avx2+fma+avx512vl) can inline it. */
#ifndef CCONV_SIMD8_H
#define CCONV_SIMD8_H
#include <immintrin.h>

/* Rows r[0..7] (8 lanes each) become columns: r[f][p] = old r[p][f]. */
static __attribute__((target("avx"))) inline void cw_transpose8(__m256 r[8]) {
    __m256 t[8], u[8];
    for (int i = 0; i < 4; i++) {
        t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    for (int i = 0; i < 2; i++) {
        u[4 * i] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], 0x44);
        u[4 * i + 1] = _mm256_shuffle_ps(t[4 * i], t[4 * i + 2], 0xEE);
        u[4 * i + 2] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0x44);
        u[4 * i + 3] = _mm256_shuffle_ps(t[4 * i + 1], t[4 * i + 3], 0xEE);
    }
    for (int i = 0; i < 4; i++) {
        r[i] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x20);
        r[i + 4] = _mm256_permute2f128_ps(u[i], u[i + 4], 0x31);
    }
}
#endif
