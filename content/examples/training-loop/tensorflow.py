"""Training loop

With TensorFlow you either call Keras model.fit() or write the loop
yourself with tf.GradientTape, as here. Wrapping the step in tf.function
traces it once into a graph, which is then reused for every step.
"""

import keras
import tensorflow as tf

tf.random.set_seed(0)
# Tiny synthetic regression problem: y = 3*x0 - 2*x1 + 1 plus noise.
x = tf.random.normal((256, 2))
y = x @ tf.constant([[3.0], [-2.0]]) + 1.0 + 0.01 * tf.random.normal((256, 1))

model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(16, activation="relu"),
                          keras.layers.Dense(1)])
optimizer = keras.optimizers.Adam(learning_rate=0.05)
loss_fn = keras.losses.MeanSquaredError()


@tf.function  # compile the step into a graph; Python runs only while tracing
def train_step(x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
    return loss


losses = [float(train_step(x, y)) for _ in range(100)]

assert losses[-1] < 0.05 * losses[0], (losses[0], losses[-1])
print(f"ok: loss fell from {losses[0]:.3f} to {losses[-1]:.4f} in 100 steps")
