#!/bin/sh
# tui_views.sh: recmem.show of the analysis results in the workbench (issue 15): each kind
# (weight profile, PCA, decoding matrix, eigenvalues of a matrix and at fixed points, a
# lesion curve) replaces the heatmap with the view pane, titled with its key numbers and
# drawn (period names, legend, colour key); v switches back to the activity heatmap and
# again to the view; f saves the focused view as a PDF of the figure's page size; showing a
# trace hides the view. Outside the workbench show prints a summary line. Without colour,
# the decoding matrix of an identity network (a stable code) is full shade cells.
. "${top_srcdir:-.}/tests/tui/lib.sh"
. "$top_srcdir/tests/find_python.sh"
need_python tui_views "re"
CHECK="$PY $top_srcdir/tests/plot/check_figure.py"

# outside the workbench, show prints the result's one-line summary
out=$("$RECMEM" -e 'recmem.show{kind="lesion_curve", n_removed={0, 2}, infloss={0.5, 0.75}}') ||
    { echo "FAIL: recmem -e show"; exit 1; }
[ "$out" = "lesion curve: 2 points, 0 to 2 units removed, infloss 0.5 to 0.75" ] ||
    { echo "FAIL: show printed '$out'"; exit 1; }

tui_start 150 44
tui_wait 'recmem workbench' 15
tui_wait '^│> ' 5
tui_line 'net = recmem.net{task="DE1", hidden=12, seed=1}; tr = net:probe{trials=8, seed=2}; print("ready")'
tui_wait '^│ready' 30

tui_line 'recmem.show(net:weight_profile(tr))'
tui_wait '┌─ view: weight profile: asymmetry [-0-9.e]+, self 0\.98' 20
tui_wait '━ mean W_hh' 5                  # the legend in the bottom border

tui_line 'recmem.show(tr:pca(3))'
tui_wait '┌─ view: PCA: PC1 [0-9.]+%, PC2 [0-9.]+% of variance \(8 of 8 trials\)' 20
tui_wait '━ stim .*━ delay .*━ resp' 5     # a series (colour) per task period

tui_line 'recmem.show(tr:decode{})'
tui_wait '┌─ view: decoding: index [0-9.e-]+ \(diag' 60
tui_wait 'stim.*│.*delay.*│.*resp' 5          # the periods named above the matrix

tui_line 'recmem.show(recmem.linalg.eig(net:param("W_hh")))'
tui_wait '┌─ view: eigenvalues: 12, max \|λ\| 0\.98, 0 with \|λ\| > 1' 20
tui_wait '• eigenvalues' 5

tui_line 'recmem.show(net:fixed_points{starts=3, trace=tr})'
tui_wait '┌─ view: fixed points: 1 shown' 60

tui_line 'recmem.show{kind="lesion_curve", n_removed={0, 2, 4, 6}, infloss={0.1, 0.3, 0.6, 0.9}, order="peak"}'
tui_wait '┌─ view: lesion curve \(peak order\)' 20
tui_wait '━ information loss' 5

# v: back to the activity heatmap and again to the view
tui_keys Tab
tui_keys v
tui_wait '┌─ (▶ )?activity' 10
tui_gone '┌─ (▶ )?view:' 5
tui_keys v
tui_wait '┌─ ▶ view: lesion curve' 10     # the focus followed the view

tui_keys f
tui_wait 'saved the view pane as recmem-view-1\.pdf' 10
$CHECK "$TUI_TMP/recmem-view-1.pdf" 432 324 || tui_fail "lesion curve figure"

# the eigenvalue view's figure is square (the unit circle stays round)
tui_keys Enter
tui_line 'recmem.show(recmem.linalg.eig(net:param("W_hh")))'
tui_wait '┌─ view: eigenvalues' 20
tui_keys Tab
tui_wait '┌─ ▶ view: eigenvalues' 5
tui_keys f
tui_wait 'saved the view pane as recmem-view-2\.pdf' 10
$CHECK "$TUI_TMP/recmem-view-2.pdf" 400 400 || tui_fail "eigenvalue figure"

# a shown trace goes to the heatmap pane and hides the view
tui_keys Enter
tui_line 'recmem.show(tr)'
tui_wait 'shown trace \(8 trials\)' 10
tui_gone '┌─ (▶ )?view:' 5

# a table that is no analysis result is refused in one line
tui_line 'recmem.show{kind="nonsense"}'
tui_wait 'recmem.show: this table is not an analysis result' 5

tui_keys C-d                       # nothing was trained: no question
status=$(tui_exited 10) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status"
tui_restored

# a characteristic cell: W = I keeps the stimulus, so every training step's decoder works at
# every test step and the whole matrix is at the top of the scale: full shade cells without
# colour (NO_COLOR draws brightness as shade characters)
cat >"$TUI_TMP/ident.lua" <<'EOS'
ident = require("recmem.toy").identity(8, 8)
print("identity ready")
EOS
tui_start 120 40 NO_COLOR=1
tui_wait '^│> ' 15
tui_line 'dofile("ident.lua"); recmem.show(ident:probe{trials=40, seed=3}:decode{lambda=1e-3})'
tui_wait '┌─ view: decoding: index (1|0\.9[0-9]*) ' 30   # near 1: a stable code
tui_wait '^│ +10│█{50,}│' 5            # the top row (training step 10) is full
tui_wait '^│ +0│█{50,}│' 5             # and the bottom row (step 0)
tui_keys C-d
status=$(tui_exited 10) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status (NO_COLOR session)"
echo "tui_views: ok"
