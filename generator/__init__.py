"""A generic comparison-site generator: YAML + markdown in, markdown pages out.

The pipeline is ``load → validate → derive → render → output`` (see
:mod:`generator.pipeline`). Only :mod:`generator.adapters.mkdocs_hooks` knows about MkDocs.
"""

__version__ = "0.1.0"
