"""MLS106 trust-remote-code."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import Category, Context, Example, Report, Rule, Severity, at, is_false, is_true, string_value

OPTION = "trust_remote_code"


class TrustRemoteCode(Rule):
    """
    ## What it does
    Flags `trust_remote_code=True` in any call (transformers `from_pretrained`, `pipeline`,
    `AutoConfig`, `datasets.load_dataset`, `SentenceTransformer`...) and in keyword dictionaries
    (`model_kwargs={"trust_remote_code": True}`). A value from a variable is reported at low
    severity.

    ## Why is this bad?
    It downloads Python files from the model or dataset repository and runs them. Whoever controls
    the repository (or a later commit to it) controls your machine.

    ## Fix
    Use a model class built into the library. If the remote code is needed, review it and pin
    `revision=` to the reviewed 40-character commit hash.
    """

    code = "MLS106"
    name = "trust-remote-code"
    category = Category.UNSAFE_LOAD
    severity = Severity.HIGH
    summary = "trust_remote_code=True runs Python code from the model repository"
    cwe = (94, 829)
    triggers = frozenset({OPTION})

    VALID = (
        Example(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained('bert-base-uncased')
            """
        ),
        Example(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained('org/m', trust_remote_code=False)
            """
        ),
        Example(
            """
            print('set trust_remote_code=True only after review')
            """,
            title="a string that names the option",
        ),
    )
    INVALID = (
        Example(
            """
            from transformers import AutoModelForCausalLM

            model = AutoModelForCausalLM.from_pretrained('someone/model', trust_remote_code=True)
            """,
            expect=(at(3, 63),),
        ),
        Example(
            """
            from datasets import load_dataset
            from transformers import pipeline

            ds = load_dataset(
                'someone/data',
                trust_remote_code=True,
            )
            pipe = pipeline('text-generation', model='x/y', model_kwargs={'trust_remote_code': True})
            """,
            expect=(at(6, 5), at(8, 63)),
            title="multi-line and in a kwargs dict",
        ),
        Example(
            """
            from sentence_transformers import SentenceTransformer

            def build(trust):
                return SentenceTransformer('x/y', trust_remote_code=trust)
            """,
            expect=(at(4, 39, severity=Severity.LOW),),
            title="from a variable",
        ),
    )

    def visit_Arg(self, node: cst.Arg, ctx: Context) -> Iterator[Report]:
        if node.keyword is not None and node.keyword.value == OPTION:
            yield from self._check(node, node.value)

    def visit_DictElement(self, node: cst.DictElement, ctx: Context) -> Iterator[Report]:
        if string_value(node.key) == OPTION:
            yield from self._check(node, node.value)

    def _check(self, where: cst.CSTNode, value: cst.BaseExpression) -> Iterator[Report]:
        if is_false(value):
            return
        if is_true(value):
            yield Report(
                "trust_remote_code=True downloads and runs Python code from the repository; use a "
                "built-in model class, or review the code and pin revision= to its commit",
                node=where,
            )
        else:
            yield Report(
                "trust_remote_code is set from a variable; if it can be True, repository code runs here",
                node=where,
                severity=Severity.LOW,
            )
