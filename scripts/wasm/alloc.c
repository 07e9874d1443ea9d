/* The WebAssembly module's allocator (there is no libc): size classes of powers of two,
   a free list per class, fresh blocks cut from the heap after __heap_base, which grows with
   memory.grow. Freed blocks are reused, so repeated compute calls do not grow memory. */
#include <stddef.h>

extern unsigned char __heap_base;
static size_t top;
static void *free_lists[32];

static int size_class(size_t n) {
    int c = 4;
    while (((size_t)1 << c) < n + 16 && c < 31) c++;
    return c;
}

int posix_memalign(void **out, size_t align, size_t size) {
    if (align > 16 || size > ((size_t)1 << 30)) return 12;
    int c = size_class(size);
    void *block = free_lists[c];
    if (block) {
        free_lists[c] = *(void **)block;
    } else {
        if (!top) top = ((size_t)&__heap_base + 15) & ~(size_t)15;
        size_t need = top + ((size_t)1 << c);
        size_t have = __builtin_wasm_memory_size(0) * 65536;
        if (need > have && __builtin_wasm_memory_grow(0, (need - have + 65535) / 65536) == (size_t)-1) return 12;
        block = (void *)top;
        top = need;
    }
    *(int *)block = c;
    *out = (unsigned char *)block + 16;
    return 0;
}

void free(void *p) {
    if (!p) return;
    void *block = (unsigned char *)p - 16;
    int c = *(int *)block;
    *(void **)block = free_lists[c];
    free_lists[c] = block;
}

int memcmp(const void *a, const void *b, size_t n) {
    const unsigned char *x = a, *y = b;
    for (size_t i = 0; i < n; i++) if (x[i] != y[i]) return x[i] - y[i];
    return 0;
}

/* Hashing seeds for Swift's Set and Dictionary: fixed, so runs are reproducible. */
void arc4random_buf(void *p, size_t n) {
    unsigned char *c = p;
    for (size_t i = 0; i < n; i++) c[i] = (unsigned char)(i * 131 + 7);
}

/* 128-bit multiply (compiler-rt's __multi3), which Swift's overflow-checked 64-bit arithmetic needs. */
typedef unsigned long long u64;
__int128 __multi3(__int128 a, __int128 b) {
    u64 al = (u64)a, ah = (u64)((unsigned __int128)a >> 64), bl = (u64)b, bh = (u64)((unsigned __int128)b >> 64);
    u64 a0 = al & 0xffffffffu, a1 = al >> 32, b0 = bl & 0xffffffffu, b1 = bl >> 32;
    u64 p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    u64 mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    u64 lo = (p00 & 0xffffffffu) | (mid << 32);
    u64 hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32) + al * bh + ah * bl;
    return (__int128)(((unsigned __int128)hi << 64) | lo);
}
