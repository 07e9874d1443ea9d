// Indexed-colour PNGs for the site: libpng's simplified API reads a PNG and writes it with a
// palette; libimagequant chooses the palette when the picture has more than 256 colours.
// Called from Sources/Render/PNGPalette.swift. libpng's errors stay inside the simplified
// API (it returns 0 and fills `message`), so no longjmp crosses a Swift frame.
#include <png.h>
#include <libimagequant.h>
// The growing output buffer and libpng callbacks of Render's PNG writer.
#include "../CPNG/png_shim.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/// The re-encoded PNG (malloc'ed; free with `cw_palette_free`), how it was made, and the
/// first error message.
typedef struct {
    unsigned char *bytes;
    size_t count;
    /// Colours in the palette.
    int colours;
    /// 1 when the palette holds every colour of the picture (the pixels are unchanged).
    int exact;
    char message[200];
} cw_palette_output;

static inline void cw_palette_free(cw_palette_output *out) {
    free(out->bytes);
    out->bytes = NULL;
}

static inline void cw_palette_fail(cw_palette_output *out, const char *message) {
    strncpy(out->message, message, sizeof out->message - 1);
}

/// Distinct colours of a picture with their pixel counts, in order of first appearance.
typedef struct {
    uint32_t *colours;
    unsigned *counts;
    int count;
} cw_palette_histogram;

/// Counts the distinct RGBA colours of `pixels`, up to `limit`; `slot` receives each
/// pixel's colour number. Returns 0, or 1 when there are more than `limit` colours.
static inline int cw_palette_histogram_of(const uint32_t *pixels, size_t n, int limit, uint32_t *slot,
                                          cw_palette_histogram *h) {
    size_t size = 1;
    while (size < (size_t)limit * 2) size <<= 1;
    uint32_t *keys = (uint32_t *)malloc(size * 4);
    int32_t *values = (int32_t *)malloc(size * 4);
    h->colours = (uint32_t *)malloc((size_t)limit * 4);
    h->counts = (unsigned *)calloc((size_t)limit, sizeof(unsigned));
    h->count = 0;
    int status = 0;
    if (!keys || !values || !h->colours || !h->counts) status = -1;
    if (values) memset(values, -1, size * 4);
    for (size_t i = 0; i < n && status == 0; i++) {
        uint32_t c = pixels[i];
        size_t s = ((c * 2654435761u) ^ (c >> 15)) & (size - 1);
        while (values[s] >= 0 && keys[s] != c) s = (s + 1) & (size - 1);
        if (values[s] < 0) {
            if (h->count == limit) { status = 1; break; }
            keys[s] = c;
            values[s] = h->count;
            h->colours[h->count++] = c;
        }
        h->counts[values[s]] += 1;
        slot[i] = (uint32_t)values[s];
    }
    free(keys);
    free(values);
    return status;
}

static inline void cw_palette_histogram_free(cw_palette_histogram *h) {
    free(h->colours);
    free(h->counts);
}

/// libimagequant's palette for a histogram (no dithering: each colour maps to the nearest
/// entry, in RGBA distance). Returns the palette size, or 0 when the quality is not reached.
static inline int cw_palette_quantise(const cw_palette_histogram *h, int min_quality, uint32_t palette[256],
                                      unsigned char *map) {
    liq_attr *attr = liq_attr_create();
    if (!attr) return 0;
    liq_histogram *hist = liq_histogram_create(attr);
    liq_histogram_entry *entries = (liq_histogram_entry *)malloc((size_t)h->count * sizeof *entries);
    liq_result *result = NULL;
    int ok = hist && entries && liq_set_quality(attr, min_quality, 100) == LIQ_OK && liq_set_speed(attr, 3) == LIQ_OK;
    for (int k = 0; ok && k < h->count; k++) {
        uint32_t c = h->colours[k];
        entries[k].color = (liq_color){(unsigned char)c, (unsigned char)(c >> 8), (unsigned char)(c >> 16), (unsigned char)(c >> 24)};
        entries[k].count = h->counts[k];
    }
    ok = ok && liq_histogram_add_colors(hist, attr, entries, h->count, 0) == LIQ_OK
        && liq_histogram_quantize(hist, attr, &result) == LIQ_OK;
    int count = 0;
    if (ok) {
        const liq_palette *p = liq_get_palette(result);
        count = (int)p->count;
        for (int k = 0; k < count; k++) {
            const liq_color c = p->entries[k];
            palette[k] = (uint32_t)c.r | ((uint32_t)c.g << 8) | ((uint32_t)c.b << 16) | ((uint32_t)c.a << 24);
        }
        for (int k = 0; k < h->count; k++) {
            uint32_t c = h->colours[k];
            long best = -1;
            for (int e = 0; e < count; e++) {
                long d = 0;
                for (int shift = 0; shift < 32; shift += 8) {
                    long diff = (long)((c >> shift) & 255) - (long)((palette[e] >> shift) & 255);
                    d += diff * diff;
                }
                if (best < 0 || d < best) { best = d; map[k] = (unsigned char)e; }
            }
        }
    }
    if (result) liq_result_destroy(result);
    if (hist) liq_histogram_destroy(hist);
    free(entries);
    liq_attr_destroy(attr);
    return count;
}

/// Writes an 8-bit palette PNG (zlib level 9, no row filter: what suits indexed pictures),
/// with a tRNS chunk when an entry is translucent. Returns 1, or 0 with `out->message`.
static inline int cw_palette_write(png_uint_32 width, png_uint_32 height, unsigned char *index, const uint32_t *palette,
                                   int count, int opaque, unsigned char **bytes, size_t *size, cw_palette_output *out) {
    cw_png_output sink = {NULL, 0, 0, {0}};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &sink, cw_png_error, cw_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    png_bytep *rows = (png_bytep *)malloc((height ? height : 1) * sizeof *rows);
    if (!png || !info || !rows) {
        png_destroy_write_struct(&png, &info);
        free(rows);
        cw_palette_fail(out, "out of memory for libpng");
        return 0;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        free(rows);
        free(sink.bytes);
        if (out->message[0] == 0) cw_palette_fail(out, sink.message);
        return 0;
    }
    png_set_write_fn(png, &sink, cw_png_write, cw_png_flush);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_color colours[256];
    png_byte alphas[256];
    for (int k = 0; k < count; k++) {
        colours[k].red = (png_byte)palette[k];
        colours[k].green = (png_byte)(palette[k] >> 8);
        colours[k].blue = (png_byte)(palette[k] >> 16);
        alphas[k] = (png_byte)(palette[k] >> 24);
    }
    png_set_PLTE(png, info, colours, count);
    if (!opaque) png_set_tRNS(png, info, alphas, count, NULL);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
    png_set_compression_level(png, 9);
    for (png_uint_32 y = 0; y < height; y++) rows[y] = index + (size_t)y * width;
    png_write_info(png, info);
    png_write_image(png, rows);
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(rows);
    *bytes = sink.bytes;
    *size = sink.count;
    return 1;
}

/// Re-encodes `png` with a palette. With an exact palette when the picture has at most 256
/// colours; otherwise, when `quantise` is set and it has at most 65,536, with the 256 colours
/// libimagequant picks from its histogram (no dithering) if they reach `min_quality` (0-100). Returns 0 and fills `out`; returns 1 when the picture
/// is left as it is (too many colours and no quantisation, or quality not reached); returns
/// -1 with `out->message` on an error.
static inline int cw_palette_encode(const unsigned char *png, size_t length, int quantise, int min_quality,
                                    cw_palette_output *out) {
    memset(out, 0, sizeof *out);
    png_image image;
    memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&image, png, length)) {
        cw_palette_fail(out, image.message);
        return -1;
    }
    image.format = PNG_FORMAT_RGBA;
    size_t n = (size_t)image.width * image.height;
    uint32_t *pixels = (uint32_t *)malloc(n * 4);
    unsigned char *index = (unsigned char *)malloc(n ? n : 1);
    if (pixels == NULL || index == NULL) {
        free(pixels); free(index); png_image_free(&image);
        cw_palette_fail(out, "out of memory for the pixels");
        return -1;
    }
    if (!png_image_finish_read(&image, NULL, pixels, 0, NULL)) {
        cw_palette_fail(out, image.message);
        free(pixels); free(index);
        return -1;
    }
    enum { LIMIT = 1 << 16 };
    uint32_t *slot = (uint32_t *)malloc(n ? n * 4 : 4);
    cw_palette_histogram h = {0};
    int counted = slot ? cw_palette_histogram_of(pixels, n, LIMIT, slot, &h) : -1;
    uint32_t palette[256];
    unsigned char map[LIMIT];
    int count = 0, exact = counted == 0 && h.count <= 256;
    if (exact) {
        count = h.count;
        for (int k = 0; k < count; k++) { palette[k] = h.colours[k]; map[k] = (unsigned char)k; }
    } else if (counted == 0 && quantise) {
        count = cw_palette_quantise(&h, min_quality, palette, map);
    }
    cw_palette_histogram_free(&h);
    if (count == 0) {
        // Too many colours, quantisation off, or the quality was not reached.
        free(pixels); free(index); free(slot);
        if (counted < 0) { cw_palette_fail(out, "out of memory for the colour count"); return -1; }
        return 1;
    }
    for (size_t i = 0; i < n; i++) index[i] = map[slot[i]];
    free(slot);
    int opaque = 1;
    for (int k = 0; k < count; k++) if ((palette[k] >> 24) != 255) opaque = 0;
    unsigned char *bytes = NULL;
    size_t size = 0;
    int ok = cw_palette_write(image.width, image.height, index, palette, count, opaque, &bytes, &size, out);
    free(pixels);
    free(index);
    if (!ok) return -1;
    out->bytes = bytes;
    out->count = size;
    out->colours = count;
    out->exact = exact;
    return 0;
}
