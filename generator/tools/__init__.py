"""Tools around the pipeline: synthetic data, scaffolding, links, release watching."""
