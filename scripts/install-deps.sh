#!/bin/sh
# install-deps.sh: installs every Debian 12 package recmem needs to build, test and
# run its CI, non-interactively. Run as root (or through sudo).
set -eu
PKGS="build-essential autoconf automake libtool pkg-config
 libopenblas-dev liblua5.4-dev lua5.4 libreadline-dev libncurses-dev
 libsqlite3-dev sqlite3 libjansson-dev libmatio-dev libcairo2-dev fonts-dejavu-core
 python3 python3-numpy python3-scipy tmux clang"
# script(1), the pseudo-terminal of tests/plot_text_tty.sh (Essential in Debian; named here
# for minimal images)
PKGS="$PKGS bsdutils"
SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 $PKGS >/dev/null
echo "install-deps: all packages present"
