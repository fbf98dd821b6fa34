#!/usr/bin/env bash
# found_case.sh CASE.c WORKDIR
#
# A minimised failure of a campaign (tests/fuzz/found/) as a regression case:
# the program must PASS run_one.sh now that its bug is fixed (environment as
# run_one.sh). Programs whose bug is still open wait in tests/fuzz/open/.
set -u
here=$(cd "$(dirname "$0")" && pwd)
case_c=$1 work=$2
rm -rf "$work"
mkdir -p "$work"
cp "$case_c" "$work/"
v=$("$here/run_one.sh" "$work/$(basename "$case_c")" "$work")
echo "$v"
case $v in
PASS*) exit 0 ;;
*) echo "found_case: $(basename "$case_c") is no longer PASS; logs in $work" >&2; exit 1 ;;
esac
