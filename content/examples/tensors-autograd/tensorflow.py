"""Tensors and autograd

TensorFlow records operations on a tf.GradientTape; tape.gradient()
replays them backwards. Only tf.Variable objects are watched
automatically, plain tensors must be watched explicitly.
"""

import tensorflow as tf

x = tf.Variable([1.0, 2.0, 3.0])  # trainable state lives in Variables
w = tf.ones((3, 2))  # an immutable tf.Tensor

with tf.GradientTape() as tape:  # operations inside are recorded
    y = tf.reduce_sum(tf.square(tf.linalg.matvec(w, x, transpose_a=True)))

grad = tape.gradient(y, x)  # y = 2 * (x1 + x2 + x3)^2
expected = 4 * tf.reduce_sum(x) * tf.ones(3)  # dy/dxi = 4 * sum(x)
tf.debugging.assert_near(grad, expected)

# Tensors are immutable; Variables are updated in place with assign ops.
x.assign_sub(0.1 * grad)
assert abs(float(x[0]) - (1.0 - 0.1 * 24.0)) < 1e-5

print(f"ok: GradientTape gradient {grad.numpy().tolist()} matches 4*sum(x)")
