"""MLS101 pickle-load."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import (
    ArtifactInfo,
    Category,
    Context,
    Example,
    Report,
    Rule,
    Severity,
    argument,
    at,
    code_cell,
    notebook_example,
)
from linter.rules.unsafe_load._loading import load_severity, loaded_artifact, shown_name
from linter.rules.unsafe_load._model_globals import Verdict, classify, describe, file_name

PICKLE_MODULES = ("pickle", "cPickle", "_pickle", "pickle5", "dill", "cloudpickle")
UNPICKLERS = frozenset(
    f"{module}.{func}" for module in PICKLE_MODULES for func in ("load", "loads", "Unpickler")
) | frozenset(
    {
        "jsonpickle.decode",
        "jsonpickle.unpickler.decode",
        "shelve.open",
        "shelve.DbfilenameShelf",
        "marshal.load",
        "marshal.loads",
        "pandas.read_pickle",
        "pandas.io.pickle.read_pickle",
        "joblib.load",
        "sklearn.externals.joblib.load",
    }
)
SKOPS_LOAD = frozenset({"skops.io.load", "skops.io.loads"})


def _empty_trust(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Name) and node.value in ("None", "False"):
        return True
    return isinstance(node, (cst.List, cst.Tuple)) and not node.elements


class PickleLoad(Rule):
    """
    ## What it does
    Flags deserialisation with pickle and the libraries built on it: `pickle`/`cPickle`/`_pickle`
    `load`, `loads` and `Unpickler`; `dill`, `cloudpickle`, `jsonpickle.decode`, `shelve.open`,
    `marshal.load(s)`, `pandas.read_pickle`, `joblib.load`, and `skops.io.load` with a non-empty
    `trusted=` list. Names are resolved through imports and aliases (`import pickle as pk`,
    `from joblib import load`), also across notebook cells.

    ## Why is this bad?
    Unpickling runs code chosen by whoever wrote the file: a pickled "model" from the internet can
    open a shell, steal credentials or install malware the moment it is loaded. The severity is high
    when the file comes from a download in the same file or notebook.

    ## Fix
    Save and load weights in a format that holds only data: `safetensors` for tensors, `skops.io`
    (without trusting unknown types) for scikit-learn models, ONNX for inference graphs, JSON or
    Parquet for data. Load pickles only from files you created yourself.

    ## Model files next to the code
    When the loaded path is a literal (or a name bound once to one, or `with open(...) as f`) that
    names a model file of the scanned tree, mlsafe reads that file statically (never unpickling
    it; see MLS108) and says what it imports: high when it imports something that runs code
    (`os.system`...), medium with the names when it imports types outside the allowlist of
    data-only types, low when it holds only allowlisted types.
    """

    code = "MLS101"
    name = "pickle-load"
    category = Category.UNSAFE_LOAD
    severity = Severity.MEDIUM
    summary = "Pickle-based deserialisation can execute arbitrary code"
    cwe = (502,)
    triggers = frozenset({"pickle", "dill", "shelve", "marshal", "joblib", "skops"})

    VALID = (
        Example(
            """
            from safetensors.torch import load_file

            model.load_state_dict(load_file('model.safetensors'))
            """,
            title="the weights saved as safetensors instead (a format that holds only data)",
        ),
        Example(
            """
            import pickle

            with open('model.pkl', 'wb') as f:
                pickle.dump(model, f)
            """
        ),
        Example(
            """
            import json, joblib

            config = json.load(open('config.json'))
            joblib.dump(model, 'model.joblib')
            """
        ),
        Example(
            """
            from safetensors.torch import load_file

            weights = load_file('model.safetensors')
            """
        ),
        Example(
            """
            def load(path):
                return open(path).read()

            data = load('notes.txt')
            my.load('x')
            """,
            title="a local function that shares the name",
        ),
        Example(
            """
            import skops.io as sio

            model = sio.load('model.skops', trusted=None)
            """
        ),
        Example(
            """
            from pickle import load

            def load(path):
                return path

            load('x')
            """,
            title="a later local def shadows the import",
        ),
    )
    INVALID = (
        Example(
            """
            import pickle

            with open('model.pkl', 'rb') as f:
                model = pickle.load(f)
            """,
            expect=(at(4, 13),),
        ),
        Example(
            """
            import pickle as pk
            import cloudpickle
            from dill import loads as dl

            a = pk.loads(blob)
            b = cloudpickle.load(f)
            c = dl(blob)
            """,
            expect=(at(5, 5), at(6, 5), at(7, 5)),
            title="aliases",
        ),
        Example(
            """
            import joblib
            import pandas as pd

            class Model:
                def restore(self, path):
                    self.clf = joblib.load(path)

            frames = [pd.read_pickle(p) for p in paths]
            loader = lambda p: joblib.load(p)
            """,
            expect=(at(6, 20), at(8, 11), at(9, 20)),
            title="methods, comprehensions, lambdas",
        ),
        Example(
            """
            import pickle
            import urllib.request

            urllib.request.urlretrieve(URL, 'model.pkl')
            model = pickle.load(
                open('model.pkl', 'rb'),
            )
            """,
            expect=(at(5, 9, severity=Severity.HIGH),),
            title="a downloaded file, multi-line call",
        ),
        Example(
            """
            import pickle
            from urllib.request import urlretrieve

            def fetch(url, filename):
                print('downloading', url)
                urlretrieve(url, filename)

            fetch(MODEL_URL, 'classifier.pkl')
            clf = pickle.load(open('classifier.pkl', 'rb'))
            """,
            expect=(at(9, 7, severity=Severity.HIGH),),
            title="a file downloaded by a helper function",
        ),
        Example(
            """
            import shelve, marshal, jsonpickle
            import skops.io as sio

            db = shelve.open('cache')
            code_obj = marshal.loads(raw)
            obj = jsonpickle.decode(text)
            m = sio.load('model.skops', trusted=['sklearn.tree.DecisionTreeClassifier'])
            """,
            expect=(at(4, 6), at(5, 12), at(6, 7), at(7, 5)),
        ),
        Example(
            """
            import pickle

            unpickler = pickle.Unpickler(f)
            """,
            expect=(at(3, 13),),
        ),
        notebook_example(
            code_cell(
                """
                import pickle as pk
                import requests"""
            ),
            code_cell(
                """
                # load the pretrained model
                resp = requests.get(MODEL_URL)"""
            ),
            code_cell(
                """
                %%time
                model = pk.loads(resp.content)"""
            ),
            expect=(at(2, 9, cell=3, severity=Severity.HIGH),),
            title="an import in cell 1 resolves a call in cell 3",
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        name = ctx.call_name(node)
        if name is None:
            return
        if name in SKOPS_LOAD:
            trusted = argument(node, "trusted")
            if trusted is None or _empty_trust(trusted.value):
                return
        elif name not in UNPICKLERS:
            return
        severity, note = load_severity(node, ctx)
        artifact = loaded_artifact(node, ctx)
        if artifact is not None:
            verdict = classify(artifact.globals)
            severity = _ARTIFACT_SEVERITY[verdict.level] if verdict.level != "review" else severity
            yield Report(
                f"{shown_name(node, name)}: {_artifact_note(artifact, verdict)}{note}", node=node, severity=severity
            )
            return
        yield Report(
            f"{shown_name(node, name)} can execute arbitrary code while deserialising{note}; "
            "load only files you created, or use safetensors, skops or ONNX",
            node=node,
            severity=severity,
        )


# The severity of a load of a model file of the scanned tree, by what the file imports.
_ARTIFACT_SEVERITY = {
    "runs-code": Severity.HIGH,
    "review": Severity.MEDIUM,
    "safe-globals": Severity.LOW,
    "weights-only": Severity.LOW,
}


def _artifact_note(artifact: ArtifactInfo, verdict: Verdict) -> str:
    if verdict.level in ("runs-code", "review"):
        return describe(artifact, verdict)
    return (
        f"`{file_name(artifact)}` holds only allowlisted data types today, so it runs no code as it is; "
        "whoever can replace the file can make it run code: prefer safetensors, skops or ONNX"
    )
