# grid_sweep.sh: a sweep directory written by hand for the grid tests (sourced; $sw names
# it): lambda {0.9, 0.98} x sigma {0, 0.01} x seed {1, 2}, seeds fastest, so point
# 4*l + 2*s + k. Results are written beside and renamed, as the sweep's workers do:
#   lambda 0.9,  sigma 0:    SI 0.2 and 0.4, both kept (mean 0.3)
#   lambda 0.9,  sigma 0.01: both failed
#   lambda 0.98, sigma 0:    both finished, none kept
#   lambda 0.98, sigma 0.01: missing (points 6, 7)
: "${sw:?grid_sweep.sh: set sw to the directory to write}"
mkdir -p "$sw/results" "$sw/points" "$sw/logs"
# points in the order lambda, sigma, seed (seed fastest): index = 4*l + 2*s + k
{
    printf '{"format": "recmem.sweep", "version": 1, "name": "gridtest", "base": {},\n'
    printf ' "axes": [{"key": "lambda", "values": [0.9, 0.98]}, {"key": "sigma", "values": [0, 0.01]},'
    printf ' {"key": "seed", "values": [1, 2]}],\n "points": ['
    sep=
    for l in 0.9 0.98; do for s in 0 0.01; do for k in 1 2; do
        printf '%s{"task": "DE1", "lambda": %s, "sigma": %s, "seed": %s}' "$sep" $l $s $k
        sep=', '
    done; done; done
    printf ']}\n'
} >"$sw/sweep.json"
# result I STATUS KEEP SI
result() {
    printf '{"point": %d, "status": "%s", "keep": %s, "si": %s, "test_infloss": 0.5}\n' \
        "$1" "$2" "$3" "$4" >"$sw/results/tmp.$1"
    mv "$sw/results/tmp.$1" "$sw/results/$(printf %04d "$1").json"
}
result 0 done true 0.2
result 1 done true 0.4
result 2 failed false 0
result 3 failed false 0
result 4 done false 1.5
result 5 done false 1.7
