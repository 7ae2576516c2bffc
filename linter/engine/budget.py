"""A time budget per document (``--timeout-per-file``, ``timeout-per-file`` in the configuration).

:func:`time_budget` opens a budget around the analysis of one document; when it is spent,
:exc:`BudgetExceeded` is raised inside the analysis and the caller reports MLS002 with the time
spent. Two mechanisms, so the budget holds wherever the engine runs:

- checkpoints: the engine calls :func:`checkpoint` between its steps (each chunk and top-level
  statement of the CST walk, each text block, output and magic a rule reads); it raises once the
  deadline has passed. This works in any thread (the Jupyter route and a language server lint in
  worker threads) but cannot stop a single step that never returns;
- an alarm: in the main thread (the CLI, pre-commit, each ``--jobs`` worker process) a ``SIGALRM``
  timer interrupts any Python code at the deadline, a rule looping forever included. It is used only
  when nobody else handles ``SIGALRM`` (the previous handler is the default one), and restored after.

Neither interrupts a long call into C (a regular expression, libcst's native parser); the
checkpoint after it reports. The deadline lives in a context variable, so concurrent threads each
have their own.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

# The deadline (time.monotonic()) of the innermost open budget of this thread or task, or None.
_DEADLINE: contextvars.ContextVar[float | None] = contextvars.ContextVar("mlsafe_deadline", default=None)


class BudgetExceeded(Exception):
    """The analysis of one document ran over its time budget."""

    def __init__(self, budget: float, elapsed: float) -> None:
        super().__init__(f"over the time budget of {budget:g} s after {elapsed:.2f} s")
        self.budget = budget
        self.elapsed = elapsed


def checkpoint() -> None:
    """Raise :exc:`BudgetExceeded` when the current budget is spent (cheap: one clock read)."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() > deadline:
        raise _Expired()


class _Expired(BaseException):
    """Raised inside the analysis; turned into BudgetExceeded (with the time spent) at the budget.
    A BaseException, like KeyboardInterrupt, so a rule's ``except Exception`` cannot swallow it."""


def _alarm_usable() -> bool:
    return (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    )


def _raise_expired(signum: int, frame: FrameType | None) -> None:
    raise _Expired()


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Run the body under a budget of ``seconds`` (None, 0 or a negative number: no budget).
    Raises :exc:`BudgetExceeded` when it is spent."""
    if seconds is None or seconds <= 0 or math.isinf(seconds) or math.isnan(seconds):
        yield
        return
    start = time.monotonic()
    token = _DEADLINE.set(start + seconds)
    alarm = _alarm_usable()
    try:
        if alarm:
            signal.signal(signal.SIGALRM, _raise_expired)
            signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            yield
        finally:
            if alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
                signal.signal(signal.SIGALRM, signal.SIG_DFL)
    except _Expired:
        raise BudgetExceeded(seconds, time.monotonic() - start) from None
    finally:
        _DEADLINE.reset(token)


__all__ = ["BudgetExceeded", "checkpoint", "time_budget"]
