"""Seed 001: the gradient of loss: R^10000 -> R by jacrev (jit)."""
from common import best_of
import jax
import jax.numpy as jnp

n = 10000
x_star = jax.random.normal(jax.random.PRNGKey(42), (n,))
x = jax.random.normal(jax.random.PRNGKey(1234), (n,))
loss = lambda x: jnp.sin(jnp.exp(jnp.dot(x_star, x) / jnp.sqrt(x.shape[0])))
g = jax.jit(jax.jacrev(loss))
print("jax %.9f" % best_of(lambda: g(x), 20))
