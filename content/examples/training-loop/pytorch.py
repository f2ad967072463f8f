"""Training loop

PyTorch has no built-in fit(): you write the loop. Each step runs the
forward pass, backward() to fill .grad, then optimizer.step() to update
the parameters in place.
"""

import torch
from torch import nn

torch.manual_seed(0)
# Tiny synthetic regression problem: y = 3*x0 - 2*x1 + 1 plus noise.
x = torch.randn(256, 2)
y = x @ torch.tensor([[3.0], [-2.0]]) + 1.0 + 0.01 * torch.randn(256, 1)

model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 1))
optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
loss_fn = nn.MSELoss()

model.train()  # switches layers such as dropout to training behaviour
losses = []
for _ in range(100):
    optimizer.zero_grad()  # gradients accumulate unless cleared
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())

assert losses[-1] < 0.05 * losses[0], (losses[0], losses[-1])
print(f"ok: loss fell from {losses[0]:.3f} to {losses[-1]:.4f} in 100 steps")
