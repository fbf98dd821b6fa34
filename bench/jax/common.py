"""Shared by the seed programs in JAX: float64 (cc-ad computes in double),
CPU only, and a timer that takes the best of a few runs after a warm-up."""
import os
os.environ.setdefault("JAX_PLATFORMS", "cpu")
import time
import jax
jax.config.update("jax_enable_x64", True)


def best_of(fn, reps=5):
    """Seconds of the fastest of reps calls of fn (after one warm-up call)."""
    jax.block_until_ready(fn())
    best = float("inf")
    for _ in range(reps):
        t0 = time.perf_counter()
        jax.block_until_ready(fn())
        best = min(best, time.perf_counter() - t0)
    return best
