"""What the globals a model file imports mean: an allowlist, not a denylist.

A name in PyTorch's ``weights_only`` set loads with ``torch.load(..., weights_only=True)``; a name in
the data-only set (numpy arrays, standard containers, dates, paths...) builds plain data but
``weights_only`` needs it added with ``torch.serialization.add_safe_globals``; any other name runs
code of its own when unpickled and needs review; a name of the known code-running modules (``os``,
``subprocess``, ``builtins.exec``...) runs code for sure. Shared by MLS101, MLS102 and MLS108.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal

from linter.kit import ArtifactInfo, lazy_compile

# torch/_weights_only_unpickler.py's _get_allowed_globals (PyTorch 2.6), spelled as pickles name them.
TORCH_WEIGHTS_ONLY: Final = frozenset(
    {
        "collections.OrderedDict",
        "collections.Counter",
        "torch.nn.parameter.Parameter",
        "torch.serialization._get_layout",
        "torch.Size",
        "torch.Tensor",
        "torch.device",
        "_codecs.encode",
        "builtins.bytearray",
        "builtins.set",
        "builtins.complex",
        "torch._tensor._rebuild_from_type_v2",
        "torch.storage.UntypedStorage",
        "torch.storage.TypedStorage",
        "torch.storage._LegacyStorage",
        *(
            f"torch._utils.{name}"
            for name in (
                "_rebuild_parameter",
                "_rebuild_parameter_with_state",
                "_rebuild_qtensor",
                "_rebuild_tensor",
                "_rebuild_tensor_v2",
                "_rebuild_tensor_v3",
                "_rebuild_sparse_tensor",
                "_rebuild_meta_tensor_no_storage",
                "_rebuild_nested_tensor",
                "_rebuild_wrapper_subclass",
                "_rebuild_device_tensor_from_numpy",
                "_rebuild_device_tensor_from_cpu_tensor",
            )
        ),
    }
)
# dtypes (``torch.float32``), qschemes, layouts, and the legacy tensor and storage classes
# (``torch.FloatStorage``, ``torch.cuda.HalfTensor``).
_TORCH_NAMED: Final = lazy_compile(
    r"torch\.(?:cuda\.)?[A-Z][A-Za-z0-9]*(?:Tensor|Storage)"
    r"|torch\.(?:float|int|uint|bfloat|complex|bool|half|double|long|short|cfloat|cdouble|qint|quint)\w*"
    r"|torch\.(?:per_tensor_affine|per_channel_affine|per_tensor_symmetric|per_channel_symmetric"
    r"|per_channel_affine_float_qparams|strided|sparse_coo|sparse_csr|sparse_csc|sparse_bsr|sparse_bsc|_mkldnn)"
)
# Data-only constructors outside PyTorch's set: they build arrays, containers, dates and paths.
DATA_ONLY: Final = frozenset(
    {
        *(
            f"{module}.{name}"
            for module in ("numpy.core.multiarray", "numpy._core.multiarray")
            for name in ("_reconstruct", "scalar")
        ),
        "numpy.ndarray",
        "numpy.dtype",
        "numpy.core.numeric._frombuffer",
        "numpy._core.numeric._frombuffer",
        "copyreg._reconstructor",
        *(
            f"builtins.{name}"
            for name in (
                "object",
                "list",
                "dict",
                "tuple",
                "int",
                "float",
                "str",
                "bytes",
                "bool",
                "slice",
                "range",
                "frozenset",
            )
        ),
        "collections.defaultdict",
        "collections.deque",
        "datetime.datetime",
        "datetime.date",
        "datetime.time",
        "datetime.timedelta",
        "datetime.timezone",
        "decimal.Decimal",
        "fractions.Fraction",
        "uuid.UUID",
        "argparse.Namespace",
        "types.SimpleNamespace",
        "pathlib.Path",
        "pathlib.PosixPath",
        "pathlib.WindowsPath",
        "pathlib.PurePosixPath",
        "pathlib.PureWindowsPath",
        # joblib's wrappers of the arrays it writes inline (the array bytes are raw data)
        "joblib.numpy_pickle.NumpyArrayWrapper",
        "joblib.numpy_pickle_compat.NDArrayWrapper",
        "joblib.numpy_pickle_compat.ZNDArrayWrapper",
        "sklearn.externals.joblib.numpy_pickle.NumpyArrayWrapper",
    }
)
# Python 2 names that protocols 0 to 2 write for compatibility (``__builtin__.set``).
_PY2_MODULES: Final = {"__builtin__": "builtins", "copy_reg": "copyreg", "exceptions": "builtins"}
_NUMPY_DTYPES: Final = lazy_compile(r"numpy\.dtypes\.[A-Za-z0-9]+DType")
# Modules and names that run code (a shell, a file, an import, the network) when called.
_RUNS_CODE_MODULES: Final = (
    "os",
    "posix",
    "nt",
    "subprocess",
    "runpy",
    "importlib",
    "imp",
    "pickle",
    "_pickle",
    "cPickle",
    "dill",
    "cloudpickle",
    "joblib.load",
    "marshal",
    "types",
    "socket",
    "shutil",
    "sys",
    "pty",
    "code",
    "codeop",
    "ctypes",
    "webbrowser",
    "requests",
    "urllib",
    "http",
    "multiprocessing",
    "asyncio",
    "platform",
    "commands",
    "pip",
    "timeit",
    "pdb",
    "bdb",
    "trace",
    "profile",
    "cProfile",
    "signal",
    "torch.hub",
    "torch.load",
    "numpy.load",
    "numpy.testing",
    "yaml",
)
_RUNS_CODE_BUILTINS: Final = frozenset(
    {
        "eval",
        "exec",
        "compile",
        "__import__",
        "getattr",
        "setattr",
        "delattr",
        "open",
        "breakpoint",
        "input",
        "globals",
        "locals",
        "vars",
        "apply",
        "execfile",
    }
)
_RUNS_CODE_NAMES: Final = frozenset(
    {
        "operator.attrgetter",
        "operator.methodcaller",
        "functools.partial",
        "_operator.attrgetter",
        "_operator.methodcaller",
    }
)

Level = Literal["weights-only", "safe-globals", "review", "runs-code"]


@dataclass(frozen=True)
class Verdict:
    """The globals of a model file sorted by what they do (each sorted)."""

    runs_code: tuple[str, ...]
    review: tuple[str, ...]
    data_only: tuple[str, ...]  # outside PyTorch's weights_only set, but data only

    @property
    def level(self) -> Level:
        if self.runs_code:
            return "runs-code"
        if self.review:
            return "review"
        return "safe-globals" if self.data_only else "weights-only"


def in_torch_set(name: str) -> bool:
    return name in TORCH_WEIGHTS_ONLY or _TORCH_NAMED.fullmatch(name) is not None


def is_data_only(name: str) -> bool:
    return name in DATA_ONLY or _NUMPY_DTYPES.fullmatch(name) is not None


def runs_code(name: str) -> bool:
    module, _, attr = name.rpartition(".")
    if module in ("builtins", "__builtin__", "__builtins__"):
        return attr in _RUNS_CODE_BUILTINS
    return name in _RUNS_CODE_NAMES or any(name == m or name.startswith(m + ".") for m in _RUNS_CODE_MODULES)


def python3_name(name: str) -> str:
    module, _, attr = name.partition(".")
    return f"{_PY2_MODULES[module]}.{attr}" if module in _PY2_MODULES and attr else name


def classify(names: Iterable[str]) -> Verdict:
    code: list[str] = []
    review: list[str] = []
    data: list[str] = []
    for name in sorted({python3_name(n) for n in names}):
        if in_torch_set(name):
            continue
        if is_data_only(name):
            data.append(name)
        elif runs_code(name):
            code.append(name)
        else:
            review.append(name)
    return Verdict(tuple(code), tuple(review), tuple(data))


def listed(names: Iterable[str], most: int = 5) -> str:
    """``a``, ``b`` and 3 more: names for a message (never all of a long list)."""
    shown = list(names)
    text = ", ".join(f"`{name}`" for name in shown[:most])
    return text + (f" and {len(shown) - most} more" if len(shown) > most else "")


def file_name(artifact: ArtifactInfo) -> str:
    return artifact.path.replace("\\", "/").rsplit("/", 1)[-1]


def describe(artifact: ArtifactInfo, verdict: Verdict) -> str:
    """The load-site verdict on a model file, one sentence."""
    name = f"`{file_name(artifact)}`"
    level = verdict.level
    if level == "runs-code":
        return f"{name} imports {listed(verdict.runs_code)}: it runs code when loaded"
    if level == "review":
        return (
            f"{name} imports names outside the allowlist of data-only types ({listed(verdict.review)}): "
            "they run their own code when loaded; review them"
        )
    if level == "safe-globals":
        return (
            f"{name} holds data only, but `weights_only=True` needs "
            f"`torch.serialization.add_safe_globals([...])` for {listed(verdict.data_only, most=8)}"
        )
    return f"{name} holds only tensors and allowlisted types: it loads with `weights_only=True`"
