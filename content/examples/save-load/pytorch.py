"""Saving and loading

The recommended PyTorch checkpoint is the state_dict: a dictionary of
tensors, saved with torch.save. Loading needs the model's Python class
to rebuild the module before the weights are copied in.
"""

import tempfile
from pathlib import Path

import torch
from torch import nn


def make_model() -> nn.Module:
    return nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2))


torch.manual_seed(0)
model = make_model()
x = torch.randn(3, 4)

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "model.pt"
    torch.save(model.state_dict(), path)  # weights only, not the code

    restored = make_model()  # fresh random weights...
    # weights_only=True (the default) refuses to unpickle arbitrary objects.
    restored.load_state_dict(torch.load(path, weights_only=True))  # ...replaced

with torch.no_grad():
    assert torch.equal(restored(x), model(x))
print("ok: state_dict round trip gives identical outputs")
