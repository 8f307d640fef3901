/* draw.c: small drawing helpers every pane uses: width-aware text (UTF-8), boxes with
 * titles, number formats, and the braille canvas (2x4 dots per character cell, as htop's
 * graph meter) that the loss and output plots draw on. All drawing goes to stdscr. */
#include <config.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include "tui/tui_internal.h"

/* One character of s: its byte length and columns (invalid bytes: 1 byte, 1 column). */
static int utf8_char(const char *s, int *cols) {
    mbstate_t st;
    memset(&st, 0, sizeof st);
    wchar_t wc;
    size_t n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
    if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
        *cols = 1;
        return 1;
    }
    int w = wcwidth(wc);
    *cols = w < 0 ? 1 : w;
    return (int)n;
}

/* Without a UTF-8 locale curses would show our Unicode as escapes: text is folded to
   ASCII first (the glyphs we use get look-alikes, anything else becomes '?'). */
static const char *const fold_map[][2] = {
    {"│", "|"}, {"━", "-"}, {"─", "-"}, {"…", "..."}, {"→", "->"}, {"↔", "<>"}, {"▶", ">"},
    {"↑", "^"}, {"↓", "v"}, {"λ", "l"}, {"σ", "s"}, {"·", "."}, {"—", "-"}, {"░", "."},
    {"▒", ":"}, {"▓", "*"}, {"█", "#"}, {"≤", "<="}, {"±", "+-"}, {"•", "*"},
};

static void ascii_fold(const char *s, char *out, size_t n) {
    size_t o = 0;
    while (*s && o + 4 < n) {
        unsigned char c = (unsigned char)*s;
        if (c < 0x80) {
            out[o++] = *s++;
            continue;
        }
        size_t k, len = 1;
        for (k = 0; k < sizeof fold_map / sizeof fold_map[0]; k++) {
            size_t ul = strlen(fold_map[k][0]);
            if (!strncmp(s, fold_map[k][0], ul)) {
                size_t al = strlen(fold_map[k][1]);
                memcpy(out + o, fold_map[k][1], al);
                o += al;
                len = ul;
                break;
            }
        }
        if (k == sizeof fold_map / sizeof fold_map[0]) {
            out[o++] = '?';
            while ((((unsigned char)s[len]) & 0xc0) == 0x80) len++;   /* the whole sequence */
        }
        s += len;
    }
    out[o] = 0;
}

int utf8_width(const char *s) {
    if (!colors_utf8()) {
        char buf[1024];
        ascii_fold(s, buf, sizeof buf);
        return (int)strlen(buf);
    }
    int cols = 0, c;
    while (*s) {
        s += utf8_char(s, &c);
        cols += c;
    }
    return cols;
}

int utf8_fit(const char *s, int cols, int *used) {
    int bytes = 0, width = 0, c;
    while (s[bytes]) {
        int n = utf8_char(s + bytes, &c);
        if (width + c > cols) break;
        bytes += n;
        width += c;
    }
    if (used) *used = width;
    return bytes;
}

int draw_text(int y, int x, int cols, wb_color c, const char *s) {
    if (cols <= 0 || y < 0 || y >= LINES || x >= COLS) return 0;
    if (x + cols > COLS) cols = COLS - x;
    char folded[1024];
    if (!colors_utf8()) {
        ascii_fold(s, folded, sizeof folded);
        s = folded;
    }
    int used;
    int bytes = utf8_fit(s, cols, &used);
    attrset((int)colors_attr(c));
    mvaddnstr(y, x, s, bytes);
    attrset(A_NORMAL);
    return used;
}

int draw_textf(int y, int x, int cols, wb_color c, const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return draw_text(y, x, cols, c, buf);
}

void draw_fill(wb_rect r, wb_color c) {
    attrset((int)colors_attr(c));
    for (int i = 0; i < r.h; i++) mvhline(r.y + i, r.x, ' ', r.w);
    attrset(A_NORMAL);
}

wb_rect rect_inner(wb_rect r) {
    wb_rect in = {r.y + 1, r.x + 1, r.h - 2, r.w - 2};
    if (in.h < 0) in.h = 0;
    if (in.w < 0) in.w = 0;
    return in;
}

int draw_box(wb_rect r, const char *title, int focus) {
    if (r.w < 2 || r.h < 2) return r.x;
    wb_color c = focus ? C_BORDER_FOCUS : C_BORDER;
    attrset((int)colors_attr(c));
    mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
    mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
    mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
    mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
    mvaddch(r.y, r.x, ACS_ULCORNER);
    mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
    mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
    mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
    attrset(A_NORMAL);
    if (title && r.w > 6) {
        char buf[256];
        /* the focus is marked in text too, for monochrome terminals and screen readers */
        snprintf(buf, sizeof buf, focus ? (colors_utf8() ? " ▶ %s " : " > %s ") : " %s ", title);
        return r.x + 2 + draw_text(r.y, r.x + 2, r.w - 4, focus ? C_BORDER_FOCUS : C_TITLE, buf);
    }
    return r.x + 2;
}

void fmt_count(char *buf, size_t n, double v) {
    if (!isfinite(v)) snprintf(buf, n, "-");
    else if (fabs(v) >= 1e6) snprintf(buf, n, "%.2fM", v / 1e6);
    else if (fabs(v) >= 1e4) snprintf(buf, n, "%.1fk", v / 1e3);
    else snprintf(buf, n, "%.0f", v);
}

void fmt_duration(char *buf, size_t n, double s) {
    if (!isfinite(s) || s < 0) {
        snprintf(buf, n, "-");
        return;
    }
    long t = (long)(s + 0.5);
    if (t >= 3600) snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

void fmt_num(char *buf, size_t n, double v) {
    if (!isfinite(v)) snprintf(buf, n, "-");
    else snprintf(buf, n, "%.3g", v);
}

/* ---- braille canvas ---- */

int braille_init(braille *b, int w, int h) {
    b->w = w > 0 ? w : 0;
    b->h = h > 0 ? h : 0;
    size_t n = (size_t)b->w * b->h;
    b->bits = calloc(n ? n : 1, 1);
    b->color = calloc(n ? n : 1, 1);
    if (!b->bits || !b->color) {
        braille_free(b);
        return -1;
    }
    return 0;
}

void braille_free(braille *b) {
    free(b->bits);
    free(b->color);
    b->bits = b->color = NULL;
    b->w = b->h = 0;
}

void braille_dot(braille *b, int x, int y, wb_color c) {
    /* Unicode braille: dots 1-3 and 7 in the left column, 4-6 and 8 in the right */
    static const unsigned char bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    if (x < 0 || y < 0 || x >= 2 * b->w || y >= 4 * b->h) return;
    size_t i = (size_t)(y / 4) * b->w + x / 2;
    b->bits[i] |= bit[y % 4][x % 2];
    b->color[i] = (unsigned char)c;
}

void braille_line(braille *b, int x0, int y0, int x1, int y1, wb_color c) {
    int dx = abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
    int dy = -abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
    int err = dx + dy;
    for (int guard = 0; guard < 100000; guard++) {
        braille_dot(b, x0, y0, c);
        if (x0 == x1 && y0 == y1) break;
        int e2 = 2 * err;
        if (e2 >= dy) err += dy, x0 += sx;
        if (e2 <= dx) err += dx, y0 += sy;
    }
}

void braille_blit(const braille *b, int y, int x) {
    int unicode = colors_utf8();
    for (int r = 0; r < b->h; r++)
        for (int c = 0; c < b->w; c++) {
            size_t i = (size_t)r * b->w + c;
            unsigned bits = b->bits[i];
            if (!bits) continue;
            cchar_t cc;
            wchar_t s[2] = {0, 0};
            if (unicode) {
                s[0] = (wchar_t)(0x2800 + bits);
            } else {
                /* ASCII: which half of the cell holds dots */
                int top = bits & 0x1b, bottom = bits & 0xe4;
                s[0] = top && bottom ? L':' : top ? L'\'' : L'.';
            }
            setcchar(&cc, s, colors_attr(b->color[i]) & ~A_COLOR, colors_pair(b->color[i]), NULL);
            mvadd_wch(y + r, x + c, &cc);
        }
}
