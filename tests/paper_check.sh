# paper_check.sh, sourced by tests/paper_*.sh: runs scripts of examples/paper/ end to end in
# their quick mode (RECMEM_QUICK=1, -j 2) into a temporary directory and checks what they
# write: the per-network and summary CSVs (columns, one row per network / comparison) and
# every figure as PDF (page size), SVG (parsed, size) and PNG (pixel size; one per script
# decoded in full and checked for drawn text on a white page).
set -u
: "${RECMEM:?}" "${top_srcdir:?}"
. "$top_srcdir/tests/find_python.sh"
need_python paper_scripts "zlib, xml.etree.ElementTree"
CHECK="$PY $top_srcdir/tests/plot/check_figure.py"
w=$(mktemp -d /tmp/rm-paper.XXXXXX)
trap 'rm -rf "$w"' EXIT
cd "$w" || exit 1
export RECMEM_QUICK=1 OPENBLAS_NUM_THREADS=1
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# png_size FILE: "W H" from the IHDR chunk
png_size() { "$PY" -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); print(*struct.unpack(">II", d[16:24]))' "$1"; }

# run_script NAME NETWORKS COMPARISONS: runs it, then checks its tables and figures
run_script() {
    name=$1 nets=$2 comps=$3 out="$w/$1"
    "$RECMEM" "$top_srcdir/examples/paper/$name.lua" --dir "$out" -j 2 >"$out.out" 2>"$out.err" ||
        { bad "$name exited $?: $(tail -3 "$out.err")"; return; }
    grep -q "^$name, scale quick: 8 units, 20 iterations" "$out.out" ||
        bad "$name: no summary table: $(tail -3 "$out.out")"
    head -1 "$out/$name-networks.csv" | grep -q '^factor,arm,task,task2,condition,lambda,sigma,rho,hidden,iters,seed,status,test_infloss,keep,si,' ||
        bad "$name: networks.csv header: $(head -1 "$out/$name-networks.csv")"
    n=$(($(wc -l <"$out/$name-networks.csv") - 1))
    [ "$n" -eq "$nets" ] || bad "$name: $n networks in the CSV, want $nets"
    [ "$(grep -c ',done,' "$out/$name-networks.csv")" -eq "$nets" ] || bad "$name: not every network done"
    head -1 "$out/$name-summary.csv" | grep -q ',pairs,n,dropped,mean_a,mean_b,mean_diff,ci_lo,ci_hi,p,p_method,' ||
        bad "$name: summary.csv header: $(head -1 "$out/$name-summary.csv")"
    n=$(($(wc -l <"$out/$name-summary.csv") - 1))
    [ "$n" -eq "$comps" ] || bad "$name: $n comparisons in the summary, want $comps"
    # quick networks never meet the keep criterion: every pair is counted as dropped
    awk -F, -v s="$name" 'NR > 1 && ($10 < 2 || $11 != 0 || $12 != $10) { print "FAIL: " s ": pairs/n/dropped " $10 "/" $11 "/" $12; exit 1 }' \
        "$out/$name-summary.csv" || fails=$((fails + 1))
    ls "$out/figures/$name-diff.png" "$out/figures/"*-activity.png "$out/figures/"*-loss.png >/dev/null 2>&1 ||
        bad "$name: figures missing: $(ls "$out/figures")"
    decoded=
    for f in "$out/figures/"*.png; do
        base=${f%.png}
        case $base in
            *-activity) pw=864 ph=324 ;;
            *) pw=432 ph=324 ;;
        esac
        [ "$(png_size "$f")" = "$((pw * 150 / 72)) $((ph * 150 / 72))" ] || bad "$f: size $(png_size "$f")"
        $CHECK "$base.svg" $pw $ph path || bad "$base.svg"
        $CHECK "$base.pdf" $pw $ph || bad "$base.pdf"
        if [ -z "$decoded" ] && [ "${base%-diff}" != "$base" ]; then
            decoded=1
            $CHECK "$f" $((pw * 150 / 72)) $((ph * 150 / 72)) --colour 0,0,0 --colour-fraction 255,255,255,30 || bad "$f"
        fi
    done
    [ -n "$decoded" ] || bad "$name: no difference figure decoded"
}
