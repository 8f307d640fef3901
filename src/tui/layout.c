/* layout.c: the panes' rectangles from the terminal's size and the workbench's mode (see
 * layout.h). The status line is row 0, the caption line (compare mode or a script's
 * caption) row 1; the prompt takes the bottom three tenths; the plots fill the rest: one
 * tall heatmap beside the loss and output panes on a wide terminal, above them on a
 * narrow one; in compare mode two heatmaps side by side above the loss and output panes,
 * and with a pinned pair two rows of two heatmaps (pinned above, compared below). */
#include <config.h>
#include "tui/layout.h"

static wb_rect rect(int y, int x, int h, int w) {
    return (wb_rect){y, x, h, w};
}

/* The pinned layout in the plots area (top, ah lines, W columns): 0 if it fits. */
static int layout_pinned(int top, int ah, int W, wb_layout_out *o) {
    int lh = ah / 4;                   /* loss and output: a short strip */
    if (lh < 5) lh = 5;
    int ph = (ah - lh) / 2, hh = ah - lh - ph;
    if (ph < LAYOUT_PIN_MIN_H || W / 2 < LAYOUT_PIN_MIN_W) return -1;
    o->pin[0] = rect(top, 0, ph, W / 2);
    o->pin[1] = rect(top, W / 2, ph, W - W / 2);
    o->heat[0] = rect(top + ph, 0, hh, W / 2);
    o->heat[1] = rect(top + ph, W / 2, hh, W - W / 2);
    o->loss = rect(top + ph + hh, 0, lh, W / 2);
    o->out = rect(top + ph + hh, W / 2, lh, W - W / 2);
    return 0;
}

void layout_compute(const wb_layout_in *in, wb_layout_out *o) {
    int W = in->width, H = in->height;
    *o = (wb_layout_out){.caption_row = -1};
    o->tiny = W < LAYOUT_MIN_COLS || H < LAYOUT_MIN_LINES;
    if (o->tiny) return;
    int top = 1;
    if (in->compare || in->caption) o->caption_row = top++;
    int ph = H * 3 / 10;
    if (ph < 6) ph = 6;
    if (H - top - ph < 9) ph = H - top - 9;
    if (ph < 4) ph = 4;
    int ah = H - top - ph;              /* height of the plots area */
    o->prompt = rect(H - ph, 0, ph, W);
    if (in->compare && in->pinned) {
        if (layout_pinned(top, ah, W, o) == 0) return;
        o->pin_hidden = 1;
    }
    if (in->compare) {
        int hh = ah * 6 / 10;
        o->heat[0] = rect(top, 0, hh, W / 2);
        o->heat[1] = rect(top, W / 2, hh, W - W / 2);
        o->loss = rect(top + hh, 0, ah - hh, W / 2);
        o->out = rect(top + hh, W / 2, ah - hh, W - W / 2);
    } else if (W >= 110) {
        int hw = W * 55 / 100;
        o->heat[0] = rect(top, 0, ah, hw);
        o->loss = rect(top, hw, ah / 2, W - hw);
        o->out = rect(top + ah / 2, hw, ah - ah / 2, W - hw);
    } else {
        int hh = ah * 55 / 100;
        o->heat[0] = rect(top, 0, hh, W);
        o->loss = rect(top + hh, 0, ah - hh, W / 2);
        o->out = rect(top + hh, W / 2, ah - hh, W - W / 2);
    }
}

void layout_pin_min(int caption, int *min_cols, int *min_lines) {
    int W = 2 * LAYOUT_PIN_MIN_W;
    if (W < LAYOUT_MIN_COLS) W = LAYOUT_MIN_COLS;
    wb_layout_in in = {.width = W, .caption = caption, .compare = 1, .pinned = 1};
    wb_layout_out o;
    /* the plots area grows with the terminal, so the first height that fits is the least */
    for (in.height = LAYOUT_MIN_LINES; in.height < 1000; in.height++) {
        layout_compute(&in, &o);
        if (!o.pin_hidden) break;
    }
    *min_cols = W;
    *min_lines = in.height;
}
