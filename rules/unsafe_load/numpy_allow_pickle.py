"""MLS103 numpy-allow-pickle."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import Category, Context, Example, Report, Rule, Severity, argument, at, is_false, is_true
from linter.rules.unsafe_load._loading import load_severity, loaded_artifact, shown_name
from linter.rules.unsafe_load._model_globals import classify, describe

NUMPY_LOADS = frozenset({"numpy.load", "numpy.lib.npyio.load"})


class NumpyAllowPickle(Rule):
    """
    ## What it does
    Flags `numpy.load(..., allow_pickle=True)` (by keyword or as the third positional argument). A
    value from a variable is reported at low severity. When the loaded file is a `.npy`/`.npz` of
    the scanned tree, mlsafe reads its object arrays statically (see MLS108) and names what they
    import: high when that runs code.

    ## Why is this bad?
    With `allow_pickle=True`, `.npy`/`.npz` files may hold pickled object arrays, which run code
    when loaded. NumPy turned it off by default for this reason (CVE-2019-6446).

    ## Fix
    Drop the argument or set `allow_pickle=False`, and save object data in a data-only format
    (JSON, Parquet) instead. `mlsafe check --fix` turns a literal `True` into `False`; a value
    from a variable is left to you.
    """

    code = "MLS103"
    name = "numpy-allow-pickle"
    category = Category.UNSAFE_LOAD
    severity = Severity.MEDIUM
    summary = "numpy.load(allow_pickle=True) unpickles object arrays"
    cwe = (502,)
    triggers = frozenset({r"\bload\s*\("})
    fix_title = "Set `allow_pickle=False`"

    VALID = (
        Example(
            """
            import numpy as np

            arr = np.load('features.npy')
            no = np.load('x.npy', allow_pickle=False)
            """
        ),
        Example(
            """
            import numpy as np

            np.save('x.npy', arr, allow_pickle=True)
            """,
            title="saving is not loading",
        ),
        Example(
            """
            import torch

            data = torch.load('x.pt', weights_only=True)
            """
        ),
    )
    INVALID = (
        Example(
            """
            import numpy as np

            data = np.load('features.npz', allow_pickle=True)
            """,
            expect=(at(3, 32),),
            fixed="""
            import numpy as np

            data = np.load('features.npz', allow_pickle=False)
            """,
        ),
        Example(
            """
            from numpy import load

            labels = load('labels.npy', None, True)
            """,
            expect=(at(3, 35),),
            title="positional",
            fixed="""
            from numpy import load

            labels = load('labels.npy', None, False)
            """,
        ),
        Example(
            """
            import numpy

            def read(path, trusted):
                return numpy.load(path, allow_pickle=trusted)
            """,
            expect=(at(4, 29, severity=Severity.LOW),),
            title="from a variable",
        ),
        Example(
            """
            import numpy as np
            import urllib.request

            local, _ = urllib.request.urlretrieve(URL)
            arr = np.load(local, allow_pickle=True)
            """,
            expect=(at(5, 22, severity=Severity.HIGH),),
            title="a downloaded file",
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        name = ctx.call_name(node)
        if name not in NUMPY_LOADS:
            return
        arg = argument(node, "allow_pickle", 2)
        if arg is None or is_false(arg.value):
            return
        if is_true(arg.value):
            severity, note = load_severity(node, ctx)
        else:
            severity, note = Severity.LOW, "; allow_pickle comes from a variable"
        artifact = loaded_artifact(node, ctx)
        if artifact is not None:  # the file is next to the code: say what its object arrays import
            verdict = classify(artifact.globals)
            note += f"; {describe(artifact, verdict)}" if verdict.level in ("runs-code", "review") else ""
            severity = Severity.HIGH if verdict.level == "runs-code" else severity
        yield Report(
            f"{shown_name(node, name)} with allow_pickle enabled can execute code from pickled object "
            f"arrays{note}; use allow_pickle=False",
            node=arg,
            severity=severity,
            replacement=arg.with_changes(value=cst.Name("False")) if is_true(arg.value) else None,
        )
