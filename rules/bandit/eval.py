"""B307 eval."""

from __future__ import annotations

from linter.kit import BLACKLIST, BanditCheck, Example, Severity, at, code_cell, notebook_example


class EvalUsed(BanditCheck):
    """
    ## What it does
    bandit's B307 `eval`: flags calls of the built-in `eval`. A method that shares the name, such
    as PyTorch's `model.eval()`, is not flagged.

    ## Why is this bad?
    `eval` runs any Python expression it is given, so text from a file, a form, a model's output or
    a prompt becomes code running with the notebook's permissions.

    ## Fix
    Use `ast.literal_eval` for literals, `json.loads` for data, or a dictionary of allowed
    operations.
    """

    code = "B307"
    name = "eval"
    severity = Severity.MEDIUM
    summary = "Use of eval runs arbitrary code"
    cwe = (78,)
    bandit_test = BLACKLIST
    bandit_name = "eval"
    bandit_triggers = (r"eval(?<![\w.]eval)\b",)  # a bare name: bandit flags `eval`, not `model.eval`
    VALID = (
        Example(
            """
            import ast

            model.eval()
            params = ast.literal_eval(text)
            """,
            title="model.eval() and ast.literal_eval",
        ),
    )
    INVALID = (
        notebook_example(
            code_cell("import json"),
            code_cell(
                """
                answer = llm(prompt)
                result = eval(answer)"""
            ),
            expect=(at(2, 10, cell=2),),
            title="evaluating a language model's answer",
        ),
    )
