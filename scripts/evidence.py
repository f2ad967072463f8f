"""Run the evidence-lab benchmarks and write content/evidence/<id>.yml.

Small, fixed CPU benchmarks of PyTorch, TensorFlow and JAX, run with the
pinned examples environment (``.venv-examples``, see
``requirements-examples.txt``). ``make evidence`` runs this file.

How a number is made:

* Every (benchmark, framework, variant) runs in its own fresh process
  (``--worker``), so one framework's imports, thread pools and allocator never
  touch another's, and the peak resident memory (``ru_maxrss``) belongs to
  that one measurement.
* Threads are pinned: PyTorch ``set_num_threads(cores)`` and one inter-op
  thread; TensorFlow intra-op = cores, inter-op = 1. XLA (JAX, and TensorFlow
  with ``jit_compile=True``) keeps its default CPU thread pool: ``XLA_FLAGS``
  is left unset. TorchInductor compiles in-process
  (``TORCHINDUCTOR_COMPILE_THREADS=1``), so no compile-worker pool runs
  beside the timed loop.
* The first calls are warm-up and are not timed; the first one is where
  ``torch.compile``, ``tf.function(jit_compile=True)`` and ``jax.jit``
  compile. Then each repetition times one call with ``time.perf_counter``
  (garbage collector paused, as ``timeit`` does), ending when the result is
  on the host (the loss as a Python or NumPy scalar, the inference output as a
  NumPy array; for JAX training also ``jax.block_until_ready`` on the new
  parameters).
* The whole suite runs twice (two passes, minutes apart). The committed
  numbers are the last pass; the ``noise`` line is how far the medians moved
  between the passes.

Usage::

    .venv-examples/bin/python scripts/evidence.py            # measure, write YAML
    .venv-examples/bin/python scripts/evidence.py --check    # re-run, compare
    .venv-examples/bin/python scripts/evidence.py --only jax --passes 1 --out /tmp/ev

``--check`` is how a reader reproduces the committed numbers: it re-runs
everything once and says, per measurement, whether the new median lies
within the noise stated in the committed file. It writes nothing and exits 0
even when numbers differ (it is a comparison, not a test); it exits 1 only
when a measurement could not be run.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import os
import platform
import re
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVIDENCE = ROOT / "content" / "evidence"
SUBJECTS = ("pytorch", "tensorflow", "jax")
VARIANTS = ("eager", "compiled")
COMMAND = "make evidence"
GPU_LINE = "none available: CPU only (no GPU on this machine class)"
PACKAGES = ("torch", "tensorflow-cpu", "jax", "jaxlib", "flax", "optax", "keras", "numpy")
WORKER_TIMEOUT_S = 420
DEFAULT_NOISE_PCT = 25.0
"""Tolerance --check uses when the committed noise line states no percentage."""

SEED = 0
MLP_SIZES = (784, 256, 256, 10)
MLP_BATCH = 64
CNN_BATCH = 32
CNN_IMAGE = (32, 32, 3)
LEARNING_RATE = 1e-3

COMMON_NOTES = (
    "Each framework and variant runs in its own fresh process with threads pinned to the "
    "machine's cores (PyTorch `set_num_threads`, TensorFlow intra-op threads; XLA keeps its "
    "default CPU thread pool, `XLA_FLAGS` unset). Warm-up calls come first and are not timed, "
    "so compilation time is excluded: the compiled numbers are steady-state speed only, and "
    "the first call of a compiled variant costs seconds, not milliseconds. Peak memory is the "
    "peak resident set size (`ru_maxrss`) of that process, so it includes the framework's "
    "import and, for compiled variants, the compiler.\n\n"
    "What this does not show: these are tiny models on a shared, virtualised {cores}-core CPU, one "
    "machine class, float32 only. Per-call framework overhead (Python dispatch, Keras layers, "
    "tracing) weighs far more here than it would on a real model, and the ranking can flip "
    "with model size, batch size, thread count or hardware. This is not a verdict on GPU or "
    "TPU training speed, nor on which framework is faster in general."
)


@dataclass(frozen=True)
class Bench:
    """One benchmark: a content/evidence/<id>.yml file."""

    id: str
    title: str
    metric: str
    features: tuple[str, ...]
    repetitions: int
    warmup: int
    what: str
    """First paragraph of the description: what is measured."""


BENCHES: tuple[Bench, ...] = (
    Bench(
        id="mlp-train-step",
        title="MLP training step on CPU",
        metric="Time for one training step of a small MLP",
        features=("eager-by-default", "jit-compilation", "compiler-stack",
                  "published-benchmarks"),
        repetitions=40,
        warmup=10,
        what=(
            "One optimiser step of the same multilayer perceptron in each framework: layers "
            "784-256-256-10 with ReLU, a batch of 64 synthetic float32 inputs with integer "
            "labels (fixed seed, the same arrays for every framework), softmax cross-entropy, "
            "Adam with learning rate 0.001. A step is forward, backward and the parameter "
            "update. **Eager** is the plain step: PyTorch eager mode, TensorFlow eager "
            "`GradientTape` with Keras 3 layers, and for JAX the un-jitted step, where "
            "`jax.value_and_grad` and optax dispatch operation by operation (JAX has no real "
            "eager training mode; nobody trains that way, it is shown to separate dispatch "
            "cost from compiled speed). **Compiled** is `torch.compile` of the step function, "
            "`tf.function(jit_compile=True)` (XLA) of the step, and `jax.jit` of the whole "
            "step written with Flax NNX (`nnx.split`/`nnx.merge`) and optax."
        ),
    ),
    Bench(
        id="cnn-train-step",
        title="Small CNN training step on CPU",
        metric="Time for one training step of a small CNN",
        features=("eager-by-default", "jit-compilation", "compiler-stack",
                  "published-benchmarks"),
        repetitions=30,
        warmup=8,
        what=(
            "One optimiser step of the same small convolutional network in each framework: "
            "32x32 RGB inputs, batch 32, two 3x3 convolutions (16 and 32 channels, same "
            "padding, ReLU) each followed by 2x2 max pooling, then one dense layer to 10 "
            "classes; softmax cross-entropy and Adam (learning rate 0.001) on fixed-seed "
            "synthetic data. Each framework uses its native layout (NCHW for PyTorch, NHWC "
            "for TensorFlow and JAX). **Eager** and **compiled** mean the same as in the MLP "
            "training step: for JAX, eager is the un-jitted step dispatched operation by "
            "operation, which is not how JAX is meant to be used."
        ),
    ),
    Bench(
        id="mlp-inference-latency",
        title="MLP inference latency at batch 1 on CPU",
        metric="Time for one forward pass of a small MLP on one input",
        features=("jit-compilation", "inference-optimisation", "published-benchmarks"),
        repetitions=200,
        warmup=20,
        what=(
            "Latency of one forward pass of the 784-256-256-10 MLP on a single input (batch "
            "1, float32), in inference mode: `torch.inference_mode()` for PyTorch, "
            "`training=False` for Keras, the bare Flax NNX module for JAX. **Eager** calls "
            "the model directly; **compiled** calls `torch.compile(model)`, a "
            "`tf.function(jit_compile=True)` wrapper, or a `jax.jit` function of the "
            "parameters and input. At this size the time is almost all per-call overhead "
            "(Python, dispatch, argument checks), not arithmetic, which is what a batch-1 "
            "latency test is meant to expose. Each timed call ends with the 1x10 output as a "
            "NumPy array."
        ),
    ),
)
BENCH_BY_ID = {b.id: b for b in BENCHES}


# --------------------------------------------------------------------------- worker side


def synthetic_data(kind: str) -> tuple[Any, Any]:
    """Return (x, y) as NumPy arrays, the same for every framework."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    if kind == "mlp":
        x = rng.standard_normal((MLP_BATCH, MLP_SIZES[0]), dtype=np.float32)
    elif kind == "cnn":
        x = rng.standard_normal((CNN_BATCH, *CNN_IMAGE), dtype=np.float32)  # NHWC
    else:  # one MLP input
        x = rng.standard_normal((1, MLP_SIZES[0]), dtype=np.float32)
    y = rng.integers(0, MLP_SIZES[-1], size=x.shape[0]).astype(np.int32)
    return x, y


def torch_case(bench: str, variant: str, threads: int) -> Callable[[], object]:
    """Build the PyTorch callable for one benchmark and variant."""
    import torch
    from torch import nn

    torch.set_num_threads(threads)
    with contextlib.suppress(RuntimeError):  # already set: only when called twice
        torch.set_num_interop_threads(1)
    torch.manual_seed(SEED)
    compiled = variant == "compiled"
    if bench == "cnn-train-step":
        x_np, y_np = synthetic_data("cnn")
        x = torch.from_numpy(x_np.transpose(0, 3, 1, 2).copy())  # NCHW
        model: nn.Module = nn.Sequential(
            nn.Conv2d(3, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 8 * 8, 10))
    else:
        x_np, y_np = synthetic_data("one" if bench == "mlp-inference-latency" else "mlp")
        x = torch.from_numpy(x_np)
        a, b, c, d = MLP_SIZES
        model = nn.Sequential(nn.Linear(a, b), nn.ReLU(), nn.Linear(b, c), nn.ReLU(),
                              nn.Linear(c, d))
    y = torch.from_numpy(y_np.astype("int64"))

    if bench == "mlp-inference-latency":
        model.eval()
        forward = torch.compile(model) if compiled else model

        def infer() -> object:
            with torch.inference_mode():
                return forward(x).numpy()

        return infer

    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.CrossEntropyLoss()

    def step(xb: torch.Tensor, yb: torch.Tensor) -> torch.Tensor:
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(xb), yb)
        loss.backward()
        optimizer.step()
        return loss

    run_step = torch.compile(step) if compiled else step

    def train() -> object:
        return run_step(x, y).item()

    return train


def tensorflow_case(bench: str, variant: str, threads: int) -> Callable[[], object]:
    """Build the TensorFlow (Keras 3 layers) callable for one benchmark and variant."""
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(threads)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    import keras
    from keras import layers

    keras.utils.set_random_seed(SEED)
    compiled = variant == "compiled"
    if bench == "cnn-train-step":
        x_np, y_np = synthetic_data("cnn")
        model = keras.Sequential([
            keras.Input(CNN_IMAGE),
            layers.Conv2D(16, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
            layers.Conv2D(32, 3, padding="same", activation="relu"), layers.MaxPooling2D(2),
            layers.Flatten(), layers.Dense(10)])
    else:
        x_np, y_np = synthetic_data("one" if bench == "mlp-inference-latency" else "mlp")
        a, b, c, d = MLP_SIZES
        model = keras.Sequential([keras.Input((a,)), layers.Dense(b, activation="relu"),
                                  layers.Dense(c, activation="relu"), layers.Dense(d)])
    x = tf.constant(x_np)
    y = tf.constant(y_np)

    if bench == "mlp-inference-latency":
        def forward(xb: tf.Tensor) -> tf.Tensor:
            return model(xb, training=False)

        call = tf.function(forward, jit_compile=True) if compiled else forward

        def infer() -> object:
            return call(x).numpy()

        return infer

    loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    optimizer = keras.optimizers.Adam(learning_rate=LEARNING_RATE)
    optimizer.build(model.trainable_variables)

    def step(xb: tf.Tensor, yb: tf.Tensor) -> tf.Tensor:
        with tf.GradientTape() as tape:
            loss = loss_fn(yb, model(xb, training=True))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    run_step = tf.function(step, jit_compile=True) if compiled else step

    def train() -> object:
        return run_step(x, y).numpy()

    return train


def jax_case(bench: str, variant: str, threads: int) -> Callable[[], object]:
    """Build the JAX (Flax NNX + optax) callable for one benchmark and variant."""
    del threads  # XLA's CPU client sizes its own thread pool; XLA_FLAGS stays unset.
    import jax
    import jax.numpy as jnp
    import numpy as np
    import optax
    from flax import nnx

    compiled = variant == "compiled"

    class MLP(nnx.Module):
        def __init__(self, rngs: nnx.Rngs) -> None:
            a, b, c, d = MLP_SIZES
            self.l1 = nnx.Linear(a, b, rngs=rngs)
            self.l2 = nnx.Linear(b, c, rngs=rngs)
            self.l3 = nnx.Linear(c, d, rngs=rngs)

        def __call__(self, x: jax.Array) -> jax.Array:
            return self.l3(nnx.relu(self.l2(nnx.relu(self.l1(x)))))

    class CNN(nnx.Module):
        def __init__(self, rngs: nnx.Rngs) -> None:
            self.c1 = nnx.Conv(3, 16, kernel_size=(3, 3), padding="SAME", rngs=rngs)
            self.c2 = nnx.Conv(16, 32, kernel_size=(3, 3), padding="SAME", rngs=rngs)
            self.out = nnx.Linear(32 * 8 * 8, 10, rngs=rngs)

        def __call__(self, x: jax.Array) -> jax.Array:
            x = nnx.max_pool(nnx.relu(self.c1(x)), window_shape=(2, 2), strides=(2, 2))
            x = nnx.max_pool(nnx.relu(self.c2(x)), window_shape=(2, 2), strides=(2, 2))
            return self.out(x.reshape(x.shape[0], -1))

    rngs = nnx.Rngs(SEED)
    if bench == "cnn-train-step":
        x_np, y_np = synthetic_data("cnn")
        model: nnx.Module = CNN(rngs)
    else:
        x_np, y_np = synthetic_data("one" if bench == "mlp-inference-latency" else "mlp")
        model = MLP(rngs)
    x = jnp.asarray(x_np)
    y = jnp.asarray(y_np)
    graphdef, params = nnx.split(model)

    if bench == "mlp-inference-latency":
        if compiled:
            forward = jax.jit(lambda p, xb: nnx.merge(graphdef, p)(xb))

            def infer() -> object:
                return np.asarray(forward(params, x))  # waits for the result
        else:
            def infer() -> object:
                return np.asarray(model(x))  # type: ignore[operator]

        return infer

    tx = optax.adam(LEARNING_RATE)
    state = {"params": params, "opt": tx.init(params)}

    def step(p: Any, opt_state: Any, xb: jax.Array, yb: jax.Array) -> tuple[Any, Any, Any]:
        def loss_fn(q: Any) -> jax.Array:
            logits = nnx.merge(graphdef, q)(xb)
            return optax.softmax_cross_entropy_with_integer_labels(logits, yb).mean()

        loss, grads = jax.value_and_grad(loss_fn)(p)
        updates, opt_state = tx.update(grads, opt_state, p)
        return optax.apply_updates(p, updates), opt_state, loss

    run_step = jax.jit(step, donate_argnums=(0, 1)) if compiled else step

    def train() -> object:
        p, o, loss = run_step(state["params"], state["opt"], x, y)
        jax.block_until_ready((p, o, loss))
        state["params"], state["opt"] = p, o
        return float(loss)

    return train


CASES: dict[str, Callable[[str, str, int], Callable[[], object]]] = {
    "pytorch": torch_case,
    "tensorflow": tensorflow_case,
    "jax": jax_case,
}


def worker(subject: str, bench: str, variant: str, reps: int, warmup: int) -> None:
    """Measure one (subject, benchmark, variant) and print one JSON line."""
    threads = os.cpu_count() or 1
    start = time.perf_counter()
    fn = CASES[subject](bench, variant, threads)
    setup_s = time.perf_counter() - start
    start = time.perf_counter()
    fn()  # first call: compiles for the compiled variants
    first_ms = (time.perf_counter() - start) * 1e3
    for _ in range(max(warmup - 1, 0)):
        fn()
    samples = []
    gc.collect()
    gc.disable()
    try:
        for _ in range(reps):
            t0 = time.perf_counter()
            fn()
            samples.append((time.perf_counter() - t0) * 1e3)
    finally:
        gc.enable()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    print("RESULT " + json.dumps({"samples_ms": samples, "first_call_ms": first_ms,
                                  "setup_s": setup_s, "peak_rss_mib": peak_kib / 1024,
                                  "threads": threads}), flush=True)


# --------------------------------------------------------------------------- driver side


@dataclass
class Run:
    """What one worker process measured."""

    subject: str
    bench: str
    variant: str
    samples_ms: list[float]
    first_call_ms: float
    peak_rss_mib: float
    wall_s: float
    load: float = 0.0
    """1-minute load average of the machine just before the worker started."""

    def stats(self) -> dict[str, float]:
        """Median, quartiles and range of the samples, in ms (4 significant digits)."""
        q1, med, q3 = statistics.quantiles(self.samples_ms, n=4, method="inclusive")
        values = {"median": med, "q1": q1, "q3": q3,
                  "min": min(self.samples_ms), "max": max(self.samples_ms)}
        return {k: sig(v) for k, v in values.items()}


def sig(value: float, digits: int = 4) -> float:
    """Round to ``digits`` significant digits (monotonic, so order is kept)."""
    return float(f"{value:.{digits}g}")


def run_worker(subject: str, bench: Bench, variant: str, reps: int,
               warmup: int) -> Run:
    """Run one measurement in a fresh process of this interpreter."""
    env = dict(os.environ)
    env.update({
        "PYTHONHASHSEED": "0",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "KERAS_BACKEND": "tensorflow",
        "JAX_PLATFORMS": "cpu",
        "TORCHINDUCTOR_COMPILE_THREADS": "1",
    })
    env.pop("XLA_FLAGS", None)
    cmd = [sys.executable, "-P", str(Path(__file__).resolve()), "--worker", subject, bench.id,
           variant, "--reps", str(reps), "--warmup", str(warmup)]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=WORKER_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise RuntimeError(f"{subject} {bench.id} {variant}: timed out after "
                           f"{WORKER_TIMEOUT_S} s") from None
    wall = time.monotonic() - start
    lines = [ln for ln in stdout.splitlines() if ln.startswith("RESULT ")]
    if proc.returncode != 0 or not lines:
        tail = "\n".join((stdout + stderr).strip().splitlines()[-25:])
        raise RuntimeError(f"{subject} {bench.id} {variant}: exit {proc.returncode}\n{tail}")
    data = json.loads(lines[-1][len("RESULT "):])
    return Run(subject, bench.id, variant, data["samples_ms"], data["first_call_ms"],
               data["peak_rss_mib"], wall)


def run_pass(benches: list[Bench], subjects: list[str], reps: int | None,
             label: str) -> dict[tuple[str, str, str], Run]:
    """Run every selected measurement once; print a line per measurement."""
    out = {}
    for bench in benches:
        for subject in subjects:
            for variant in VARIANTS:
                r = reps or bench.repetitions
                load = load_average()
                run = run_worker(subject, bench, variant, r, bench.warmup)
                run.load = load
                s = run.stats()
                print(f"[{label}] {bench.id:<22} {subject:<10} {variant:<8} "
                      f"median {s['median']:>9.4g} ms  IQR {s['q1']:.4g}-{s['q3']:.4g}  "
                      f"first call {run.first_call_ms:>9.1f} ms  "
                      f"peak {run.peak_rss_mib:6.0f} MiB  ({run.wall_s:.0f} s, "
                      f"load {load:.1f})", flush=True)
                out[(bench.id, subject, variant)] = run
    return out


def cpu_model() -> str:
    """Return the CPU model name from /proc/cpuinfo, with the vector extensions."""
    try:
        info = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown CPU"
    name = re.search(r"^model name\s*:\s*(.+)$", info, re.M)
    flags_m = re.search(r"^flags\s*:\s*(.+)$", info, re.M)
    flags = set(flags_m.group(1).split()) if flags_m else set()
    vector = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2"
    text = f"{name.group(1).strip() if name else 'unknown CPU'}, {platform.machine()} with {vector}"
    if "hypervisor" in flags:
        text += ", virtual machine"
    return text


def os_line() -> str:
    """Return the distribution, kernel and C library."""
    try:
        distro = platform.freedesktop_os_release().get("PRETTY_NAME", "")
    except OSError:
        distro = ""
    libc = " ".join(platform.libc_ver())
    parts = [p for p in (distro, f"{platform.system()} {platform.release()}", libc) if p]
    return ", ".join(parts)


def versions() -> dict[str, str]:
    """Return the installed version of every framework package involved."""
    import importlib.metadata as md

    out = {}
    for name in PACKAGES:
        try:
            out[name] = md.version(name)
        except md.PackageNotFoundError:
            out[name] = "not installed"
    return out


def noise_figures(passes: list[dict[tuple[str, str, str], Run]],
                  bench_id: str) -> tuple[float, float]:
    """Return (largest, median) relative change of a benchmark's medians between passes, %."""
    changes = []
    for key, run in passes[-1].items():
        if key[0] != bench_id:
            continue
        now = statistics.median(run.samples_ms)
        for earlier in passes[:-1]:
            before = statistics.median(earlier[key].samples_ms)
            changes.append(abs(now - before) / before * 100)
    return max(changes), statistics.median(changes)


def noise_line(passes: list[dict[tuple[str, str, str], Run]], bench_id: str,
               today: dt.date) -> str:
    """Return the manifest's noise sentence, measured from the passes of this run."""
    if len(passes) < 2:
        return (f"Single pass on {today.isoformat()}; run-to-run noise not measured "
                "(run with --passes 2).")
    worst, typical = noise_figures(passes, bench_id)
    loads = [run.load for p in passes for key, run in p.items() if key[0] == bench_id]
    return (f"Medians moved by up to ±{worst:.0f} % (median change {typical:.0f} %) between "
            f"{len(passes)} back-to-back passes of make evidence on {today.isoformat()}; "
            f"1-minute load average {min(loads):.1f}-{max(loads):.1f} on "
            f"{os.cpu_count() or 1} cores during them.")


def q(text: str) -> str:
    """Quote a string for YAML (a JSON string is a valid YAML double-quoted scalar)."""
    return json.dumps(text, ensure_ascii=False)


def render_yaml(bench: Bench, runs: dict[tuple[str, str, str], Run], noise: str,
                today: dt.date, reps: int) -> str:
    """Return the YAML text of content/evidence/<id>.yml."""
    description = bench.what + "\n\n" + COMMON_NOTES.replace("{cores}", str(os.cpu_count() or 1))
    lines = [
        "# yaml-language-server: $schema=../../schema/benchmark.schema.json",
        "# Written by scripts/evidence.py (`make evidence`); do not edit the numbers by hand.",
        f"id: {bench.id}",
        f"title: {q(bench.title)}",
        "description: |",
        *[f"  {ln}" if ln else "" for ln in description.splitlines()],
        f"metric: {q(bench.metric)}",
        "unit: ms",
        "lower_is_better: true",
        f"features: [{', '.join(bench.features)}]",
        "manifest:",
        f"  date: {today.isoformat()}",
        f"  command: {q(COMMAND)}",
        f"  cpu: {q(cpu_model())}",
        f"  cores: {os.cpu_count() or 1}",
        f"  accelerator: {q(GPU_LINE)}",
        f"  os: {q(os_line())}",
        f"  python: {q(platform.python_version())}",
        "  versions:",
        *[f"    {name}: {q(v)}" for name, v in versions().items()],
        f"  repetitions: {reps}",
        f"  warmup: {bench.warmup}",
        f"  noise: {q(noise)}",
        "results:",
    ]
    for subject in SUBJECTS:
        for variant in VARIANTS:
            run = runs.get((bench.id, subject, variant))
            if run is None:
                continue
            s = run.stats()
            lines.append(
                f"  - {{subject: {subject}, variant: {variant}, median: {s['median']}, "
                f"q1: {s['q1']}, q3: {s['q3']}, min: {s['min']}, max: {s['max']}, "
                f"peak_memory_mb: {round(run.peak_rss_mib, 1)}}}")
    return "\n".join(lines) + "\n"


def load_average() -> float:
    """Return the 1-minute load average (0.0 where the platform has none)."""
    try:
        return os.getloadavg()[0]
    except OSError:
        return 0.0


def warn_if_busy() -> None:
    """Warn when other work already loads the CPU: the numbers would measure contention."""
    load = load_average()
    cores = os.cpu_count() or 1
    if load > 0.5 * cores:
        print(f"warning: 1-minute load average is {load:.1f} on {cores} cores; other work is "
              "running, so the timings (multi-threaded ones most) will be slower and noisier "
              "than on an idle machine.", file=sys.stderr)


def selected(only: list[str]) -> tuple[list[Bench], list[str]]:
    """Split --only names into benchmarks and subjects (none named: all)."""
    benches = [BENCH_BY_ID[n] for n in only if n in BENCH_BY_ID]
    subjects = [n for n in only if n in SUBJECTS]
    unknown = [n for n in only if n not in BENCH_BY_ID and n not in SUBJECTS]
    if unknown:
        raise SystemExit(f"unknown --only name(s): {', '.join(unknown)}; known: "
                         f"{', '.join([*BENCH_BY_ID, *SUBJECTS])}")
    return benches or list(BENCHES), subjects or list(SUBJECTS)


def stated_noise_pct(noise: str) -> float | None:
    """Return the percentage in a committed noise line ('up to ±N %'), if any."""
    match = re.search(r"±\s*(\d+(?:\.\d+)?)\s*%", noise)
    return float(match.group(1)) if match else None


def check(benches: list[Bench], subjects: list[str], reps: int | None, out_dir: Path) -> int:
    """Re-run once and compare each median with the committed file."""
    import yaml

    committed: dict[str, dict[str, Any]] = {}
    for bench in benches:
        path = out_dir / f"{bench.id}.yml"
        if not path.is_file():
            print(f"{path}: not found; run `make evidence` first", file=sys.stderr)
            return 1
        committed[bench.id] = yaml.safe_load(path.read_text(encoding="utf-8"))
    here = cpu_model()
    for bench in benches:
        manifest = committed[bench.id]["manifest"]
        if manifest["cpu"] != here or manifest["cores"] != (os.cpu_count() or 1):
            print(f"note: {bench.id} was measured on {manifest['cpu']} with "
                  f"{manifest['cores']} cores; this machine is {here} with "
                  f"{os.cpu_count()} cores, so expect larger differences.")
    try:
        runs = run_pass(benches, subjects, reps, "check")
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print()
    print(f"{'benchmark':<22} {'subject':<10} {'variant':<8} {'committed':>10} {'now':>10} "
          f"{'change':>8}  verdict")
    inside = total = 0
    for bench in benches:
        data = committed[bench.id]
        stated = stated_noise_pct(data["manifest"]["noise"])
        tolerance = stated if stated is not None else DEFAULT_NOISE_PCT
        for result in data["results"]:
            key = (bench.id, result["subject"], result["variant"])
            if key not in runs:
                continue
            now = runs[key].stats()["median"]
            change = (now - result["median"]) / result["median"] * 100
            ok = abs(change) <= tolerance
            total += 1
            inside += ok
            verdict = (f"within the stated ±{tolerance:.0f} %" if ok else
                       f"OUTSIDE the stated ±{tolerance:.0f} %")
            print(f"{bench.id:<22} {result['subject']:<10} {result['variant']:<8} "
                  f"{result['median']:>8.4g}ms {now:>8.4g}ms {change:>+7.1f}%  {verdict}")
    print(f"\n{inside} of {total} medians are within the noise stated in the committed files.")
    busiest = max(run.load for run in runs.values())
    if busiest > 0.5 * (os.cpu_count() or 1):
        print(f"note: the 1-minute load average reached {busiest:.1f} during this check; "
              "other work was running, so slower medians may be contention, not a change.")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point: measure and write, --check, or (internally) --worker."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", nargs=3, metavar=("SUBJECT", "BENCH", "VARIANT"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true",
                        help="re-run and compare with the committed files; write nothing")
    parser.add_argument("--only", nargs="*", default=[],
                        help="benchmark ids and/or subject ids to run (default: all)")
    parser.add_argument("--passes", type=int, default=2,
                        help="full passes; the noise line compares them (default 2)")
    parser.add_argument("--reps", type=int, default=None,
                        help="override the timed repetitions (for quick trials)")
    parser.add_argument("--warmup", type=int, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=EVIDENCE,
                        help="folder of the <id>.yml files (default content/evidence)")
    args = parser.parse_args(argv)

    if args.worker:
        subject, bench_id, variant = args.worker
        bench = BENCH_BY_ID[bench_id]
        worker(subject, bench_id, variant, args.reps or bench.repetitions,
               bench.warmup if args.warmup is None else args.warmup)
        return 0

    benches, subjects = selected(args.only)
    warn_if_busy()
    if args.check:
        return check(benches, subjects, args.reps, args.out)

    started = time.monotonic()
    today = dt.date.today()
    passes = []
    try:
        for i in range(max(args.passes, 1)):
            passes.append(run_pass(benches, subjects, args.reps, f"pass {i + 1}"))
    except RuntimeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    partial = len(subjects) < len(SUBJECTS)
    for bench in benches:
        noise = noise_line(passes, bench.id, today)
        text = render_yaml(bench, passes[-1], noise, today, args.reps or bench.repetitions)
        path = args.out / f"{bench.id}.yml"
        if partial and args.out.resolve() == EVIDENCE.resolve():
            print(f"not writing {path}: --only names a subset of the subjects")
            continue
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}"
              f"  ({noise})")
    print(f"total {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
