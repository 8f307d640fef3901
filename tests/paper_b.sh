#!/bin/sh
# paper_b.sh: the factor scripts rho, task, multitask and coupling end to end (quick mode;
# see tests/paper_check.sh), and the coupling grid's heatmap per task.
. "$top_srcdir/tests/paper_check.sh"
run_script rho 4 1
run_script task 4 1
run_script multitask 4 1
run_script coupling 8 2
# coupling: a heatmap of the grid per task, in every format
for e in pdf svg png; do
    [ -s "$w/coupling/figures/coupling-2AFC-grid.$e" ] || bad "no coupling grid .$e"
done
grep -q '^coupling,lambda0 0.98 - 0.80,lambda_hi,lambda_lo,2AFC,' "$w/coupling/coupling-summary.csv" ||
    bad "coupling: no lambda0 contrast: $(cat "$w/coupling/coupling-summary.csv")"
grep -q '^coupling,sigma0 0.018 - 0,sigma_hi,sigma_lo,2AFC,' "$w/coupling/coupling-summary.csv" ||
    bad "coupling: no sigma0 contrast"
# multitask: the task-A-then-B arm trained on COMP then 2AFC
grep -q '^multitask,COMP-2AFC,COMP,2AFC,multitask,' "$w/multitask/multitask-networks.csv" ||
    bad "multitask: no COMP->2AFC networks: $(cat "$w/multitask/multitask-networks.csv")"
# paper-si-parts.lua splits each network's SI: entropy + ridge add up to the SI
"$RECMEM" "$top_srcdir/scripts/analysis/paper-si-parts.lua" "$w/rho" rho1e-3 rho0 2 >"$w/parts.out" 2>&1 ||
    bad "paper-si-parts: $(cat "$w/parts.out")"
[ "$(grep -c 'point [01]: SI' "$w/parts.out")" -eq 4 ] || bad "paper-si-parts: $(cat "$w/parts.out")"
grep -Eq '^2AFC: rho1e-3 - rho0, 2 pairs \(all networks\): [-+][0-9.]+ \[' "$w/parts.out" ||
    bad "paper-si-parts: no paired difference: $(cat "$w/parts.out")"
awk '/point/ { si = $5; e = $8; r = $11; sub(";", "", r); d = si - e - r; if (d > 0.002 || d < -0.002) { print "FAIL: parts do not add up: " $0; exit 1 } }' \
    "$w/parts.out" || fails=$((fails + 1))
# ... and with a VARIANT probes every network on that variant's trials instead of its own
"$RECMEM" "$top_srcdir/scripts/analysis/paper-si-parts.lua" "$w/rho" rho1e-3 rho0 2 vardelay >"$w/parts-v.out" 2>&1 ||
    bad "paper-si-parts vardelay: $(cat "$w/parts-v.out")"
[ "$(grep -c 'point [01]: SI' "$w/parts-v.out")" -eq 4 ] || bad "paper-si-parts vardelay: $(cat "$w/parts-v.out")"
cmp -s "$w/parts.out" "$w/parts-v.out" && bad "paper-si-parts: vardelay trials gave the same SIs as the networks' own"
"$RECMEM" "$top_srcdir/scripts/analysis/paper-si-parts.lua" "$w/rho" rho1e-3 rho0 2 bogus >/dev/null 2>&1 &&
    bad "paper-si-parts: an unknown variant was accepted"
# the scripts share their networks: rho (run first) trained the basic 2AFC networks, so
# task trained only its COMP arm, and the store holds one sweep of basic 2AFC networks
[ "$(grep -c '^+ .* sweep ' "$w/task.err")" -eq 1 ] || bad "task retrained shared networks: $(grep '^+ ' "$w/task.err")"
[ "$(ls -d "$w"/paper-networks/2AFC-basic-????????/ | wc -l)" -eq 1 ] || bad "store: $(ls "$w/paper-networks")"
# --slurm passes sweep's SLURM options through: a dry run writes each arm's job script
# (into a store of its own: the one above already holds these networks)
"$RECMEM" "$top_srcdir/examples/paper/rho.lua" --dir "$w/slurm" --networks "$w/slurm-nets" --slurm --time 1:00:00 \
    --partition short --dry-run >"$w/slurm.out" 2>"$w/slurm.err" || bad "slurm dry run: $(cat "$w/slurm.err")"
[ "$(ls "$w"/slurm-nets/*/slurm/sweep.sbatch | wc -l)" -eq 2 ] || bad "slurm: job scripts: $(ls -R "$w/slurm-nets")"
for f in "$w"/slurm-nets/*/slurm/sweep.sbatch; do
    grep -q '^#SBATCH --time=1:00:00$' "$f" && grep -q '^#SBATCH --partition=short$' "$f" ||
        bad "slurm: $f lacks the options: $(cat "$f")"
done
grep -q "nothing submitted" "$w/slurm.out" || bad "slurm dry run: $(cat "$w/slurm.out")"
[ -e "$w/slurm/rho-summary.csv" ] && bad "slurm dry run wrote a summary"
[ $fails -eq 0 ] || exit 1
echo "paper_b: ok"
