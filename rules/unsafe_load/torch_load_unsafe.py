"""MLS102 torch-load-unsafe."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import (
    UNSAFE,
    Category,
    Context,
    Edit,
    Example,
    Report,
    Rule,
    Severity,
    argument,
    at,
    code_cell,
    dotted_name,
    has_kwargs_splat,
    is_false,
    is_true,
    keyword,
    notebook_example,
    with_keyword,
)
from linter.rules.unsafe_load._loading import (
    call_from_download,
    download_note,
    load_severity,
    loaded_artifact,
    shown_name,
)
from linter.rules.unsafe_load._model_globals import classify, describe

TORCH_LOADS = frozenset({"torch.load", "torch.serialization.load"})
TORCH_ARCHIVES = frozenset(
    {"torch.jit.load", "torch.package.PackageImporter", "torch.package.package_importer.PackageImporter"}
)


class TorchLoadUnsafe(Rule):
    """
    ## What it does
    Flags `torch.load` (and `torch.serialization.load`) without `weights_only=True`, or with
    `weights_only=False`, and `torch.jit.load` / `torch.package.PackageImporter` on files that come
    from a download.

    An explicit `weights_only=False` is high: since PyTorch 2.6 it is the usual "fix" for the
    errors the safe default raises, also as a retry in an `except pickle.UnpicklingError:` handler.
    A bare `torch.load` is medium and its message says that what it does depends on the PyTorch
    version; where the project requires `torch>=2.6` (a requirements file, `pyproject.toml`,
    `setup.cfg` or `environment.yml` in the document's folder or up to three above it, or a
    `%pip install` line of the notebook) the message says so and the finding is low. When the
    loaded path names a model file of the scanned tree, mlsafe reads it statically (see MLS108)
    and says whether it loads with `weights_only=True`, which names it needs added with
    `torch.serialization.add_safe_globals([...])`, or that it runs code when loaded (high).

    ## Why is this bad?
    `torch.load` unpickles: a checkpoint from someone else can run any code on your machine when
    loaded. `weights_only=True` restricts unpickling to tensors and plain containers. PyTorch 2.6
    made it the default, but code that passes `weights_only=False`, or runs on older PyTorch, is
    exposed. TorchScript and `torch.package` archives also carry code.

    ## Fix
    Pass `weights_only=True`, or store weights as `safetensors`. Load full pickled modules only from
    files you created. `mlsafe check --fix` adds `weights_only=True` (not when `pickle_module=` or
    `**kwargs` is passed); turning an explicit `weights_only=False` into `True` is an unsafe fix
    (`--unsafe-fixes`), since that code asked for full unpickling, and so is adding it to a load of
    a model file that imports names outside PyTorch's `weights_only` set; for a file that needs
    only data-only names, that fix also inserts `torch.serialization.add_safe_globals([...])` with
    exactly those names (and their imports) before the statement.
    """

    code = "MLS102"
    name = "torch-load-unsafe"
    category = Category.UNSAFE_LOAD
    severity = Severity.MEDIUM
    summary = "torch.load without weights_only=True unpickles arbitrary objects"
    cwe = (502,)
    triggers = frozenset({r"\bload\s*\(", "PackageImporter"})
    fix_title = "Pass `weights_only=True`"

    VALID = (
        Example(
            """
            import torch

            state = torch.load('ckpt.pt', weights_only=True)
            torch.save(model.state_dict(), 'ckpt.pt')
            """
        ),
        Example(
            """
            import torch

            scripted = torch.jit.load('model_i_exported.pt')
            """,
            title="a local TorchScript file",
        ),
        Example(
            """
            from safetensors.torch import load_file

            state = load_file('model.safetensors')
            """
        ),
        Example(
            """
            import numpy as np

            class Net:
                def load(self, path):
                    return np.zeros(3)

            net.load('x.pt')
            """
        ),
    )
    INVALID = (
        Example(
            """
            import torch

            state = torch.load('ckpt.pt')
            """,
            expect=(at(3, 9),),
            fixed="""
            import torch

            state = torch.load('ckpt.pt', weights_only=True)
            """,
        ),
        Example(
            """
            import torch

            state = torch.load('ckpt.pt', map_location='cpu', weights_only=False)
            """,
            expect=(at(3, 9, severity=Severity.HIGH),),
            title="weights_only=False: high on any PyTorch",
            fixed="""
            import torch

            state = torch.load('ckpt.pt', map_location='cpu', weights_only=True)
            """,
        ),
        Example(
            """
            from torch import load as tl

            def restore(path):
                return tl(
                    path,
                    map_location='cpu',
                )
            """,
            expect=(at(4, 12),),
            title="an alias in a function, multi-line",
            fixed="""
            from torch import load as tl

            def restore(path):
                return tl(
                    path,
                    map_location='cpu',
                    weights_only=True,
                )
            """,
        ),
        Example(
            """
            import torch, dill

            model = torch.load('full.pt', pickle_module=dill)
            """,
            expect=(at(3, 9),),
            title="a custom pickle module: no fix",
            fixed="""
            import torch, dill

            model = torch.load('full.pt', pickle_module=dill)
            """,
        ),
        Example(
            """
            import torch
            from huggingface_hub import hf_hub_download

            path = hf_hub_download('someone/model', 'pytorch_model.bin')
            state = torch.load(path)
            module = torch.jit.load(path)
            """,
            expect=(at(5, 9, severity=Severity.HIGH), at(6, 10, severity=Severity.HIGH)),
            title="a downloaded checkpoint",
        ),
        Example(
            """
            import gdown
            import torch

            output = 'resnet_finetuned.pth'
            gdown.download(CHECKPOINT_URL, output, quiet=False)
            state = torch.load(output)
            """,
            expect=(at(6, 9, severity=Severity.HIGH),),
            title="a checkpoint gdown wrote to a variable's path",
        ),
        notebook_example(
            code_cell("!gdown --id 1a2B3c4D5e6F7g8H9i -O weights/detector.pt"),
            code_cell(
                """
                import torch
                model = torch.load('weights/detector.pt', map_location='cpu')"""
            ),
            expect=(at(2, 9, cell=2, severity=Severity.HIGH),),
            title="a file fetched with !gdown -O",
        ),
        Example(
            """
            import pickle
            import torch

            try:
                state = torch.load(path, weights_only=True)
            except pickle.UnpicklingError:
                state = torch.load(path, weights_only=False)
            """,
            expect=(at(7, 13, severity=Severity.HIGH),),
            title="the common 'fix': retry with weights_only=False",
            fixed="""
            import pickle
            import torch

            try:
                state = torch.load(path, weights_only=True)
            except pickle.UnpicklingError:
                state = torch.load(path, weights_only=True)
            """,
        ),
        notebook_example(
            code_cell('%pip install "torch>=2.6" torchvision'),
            code_cell("""
                import torch
                state = torch.load('ckpt.pt')"""),
            expect=(at(2, 9, cell=2, severity=Severity.LOW),),
            title="the notebook installs torch>=2.6: the default is weights_only=True",
            fixed=(
                code_cell('%pip install "torch>=2.6" torchvision'),
                code_cell("""
                    import torch
                    state = torch.load('ckpt.pt', weights_only=True)"""),
            ),
        ),
        notebook_example(
            code_cell("import torch"),
            code_cell("!wget -q https://example.org/files/model.pt"),
            code_cell("model = torch.load('model.pt', map_location='cpu')"),
            expect=(at(1, 9, cell=3, severity=Severity.HIGH),),
            title="a file fetched with !wget in another cell",
            fixed=(
                code_cell("import torch"),
                code_cell("!wget -q https://example.org/files/model.pt"),
                code_cell("model = torch.load('model.pt', map_location='cpu', weights_only=True)"),
            ),
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        name = ctx.call_name(node)
        if name in TORCH_LOADS:
            weights_only = keyword(node, "weights_only")
            if weights_only is not None and is_true(weights_only.value):
                return
            if weights_only is not None and not is_false(weights_only.value):
                return  # a variable: the caller decides; nothing to say for sure
            yield (self._explicit if weights_only is not None else self._bare)(node, name, ctx)
        elif name in TORCH_ARCHIVES and call_from_download(node, ctx):
            yield Report(
                f"{shown_name(node, name)} runs code stored in the archive{download_note(ctx)}; "
                "load only archives you built",
                node=node,
                severity=Severity.HIGH,
            )

    def _explicit(self, node: cst.Call, name: str, ctx: Context) -> Report:
        """``weights_only=False``: high, whatever the PyTorch version."""
        _, note = load_severity(node, ctx)
        artifact = loaded_artifact(node, ctx)
        about = f"; {describe(artifact, classify(artifact.globals))}" if artifact is not None else ""
        retry = _retry(ctx)
        return Report(
            f"{shown_name(node, name)} with weights_only=False{retry} unpickles arbitrary objects: "
            f"code in the checkpoint runs when loaded{note}{about}; pass weights_only=True "
            "(with `torch.serialization.add_safe_globals` for reviewed classes) or use safetensors",
            node=node,
            severity=Severity.HIGH,
            replacement=_weights_only(node),
            applicability=UNSAFE,
        )

    def _bare(self, node: cst.Call, name: str, ctx: Context) -> Report:
        """No ``weights_only``: what it does depends on the PyTorch version (2.6 made it True)."""
        severity, note = load_severity(node, ctx)
        artifact = loaded_artifact(node, ctx)
        verdict = classify(artifact.globals) if artifact is not None else None
        about = f"; {describe(artifact, verdict)}" if artifact is not None and verdict is not None else ""
        pin = ctx.facts.torch_pin
        if pin is not None:
            severity = Severity.LOW
            version = f"; {pin}, where it defaults to weights_only=True"
        else:
            if verdict is not None and verdict.level == "runs-code":
                severity = Severity.HIGH
            version = (
                "; before PyTorch 2.6 it unpickles arbitrary objects (code in the checkpoint runs when "
                "loaded), from 2.6 it defaults to weights_only=True"
            )
        safe_fix = verdict is None or verdict.level == "weights-only"
        replacement = _weights_only(node)
        extra = _safe_globals(ctx, verdict.data_only) if verdict is not None and verdict.level == "safe-globals" else ()
        return Report(
            f"{shown_name(node, name)} without weights_only{version}{note}{about}; "
            "pass weights_only=True or use safetensors",
            node=node,
            severity=severity,
            replacement=replacement,
            applicability=None if safe_fix else UNSAFE,
            extra_edits=extra if replacement is not None else (),
        )


def _safe_globals(ctx: Context, names: tuple[str, ...]) -> tuple[Edit, ...]:
    """The lines that allow exactly ``names`` for ``weights_only=True``, inserted before the
    top-level statement holding the load: the modules' imports and
    ``torch.serialization.add_safe_globals([...])``."""
    cell, line, _ = ctx.document.source_map.to_source(ctx.statement_line, 0)
    modules = sorted({"torch.serialization", *(n.rpartition(".")[0] for n in names if n.rpartition(".")[0])})
    text = "".join(f"import {module}\n" for module in modules)
    text += f"torch.serialization.add_safe_globals([{', '.join(names)}])\n"
    return (Edit(None if cell is None else cell + 1, None, line, 1, line, 1, text),)


def _retry(ctx: Context) -> str:
    """`` in an except handler (a retry after the safe load failed)`` when the call is in one."""
    for handler in ctx.enclosing(cst.ExceptHandler):
        caught = handler.type if isinstance(handler, cst.ExceptHandler) else None
        names = [caught] if caught is None or not isinstance(caught, cst.Tuple) else [e.value for e in caught.elements]
        if any((dotted_name(n) or "").endswith("UnpicklingError") for n in names if n is not None):
            return " as a retry after an UnpicklingError"
        return " in an except handler (a retry after the safe load failed?)"
    return ""


def _weights_only(call: cst.Call) -> cst.Call | None:
    """The call with ``weights_only=True``; None when a custom ``pickle_module`` (which
    weights_only refuses) or ``**kwargs`` (which may hold it) is passed."""
    if argument(call, "pickle_module", 2) is not None or has_kwargs_splat(call):
        return None
    return with_keyword(call, "weights_only", cst.Name("True"))
