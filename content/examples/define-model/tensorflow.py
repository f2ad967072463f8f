"""Defining a model

TensorFlow's high-level model API is Keras (Keras 3 since TF 2.16).
Subclass keras.Model and build layers in __init__; weights are created
lazily, on the first call, once the input shape is known.
"""

import keras
import tensorflow as tf


class MLP(keras.Model):
    def __init__(self, hidden: int, out_features: int):
        super().__init__()
        self.hidden = keras.layers.Dense(hidden, activation="relu")
        self.out = keras.layers.Dense(out_features)

    def call(self, x):
        return self.out(self.hidden(x))


keras.utils.set_random_seed(0)
model = MLP(16, 3)
assert not model.built  # no weights yet: input size is inferred later
y = model(tf.random.normal((8, 4)))  # first call builds the weights

assert keras.backend.backend() == "tensorflow"
assert y.shape == (8, 3), y.shape
assert model.count_params() == (4 * 16 + 16) + (16 * 3 + 3)
print(f"ok: keras.Model MLP output shape {tuple(y.shape)}, {model.count_params()} parameters")
