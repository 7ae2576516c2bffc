"""mlsafe: a secure-coding linter for machine-learning notebooks and scripts."""

__version__ = "0.1.0"
