"""Data loading

A torch Dataset maps an index to one sample; DataLoader handles
shuffling, batching (collation) and optional worker processes that load
samples in parallel with training.
"""

import torch
from torch.utils.data import DataLoader, Dataset


class Squares(Dataset):
    """A map-style dataset: __len__ plus __getitem__ for one sample."""

    def __init__(self, n: int):
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: int) -> tuple[torch.Tensor, torch.Tensor]:
        x = torch.tensor([float(i)])
        return x, x**2  # real datasets would read and decode a file here


if __name__ == "__main__":  # required: worker processes re-import this module
    loader = DataLoader(Squares(100), batch_size=32, shuffle=True, num_workers=2,
                        generator=torch.Generator().manual_seed(0))
    seen = []
    for x, y in loader:  # each batch is stacked into one tensor by collate_fn
        assert torch.equal(y, x**2)
        seen += x.flatten().int().tolist()

    assert sorted(seen) == list(range(100))  # every sample exactly once per epoch
    assert seen != list(range(100))  # ...in shuffled order
    print(f"ok: DataLoader yielded {len(loader)} shuffled batches covering all 100 samples")
