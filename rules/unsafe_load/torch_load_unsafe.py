"""MLS102 torch-load-unsafe."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import (
    UNSAFE,
    Category,
    Context,
    Example,
    Report,
    Rule,
    Severity,
    argument,
    at,
    code_cell,
    has_kwargs_splat,
    is_false,
    is_true,
    keyword,
    notebook_example,
    with_keyword,
)
from linter.rules.unsafe_load._loading import call_from_download, download_note, load_severity, shown_name

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

    ## Why is this bad?
    `torch.load` unpickles: a checkpoint from someone else can run any code on your machine when
    loaded. `weights_only=True` restricts unpickling to tensors and plain containers. PyTorch 2.6
    made it the default, but code that passes `weights_only=False`, or runs on older PyTorch, is
    exposed. TorchScript and `torch.package` archives also carry code.

    ## Fix
    Pass `weights_only=True`, or store weights as `safetensors`. Load full pickled modules only from
    files you created. `mlsafe check --fix` adds `weights_only=True` (not when `pickle_module=` or
    `**kwargs` is passed); turning an explicit `weights_only=False` into `True` is an unsafe fix
    (`--unsafe-fixes`), since that code asked for full unpickling.
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
            expect=(at(3, 9),),
            title="weights_only=False",
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
            severity, note = load_severity(node, ctx)
            how = "with weights_only=False" if weights_only is not None else "without weights_only=True"
            yield Report(
                f"{shown_name(node, name)} {how} can execute arbitrary code from the checkpoint{note}; "
                "pass weights_only=True or use safetensors",
                node=node,
                severity=severity,
                replacement=_weights_only(node),
                applicability=UNSAFE if weights_only is not None else None,
            )
        elif name in TORCH_ARCHIVES and call_from_download(node, ctx):
            yield Report(
                f"{shown_name(node, name)} runs code stored in the archive{download_note(ctx)}; "
                "load only archives you built",
                node=node,
                severity=Severity.HIGH,
            )


def _weights_only(call: cst.Call) -> cst.Call | None:
    """The call with ``weights_only=True``; None when a custom ``pickle_module`` (which
    weights_only refuses) or ``**kwargs`` (which may hold it) is passed."""
    if argument(call, "pickle_module", 2) is not None or has_kwargs_splat(call):
        return None
    return with_keyword(call, "weights_only", cst.Name("True"))
