/* plot_colors.c: the colours every figure and the workbench share: the inferno colour map
 * (perceptually uniform, black at zero so silent units fade into the background; defined
 * here once, the workbench's heatmap maps it onto the terminal's palette) and the line
 * colours of Okabe & Ito (distinguishable with every common colour-vision deficiency), and
 * the nearest xterm-256 palette entry of a colour (for terminals without 24-bit colour). */
#include <config.h>
#include <math.h>
#include "plot/plot.h"

/* inferno at 0, 1/8, ..., 1 (matplotlib); linear interpolation between these stops stays
   within a few levels of the full 256-entry table */
static const unsigned char inferno[9][3] = {
    {0, 0, 4},      {31, 12, 72},   {85, 15, 109},  {136, 34, 106}, {186, 54, 85},
    {227, 89, 51},  {249, 140, 10}, {249, 201, 50}, {252, 255, 164},
};

void plot_inferno(double t, unsigned char rgb[3]) {
    if (isnan(t)) {     /* NaN cells: a neutral grey that the map never produces */
        rgb[0] = rgb[1] = rgb[2] = 190;
        return;
    }
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    double s = t * 8.0;
    int k = (int)s;
    if (k > 7) k = 7;
    double f = s - k;
    for (int c = 0; c < 3; c++)
        rgb[c] = (unsigned char)(inferno[k][c] + f * (inferno[k + 1][c] - inferno[k][c]) + 0.5);
}

void plot_series_color(int k, double rgb[3]) {
    /* blue, vermillion, bluish green, reddish purple, orange, sky blue, black, yellow
       (yellow last: it is faint on white) */
    static const unsigned char oi[8][3] = {{0, 114, 178},  {213, 94, 0},    {0, 158, 115},
                                           {204, 121, 167}, {230, 159, 0},  {86, 180, 233},
                                           {0, 0, 0},       {240, 228, 66}};
    const unsigned char *c = oi[(k < 0 ? 0 : k) % 8];
    for (int i = 0; i < 3; i++) rgb[i] = c[i] / 255.0;
}

int plot_xterm256(const unsigned char rgb[3]) {
    static const int cube[6] = {0, 95, 135, 175, 215, 255};
    long best = -1;
    int best_i = 16;
    for (int i = 16; i < 256; i++) {
        int cr, cg, cb;
        if (i < 232) {
            int k = i - 16;
            cr = cube[k / 36], cg = cube[(k / 6) % 6], cb = cube[k % 6];
        } else {
            cr = cg = cb = 8 + 10 * (i - 232);
        }
        /* weights roughly follow perceived brightness of each primary */
        long d = 3L * (rgb[0] - cr) * (rgb[0] - cr) + 4L * (rgb[1] - cg) * (rgb[1] - cg) +
                 2L * (rgb[2] - cb) * (rgb[2] - cb);
        if (best < 0 || d < best) best = d, best_i = i;
    }
    return best_i;
}
