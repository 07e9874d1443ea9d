// Render's PNG writer: libpng called from C, because libpng reports errors with
// setjmp/longjmp, which must not cross Swift frames. See Sources/Render/PNGEncoder.swift.
#include <png.h>
#include <zlib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/// Growing output buffer, plus the first libpng error message.
typedef struct {
    unsigned char *bytes;
    size_t count;
    size_t capacity;
    char message[200];
} cw_png_output;

/// How to compress: a libpng filter mask (`PNG_FILTER_SUB`, ...), a zlib level (0-9) and a
/// zlib strategy (`Z_DEFAULT_STRATEGY`, `Z_RLE`, `Z_FILTERED`).
typedef struct {
    int filters;
    int level;
    int strategy;
} cw_png_settings;

static inline void cw_png_error(png_structp png, png_const_charp message) {
    cw_png_output *out = (cw_png_output *)png_get_error_ptr(png);
    if (out->message[0] == 0) {
        strncpy(out->message, message ? message : "unknown libpng error", sizeof out->message - 1);
    }
    png_longjmp(png, 1);
}

static inline void cw_png_warning(png_structp png, png_const_charp message) {
    (void)png;
    (void)message;
}

static inline void cw_png_write(png_structp png, png_bytep data, size_t length) {
    cw_png_output *out = (cw_png_output *)png_get_io_ptr(png);
    if (out->count + length > out->capacity) {
        size_t capacity = out->capacity * 2 > out->count + length ? out->capacity * 2 : out->count + length;
        unsigned char *grown = (unsigned char *)realloc(out->bytes, capacity);
        if (grown == NULL) png_error(png, "out of memory for the PNG bytes");
        out->bytes = grown;
        out->capacity = capacity;
    }
    memcpy(out->bytes + out->count, data, length);
    out->count += length;
}

static inline void cw_png_flush(png_structp png) { (void)png; }

/// Whether every pixel of a premultiplied native-endian ARGB32 raster has alpha 255.
static inline int cw_png_is_opaque(const unsigned char *pixels, int width, int height, int stride) {
    for (int y = 0; y < height; y++) {
        const uint32_t *row = (const uint32_t *)(pixels + (size_t)y * stride);
        uint32_t all = 0xFF000000u;
        for (int x = 0; x < width; x++) all &= row[x];
        if (all != 0xFF000000u) return 0;
    }
    return 1;
}

/// One row of premultiplied ARGB32 as RGB bytes (opaque) or un-premultiplied RGBA bytes,
/// rounding as Cairo's own PNG writer does, so both decode to the same pixels.
static inline void cw_png_convert_row(const uint32_t *row, int width, int opaque, unsigned char *out) {
    if (opaque) {
        for (int x = 0; x < width; x++) {
            uint32_t p = row[x];
            out[0] = (unsigned char)(p >> 16);
            out[1] = (unsigned char)(p >> 8);
            out[2] = (unsigned char)p;
            out += 3;
        }
        return;
    }
    for (int x = 0; x < width; x++) {
        uint32_t p = row[x];
        uint32_t a = p >> 24;
        if (a == 0) {
            out[0] = out[1] = out[2] = out[3] = 0;
        } else if (a == 255) {
            out[0] = (unsigned char)(p >> 16);
            out[1] = (unsigned char)(p >> 8);
            out[2] = (unsigned char)p;
            out[3] = 255;
        } else {
            out[0] = (unsigned char)((((p >> 16) & 0xFF) * 255 + a / 2) / a);
            out[1] = (unsigned char)((((p >> 8) & 0xFF) * 255 + a / 2) / a);
            out[2] = (unsigned char)(((p & 0xFF) * 255 + a / 2) / a);
            out[3] = (unsigned char)a;
        }
        out += 4;
    }
}

/// The libpng calls, between setjmp and the cleanup; returns 0, or 1 after a libpng error.
static inline int cw_png_encode(png_structp png, png_infop info, const unsigned char *pixels, int width, int height,
                                int stride, int opaque, cw_png_settings settings, unsigned char *rowBuffer) {
    if (setjmp(png_jmpbuf(png))) return 1;
    png_set_write_fn(png, png_get_error_ptr(png), cw_png_write, cw_png_flush);
    png_set_filter(png, PNG_FILTER_TYPE_BASE, settings.filters);
    png_set_compression_level(png, settings.level);
    png_set_compression_strategy(png, settings.strategy);
    png_set_compression_buffer_size(png, 1 << 16);
    png_set_IHDR(png, info, (png_uint_32)width, (png_uint_32)height, 8,
                 opaque ? PNG_COLOR_TYPE_RGB : PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int y = 0; y < height; y++) {
        cw_png_convert_row((const uint32_t *)(pixels + (size_t)y * stride), width, opaque, rowBuffer);
        png_write_row(png, rowBuffer);
    }
    png_write_end(png, info);
    return 0;
}

/// Encodes a Cairo ARGB32 raster (premultiplied, native-endian, `stride` bytes per row) as
/// an 8-bit PNG: RGB when every pixel is opaque, otherwise RGBA. No time or text chunks,
/// so equal pixels give equal bytes.
///
/// Returns 0 with the PNG in `out->bytes` (`out->count` bytes, free with `free`), or
/// nonzero with a message in `out->message` (and `out->bytes` freed).
static inline int cw_png_write_argb32(const unsigned char *pixels, int width, int height, int stride,
                                      cw_png_settings settings, cw_png_output *out) {
    out->bytes = NULL;
    out->count = 0;
    out->capacity = 0;
    out->message[0] = 0;
    if (pixels == NULL || width <= 0 || height <= 0 || stride < width * 4) {
        snprintf(out->message, sizeof out->message, "the picture has no pixels (%d×%d)", width, height);
        return 1;
    }
    int opaque = cw_png_is_opaque(pixels, width, height, stride);
    out->capacity = (size_t)width * height / 4 + 1024;
    out->bytes = (unsigned char *)malloc(out->capacity);
    unsigned char *rowBuffer = (unsigned char *)malloc((size_t)width * 4);
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, out, cw_png_error, cw_png_warning);
    png_infop info = png ? png_create_info_struct(png) : NULL;
    int failed = 1;
    if (out->bytes && rowBuffer && png && info) {
        failed = cw_png_encode(png, info, pixels, width, height, stride, opaque, settings, rowBuffer);
    } else {
        strncpy(out->message, "out of memory", sizeof out->message - 1);
    }
    png_destroy_write_struct(png ? &png : NULL, info ? &info : NULL);
    free(rowBuffer);
    if (failed) {
        free(out->bytes);
        out->bytes = NULL;
        out->count = 0;
    }
    return failed;
}
