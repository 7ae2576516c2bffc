"""Name resolution follows evaluation order: a statement's targets bind after its value is evaluated,
so the right-hand name of ``pipeline = pipeline(...)`` is the import (issue 20, class 2)."""

from __future__ import annotations

from linter.api import lint_source
from linter.kit.examples import code_cell, notebook


def _where(source: str, path: str = "x.py") -> list[tuple]:
    result = lint_source(source, path)
    return [(f.code, f.location.cell, f.location.line, f.location.column) for f in result.findings]


def test_rebinding_a_name_to_its_own_call_resolves_the_value_to_the_import() -> None:
    source = (
        "from transformers import pipeline\n"
        'pipeline = pipeline("image-segmentation", model="facebook/detr-resnet-50-panoptic")\n'
    )
    assert _where(source) == [("MLS405", None, 2, 49)]


def test_multi_line_rebinding_across_notebook_cells() -> None:
    text = notebook(
        code_cell("import pickle"),
        code_cell('pickle = pickle.load(\n    open("model.pkl", "rb")\n)'),
    )
    assert _where(text, "nb.ipynb") == [("MLS101", 2, 1, 10)]


def test_annotated_rebinding_resolves_the_value_to_the_import() -> None:
    source = "import torch\ntorch: object = torch.load('m.pt')\n"
    assert [w[:3] for w in _where(source)] == [("MLS102", None, 2)]


def test_the_name_is_rebound_for_the_statements_after_it() -> None:
    source = (
        "from transformers import pipeline\n"
        'pipeline = pipeline("ner", model="dslim/bert-base-NER", revision="a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0")\n'
        'pipeline("image-segmentation", model="facebook/detr-resnet-50-panoptic")\n'
    )
    assert _where(source) == []


def test_look_alike_an_unrelated_value_rebinds_the_import() -> None:
    source = 'from transformers import pipeline\npipeline = make()\npipeline("ner", model="facebook/detr-resnet-50")\n'
    assert _where(source) == []


def test_look_alike_a_local_function_of_the_same_name() -> None:
    source = "def load(path):\n    return open(path).read()\nload = load('weights.pkl')\n"
    assert _where(source) == []


def test_look_alike_statements_sharing_a_line_see_the_assignment() -> None:
    source = 'import pickle\npickle = Loader(); pickle.load(open("a.pkl", "rb"))\n'
    assert _where(source) == []


def test_the_logarithmic_lookup_agrees_with_the_linear_one() -> None:
    """The binary search used for bindings in line order picks what the linear scan picks,
    including bindings that take effect after their own line (``x = x(...)``)."""
    from hypothesis import given
    from hypothesis import strategies as st

    from linter.engine.facts import Binding, _pick, _pick_ordered

    bindings_in_order = st.lists(st.tuples(st.integers(1, 6), st.booleans()), min_size=1, max_size=8).map(
        lambda pairs: [
            Binding(line, f"t{i}", after) for i, (line, after) in enumerate(sorted(pairs, key=lambda p: p[0]))
        ]
    )

    @given(bindings_in_order, st.integers(0, 7))
    def agree(bindings: list[Binding], line: int) -> None:
        assert _pick_ordered(bindings, line) == _pick(bindings, line)

    agree()
