"""On-device deployment

tf.lite.TFLiteConverter turns a TensorFlow graph into a .tflite
flatbuffer for phones and microcontrollers (the runtime is now called
LiteRT). The standalone ai-edge-litert package runs it without TensorFlow.
"""

import keras
import numpy as np
import tensorflow as tf
from ai_edge_litert.interpreter import Interpreter

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((4,), name="x"), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(2)])

converter = tf.lite.TFLiteConverter.from_keras_model(model)
tflite_bytes = converter.convert()  # set converter.optimizations to quantize

interpreter = Interpreter(model_content=tflite_bytes)
runner = interpreter.get_signature_runner()  # named inputs and outputs
x = np.random.default_rng(0).normal(size=(1, 4)).astype(np.float32)
out = runner(x=x)["output_0"]

np.testing.assert_allclose(out, model(x).numpy(), rtol=1e-5, atol=1e-6)
print(f"ok: LiteRT interpreter output matches Keras ({len(tflite_bytes)} byte .tflite)")
