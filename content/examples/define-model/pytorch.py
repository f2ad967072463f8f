"""Defining a model

A PyTorch model is a subclass of torch.nn.Module: layers assigned as
attributes in __init__ are registered automatically, and forward()
is ordinary Python that runs eagerly.
"""

import torch
from torch import nn


class MLP(nn.Module):
    def __init__(self, in_features: int, hidden: int, out_features: int):
        super().__init__()
        self.hidden = nn.Linear(in_features, hidden)
        self.out = nn.Linear(hidden, out_features)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        # Plain Python control flow is allowed here.
        return self.out(torch.relu(self.hidden(x)))


torch.manual_seed(0)
model = MLP(4, 16, 3)  # weights are created immediately, shapes are fixed
y = model(torch.randn(8, 4))  # __call__ runs forward() plus any hooks

n_params = sum(p.numel() for p in model.parameters())
assert y.shape == (8, 3), y.shape
assert n_params == (4 * 16 + 16) + (16 * 3 + 3), n_params
print(f"ok: nn.Module MLP output shape {tuple(y.shape)}, {n_params} parameters")
