"""Data-parallel training

DistributedDataParallel runs one process per device. Each process
computes gradients on its own shard of the batch, and DDP all-reduces
(averages) them during backward(), so every replica stays identical.
"""

import socket

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from torch import nn
from torch.nn.parallel import DistributedDataParallel as DDP

WORLD_SIZE = 2


def worker(rank: int, port: int) -> None:
    # gloo is the CPU backend; use nccl with one process per GPU.
    dist.init_process_group("gloo", init_method=f"tcp://127.0.0.1:{port}",
                            rank=rank, world_size=WORLD_SIZE)
    torch.manual_seed(0)  # same initial weights; DDP also broadcasts rank 0's
    model = DDP(nn.Linear(4, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

    torch.manual_seed(1 + rank)  # each rank gets different data
    x = torch.randn(8, 4)
    loss = model(x).pow(2).mean()
    loss.backward()  # gradients are averaged across ranks here
    optimizer.step()

    # After the step every rank must hold the same weights.
    weights = model.module.weight.detach().clone()
    gathered = [torch.empty_like(weights) for _ in range(WORLD_SIZE)]
    dist.all_gather(gathered, weights)
    assert torch.equal(gathered[0], gathered[1])
    if rank == 0:
        print(f"ok: DDP over {WORLD_SIZE} gloo processes kept replicas identical")
    dist.destroy_process_group()


if __name__ == "__main__":
    with socket.socket() as s:  # ask the OS for a free port for the rendezvous
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    mp.spawn(worker, args=(port,), nprocs=WORLD_SIZE)  # raises if a worker fails
