"""Data loading

tf.data builds an input pipeline from composable transformations. The
pipeline runs in TensorFlow's C++ runtime, so map() can use parallel
threads and prefetch() overlaps loading with training.
"""

import tensorflow as tf

dataset = (
    tf.data.Dataset.range(100)
    .shuffle(buffer_size=100, seed=0)  # the buffer size sets how well it shuffles
    .map(lambda i: (tf.cast(i, tf.float32), tf.cast(i * i, tf.float32)),
         num_parallel_calls=tf.data.AUTOTUNE)  # the function is traced into a graph
    .batch(32)
    .prefetch(tf.data.AUTOTUNE)  # prepare the next batch while this one trains
)

seen = []
for x, y in dataset:  # eager iteration; model.fit(dataset) also accepts it
    tf.debugging.assert_equal(y, x * x)
    seen += x.numpy().astype(int).tolist()

assert sorted(seen) == list(range(100))  # every sample exactly once per epoch
assert seen != list(range(100))  # ...in shuffled order
print(f"ok: tf.data yielded {len(dataset)} shuffled batches covering all 100 samples")
