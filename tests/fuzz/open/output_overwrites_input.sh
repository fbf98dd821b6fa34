#!/usr/bin/env bash
# OPEN (probe8): BAD DIAGNOSTIC (destroys the input): `cc-ad -o f.c f.c`
# (or -o ./f.c, or -o naming the file that a symlink given as input points
# to) exits 0 and overwrites the user's source f.c with the generated
# derivative code: the original program is lost. Contract section 1: "The
# original file is never modified"; section 5: "2 on usage errors".
# Expected: exit 2 with "cc-ad: error: ..." (the output would overwrite the
# input), f.c byte-for-byte unchanged; got exit 0 and f.c replaced.
#     tests/fuzz/open/output_overwrites_input.sh build/tool/cc-ad
# Exits 0 when cc-ad behaves, 1 when it does not.
ccad=$1
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
