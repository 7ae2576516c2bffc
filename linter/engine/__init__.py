"""The engine: one run over one document (parsing with quarantine of broken cells, the shared CST
walk behind a trigger prefilter, document facts, suppressions, the bandit bridge, gc tuning)."""
