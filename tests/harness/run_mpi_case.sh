#!/usr/bin/env bash
# run_mpi_case.sh CCAD_EXE MPI_LIB RUNTIME_LIB INCLUDE_DIR WORKDIR CASE.c
#
# One MPI case (tests/mpi/<name>.c), built the way an MPI user builds it:
#   1. cc-ad CASE.c -o WORKDIR/<name>.ad.c -- <the MPI compile flags>
#      (must exit 0 and say no warning:/error:; MPI handles by name, not
#      as Open MPI's header expands them)
#   2. $CC (the MPI compiler wrapper) compiles the case and the generated code (that
#      one also -pedantic)
#      with -std=c11 -O1 -Wall -Wextra -Werror and links them with
#      MPI_LIB (libccad_mpi) and RUNTIME_LIB (libccad)
#   3. mpirun -np 1, 2, 3 and 4 (--oversubscribe; --allow-run-as-root when
#      root; CCAD_MPI_NP overrides the list), each under `timeout 60`: every
#      rank checks its oracle and exits 0 on pass; a failing rank, or a
#      hang, fails the case (1: MPI_PROC_NULL ends, a rank talking to
#      itself; 3: odd counts, a last rank without a partner)
# Header lines in CASE.c: // CCAD-ARGS: ..., // CFLAGS: ..., // LIBS: ... (as run_case.sh).
# Environment: CC (default mpicc), MPIRUN (default mpirun), CCAD_EXTRA_CFLAGS.
set -eu
[ $# -eq 6 ] || { echo "usage: run_mpi_case.sh CCAD_EXE MPI_LIB RUNTIME_LIB INCLUDE_DIR WORKDIR CASE.c" >&2; exit 2; }
ccad=$1 mpilib=$2 runtime=$3 incdir=$4 work=$5 case_c=$6
here=$(cd "$(dirname "$0")" && pwd)
oracle_dir=$(cd "$here/../oracle" && pwd)
case_dir=$(cd "$(dirname "$case_c")" && pwd)
name=$(basename "$case_c" .c)
cc=${CC:-mpicc}
mpirun=${MPIRUN:-mpirun}

fail() {
    echo "run_mpi_case: $name: FAILED at step $1" >&2
    shift
    for line in "$@"; do echo "run_mpi_case: $line" >&2; done
    exit 1
}
header() { sed -n "s|^//[[:space:]]*$1:[[:space:]]*||p" "$case_c" | tr '\n' ' '; }
ccad_args=() case_cflags=() case_libs=()
eval "ccad_args=( $(header CCAD-ARGS) )"
eval "case_cflags=( $(header CFLAGS) )"
eval "case_libs=( $(header LIBS) )"
read -r -a extra_cflags <<< "${CCAD_EXTRA_CFLAGS:-}"
# what the wrapper adds to compile lines (Open MPI: --showme:compile, MPICH: -compile-info)
read -r -a mpi_cflags <<< "$("$cc" --showme:compile 2>/dev/null || true)"

mkdir -p "$work"
exe=$work/$name
rm -f "$work/$name.ad.c" "$work/$name.ad.h" "$exe"
incs=(-I "$work" -I "$incdir" -I "$oracle_dir" -I "$case_dir")

# ---- 1. cc-ad
echo "+ $ccad -o $work/$name.ad.c ${ccad_args[*]} $case_c -- -std=c11 ${mpi_cflags[*]} ${incs[*]} ${case_cflags[*]}"
set +e
"$ccad" --verify-ir -o "$work/$name.ad.c" ${ccad_args[@]+"${ccad_args[@]}"} "$case_c" \
    -- -std=c11 ${mpi_cflags[@]+"${mpi_cflags[@]}"} "${incs[@]}" ${case_cflags[@]+"${case_cflags[@]}"} \
    > "$work/ccad.out" 2>&1
rc=$?
set -e
cat "$work/ccad.out"
[ $rc -eq 0 ] || fail "1 (cc-ad)" "cc-ad exited with status $rc"
! grep -q -e 'warning:' -e 'error:' "$work/ccad.out" || fail "1 (cc-ad)" "cc-ad printed a diagnostic on a valid case"
# MPI's handles by name (MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD), not as one
# implementation's header expands them (Open MPI: &ompi_mpi_double)
! grep -n 'ompi_mpi_' "$work/$name.ad.c" || fail "1 (cc-ad)" "the generated code names an MPI implementation's internals"

# ---- 2. compile and link
cflags=(-std=c11 -O1 -Wall -Wextra -Werror "${incs[@]}"
        ${extra_cflags[@]+"${extra_cflags[@]}"} ${case_cflags[@]+"${case_cflags[@]}"})
echo "+ $cc ${cflags[*]} $case_c $work/$name.ad.c $mpilib $runtime ${case_libs[*]} -lm -o $exe"
"$cc" "${cflags[@]}" -Wno-unknown-pragmas -c "$case_c" -o "$work/$name.o" ||
    fail "2 (compile the case)" "$case_c does not compile (errors above)"
"$cc" "${cflags[@]}" -pedantic -c "$work/$name.ad.c" -o "$work/$name.ad.o" ||
    fail "2 (compile the generated code)" "$work/$name.ad.c does not compile warning-free (errors above)"
"$cc" ${extra_cflags[@]+"${extra_cflags[@]}"} "$work/$name.o" "$work/$name.ad.o" "$mpilib" "$runtime" \
    ${case_libs[@]+"${case_libs[@]}"} -lm -o "$exe" ||
    fail "2 (link)" "does not link (errors above)"

# ---- 3. run on 1 to 4 ranks
run_args=(--oversubscribe)
[ "$(id -u)" -ne 0 ] || run_args+=(--allow-run-as-root)
# loopback only: shared memory and self
export OMPI_MCA_btl=self,vader OMPI_MCA_plm_rsh_agent=false OMPI_MCA_rmaps_base_oversubscribe=1
# containers often forbid the cross-memory attach of large shared-memory messages
export OMPI_MCA_btl_vader_single_copy_mechanism=none
for np in ${CCAD_MPI_NP:-1 2 3 4}; do
    echo "+ timeout 60 $mpirun ${run_args[*]} -np $np $exe"
    set +e
    timeout -k 5 60 "$mpirun" "${run_args[@]}" -np "$np" "$exe" > "$work/run$np.out" 2>&1
    rc=$?
    set -e
    cat "$work/run$np.out"
    [ $rc -ne 124 ] || fail "3 (run, -np $np)" "timed out after 60 s: a rank hangs"
    [ $rc -eq 0 ] || fail "3 (run, -np $np)" "mpirun exited with status $rc (see the FAIL lines above)"
done
echo "run_mpi_case: $name: PASS"
