#!/usr/bin/env bash
# bench/jax/run.sh [BUILD_DIR]: the seed programs in JAX (CPU, float64, jit)
# beside cc-ad's samples on the same problem: JAX time, cc-ad time, ratio.
# Skips cleanly when JAX (or optax, for the PLN fit) is not installed. Not
# part of CI. BUILD_DIR (default build) must hold the built samples.
#   OMP_NUM_THREADS applies to cc-ad's samples; XLA uses every core.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-$here/../../build}" && pwd)
if ! python3 -c 'import jax' > /dev/null 2>&1; then
  echo "bench/jax: python3 cannot import jax: skipped"
  exit 0
fi
py() { (cd "$here" && python3 "$@" | awk '/^jax / {print $2}'); }
row() { printf "%-34s %12s %12s %8s\n" "$@"; }
ratio() { awk -v j="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.2f", j / c; else print "-" }'; }
sample() { (cd "$build/samples/$1" && shift && "./$(basename "$PWD")" "$@"); }

row "seed program" "JAX-CPU s" "cc-ad s" "JAX/cc-ad"
j=$(py tridiag.py)
c=$(sample tridiag | awk '/time per gradient/ { print $4 * 1e-6 }')
row "000 tridiagonal grad, n = 100" "$j" "$c" "$(ratio "$j" "$c")"
j=$(py jac.py)
c=$(sample jacobians | awk '/reverse mode \(loss_grad\)/ { print $4 * 1e-3 }')
row "001 grad of loss, n = 10000" "$j" "$c" "$(ratio "$j" "$c")"
j=$(py logistic.py)
c=$(sample logistic -o /dev/null | sed -n 's/.*diagram \([0-9.]*\) s.*/\1/p')
row "002 logistic vmap, 2000 x 1000" "$j" "$c" "$(ratio "$j" "$c")"
if python3 -c 'import optax' > /dev/null 2>&1; then
  data=$(mktemp)
  c=$(sample pln --grad=rows --data-out "$data" -o /dev/null | sed -n 's/.*iterations in \([0-9.]*\) s.*/\1/p')
  j=$(py pln.py "$data" 11600 114)
  rm -f "$data"
  row "004 PLN fit, 1000 iterations" "$j" "$c" "$(ratio "$j" "$c")"
else
  echo "bench/jax: optax not installed: PLN fit skipped"
fi
