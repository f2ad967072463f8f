"""Compilation

tf.function traces Python into a TensorFlow graph; jit_compile=True
additionally compiles that graph with XLA, fusing operations into a
few kernels. Retracing happens only when input shapes or dtypes change.
"""

import tensorflow as tf

tf.random.set_seed(0)
w1 = tf.random.normal((32, 64))
w2 = tf.random.normal((64, 8))


def mlp(x):
    return tf.nn.gelu(x @ w1) @ w2


compiled = tf.function(mlp, jit_compile=True)  # XLA-compiled graph
x = tf.random.normal((16, 32))

eager_out = mlp(x)  # plain eager execution, op by op
compiled_out = compiled(x)  # first call traces and compiles
again = compiled(x)  # cached: no retracing for the same input signature

# XLA may fuse and reorder floating-point operations: compare with a tolerance.
tf.debugging.assert_near(compiled_out, eager_out, rtol=1e-4, atol=1e-4)
tf.debugging.assert_equal(again, compiled_out)
assert compiled.experimental_get_tracing_count() == 1
print("ok: tf.function(jit_compile=True) matches eager, traced once")
