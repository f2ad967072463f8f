"""On-device deployment

LiteRT's documented path for JAX goes through TensorFlow: jax2tf wraps
the model as a tf.function, and tf.lite.TFLiteConverter turns that into
a .tflite flatbuffer that the LiteRT runtime executes.
"""

import numpy as np
import tensorflow as tf
from ai_edge_litert.interpreter import Interpreter
from flax import nnx
from jax.experimental import jax2tf

rngs = nnx.Rngs(0)
model = nnx.Sequential(nnx.Linear(4, 8, rngs=rngs), nnx.relu, nnx.Linear(8, 2, rngs=rngs))

# jax2tf embeds the function as StableHLO; the weights become constants.
module = tf.Module()
module.serve = tf.function(jax2tf.convert(model, with_gradient=False), autograph=False,
                           input_signature=[tf.TensorSpec((1, 4), tf.float32, name="x")])

converter = tf.lite.TFLiteConverter.from_concrete_functions(
    [module.serve.get_concrete_function()], module)
tflite_bytes = converter.convert()

runner = Interpreter(model_content=tflite_bytes).get_signature_runner()
x = np.random.default_rng(0).normal(size=(1, 4)).astype(np.float32)
(out,) = runner(x=x).values()

np.testing.assert_allclose(out, np.asarray(model(x)), rtol=1e-5, atol=1e-6)
print(f"ok: LiteRT interpreter output matches JAX ({len(tflite_bytes)} byte .tflite)")
