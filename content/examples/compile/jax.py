"""Compilation

jax.jit traces a pure function with abstract inputs, lowers it to
StableHLO and compiles it with XLA. Compiled code is cached per input
shape and dtype; the Python body does not run again on later calls.
"""

import jax
import jax.numpy as jnp

k1, k2, kx = jax.random.split(jax.random.key(0), 3)
w1 = jax.random.normal(k1, (32, 64))
w2 = jax.random.normal(k2, (64, 8))
traces = []


def mlp(x):
    traces.append(x.shape)  # side effect: runs only while tracing under jit
    return jax.nn.gelu(x @ w1) @ w2


compiled = jax.jit(mlp)
x = jax.random.normal(kx, (16, 32))

eager_out = mlp(x)  # op-by-op dispatch
compiled_out = compiled(x)  # traces once, compiles with XLA
again = compiled(x)  # cache hit: the Python body is not re-run

# XLA may fuse and reorder floating-point operations: compare with a tolerance.
assert jnp.allclose(compiled_out, eager_out, rtol=1e-4, atol=1e-4)
assert jnp.array_equal(again, compiled_out)
assert len(traces) == 2  # one eager call + one trace for the compiled version
print("ok: jax.jit output matches eager, traced once")
