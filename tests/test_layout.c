/* test_layout.c: the workbench's pane arithmetic (src/tui/layout.c): for every terminal
 * size and mode the panes tile the screen below the status (and caption) line without
 * overlapping; the pinned pair sits above the compared one in two equal columns wherever
 * the terminal is large enough, and is reported hidden (the compared pair laid out as
 * without it) where it is not; layout_pin_min names the exact smallest size. */
#include <config.h>
#include <stdio.h>
#include "tui/layout.h"
#include "testutil.h"

static int overlap(wb_rect a, wb_rect b) {
    return a.w > 0 && b.w > 0 && a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h &&
           b.y < a.y + a.h;
}

static int inside(wb_rect r, int top, int W, int H) {
    return r.w == 0 || (r.x >= 0 && r.y >= top && r.x + r.w <= W && r.y + r.h <= H && r.h > 0);
}

/* The panes of o tile rows top..H-1 exactly: inside, disjoint, areas adding up. */
static void check_tiling(const wb_layout_in *in, const wb_layout_out *o) {
    int W = in->width, H = in->height, top = o->caption_row >= 0 ? 2 : 1;
    wb_rect r[7] = {o->heat[0], o->heat[1], o->pin[0], o->pin[1], o->loss, o->out, o->prompt};
    long area = 0;
    for (int i = 0; i < 7; i++) {
        CHECK(inside(r[i], top, W, H), "%dx%d c%d p%d: rect %d (%d,%d %dx%d) outside", W, H,
              in->compare, in->pinned, i, r[i].y, r[i].x, r[i].w, r[i].h);
        area += (long)r[i].w * r[i].h;
        for (int j = 0; j < i; j++)
            CHECK(!overlap(r[i], r[j]), "%dx%d c%d p%d: rects %d and %d overlap", W, H,
                  in->compare, in->pinned, i, j);
    }
    CHECK(area == (long)W * (H - top), "%dx%d c%d p%d: panes cover %ld cells of %ld", W, H,
          in->compare, in->pinned, area, (long)W * (H - top));
}

static int same_rect(wb_rect a, wb_rect b) {
    return a.y == b.y && a.x == b.x && a.h == b.h && a.w == b.w;
}

int main(void) {
    wb_layout_in in = {.width = 59, .height = 40};
    wb_layout_out o;
    layout_compute(&in, &o);
    CHECK(o.tiny, "59 columns should be too small");
    in = (wb_layout_in){.width = 60, .height = 15};
    layout_compute(&in, &o);
    CHECK(o.tiny, "15 lines should be too small");
    in.height = 16;
    layout_compute(&in, &o);
    CHECK(!o.tiny, "60x16 is the smallest workbench");

    /* the layouts from before the pinned pair: spot values */
    in = (wb_layout_in){.width = 120, .height = 40};
    layout_compute(&in, &o);   /* wide: a tall heatmap beside loss and output */
    CHECK(o.caption_row == -1 && same_rect(o.heat[0], (wb_rect){1, 0, 27, 66}) &&
              same_rect(o.loss, (wb_rect){1, 66, 13, 54}) &&
              same_rect(o.prompt, (wb_rect){28, 0, 12, 120}),
          "120x40: heat %d,%d %dx%d", o.heat[0].y, o.heat[0].x, o.heat[0].w, o.heat[0].h);
    in.compare = 1;
    layout_compute(&in, &o);
    CHECK(o.caption_row == 1 && same_rect(o.heat[0], (wb_rect){2, 0, 15, 60}) &&
              same_rect(o.heat[1], (wb_rect){2, 60, 15, 60}) && o.pin[0].w == 0,
          "120x40 compare: heat %d,%d %dx%d", o.heat[0].y, o.heat[0].x, o.heat[0].w, o.heat[0].h);

    /* every size and mode tiles; the pinned pair is shown or said to be hidden */
    for (int W = 60; W <= 200; W += 7)
        for (int H = 16; H <= 70; H++)
            for (int mode = 0; mode < 8; mode++) {
                in = (wb_layout_in){.width = W, .height = H, .caption = mode & 1,
                                    .compare = (mode >> 1) & 1, .pinned = (mode >> 2) & 1};
                layout_compute(&in, &o);
                check_tiling(&in, &o);
                int asked = in.compare && in.pinned;
                CHECK(o.pin_hidden == (asked && o.pin[0].w == 0), "%dx%d mode %d: pin_hidden %d",
                      W, H, mode, o.pin_hidden);
                CHECK(asked || o.pin[0].w == 0, "%dx%d mode %d: a pinned row nobody asked for", W,
                      H, mode);
                CHECK(in.compare == (o.heat[1].w > 0), "%dx%d mode %d: compared heatmap", W, H,
                      mode);
                if (o.pin[0].w) {
                    /* pinned above compared, column by column, each big enough */
                    for (int k = 0; k < 2; k++) {
                        CHECK(o.pin[k].x == o.heat[k].x && o.pin[k].w == o.heat[k].w &&
                                  o.pin[k].y + o.pin[k].h == o.heat[k].y,
                              "%dx%d: pinned %d is not above heatmap %d", W, H, k, k);
                        CHECK(o.pin[k].h >= LAYOUT_PIN_MIN_H && o.pin[k].w >= LAYOUT_PIN_MIN_W &&
                                  o.heat[k].h >= LAYOUT_PIN_MIN_H,
                              "%dx%d: heatmap %d too small (%dx%d)", W, H, k, o.pin[k].w,
                              o.pin[k].h);
                    }
                    CHECK(o.loss.y == o.heat[0].y + o.heat[0].h, "%dx%d: loss not below", W, H);
                } else if (o.pin_hidden) {
                    /* hidden: exactly the compare layout */
                    wb_layout_in plain = in;
                    plain.pinned = 0;
                    wb_layout_out p;
                    layout_compute(&plain, &p);
                    CHECK(same_rect(o.heat[0], p.heat[0]) && same_rect(o.heat[1], p.heat[1]) &&
                              same_rect(o.loss, p.loss) && same_rect(o.out, p.out),
                          "%dx%d: hidden pinned pair changed the compare layout", W, H);
                }
            }

    /* the lecture's terminal shows all four */
    in = (wb_layout_in){.width = 140, .height = 45, .caption = 1, .compare = 1, .pinned = 1};
    layout_compute(&in, &o);
    CHECK(o.pin[0].w == 70 && o.pin[1].w == 70 && !o.pin_hidden, "140x45: pinned pair hidden");

    /* the smallest size that shows the pinned pair, exactly */
    for (int cap = 0; cap < 2; cap++) {
        int mc, ml;
        layout_pin_min(cap, &mc, &ml);
        /* the size man/recmem.1 and docs/workbench.md state */
        CHECK(mc == 72 && ml == 35, "caption %d: four heatmaps need %dx%d, documented as 72x35",
              cap, mc, ml);
        in = (wb_layout_in){.width = mc, .height = ml, .caption = cap, .compare = 1, .pinned = 1};
        layout_compute(&in, &o);
        CHECK(o.pin[0].w > 0, "caption %d: %dx%d should show the pinned pair", cap, mc, ml);
        in.height = ml - 1;
        layout_compute(&in, &o);
        CHECK(o.pin_hidden, "caption %d: %dx%d should not", cap, mc, ml - 1);
        in.height = ml, in.width = mc - 1;
        layout_compute(&in, &o);
        CHECK(o.pin_hidden, "caption %d: %dx%d should not", cap, mc - 1, ml);
        for (int W = mc; W < mc + 60; W += 3)   /* and every larger terminal does */
            for (int H = ml; H < ml + 40; H++) {
                in.width = W, in.height = H;
                layout_compute(&in, &o);
                CHECK(!o.pin_hidden, "caption %d: %dx%d hides the pinned pair", cap, W, H);
            }
    }
    return test_result("test_layout");
}
