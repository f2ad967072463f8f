"""The pipeline's stages: load, validate (+ rules), derive, render, output.

:func:`generator.pipeline.generate` joins them.
"""
