"""Tensors and autograd

JAX arrays are immutable and gradients are function transformations:
jax.grad(f) returns a new function that computes df/dx. There is no tape
and no .grad attribute.
"""

import jax
import jax.numpy as jnp

w = jnp.ones((3, 2))


def f(x):
    # A pure function of its inputs: y = 2 * (x1 + x2 + x3)^2
    return jnp.sum((x @ w) ** 2)


x = jnp.array([1.0, 2.0, 3.0])
grad = jax.grad(f)(x)  # transformations compose: jax.jit(jax.grad(f)) also works
expected = 4 * x.sum() * jnp.ones(3)  # dy/dxi = 4 * sum(x)
assert jnp.allclose(grad, expected), grad

# Arrays cannot be modified in place; .at[].set() returns a new array.
x2 = x.at[0].set(10.0)
assert float(x[0]) == 1.0  # the original is unchanged
assert float(x2[0]) == 10.0

print(f"ok: jax.grad gradient {grad.tolist()} matches 4*sum(x)")
