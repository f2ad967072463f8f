"""ONNX export

torch.onnx.export with dynamo=True (the default since PyTorch 2.9) first
captures the model with torch.export, then translates the graph to ONNX
via onnxscript. ONNX Runtime runs the result without PyTorch.
"""

import tempfile
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 2)).eval()
example = torch.randn(3, 4)

program = torch.onnx.export(
    model, (example,), dynamo=True, verbose=False,
    input_names=["x"], dynamic_shapes=({0: "batch"},),  # keep batch size free
)

with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "model.onnx"
    program.save(path)
    session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])

x = np.random.default_rng(0).normal(size=(5, 4)).astype(np.float32)
(onnx_out,) = session.run(None, {"x": x})
with torch.no_grad():
    np.testing.assert_allclose(onnx_out, model(torch.from_numpy(x)).numpy(), rtol=1e-5, atol=1e-6)
print("ok: ONNX Runtime output matches PyTorch for a new batch size")
