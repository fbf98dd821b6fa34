#!/usr/bin/env bash
# manpage.sh BUILD_DIR SOURCE_DIR CCAD_EXE
#
# man/cc-ad.1 renders cleanly (issue 5, item 6): `man --warnings -l
# man/cc-ad.1` prints nothing on standard error, at the default width and
# at 60 and 200 columns; groff -wall (when groff is installed) agrees.
# Skipped (exit 77) when man is not installed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"
integration_init manpage "$@"

page=$source_dir/man/cc-ad.1
[ -f "$page" ] || fail "no manual page at $page"
if ! command -v man > /dev/null; then
    echo "$name: SKIPPED: man is not installed"
    exit 77
fi
export MANPAGER=cat PAGER=cat

for width in default 60 200; do
    if [ "$width" = default ]; then unset MANWIDTH; else export MANWIDTH=$width; fi
    set +e
    man --warnings -l "$page" > "$work/page.txt" 2> "$work/warnings.txt"
    rc=$?
    set -e
    if [ "$rc" -ne 0 ]; then
        check_bad "man --warnings -l man/cc-ad.1 (width $width): exit $rc"
        show "$work/warnings.txt" "stderr"
    elif [ -s "$work/warnings.txt" ]; then
        check_bad "man --warnings -l man/cc-ad.1 (width $width) printed warnings"
        show "$work/warnings.txt" "warnings"
    elif ! grep -q 'cc-ad' "$work/page.txt"; then
        check_bad "man -l man/cc-ad.1 (width $width) rendered no text"
    else
        check_ok "man --warnings -l man/cc-ad.1 (width $width): no warning"
    fi
done
unset MANWIDTH

if command -v groff > /dev/null; then
    set +e
    groff -man -Tutf8 -wall "$page" > /dev/null 2> "$work/groff.txt"
    rc=$?
    set -e
    if [ "$rc" -eq 0 ] && [ ! -s "$work/groff.txt" ]; then
        check_ok "groff -man -Tutf8 -wall: no warning"
    else
        check_bad "groff -man -Tutf8 -wall: exit $rc or warnings"
        show "$work/groff.txt" "groff stderr"
    fi
fi

finish
