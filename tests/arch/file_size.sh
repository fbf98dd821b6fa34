#!/usr/bin/env bash
# tests/arch/file_size.sh TOOL_DIR: no source file of tool/ is longer than
# 1,000 lines (issue 11): a file that grows past it holds two jobs; split
# it by job and say which in tool/README.md. Prints each one over and fails.
set -eu
tool=${1:?usage: file_size.sh TOOL_DIR}
limit=1000 bad=0 n=0
for f in "$tool"/*/*.[ch]; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    lines=$(wc -l < "$f")
    if [ "$lines" -gt "$limit" ]; then
        echo "file_size: ${f#"$tool"/} has $lines lines, more than $limit: split it by job" >&2
        bad=1
    fi
done
[ "$n" -gt 0 ] || { echo "file_size: no source file under $tool" >&2; exit 1; }
[ $bad = 0 ] && echo "file_size: $n files, none over $limit lines"
exit $bad
