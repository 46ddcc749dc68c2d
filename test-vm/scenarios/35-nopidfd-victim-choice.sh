#!/bin/sh
# 35 no pidfd (Linux 4.x): scenario 05 (victim choice: --prefer, the
# largest, -1000, --ignore and --avoid spared, then --avoid outgrown) with
# bustd under nosys --pidfd: pidfd_open, pidfd_send_signal and
# process_mrelease fail ENOSYS, so the victim is neither pinned by a
# pidfd nor signalled through one.  lib.sh's finish checks that bustd ran
# under the filter and never held a pidfd.
#vm mem=256 timeout=240
BUSTD_NOSYS=--pidfd
# shellcheck source=05-victim-choice.sh
. /scenarios/05-victim-choice.sh
