"""MLS108 unsafe-model-file."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kit import ArtifactInfo, Category, Context, Example, Report, Rule, Severity, at
from linter.rules.unsafe_load._model_globals import classify, file_name, listed


class UnsafeModelFile(Rule):
    """
    ## What it does
    Reads every model file the walk finds (`.pkl .pickle .joblib .dill .pt .pth .bin .ckpt .npy
    .npz`) statically, without unpickling or importing anything, and lists the globals its pickle
    streams import: plain pickles, joblib files (also gzip, bz2 and xz compressed), PyTorch zip
    checkpoints (`data.pkl`, TorchScript's `constants.pkl`), legacy `torch.save` files, numpy object
    arrays and `.npz` archives of them. It reports a file that imports anything outside an allowlist
    of data-only types (PyTorch's `weights_only` set, numpy array reconstruction,
    `collections.OrderedDict`, dates, paths...), naming those globals: high when one of them runs
    code for sure (`os.system`, `subprocess.Popen`, `builtins.exec`...), medium otherwise. A file
    that could not be read to the end (truncated, damaged, or over a size, opcode, nesting or time
    budget) is reported with where reading stopped. Files holding only allowlisted types, and
    `.bin`/`.npy` files that hold no pickle at all, are not reported.

    ## Why is this bad?
    Unpickling calls every global the file names, with arguments the file chooses: a model file
    that imports `os.system` runs a shell command the moment it is loaded, and one that imports a
    class of some library runs that class's code. Model scanners that look for known-bad names are
    bypassed by names they have not listed yet; this rule lists what is *not* known to be safe.

    ## Fix
    Do not load the file unless you trust where it comes from; re-export it in a format that holds
    data only (`safetensors`, ONNX, `skops`). For a PyTorch checkpoint that needs a few reviewed
    classes, load it with `weights_only=True` and `torch.serialization.add_safe_globals([...])`.
    Check the result with `mlsafe check` again.
    """

    code = "MLS108"
    name = "unsafe-model-file"
    category = Category.UNSAFE_LOAD
    severity = Severity.MEDIUM
    summary = "A model file imports globals outside the allowlist of data-only types"
    cwe = (502,)

    VALID = (
        Example(
            """
            ccollections
            OrderedDict
            (tR.
            """,
            path="state_dict.pkl",
            title="a protocol 0 pickle of an OrderedDict",
        ),
        Example(
            """
            (lp0
            I1
            aI2
            a.
            """,
            path="numbers.pickle",
            title="a list of ints: no global at all",
        ),
        Example(
            """
                not a pickle, some other binary format
                """,
            path="tokenizer.bin",
            title="a .bin file that is no pickle",
        ),
    )
    INVALID = (
        Example(
            """
            cos
            system
            (S'echo pwned'
            tR.
            """,
            path="evil.pkl",
            expect=(at(1, 1, severity=Severity.HIGH),),
            title="a pickle that runs a shell command",
        ),
        Example(
            """
            csklearn.ensemble._forest
            RandomForestClassifier
            )R.
            """,
            path="model.joblib",
            expect=(at(1, 1, severity=Severity.MEDIUM),),
            title="a class outside the allowlist: review",
        ),
        Example(
            """
            ccollections
            OrderedDict
            (
            """,
            path="weights.pt",
            expect=(at(1, 1, severity=Severity.MEDIUM),),
            title="a damaged pickle: where reading stopped",
        ),
    )

    def check_artifact(self, artifact: ArtifactInfo, ctx: Context) -> Iterator[Report]:
        if not artifact.holds_pickle:
            return
        verdict = classify(artifact.globals)
        name = f"`{file_name(artifact)}`"
        if verdict.runs_code:
            others = verdict.review
            more = f" (and imports {listed(others)})" if others else ""
            yield Report(
                f"{name} imports {listed(verdict.runs_code)}: it runs code when loaded{more}",
                severity=Severity.HIGH,
            )
        elif verdict.review:
            yield Report(
                f"{name} imports globals outside the allowlist of data-only types: {listed(verdict.review)}; "
                "they run their own code when the file is loaded, review them"
            )
        if artifact.problem is not None:
            read = f"; globals read before: {listed(artifact.globals)}" if artifact.globals else ""
            yield Report(f"{name} could not be checked to the end: {artifact.problem}{read}")
