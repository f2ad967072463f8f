"""On-device deployment

LiteRT Torch (the litert-torch package, formerly ai-edge-torch) converts a
PyTorch model through torch.export into a .tflite flatbuffer that the
LiteRT runtime executes on Android, iOS and embedded devices.
"""

import tempfile
from pathlib import Path

import litert_torch
import numpy as np
import torch
from ai_edge_litert.interpreter import Interpreter
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).eval()
example = (torch.randn(1, 4),)  # on-device models usually have fixed shapes

edge_model = litert_torch.convert(model, example)

x = np.random.default_rng(0).normal(size=(1, 4)).astype(np.float32)
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "model.tflite"
    edge_model.export(str(path))  # the file you ship in the app
    runner = Interpreter(model_path=str(path)).get_signature_runner()
    out = runner(args_0=x)["output_0"]

with torch.no_grad():
    np.testing.assert_allclose(out, model(torch.from_numpy(x)).numpy(), rtol=1e-5, atol=1e-6)
print("ok: LiteRT interpreter output matches PyTorch")
