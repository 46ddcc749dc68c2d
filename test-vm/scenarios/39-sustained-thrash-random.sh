#!/bin/sh
# 39 sustained thrash that PSI misses: scenario 24's moderate case, its
# readers mapping the working set MADV_RANDOM (as a database that turns
# readahead off does). 6.12's multi-gen LRU ignores such a mapping's
# recency: the refaults that stall a 6.1 kernel a third of the time mark
# no page as the working set's, and PSI reads 0.8-4 % (test-vm/README.md).
# bustd must end each hold within 10 s all the same, from the working
# set's refault rate, and kill the hog.
#vm mem=256 timeout=200
# shellcheck disable=SC2034 # read by scenario 24
CASES="moderate:35" WSREADER_FLAG='' SUS_VARIANT=1
# shellcheck source=24-sustained-thrash.sh
. /scenarios/24-sustained-thrash.sh
OUTCOME="killed the hog within 10 s of its hold, every run, with PSI blind to the refaults or not"
finish
