"""Compilation

torch.compile captures the model's Python code into a graph with
TorchDynamo and generates fused kernels with TorchInductor (C++/OpenMP on
CPU, Triton on GPU). The first call compiles; later calls reuse it.
"""

import torch
from torch import nn

torch.manual_seed(0)
model = nn.Sequential(nn.Linear(32, 64), nn.GELU(), nn.Linear(64, 8)).eval()
x = torch.randn(16, 32)

compiled = torch.compile(model)  # returns a wrapper; nothing is compiled yet

with torch.no_grad():
    eager_out = model(x)
    compiled_out = compiled(x)  # triggers tracing + code generation
    again = compiled(x)  # same shapes: reuses the cached kernels

# Fused kernels may reorder floating-point operations, so compare with a tolerance.
torch.testing.assert_close(compiled_out, eager_out, rtol=1e-4, atol=1e-5)
torch.testing.assert_close(again, compiled_out)
print("ok: torch.compile output matches eager within 1e-4")
