"""Seed 002: the bifurcation diagram, 2000 values of a, 1000 warm-up steps,
1000 kept points, by vmap of the iteration (jit)."""
from common import best_of
import jax
import jax.numpy as jnp


def iterfun(start, a):
    x = jax.lax.fori_loop(0, 1000, lambda _, x: a * x * (1 - x), start)

    def keep(x, _):
        x = a * x * (1 - x)
        return x, x
    _, xs = jax.lax.scan(keep, x, None, length=1000)
    return xs


a = 2.5 + 1.5 * jnp.arange(2000) / 2000
f = jax.jit(jax.vmap(lambda a: iterfun(0.5, a)))
print("jax %.9f" % best_of(lambda: f(a), 3))
