# tests/reliability/npy.sh: sourced by shell tests that need a small float64 .npy
# without NumPy.
# npy_f64 FILE "SHAPE" HEXDOUBLES...: a float64 .npy written with printf only
npy_f64() {
    f=$1; shape=$2; shift 2
    h="{'descr': '<f8', 'fortran_order': False, 'shape': ($shape), }"
    n=$(( ${#h} + 11 )); pad=$(( (64 - n % 64) % 64 ))
    hl=$(( ${#h} + pad + 1 ))
    { printf '\223NUMPY\001\000'; printf "\\$(printf %03o $((hl % 256)))\\$(printf %03o $((hl / 256)))"
      printf '%s' "$h"; printf "%${pad}s" ''; printf '\n'
      for v in "$@"; do case $v in
          nan) printf '\000\000\000\000\000\000\370\177';;
          inf) printf '\000\000\000\000\000\000\360\177';;
          one) printf '\000\000\000\000\000\000\360\077';;
          *)   printf '\000\000\000\000\000\000\000\000';;
      esac; done; } >"$f"
}
