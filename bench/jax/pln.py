"""Seed 004: the PLN fit, 1000 iterations of the tutorial's jaxfit2 (scan,
RAdam, clip 0.1), on the counts samples/pln wrote with --data-out
(argv[1]: the file; n, p in argv[2:4])."""
import sys
import numpy as np
from common import best_of
import jax
import jax.numpy as jnp
import optax

path, n, p = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
raw = np.fromfile(path, dtype=np.float64)
Y, O = raw[:n * p].reshape(n, p), raw[n * p:2 * n * p].reshape(n, p)
X = np.ones((n, 1))


def _log_stirling(integer):
    integer_ = integer + (integer == 0)
    return jnp.log(jnp.sqrt(2 * jnp.pi * integer_)) + integer_ * jnp.log(integer_ / jnp.exp(1))


def get_ELBO(optim_params, other):
    B, M, S = optim_params['B'], optim_params['M'], optim_params['S']
    S2 = jnp.square(S)
    XB = other['X'] @ B
    A = jnp.exp(other['O'] + M + XB + S2 / 2)
    elbo = n / 2 * jnp.log(jnp.linalg.det(other['Omega']))
    elbo += jnp.sum(-A + other['Y'] * (other['O'] + M + XB) + .5 * jnp.log(S2))
    elbo -= .5 * jnp.trace(M.T @ M + jnp.diag(jnp.sum(S2, axis=0)) @ other['Omega'])
    elbo += .5 * n * p - jnp.sum(_log_stirling(other['Y']))
    return -elbo


def fit(optim_params, other):
    optimizer = optax.chain(optax.scale_by_radam(), optax.scale(-1.0), optax.clip(0.1))
    opt_state = optimizer.init(optim_params)

    def step(carry, _):
        params, other, opt_state = carry
        loss, grads = jax.value_and_grad(get_ELBO)(params, other)
        updates, opt_state = optimizer.update(grads, opt_state)
        params = optax.apply_updates(params, updates)
        Sigma = 1 / n * (params['M'].T @ params['M'] + jnp.diag(jnp.sum(params['S'] ** 2, axis=0)))
        other = dict(other, Omega=jnp.linalg.inv(Sigma))
        return (params, other, opt_state), loss
    _, elbo = jax.lax.scan(step, (optim_params, other, opt_state), jnp.arange(1000))
    return elbo


params = {'B': jnp.zeros((1, p)), 'M': jnp.zeros((n, p)), 'S': jnp.ones((n, p))}
other = {'X': jnp.asarray(X), 'O': jnp.asarray(O), 'Y': jnp.asarray(Y), 'Omega': jnp.eye(p)}
f = jax.jit(fit)
elbo = f(params, other)
print("jax-final-elbo %.12e" % float(elbo[-1]))
print("jax %.9f" % best_of(lambda: f(params, other), 1))
