#!/bin/sh
# tui_runs.sh: the workbench lists any number of runs (it used to keep the first 64 of a
# list that only grows): 70 runs started at the prompt are all there ([k/70], the 70th
# selectable), `C` clears the finished ones, and a run started afterwards is [1/1].
. "${top_srcdir:-.}/tests/tui/lib.sh"

tui_start 120 40
tui_wait 'recmem workbench' 15
tui_wait '^│> ' 5

tui_line 'rs = {} for i = 1, 70 do rs[i] = recmem.net{task="DE1", hidden=4, seed=i}:train{iters=2, batch=1, name="r" .. i} end'
tui_wait ' r1 \[1/70\] ' 20
tui_line 'for i = 1, 70 do rs[i]:wait() end print("all" .. " done")'
tui_wait '^│all done' 60

# the 70th run can be selected: Tab to the panes, [ goes back from the first to the last
tui_keys Tab
tui_wait '^┌─ ▶ ' 5
tui_keys '['
tui_wait ' r70 \[70/70\] done' 5
tui_keys '['
tui_wait ' r69 \[69/70\] done' 5

# C clears the finished runs; the run objects still answer at the prompt
tui_keys C
tui_wait 'cleared 70 finished runs' 5
tui_wait ' no runs ' 5
tui_keys Enter
tui_line 'print(rs[70]:status())'
tui_wait '^│done +2 +2' 5
tui_line 'recmem.show(rs[70])'
tui_wait 'show: that run was cleared from the list' 5

# a new run is the only one listed
tui_line 'r = recmem.net{task="DE1", hidden=4, seed=1}:train{iters=2, batch=1, name="after"}'
tui_wait ' after \[1/1\] ' 10
tui_line 'r:wait() print(recmem.clear_finished_runs())'
tui_wait '^│1 +│$' 10
tui_wait ' no runs ' 5

tui_keys C-d
tui_wait 'not saved' 5
tui_keys y
status=$(tui_exited 15) || exit 1
[ "$status" = 0 ] || tui_fail "exit status $status"
tui_restored
echo "runs: ok"
