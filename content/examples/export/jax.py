"""Exporting a model

jax.export serialises a jitted function as StableHLO plus calling
conventions. The bytes can be reloaded and run without the original
Python code, and a symbolic batch dimension keeps the shape flexible.
"""

import jax
import jax.numpy as jnp
from flax import nnx

rngs = nnx.Rngs(0)
model = nnx.Sequential(nnx.Linear(4, 8, rngs=rngs), nnx.relu, nnx.Linear(8, 2, rngs=rngs))


@jax.jit
def serve(x):
    # The weights are closed over, so they are embedded in the artifact as constants.
    return model(x)


batch = jax.export.symbolic_shape("b")[0]  # any batch size at call time
exported = jax.export.export(serve)(jax.ShapeDtypeStruct((batch, 4), jnp.float32))
blob = exported.serialize()  # bytearray you can write to disk

restored = jax.export.deserialize(blob)  # no Flax or model code needed from here
x = jax.random.normal(jax.random.key(1), (5, 4))
assert jnp.allclose(restored.call(x), model(x), rtol=1e-5, atol=1e-6)
print(f"ok: jax.export round trip ({len(blob)} bytes of StableHLO) matches the model")
