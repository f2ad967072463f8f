"""Exporting a model

torch.export traces a model ahead of time into an ExportedProgram: a
Python-free graph of ATen operators with its weights, saved as a .pt2
file. Dynamic dimensions must be declared; other shapes are fixed.
"""

import tempfile
from pathlib import Path

import torch
from torch import nn
from torch.export import Dim

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).eval()
example = (torch.randn(3, 4),)

# Declare the batch dimension dynamic so the exported graph accepts any batch size.
program = torch.export.export(model, example, dynamic_shapes=({0: Dim("batch")},))

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "model.pt2"
    torch.export.save(program, path)
    loaded = torch.export.load(path)  # no model class needed to load

x = torch.randn(5, 4)  # a batch size not seen during export
with torch.no_grad():
    torch.testing.assert_close(loaded.module()(x), model(x), rtol=1e-5, atol=1e-6)
print("ok: torch.export .pt2 reloads and matches eager for a new batch size")
