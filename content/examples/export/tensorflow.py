"""Exporting a model

SavedModel is TensorFlow's language-neutral export format: graphs plus
weights that TF Serving, C++ or Java can load without Python code. Keras 3
models write one with model.export(); tf.saved_model.load reads it back.
"""

import tempfile

import keras
import numpy as np
import tensorflow as tf

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(2)])

with tempfile.TemporaryDirectory() as tmp:
    model.export(tmp, format="tf_saved_model", verbose=False)  # batch dim stays dynamic
    reloaded = tf.saved_model.load(tmp)  # plain TF objects, no Keras classes
    assert "serving_default" in reloaded.signatures

    x = np.random.default_rng(0).normal(size=(5, 4)).astype("float32")
    out = reloaded.serve(x)  # the exported inference endpoint

np.testing.assert_allclose(out.numpy(), model(x).numpy(), rtol=1e-5, atol=1e-6)
print("ok: SavedModel reloads and its serving endpoint matches the Keras model")
