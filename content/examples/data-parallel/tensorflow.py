"""Data-parallel training

tf.distribute.MirroredStrategy copies the model to every local device,
splits each batch between them and all-reduces the gradients. Here one
CPU is split into two logical devices to show it without GPUs.
"""

import keras
import tensorflow as tf

# Must run before TensorFlow initialises its devices (before any op runs).
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

strategy = tf.distribute.MirroredStrategy(["/cpu:0", "/cpu:1"])  # default: all GPUs
assert strategy.num_replicas_in_sync == 2

keras.utils.set_random_seed(0)
with strategy.scope():  # variables created here are mirrored on both devices
    model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")

x = tf.random.normal((256, 2))
y = x @ tf.constant([[3.0], [-2.0]]) + 1.0
# Each global batch of 64 is split into two per-replica batches of 32.
history = model.fit(x, y, batch_size=64, epochs=10, verbose=0)

losses = history.history["loss"]
assert losses[-1] < 0.05 * losses[0], losses
print(f"ok: MirroredStrategy over 2 logical CPUs, loss {losses[0]:.3f} -> {losses[-1]:.4f}")
