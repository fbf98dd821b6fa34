"""Seed 000: grad of the L2 norm of a tridiagonal solve, n = 100, 5 parameters; jit(grad)."""
from typing import Tuple
from common import best_of
import jax
import jax.numpy as jnp

nz = 100


def tridiag_solve(a, b, c, f):
    def forward_scan_scal(carry: Tuple[float, float], x):
        f_im1, q_im1 = carry
        a, b, c, f = x
        cff = 1. / (b + a * q_im1)
        carry = cff * (f - a * f_im1), -cff * c
        return carry, carry
    init = f[0] / b[0], -c[0] / b[0]
    xs = jnp.stack([a, b, c, f])[:, 1:].T
    _, (f, q) = jax.lax.scan(forward_scan_scal, init, xs)
    f = jnp.concatenate([jnp.array([init[0]]), f])
    q = jnp.concatenate([jnp.array([init[1]]), q])

    def reverse_scan_scal(carry, x):
        q_rev, f_rev = x
        carry = f_rev + q_rev * carry
        return carry, carry
    init = f[-1]
    xs = jnp.stack([q[::-1], f[::-1]])[:, 1:].T
    _, x = jax.lax.scan(reverse_scan_scal, init, xs)
    return jnp.concatenate([jnp.array([init]), x])[::-1]


def scal_fun(params):
    n_tiles = nz // params.shape[0] + 1
    a = jnp.tile(params, n_tiles)[:nz] + .5
    b = jnp.tile(jnp.roll(params, shift=1), n_tiles)[:nz] + 2
    c = jnp.tile(jnp.roll(params, shift=2), n_tiles)[:nz] + .5
    f = jnp.tile(jnp.roll(params, shift=3), n_tiles)[:nz]
    return jnp.linalg.norm(tridiag_solve(a, b, c, f))


g = jax.jit(jax.grad(scal_fun))
x = jax.random.uniform(jax.random.PRNGKey(0), (5,))
reps = 1000
print("jax %.9f" % (best_of(lambda: [g(x) for _ in range(reps)][-1], 3) / reps))
