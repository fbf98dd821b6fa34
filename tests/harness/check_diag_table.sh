#!/usr/bin/env bash
# check_diag_table.sh CCAD_EXE SOURCE_DIR
#
# tool/diag/diag.def against its uses and its tests:
# - every message a user can reach (error, warning, note) is expected by a
#   diag case (tests/cases/diag/*.c, "// EXPECT-DIAG: id"), or by a test
#   script that checks its text ("# EXPECT-DIAG: id" in tests/harness/*.sh
#   or tests/integration/*.sh, for what a case cannot set up: files that
#   cannot be read, compilation databases);
# - no case expects an internal one (only a bug of cc-ad reaches those);
# - every id a case names exists, and every entry is used in tool/;
# - tool/ reports only through the table (diag_at), no free text.
set -eu
[ $# -eq 2 ] || { echo "usage: check_diag_table.sh CCAD_EXE SOURCE_DIR" >&2; exit 2; }
ccad=$1 src=$2
status=0
bad() { echo "check_diag_table: $1 FAIL" >&2; status=1; }

# Reachable, but no test sets them up yet, each with the reason. Keep this
# list short: a new message comes with its case.
untested="
output_write_failed   a write that fails after the file opened (a full disk)
source_unreadable     the input file vanishes between two reads of one run
parse_failed          libclang fails without a C error (a broken installation)
db_bad_json_at        libclang rejects a database that cc-ad's own JSON check accepts
expr_too_deep         needs a 200 KB expression, 30 s of CPU: checked by hand
returns_pointer       no input found yet (a callee returning a pointer mostly works since issue 10)
returns_pointer_rev   no input found yet (as returns_pointer)
init_list_in_block    no input found yet (initialized arrays in loops are hoisted)
jac_struct_no_float   no input found yet (wrt(...) refuses such structs first)
hvp_not_input         no input found yet (grad refuses the scratch parameter first)
"
table=$("$ccad" --list-diagnostics) || { echo "check_diag_table: cc-ad --list-diagnostics failed" >&2; exit 1; }
expected=$(cat "$src"/tests/cases/diag/*.c "$src"/tests/harness/*.sh "$src"/tests/integration/*.sh |
    sed -n 's@^[[:space:]]*\(//\|#\)[[:space:]]*EXPECT-DIAG:[[:space:]]*\([a-z0-9_]*\).*@\2@p' | sort -u)
n=0
while IFS="$(printf '\t')" read -r id kind text; do
    n=$((n + 1))
    uid=$(echo "$id" | tr a-z A-Z)
    grep -r -q -w --include='*.c' "D_$uid" "$src/tool" || bad "$id: not used in tool/"
    if [ "$kind" = internal ]; then
        ! echo "$expected" | grep -q -x "$id" || bad "$id: internal, but a case expects it"
    else
        if echo "$untested" | grep -q "^$id "; then
            ! echo "$expected" | grep -q -x "$id" || bad "$id: has a case now: drop it from the untested list"
        else
            echo "$expected" | grep -q -x "$id" || bad "$id ($kind): no case expects it (// EXPECT-DIAG: $id)"
        fi
    fi
done <<<"$table"
for id in $expected; do
    echo "$table" | cut -f1 | grep -q -x "$id" || bad "EXPECT-DIAG: $id: no such message in diag.def"
done
if grep -r -n -E '\b(diag_error|diag_warning|diag_note|diag_internal)\(' "$src/tool" --include='*.c' --include='*.h'; then
    bad "free-text diagnostics above: add an entry to tool/diag/diag.def and call diag_at"
fi
[ $status -eq 0 ] && echo "check_diag_table: $n messages, each used and tested (but $(echo "$untested" | grep -c .) untested ones listed): PASS"
exit $status
