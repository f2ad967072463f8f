"""Data loading

JAX ships no data loader: any iterator that yields NumPy arrays works,
and libraries such as Grain, tf.data or a torch DataLoader are common
choices. Here a plain NumPy generator shuffles and batches in memory.
"""

import jax
import numpy as np


def batches(x: np.ndarray, y: np.ndarray, batch_size: int, rng: np.random.Generator):
    """Yield shuffled (x, y) batches for one epoch."""
    order = rng.permutation(len(x))  # a fresh permutation per epoch
    for start in range(0, len(x), batch_size):
        idx = order[start:start + batch_size]
        # device_put copies to the accelerator; it is asynchronous on GPU/TPU.
        yield jax.device_put(x[idx]), jax.device_put(y[idx])


x = np.arange(100, dtype=np.float32)
y = x**2
seen, n_batches = [], 0
for xb, yb in batches(x, y, batch_size=32, rng=np.random.default_rng(0)):
    n_batches += 1
    assert isinstance(xb, jax.Array)
    assert np.array_equal(yb, xb**2)
    seen += np.asarray(xb).astype(int).tolist()

assert sorted(seen) == list(range(100))  # every sample exactly once per epoch
assert seen != list(range(100))  # ...in shuffled order
print(f"ok: NumPy iterator yielded {n_batches} shuffled batches covering all 100 samples")
