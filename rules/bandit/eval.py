"""B307 eval."""

from __future__ import annotations

import ast

from linter.kit import BLACKLIST, BanditCheck, BanditHit, BanditSite, Example, Severity, at, code_cell, notebook_example
from linter.rules.bandit._review import is_constant_string, shadowed_builtin


class EvalUsed(BanditCheck):
    """
    ## What it does
    bandit's B307 `eval`: flags calls of the built-in `eval`. A method that shares the name, such
    as PyTorch's `model.eval()`, is not flagged, nor a function the notebook defines or imports
    under that name (`def eval(model, X, y)`: the binding table knows it is not the builtin), nor
    `eval` of a constant string (`eval("3/4")`), which evaluates nothing from outside.

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
        notebook_example(
            code_cell(
                """
                def eval(model, X, y):
                    return model.score(X, y)"""
            ),
            code_cell(
                """
                eval(clf, X_test, y_test)
                ratio = eval('3/4')"""
            ),
            title="the notebook's own eval, and a constant expression",
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
        notebook_example(
            code_cell(
                """
                def evaluate(model, X, y):
                    return model.score(X, y)"""
            ),
            code_cell(
                """
                scores = [eval(row) for row in df['embedding']]
                value = eval(f'{a}/{b}')"""
            ),
            expect=(at(1, 11, cell=2), at(2, 9, cell=2)),
            title="the builtin next to a function with a similar name, and an f-string with fields",
        ),
    )

    reviews = True

    def review(self, hit: BanditHit, site: BanditSite) -> BanditHit | None:
        call = site.node
        if shadowed_builtin(site, "eval"):
            return None
        if isinstance(call, ast.Call) and call.args and is_constant_string(call.args[0], site.module):
            return None
        return hit
