"""check_figure.py: reads a figure file back independently of cairo and checks it.

  check_figure.py FILE WIDTH HEIGHT [ELEMENT...] [--colour R,G,B] [--colour-fraction R,G,B,MIN]

PNG: the IHDR size in pixels, decoded with zlib and the PNG filters, then optionally a
colour that must occur (--colour) or cover at least MIN of the pixels (--colour-fraction).
SVG: parsed as XML, root <svg> WIDTHpt x HEIGHTpt, and each ELEMENT (e.g. image, path)
present. PDF: begins with %PDF and its page (MediaBox) is WIDTH x HEIGHT points.
Exits 1 with a line saying what is wrong."""
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib


def fail(msg):
    print("check_figure: %s: %s" % (sys.argv[1], msg))
    sys.exit(1)


def png_pixels(data):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail("not a PNG")
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                fail("unexpected PNG type depth %d colour %d" % (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev = [], bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def main():
    path, want_w, want_h = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    rest = sys.argv[4:]
    data = open(path, "rb").read()
    if path.lower().endswith(".png"):
        w, h, bpp, rows = png_pixels(data)
        if (w, h) != (int(want_w), int(want_h)):
            fail("PNG is %dx%d, want %dx%d" % (w, h, want_w, want_h))
        i = 0
        while i < len(rest):
            spec = [int(v) for v in rest[i + 1].split(",")]
            want, minfrac = spec[:3], (spec[3] / 100.0 if rest[i] == "--colour-fraction" else 0)
            hits = sum(1 for line in rows for x in range(w)
                       if all(abs(line[x * bpp + k] - want[k]) <= 3 for k in range(3)))
            if hits == 0 or hits < minfrac * w * h:
                fail("colour %s covers %d of %d pixels" % (rest[i + 1], hits, w * h))
            i += 2
    elif path.lower().endswith(".svg"):
        root = ET.fromstring(data)
        if not root.tag.endswith("svg"):
            fail("root element is %s" % root.tag)
        size = (root.get("width"), root.get("height"))
        if size != ("%gpt" % want_w, "%gpt" % want_h):
            fail("SVG size %s, want %gpt x %gpt" % (size, want_w, want_h))
        tags = {el.tag.split("}")[-1] for el in root.iter()}
        for name in rest:
            if name not in tags:
                fail("no <%s> element (has %s)" % (name, ", ".join(sorted(tags))))
    elif path.lower().endswith(".pdf"):
        if not data.startswith(b"%PDF-"):
            fail("does not begin with %PDF-")
        m = re.search(rb"/MediaBox \[ *([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) *\]", data)
        if not m:
            fail("no MediaBox")
        box = [float(v) for v in m.groups()]
        if box != [0, 0, want_w, want_h]:
            fail("page %s, want 0 0 %g %g" % (box, want_w, want_h))
    else:
        fail("unknown extension")


main()
