# find_python.sh, sourced by the shell tests that read recmem's files with NumPy or SciPy.
# need_python TEST "MODULES" sets PY to a python3 that imports MODULES (e.g. "numpy, scipy.io"),
# or exits 77 (skip) naming what is missing. The system python3 comes first: one earlier on
# PATH (pyenv, a virtualenv) often lacks Debian's python3-numpy, which install-deps.sh installs.
need_python() {
    PY=
    for p in /usr/bin/python3 python3; do
        if "$p" -c "import $2" >/dev/null 2>&1; then PY=$p; return 0; fi
    done
    echo "$1: no python3 that imports $2 (scripts/install-deps.sh installs python3-numpy" \
         "and python3-scipy); skipped"
    exit 77
}
