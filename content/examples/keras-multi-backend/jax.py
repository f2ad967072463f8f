"""Keras 3 multi-backend

Keras 3 runs the same model code on JAX, TensorFlow or PyTorch. The
backend is chosen once per process, before keras is first imported,
through the KERAS_BACKEND environment variable (or ~/.keras/keras.json).
"""

import os

os.environ["KERAS_BACKEND"] = "jax"  # the only line that differs between backends

import keras
import numpy as np

keras.utils.set_random_seed(0)
x = np.random.default_rng(0).normal(size=(256, 2)).astype("float32")
y = x @ np.array([[3.0], [-2.0]], dtype="float32") + 1.0

model = keras.Sequential([
    keras.Input((2,)),
    keras.layers.Dense(16, activation="relu"),
    keras.layers.Dense(1),
])
model.compile(optimizer=keras.optimizers.Adam(0.05), loss="mse")
history = model.fit(x, y, batch_size=32, epochs=20, verbose=0)

losses = history.history["loss"]
assert keras.backend.backend() == "jax"
assert losses[-1] < 0.05 * losses[0], losses
print(f"ok: Keras 3 on the {keras.backend.backend()} backend, "
      f"loss {losses[0]:.3f} -> {losses[-1]:.4f}")
