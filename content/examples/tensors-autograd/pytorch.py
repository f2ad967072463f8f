"""Tensors and autograd

PyTorch tensors record the operations applied to them when
requires_grad=True; .backward() then runs reverse-mode autodiff and
stores each gradient in the leaf tensor's .grad attribute.
"""

import torch

x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
w = torch.ones(3, 2)  # a constant: no gradient is tracked for it

# Eager execution: every line runs immediately and builds the graph as it goes.
y = (x @ w).pow(2).sum()  # y = 2 * (x1 + x2 + x3)^2
y.backward()  # fills x.grad; the graph is freed afterwards

expected = 4 * x.detach().sum() * torch.ones(3)  # dy/dxi = 4 * sum(x)
assert torch.allclose(x.grad, expected), x.grad
grad = x.grad.tolist()

# Gradients accumulate across backward() calls, so reset them between steps.
x.grad = None
with torch.no_grad():  # inference: skip graph recording entirely
    z = x * 2
assert not z.requires_grad

print(f"ok: autograd gradient {grad} matches 4*sum(x)")
