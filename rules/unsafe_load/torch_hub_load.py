"""MLS107 torch-hub-load."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import Category, Context, Example, Report, Rule, Severity, argument, at, is_true, keyword, string_value
from linter.rules.unsafe_load._loading import shown_name

HUB_LOAD = frozenset({"torch.hub.load"})
HUB_STATE_DICT = frozenset({"torch.hub.load_state_dict_from_url", "torch.utils.model_zoo.load_url"})
FIRST_PARTY_OWNERS = frozenset({"pytorch"})


class TorchHubLoad(Rule):
    """
    ## What it does
    Flags `torch.hub.load` of a GitHub repository (it imports and runs the repository's
    `hubconf.py`) and `torch.hub.load_state_dict_from_url`/`torch.utils.model_zoo.load_url`
    (they download and unpickle a checkpoint) unless `weights_only=True`. Repositories owned by
    `pytorch` are reported at medium severity, others at high. `source="local"` is not flagged.

    ## Why is this bad?
    Both execute code from the network: `hubconf.py` and everything it imports, or the pickled
    checkpoint. A moved tag or a compromised repository changes what runs.

    ## Fix
    Vendor the model code and load weights with `weights_only=True` or safetensors; if you must
    use the hub, pin the repository to a reviewed commit (`owner/repo:<sha>`).
    """

    code = "MLS107"
    name = "torch-hub-load"
    category = Category.UNSAFE_LOAD
    severity = Severity.HIGH
    summary = "torch.hub runs code and unpickles checkpoints from the network"
    cwe = (494, 502)
    triggers = frozenset({r"hub\.load", r"\bload_url\b", "load_state_dict_from_url"})

    VALID = (
        Example(
            """
            import torch

            model = torch.hub.load('./yolov5', 'custom', source='local')
            """
        ),
        Example(
            """
            import torch

            sd = torch.hub.load_state_dict_from_url(URL, weights_only=True)
            """
        ),
        Example(
            """
            import torch

            state = torch.load('x.pt', weights_only=True)
            torch.hub.set_dir('/tmp/hub')
            """
        ),
    )
    INVALID = (
        Example(
            """
            import torch

            model = torch.hub.load('ultralytics/yolov5', 'yolov5s')
            """,
            expect=(at(3, 9),),
        ),
        Example(
            """
            import torch

            model = torch.hub.load('pytorch/vision:v0.10.0', 'resnet18', pretrained=True)
            """,
            expect=(at(3, 9, severity=Severity.MEDIUM),),
            title="a pytorch-owned repository",
        ),
        Example(
            """
            from torch.hub import load_state_dict_from_url as fetch

            class Net:
                def __init__(self):
                    self.sd = fetch(
                        URL,
                        map_location='cpu',
                    )
            """,
            expect=(at(5, 19),),
            title="an alias in a method, multi-line",
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        name = ctx.call_name(node)
        if name in HUB_LOAD:
            source = argument(node, "source")
            if source is not None and string_value(source.value) == "local":
                return
            repo = argument(node, "repo_or_dir", 0)
            repo_text = string_value(repo.value) if repo is not None else None
            owner = repo_text.split("/", 1)[0] if repo_text else ""
            severity = Severity.MEDIUM if owner in FIRST_PARTY_OWNERS else Severity.HIGH
            shown = f" of {repo_text!r}" if repo_text else ""
            yield Report(
                f"{shown_name(node, name)}{shown} runs the repository's hubconf.py and unpickles "
                "its weights; vendor the model code or pin a reviewed commit",
                node=node,
                severity=severity,
            )
        elif name in HUB_STATE_DICT:
            weights_only = keyword(node, "weights_only")
            if weights_only is not None and is_true(weights_only.value):
                return
            yield Report(
                f"{shown_name(node, name)} downloads and unpickles a checkpoint; pass weights_only=True",
                node=node,
            )
