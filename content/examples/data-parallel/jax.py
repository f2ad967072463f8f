"""Data-parallel training

JAX shards arrays over a device mesh and lets the compiler partition the
program: put the batch on a "data" axis, replicate the parameters, and
jit inserts the gradient all-reduce. Two host CPU devices stand in for
accelerators here.
"""

import os

# Must be set before JAX starts: split the host CPU into two devices.
os.environ["XLA_FLAGS"] = "--xla_force_host_platform_device_count=2"

import jax
import jax.numpy as jnp
import optax
from flax import nnx
from jax.sharding import NamedSharding
from jax.sharding import PartitionSpec as P

mesh = jax.make_mesh((2,), ("data",))
model = nnx.Linear(2, 1, rngs=nnx.Rngs(0))
optimizer = nnx.Optimizer(model, optax.sgd(0.1), wrt=nnx.Param)

# Replicate parameters and optimizer state on every device (P() = no split).
state = nnx.state((model, optimizer))
nnx.update((model, optimizer), jax.device_put(state, NamedSharding(mesh, P())))

x = jax.random.normal(jax.random.key(0), (256, 2))
y = x @ jnp.array([[3.0], [-2.0]]) + 1.0
# Split the batch dimension across the "data" axis: 128 rows per device.
x, y = jax.device_put((x, y), NamedSharding(mesh, P("data")))
assert len(x.sharding.device_set) == 2


@nnx.jit
def train_step(model, optimizer, x, y):
    loss, grads = nnx.value_and_grad(lambda m: ((m(x) - y) ** 2).mean())(model)
    optimizer.update(model, grads)  # XLA all-reduced the gradients across devices
    return loss


losses = [float(train_step(model, optimizer, x, y)) for _ in range(50)]
assert losses[-1] < 0.05 * losses[0], (losses[0], losses[-1])
kernel = model.kernel[...]  # the underlying jax.Array
assert kernel.sharding.is_fully_replicated  # one full copy per device
assert len(kernel.sharding.device_set) == 2
print(f"ok: sharded training on 2 devices, loss {losses[0]:.3f} -> {losses[-1]:.4f}")
