"""ONNX export

JAX has no first-party ONNX exporter (its own portable format is
StableHLO, see jax.export). The community jax2onnx package, which Keras
also uses for its JAX backend, converts Flax NNX modules directly.
"""

import jax.numpy as jnp
import numpy as np
import onnxruntime as ort
from flax import nnx
from jax2onnx import to_onnx

rngs = nnx.Rngs(0)
model = nnx.Sequential(nnx.Linear(4, 8, rngs=rngs), nnx.relu, nnx.Linear(8, 2, rngs=rngs))

# A string dimension ("B") becomes a symbolic, dynamic batch size in the graph.
onnx_model = to_onnx(model, [("B", 4)])
session = ort.InferenceSession(onnx_model.SerializeToString(),
                               providers=["CPUExecutionProvider"])

x = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
input_name = session.get_inputs()[0].name
(onnx_out,) = session.run(None, {input_name: x})
np.testing.assert_allclose(onnx_out, np.asarray(model(jnp.asarray(x))), rtol=1e-5, atol=1e-6)
print("ok: ONNX Runtime output matches the Flax NNX model for a new batch size")
