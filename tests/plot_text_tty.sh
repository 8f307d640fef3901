#!/bin/sh
# plot_text_tty.sh: figures in the terminal from a paper script and from recmem.show. On a
# pseudo-terminal (script(1)) a quick paper script draws each figure it saves under its file
# name, in colour unless NO_COLOR is set, each line as wide as the terminal; --no-show, or
# stdout in a file, keeps the output to text (--show draws there too); recmem.show draws a
# figure (an analysis result: its summary, then its figure) on a terminal and prints only
# the summary line elsewhere; recmem plot --show draws a saved network's figures.
set -u
: "${RECMEM:?}" "${top_srcdir:?}"
command -v script >/dev/null 2>&1 || { echo "script (util-linux) not found: cannot make a pseudo-terminal"; exit 77; }
. "$top_srcdir/tests/find_python.sh"
need_python plot_text_tty "re"
w=$(mktemp -d /tmp/rm-plottext.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w" || exit 1
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
script_name=hebbian
run="$RECMEM $top_srcdir/examples/paper/$script_name.lua --dir $w/p -j 1"

# on_tty OUT [env...] -- CMD: runs CMD on a 100 x 40 pseudo-terminal, its output in OUT
on_tty() {
    out=$1
    shift
    env -u NO_COLOR -u COLORTERM RECMEM_QUICK=1 OPENBLAS_NUM_THREADS=1 TERM=xterm-256color \
        COLUMNS=100 LINES=40 LC_ALL=C.UTF-8 "$@" </dev/null >"$out" 2>&1
}

# the figures drawn in OUT: one under each figure file's name (as many as the PNGs the
# script wrote), every line of them 100 characters wide
check_drawn() {
    "$PY" - "$1" "$2" "$(ls "$w/p/figures/"*.png | wc -l)" <<'EOF' || fails=$((fails + 1))
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read().replace("\r\n", "\n")
plain = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", text)
lines = plain.split("\n")
captions = [i for i, l in enumerate(lines) if l.endswith(".{pdf,svg,png}:")]
ok = True
def bad(msg):
    global ok
    print("FAIL: " + sys.argv[2] + ": " + msg)
    ok = False
if len(captions) != int(sys.argv[3]) or len(captions) < 3:
    bad("%d figures drawn, %s written (activity, loss, differences)" % (len(captions), sys.argv[3]))
for i in captions:
    j = i + 1
    while j < len(lines) and lines[j] != "":
        if len(lines[j]) != 100:
            bad("line %d of the figure under %s is %d characters" % (j - i, lines[i], len(lines[j])))
            break
        j += 1
    if j - i - 1 < 10:
        bad("the figure under %s has %d lines" % (lines[i], j - i - 1))
if not any(0x2800 < ord(c) < 0x2900 for c in plain):
    bad("no braille (loss curve, dots)")
if "\u2501" not in plain:
    bad("no mean mark in the difference figure")
if "hebbian, scale quick" not in plain:
    bad("no summary table")
sys.exit(0 if ok else 1)
EOF
}

# colour on a terminal: half-block heatmap cells in xterm-256 colours
on_tty "$w/tty.out" script -qec "$run" /dev/null || bad "on a terminal: exit $? $(tail -3 "$w/tty.out")"
check_drawn "$w/tty.out" "on a terminal"
grep -q "$(printf '\033')\[0;38;5;[0-9]*;48;5;[0-9]*m▀" "$w/tty.out" || bad "on a terminal: no coloured heatmap cells"
[ -s "$w/p/hebbian-summary.csv" ] || bad "no summary CSV"

# NO_COLOR: the same figures without a colour sequence (shades and text only)
on_tty "$w/nocolor.out" NO_COLOR=1 script -qec "$run" /dev/null || bad "NO_COLOR: exit $?"
check_drawn "$w/nocolor.out" "NO_COLOR"
grep -q "$(printf '\033')\[[0-9;]*m" "$w/nocolor.out" && bad "NO_COLOR: colour sequences in the output"
grep -q "▀" "$w/nocolor.out" && bad "NO_COLOR: half blocks need colour"

# --no-show on a terminal, and stdout in a file: no figure; --show into a file: figures
on_tty "$w/noshow.out" script -qec "$run --no-show" /dev/null || bad "--no-show: exit $?"
grep -q '{pdf,svg,png}:' "$w/noshow.out" && bad "--no-show drew figures"
grep -q "hebbian, scale quick" "$w/noshow.out" || bad "--no-show: no summary table"
on_tty "$w/file.out" sh -c "$run"
grep -q '{pdf,svg,png}:' "$w/file.out" && bad "stdout in a file: figures drawn"
"$PY" -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); sys.exit(any(0x2800 <= ord(c) < 0x2900 or c in "▀━" for c in t))' "$w/file.out" ||
    bad "stdout in a file: figure characters in the output"
on_tty "$w/show.out" sh -c "$run --show"
check_drawn "$w/show.out" "--show into a file"
grep -q "$(printf '\033')\[[0-9;]*m" "$w/show.out" && bad "--show into a file: colour sequences"

# recmem.show: drawn on a terminal, summarised elsewhere
chunk='recmem.show(recmem.plot.lines{y = {1, 3, 2}, title = "shown"})'
on_tty "$w/show_tty.out" script -qec "$RECMEM -e '$chunk'" /dev/null || bad "recmem.show on a terminal: exit $?"
grep -q "shown" "$w/show_tty.out" || bad "recmem.show on a terminal: no title"
grep -q "figure 432x324 pt" "$w/show_tty.out" && bad "recmem.show on a terminal printed the summary"
"$PY" -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); sys.exit(not any(0x2800 < ord(c) < 0x2900 for c in t))' "$w/show_tty.out" ||
    bad "recmem.show on a terminal: no braille line"
on_tty "$w/show_file.out" "$RECMEM" -e "$chunk"
[ "$(cat "$w/show_file.out")" = 'figure 432x324 pt: lines (1 series) "shown"' ] ||
    bad "recmem.show into a file: '$(cat "$w/show_file.out")'"
# an analysis result: its summary line, then (on a terminal only) its figure
chunk='recmem.show{kind = "lesion_curve", n_removed = {0, 1, 2}, infloss = {0.1, 0.4, 0.7}}'
on_tty "$w/result_tty.out" script -qec "$RECMEM -e '$chunk'" /dev/null || bad "a result on a terminal: exit $?"
grep -q "lesion curve: 3 points" "$w/result_tty.out" || bad "a result on a terminal: no summary"
"$PY" -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); sys.exit(not any(0x2800 < ord(c) < 0x2900 for c in t))' "$w/result_tty.out" ||
    bad "a result on a terminal: no figure"
on_tty "$w/result_file.out" "$RECMEM" -e "$chunk"
[ "$(wc -l <"$w/result_file.out")" -eq 1 ] && grep -q "^lesion curve: 3 points" "$w/result_file.out" ||
    bad "a result into a file: '$(cat "$w/result_file.out")'"
# recmem plot --show: a saved network's heatmap in the terminal (and the file with -o); into
# a file, plain text; neither -o nor --show is refused
cp "$(ls "$w/paper-networks/"*/points/0000.safetensors | head -1)" "$w/net.safetensors" ||
    bad "no checkpoint in the network store"
on_tty "$w/plot_tty.out" script -qec "$RECMEM plot $w/net.safetensors --heatmap --show -o $w/h.png" /dev/null ||
    bad "recmem plot --show on a terminal: exit $?"
grep -q "$(printf '\033')\[0;38;5;[0-9]*;48;5;[0-9]*m▀" "$w/plot_tty.out" || bad "recmem plot --show: no coloured heatmap"
grep -q "h.png: figure 432x324 pt: heatmap" "$w/plot_tty.out" || bad "recmem plot --show -o: no file summary"
[ -s "$w/h.png" ] || bad "recmem plot --show -o: no file"
on_tty "$w/plot_file.out" "$RECMEM" plot "$w/net.safetensors" --loss --show
"$PY" -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); sys.exit(not any(0x2800 < ord(c) < 0x2900 for c in t) or "\x1b" in t or "loss" not in t)' "$w/plot_file.out" ||
    bad "recmem plot --loss --show into a file: $(head -3 "$w/plot_file.out")"
on_tty "$w/plot_none.out" "$RECMEM" plot "$w/net.safetensors" --heatmap
[ $? -eq 2 ] && grep -q "or --show for the terminal" "$w/plot_none.out" || bad "recmem plot without -o or --show: $(cat "$w/plot_none.out")"
[ $fails -eq 0 ] || exit 1
echo "plot_text_tty: ok"
