"""MLS001 syntax-error."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kit import Category, Context, Example, Report, Rule, Severity, TextBlock, at, code_cell, notebook_example


class SyntaxErrorInCell(Rule):
    """
    ## What it does
    Reports a notebook cell or script that cannot be parsed as Python, once, at the error, and a
    requirements file pip cannot read (a Python list of quoted names, an option pip does not take
    there), once, at the first line pip would refuse. The
    message names the Python grammar used (the one mlsafe runs on); code that only a newer Python
    accepts (`type X = ...` and `def f[T]()` need 3.12, t-strings 3.14) is reported as needing
    that version, not as a plain syntax error.

    ## Why is this bad?
    mlsafe cannot analyse code it cannot parse, so risks in that cell go unseen. In a notebook the
    other cells are still analysed: the broken cell is left out on its own.

    ## Fix
    Fix the syntax error, or run mlsafe on the newer Python the code needs. IPython syntax
    (`%magic`, `!shell`, `?help`, automagics such as `pip install x`), an indented cell, and pasted
    `>>>` doctest or `In [1]:` prompts are read as IPython reads them and are not errors. The
    code cells of a notebook whose kernel is not Python (R, Julia) are not parsed (MLS002 says so).
    """

    code = "MLS001"
    text_kinds = frozenset({"requirements"})  # check_text reads requirements files only
    name = "syntax-error"
    category = Category.TOOL
    severity = Severity.MEDIUM
    summary = "A cell or file could not be parsed; its code was not analysed"
    VALID = (
        Example(
            """
            import pickle
            print('ok')
            """
        ),
        notebook_example(
            code_cell(
                """
                !pip install torch==2.4.1
                %matplotlib inline
                x = 1
                x?"""
            )
        ),
        notebook_example(
            code_cell(
                """
                env = Environment(
                    image="mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu20.04",
                )
                config = AutoConfig.from_pretrained(
                    "gpt2",
                )"""
            ),
            title="an assignment to env or config is Python, not the %env or %config automagic",
        ),
        Example(
            """
            --extra-index-url https://download.pytorch.org/whl/cu121
            torch==2.4.1
            mlflow>=2.9  # ranges are MLS402's business
            """,
            path="mlflow-requirements.txt",
            title="a requirements file pip reads",
        ),
        notebook_example(
            code_cell(
                """
                >>> from diffusers import DiffusionPipeline
                >>> pipe = DiffusionPipeline.from_pretrained(
                ...     "stabilityai/stable-diffusion-2-1"
                ... )"""
            ),
            code_cell(
                """
                    import torch
                    x = torch.zeros(3)"""
            ),
            title="doctest prompts and a cell's common indentation are cut, as IPython does",
        ),
    )
    INVALID = (
        Example(
            """
            def broken(:
                pass
            """,
            expect=(at(1, 12),),
        ),
        notebook_example(
            code_cell("import pickle"),
            code_cell(
                """
                for x in
                """
            ),
            code_cell("pickle.load(open('m.pkl', 'rb'))"),
            expect=(at(1, cell=2),),
            title="the other cells are still analysed",
        ),
        notebook_example(
            code_cell(
                """
                >>> def broken(:
                ...     pass"""
            ),
            expect=(at(1, 16, cell=1),),
            title="positions count the cut prompt",
        ),
        Example(
            """
            # pinned for the endpoint
            ['jsonpickle',
             'mlflow==2.9.2']
            """,
            expect=(at(2, 1),),
            path="dev-requirements.txt",
            title="a requirements file pip cannot read",
        ),
    )

    def check_text(self, block: TextBlock, ctx: Context) -> Iterator[Report]:
        from linter.kit import parse_requirements, pip_problem  # with install_commands, on first use

        for line in parse_requirements(block.text):
            problem = pip_problem(line)
            if problem is not None:
                offset, reason = problem
                before = block.text[:offset]
                column = offset - before.rfind("\n") - 1
                yield Report(
                    f"pip cannot read this requirements file: {reason}", line=before.count("\n") + 1, column=column
                )
                return
