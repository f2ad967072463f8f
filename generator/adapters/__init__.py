"""Site engines: the MkDocs hook, the shared engine config and the atomic site build.

Only :mod:`generator.adapters.mkdocs_hooks` imports mkdocs.
"""
