"""Saving and loading

Flax NNX separates a model into a static graph definition and a pytree
of state; Orbax saves the state. To restore, build an abstract model
(shapes only, no memory) and fill it with the saved arrays.
"""

import tempfile
from pathlib import Path

import jax.numpy as jnp
import orbax.checkpoint as ocp
from flax import nnx


def make_model(seed: int) -> nnx.Module:
    rngs = nnx.Rngs(seed)
    return nnx.Sequential(nnx.Linear(4, 8, rngs=rngs), nnx.relu, nnx.Linear(8, 2, rngs=rngs))


model = make_model(0)
x = jnp.ones((3, 4))

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "state"
    checkpointer = ocp.StandardCheckpointer()
    checkpointer.save(path, nnx.state(model))
    checkpointer.wait_until_finished()  # saving is asynchronous

    # eval_shape builds the model without allocating or initialising weights.
    graphdef, abstract_state = nnx.split(nnx.eval_shape(lambda: make_model(1)))
    restored = nnx.merge(graphdef, checkpointer.restore(path, abstract_state))

assert jnp.array_equal(restored(x), model(x))
print("ok: Orbax checkpoint round trip gives identical outputs")
