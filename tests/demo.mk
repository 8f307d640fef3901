# The teaching demo's shipped networks: they load, meet the keep criterion and order as the
# docs say (tests/tui_demo.sh, in tests/local.mk, drives the demo in the workbench).
TESTS += tests/demo_nets.sh
dist_noinst_SCRIPTS += tests/demo_nets.sh
