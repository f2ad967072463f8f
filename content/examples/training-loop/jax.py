"""Training loop

In JAX the training step is a function: compute loss and gradients with
nnx.value_and_grad, apply an optax optimizer through nnx.Optimizer, and
compile the whole step with nnx.jit.
"""

import jax
import jax.numpy as jnp
import optax
from flax import nnx

# Tiny synthetic regression problem: y = 3*x0 - 2*x1 + 1 plus noise.
kx, kn = jax.random.split(jax.random.key(0))
x = jax.random.normal(kx, (256, 2))
y = x @ jnp.array([[3.0], [-2.0]]) + 1.0 + 0.01 * jax.random.normal(kn, (256, 1))

model = nnx.Sequential(nnx.Linear(2, 16, rngs=nnx.Rngs(0)), nnx.relu,
                       nnx.Linear(16, 1, rngs=nnx.Rngs(1)))
optimizer = nnx.Optimizer(model, optax.adam(0.05), wrt=nnx.Param)


@nnx.jit  # like jax.jit, but updates the NNX objects passed in
def train_step(model, optimizer, x, y):
    def loss_fn(model):
        return ((model(x) - y) ** 2).mean()

    loss, grads = nnx.value_and_grad(loss_fn)(model)
    optimizer.update(model, grads)  # applies optax's update to the parameters
    return loss


losses = [float(train_step(model, optimizer, x, y)) for _ in range(100)]

assert losses[-1] < 0.05 * losses[0], (losses[0], losses[-1])
print(f"ok: loss fell from {losses[0]:.3f} to {losses[-1]:.4f} in 100 steps")
