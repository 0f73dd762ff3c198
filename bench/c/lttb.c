/* bench/c/lttb.c: the plain C peer of `scripts/bench analytics`.
 *
 * LTTB exactly as the PyPI `lttb` package defines it (numpy.array_split bins over the
 * inner points, centroid of the next bin, last bin against the last point, first maximum
 * wins), as a straightforward loop over separate x and y arrays.
 *
 * usage: lttb FILE THRESHOLD [REPEAT]
 *   FILE: little-endian float64 pairs x0 y0 x1 y1 ... (numpy (n, 2) C order)
 * prints: lttb_c_ms <best of REPEAT>, lttb_c_checksum <sum of kept indices>
 */
#define _POSIX_C_SOURCE 199309L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void lttb(const double *x, const double *y, long n, long threshold, long *out) {
    long bins = threshold - 2, inner = n - 2;
    long base = inner / bins, extra = inner % bins;
#define BIN_START(i) (1 + (i) * base + ((i) < extra ? (i) : extra))
    double ax = x[0], ay = y[0];
    long start = 1;
    out[0] = 0;
    out[threshold - 1] = n - 1;
    for (long i = 0; i < bins; i++) {
        long end = BIN_START(i + 1);
        double cx, cy;
        if (i < bins - 1) {
            long next_end = BIN_START(i + 2);
            double sx = 0, sy = 0;
            for (long j = end; j < next_end; j++) { sx += x[j]; sy += y[j]; }
            cx = sx / (double)(next_end - end);
            cy = sy / (double)(next_end - end);
        } else {
            cx = x[n - 1];
            cy = y[n - 1];
        }
        double dx = ax - cx, dy = cy - ay, best_area = -1;
        long best = start;
        for (long j = start; j < end; j++) {
            double area = fabs(dx * (y[j] - ay) - (ax - x[j]) * dy);
            if (area > best_area) { best_area = area; best = j; }
        }
        out[i + 1] = best;
        ax = x[best];
        ay = y[best];
        start = end;
    }
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: lttb FILE THRESHOLD [REPEAT]\n"); return 64; }
    long threshold = atol(argv[2]);
    int repeat = argc > 3 ? atoi(argv[3]) : 7;
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 66; }
    fseek(f, 0, SEEK_END);
    long bytes = ftell(f);
    fseek(f, 0, SEEK_SET);
    long n = bytes / 16;
    double *pairs = malloc(bytes), *x = malloc(n * sizeof(double)), *y = malloc(n * sizeof(double));
    long *out = malloc(threshold * sizeof(long));
    if (!pairs || !x || !y || !out || fread(pairs, 16, n, f) != (size_t)n) { fprintf(stderr, "cannot read %s\n", argv[1]); return 66; }
    fclose(f);
    for (long i = 0; i < n; i++) { x[i] = pairs[2 * i]; y[i] = pairs[2 * i + 1]; }
    if (threshold < 3 || threshold >= n) { fprintf(stderr, "threshold must be in 3..n-1\n"); return 64; }
    double best = 1e300;
    for (int r = 0; r < repeat; r++) {
        double t0 = now_ms();
        lttb(x, y, n, threshold, out);
        double t = now_ms() - t0;
        if (t < best) best = t;
    }
    long long checksum = 0;
    for (long i = 0; i < threshold; i++) checksum += out[i];
    printf("lttb_c_ms %.3f\nlttb_c_checksum %lld\n", best, checksum);
    return 0;
}
