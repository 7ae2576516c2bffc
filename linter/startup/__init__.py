"""What keeps a one-file run cheap to start: stand-ins for two standard facilities whose cost is
paid by every run although few runs need all of it (see README, "One notebook on the pre-commit
path"):

- :mod:`linter.startup.lazy_pattern`: module-level regular expressions compiled on first use;
- :mod:`linter.startup.distribution_metadata`: ``Version`` and ``Project-URL`` of an installed
  distribution, read without importing ``importlib.metadata`` (and the ``email`` parser).

Both import nothing of mlsafe; every layer may import them.
"""
