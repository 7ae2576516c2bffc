"""The engine: one run over one document (parse with quarantine of broken cells, the shared CST walk, trigger prefilter, facts, suppressions, the bandit bridge)."""
