#!/usr/bin/env bash
# integration.inputs_untouched: an output that names the input (-o f.c
# f.c, -o ./f.c, the file a symlinked input points to) is a usage error
# (exit 2, "cc-ad: error: ... would overwrite the input"), and the input is
# left byte for byte (contract: the original file is never modified).
# Before (probe8) cc-ad exited 0 and replaced the user's source.
#     inputs_untouched.sh BUILD_DIR SOURCE_DIR CCAD_EXE
ccad=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/f.c" <<'SRC'
double f(const double *x, int n) { double s = 0; for (int i = 0; i < n; i++) s += x[i] * x[i]; return s; }
#pragma ad grad(f) wrt(x[n])
SRC
cp "$dir/f.c" "$dir/f.orig"
ln -s f.c "$dir/link.c"
bad=0
for out in "$dir/f.c" "$dir/./f.c"; do
    "$ccad" -o "$out" "$dir/f.c" > "$dir/log" 2>&1
    rc=$?
    if ! cmp -s "$dir/f.c" "$dir/f.orig"; then
        echo "FAIL: cc-ad -o $out $dir/f.c (exit $rc) modified the input"; bad=1
        cp "$dir/f.orig" "$dir/f.c"
    elif [ $rc -ne 2 ]; then
        echo "FAIL: cc-ad -o $out $dir/f.c exited $rc, want 2 (usage error)"; bad=1
    else
        echo "ok: -o $out refused: $(head -1 "$dir/log")"
    fi
done
"$ccad" -o "$dir/f.c" "$dir/link.c" > "$dir/log" 2>&1
rc=$?
if ! cmp -s "$dir/f.c" "$dir/f.orig"; then
    echo "FAIL: cc-ad -o f.c link.c (link.c -> f.c, exit $rc) modified the input"; bad=1
fi
exit $bad
