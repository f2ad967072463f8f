"""Saving and loading

Keras models save to a single .keras file (a zip of the architecture
config and the weights) and reload without the original Python code for
built-in layers. tf.train.Checkpoint is the lower-level alternative.
"""

import tempfile
from pathlib import Path

import keras
import numpy as np

keras.utils.set_random_seed(0)
model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                          keras.layers.Dense(2)])
x = np.random.default_rng(0).normal(size=(3, 4)).astype("float32")

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "model.keras"
    model.save(path)
    restored = keras.models.load_model(path)  # rebuilt from the saved config

np.testing.assert_array_equal(restored.predict(x, verbose=0), model.predict(x, verbose=0))
assert keras.backend.backend() == "tensorflow"
print("ok: .keras round trip gives identical outputs")
