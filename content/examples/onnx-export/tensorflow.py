"""ONNX export

TensorFlow has no built-in ONNX exporter; tf2onnx, maintained under the
ONNX project, converts a tf.function or SavedModel. ONNX Runtime then
runs the model without TensorFlow.
"""

import keras
import numpy as np
import onnxruntime as ort
import tensorflow as tf
import tf2onnx

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(2)])


@tf.function(input_signature=[tf.TensorSpec((None, 4), tf.float32, name="x")])
def serve(x):  # None leaves the batch dimension dynamic
    return model(x)


onnx_model, _ = tf2onnx.convert.from_function(serve, input_signature=serve.input_signature)
session = ort.InferenceSession(onnx_model.SerializeToString(),
                               providers=["CPUExecutionProvider"])

x = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
(onnx_out,) = session.run(None, {"x": x})
np.testing.assert_allclose(onnx_out, model(x).numpy(), rtol=1e-5, atol=1e-6)
print("ok: ONNX Runtime output matches TensorFlow for a new batch size")
