"""Defining a model

JAX itself has no layer library; Flax NNX is the Google-recommended one.
An nnx.Module is a regular Python object whose parameters are created
eagerly from an explicit random-number stream (nnx.Rngs).
"""

import jax
import jax.numpy as jnp
from flax import nnx


class MLP(nnx.Module):
    def __init__(self, in_features: int, hidden: int, out_features: int, *, rngs: nnx.Rngs):
        self.hidden = nnx.Linear(in_features, hidden, rngs=rngs)
        self.out = nnx.Linear(hidden, out_features, rngs=rngs)

    def __call__(self, x: jax.Array) -> jax.Array:
        return self.out(jax.nn.relu(self.hidden(x)))


# Randomness is explicit: the same seed always gives the same weights.
model = MLP(4, 16, 3, rngs=nnx.Rngs(0))
y = model(jnp.ones((8, 4)))

params = nnx.state(model, nnx.Param)  # a pytree of all parameters
n_params = sum(p.size for p in jax.tree.leaves(params))
assert y.shape == (8, 3), y.shape
assert n_params == (4 * 16 + 16) + (16 * 3 + 3), n_params
print(f"ok: nnx.Module MLP output shape {y.shape}, {n_params} parameters")
