"""The effective configuration of a run, as one frozen value."""

from __future__ import annotations

from dataclasses import dataclass

from linter.model import Severity


def split_codes(text: str | None) -> tuple[str, ...]:
    """``"MLS1, MLS203"`` -> ``("MLS1", "MLS203")``."""
    if not text:
        return ()
    return tuple(part.strip().upper() for part in text.replace(" ", ",").split(",") if part.strip())


@dataclass(frozen=True)
class Config:
    """Which rules run and which findings count. ``select`` and ``ignore`` are code prefixes."""

    select: tuple[str, ...] = ("MLS", "B")  # B: the curated bandit checks (rules/bandit_checks.py)
    ignore: tuple[str, ...] = ()
    fail_on: Severity = Severity.LOW
