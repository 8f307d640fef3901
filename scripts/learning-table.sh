#!/bin/sh
# learning-table.sh: trains every row of a table of `recmem train` commands (default:
# scripts/learning-table.tsv), one after another, and prints a Markdown table of what each
# reached: iterations, wall time, test information loss, SI, and whether it meets the
# paper's keep criterion (information loss < 0.5). Not part of `make check`: it takes tens
# of minutes. Usage: scripts/learning-table.sh [TABLE.tsv] [RECMEM]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
table=${1:-$here/learning-table.tsv}
recmem=${2:-${RECMEM:-recmem}}
out=${LEARNING_OUT:-learning-results.jsonl}
: >"$out"
echo "| run | command | iterations | wall time (s) | test information loss | SI | keep |"
echo "|---|---|---|---|---|---|---|"
grep -v '^#' "$table" | while IFS='	' read -r name flags; do
    [ -n "$name" ] || continue
    # shellcheck disable=SC2086
    json=$("$recmem" train $flags --test-batches 100 --json 2>/dev/null) || {
        echo "| $name | \`recmem train $flags\` | failed | | | | |"
        continue
    }
    echo "$json" >>"$out"
    echo "$json" | python3 -c '
import json, sys
r = json.load(sys.stdin)
name, flags = sys.argv[1], sys.argv[2]
ph = r["phases"]
its = sum(p["iters"] for p in ph[:1]) if len(ph) == 1 else ph[-1]["iters"]
secs = sum(p["seconds"] for p in ph)
il = " / ".join("%.3f" % p["test_infloss"] for p in ph)
si = "%.2f" % r["si"] if r["si"] is not None else "n/a"
keep = "yes" if all(p["keep"] for p in ph) else "no"
print("| %s | `recmem train %s` | %d | %.0f | %s | %s | %s |" % (name, flags, its, secs, il, si, keep))
' "$name" "$flags"
done
