"""MLS405 unpinned-model-revision."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import libcst as cst

from linter.kit import (
    Category,
    Context,
    Example,
    Report,
    Rule,
    Severity,
    argument,
    at,
    code_cell,
    is_false,
    is_true,
    keyword,
    lazy_compile,
    notebook_example,
)
from linter.rules.supply_chain._shell_commands import literal_value

HUB_LIBRARIES = frozenset(
    {
        "transformers",
        "diffusers",
        "peft",
        "sentence_transformers",
        "optimum",
        "setfit",
        "timm",
        "open_clip",
        "huggingface_hub",
        "trl",
        "auto_gptq",
        "span_marker",
        "gliner",
    }
)
# Files that ``torch.load``/``pickle``/``joblib`` read, and only those: ``tokenizer.model`` is a
# SentencePiece protobuf, ``.safetensors``, ``.onnx``, ``.gguf`` are not pickles either.
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".joblib", ".dill", ".sav", ".pkl.gz")
# The owner of a placeholder id in documentation (``username/my_awesome_model``,
# ``your-namespace/...``, ``YOUR_ACCOUNT_NAME/...``, ``<user>/...``): the reader's own future
# repository, not a download of someone else's model.
_PLACEHOLDER_OWNER = lazy_compile(
    r"(?i)^(?:<[^>]*>|\{[^}]*\}|\[[^\]]*\]|your[\w-]*|my[-_](?:account|user(?:[-_]?name)?|name|org(?:anization)?|namespace|hf[\w-]*)|"
    r"(?:hf[-_]?|hub[-_]?|huggingface[-_]?)?user(?:[-_]?name)?|name[-_]?space|account(?:[-_]?name)?|"
    r"org(?:ani[sz]ation)?[-_]?name|placeholder|x{3,})$"
)
# Where a document names a repository it writes itself: ``TrainingArguments(output_dir=...)``,
# ``hub_model_id=``, ``save_pretrained(...)``, ``push_to_hub(...)``, ``create_repo(...)``.
_WRITTEN_ID = lazy_compile(
    r"""(?:\b(?:output_dir|hub_model_id)\s*=\s*|\.(?:save_pretrained|push_to_hub|save_model)\(\s*(?:repo_id\s*=\s*)?|"""
    r"""\bcreate_repo\(\s*(?:repo_id\s*=\s*)?)[rRbBuUfF]{0,2}(['"])(?P<id>[^'"{}\n]+)\1"""
)
LOCAL_BUILDERS = frozenset(
    {
        "csv",
        "json",
        "text",
        "parquet",
        "arrow",
        "pandas",
        "imagefolder",
        "audiofolder",
        "videofolder",
        "webdataset",
        "generator",
        "sql",
        "xml",
        "spark",
        "cache",
        "folder_based_builder",
    }
)
_HEX40 = lazy_compile(r"[0-9a-fA-F]{40}")
_HUB_ID = lazy_compile(r"^[A-Za-z0-9][\w.-]*(?:/[A-Za-z0-9][\w.-]*)?$")
_HF_HUB_PREFIX = lazy_compile(r"^hf[-_]hub:")
_FILE_SUFFIX = lazy_compile(
    r"\.(?:csv|tsv|json|jsonl|txt|parquet|arrow|pt|pth|bin|ckpt|safetensors|onnx|h5|pkl|zip|gz|tar)$", re.IGNORECASE
)


@dataclass(frozen=True)
class Download:
    """How a downloading API names its repository and revision."""

    id_keyword: str
    id_index: int | None
    style: str = "revision"  # revision= keyword, or the ref inside the id: "hub" (owner/repo:ref), "at" (repo@rev)


# Downloading APIs other than ``from_pretrained``: built once (this lookup runs for every call).
_DOWNLOADS: Mapping[str, Download] = MappingProxyType(
    {
        "huggingface_hub.hf_hub_download": Download("repo_id", 0),
        "huggingface_hub.file_download.hf_hub_download": Download("repo_id", 0),
        "huggingface_hub.snapshot_download": Download("repo_id", 0),
        "huggingface_hub._snapshot_download.snapshot_download": Download("repo_id", 0),
        "datasets.load_dataset": Download("path", 0),
        "torch.hub.load": Download("repo_or_dir", 0, "hub"),
        "transformers.pipeline": Download("model", 1),
        "sentence_transformers.SentenceTransformer": Download("model_name_or_path", 0),
        "sentence_transformers.CrossEncoder": Download("model_name", 0),
        "timm.create_model": Download("model_name", 0, "at"),
        "open_clip.create_model": Download("model_name", 0, "at"),
        "open_clip.create_model_and_transforms": Download("model_name", 0, "at"),
        "open_clip.create_model_from_pretrained": Download("model_name", 0, "at"),
    }
)


def _download_of(name: str) -> Download | None:
    root = name.partition(".")[0]
    if name.endswith(".from_pretrained") and (root in HUB_LIBRARIES or name.startswith(".")):
        if name.startswith("peft.PeftModel"):
            return Download("model_id", 1)
        return Download("pretrained_model_name_or_path", 0)
    return _DOWNLOADS.get(name)


def _constant(node: cst.BaseExpression, ctx: Context) -> str | None:
    """The string a plain name holds when the document assigns it exactly once, at module level, a
    literal (``model_checkpoint = "distilbert-base-uncased"``), and no enclosing function takes a
    parameter of that name; else None."""
    if not isinstance(node, cst.Name):
        return None
    bindings = ctx.facts.bindings.get(node.value)
    if not bindings or len(bindings) != 1 or bindings[0].target is not None:
        return None
    for scope in ctx.enclosing(cst.FunctionDef, cst.Lambda):
        if not isinstance(scope, (cst.FunctionDef, cst.Lambda)):
            continue
        params = scope.params
        every = [
            *params.posonly_params,
            *params.params,
            *params.kwonly_params,
            *(p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)),
        ]
        if any(p.name.value == node.value for p in every):
            return None
    pattern = re.compile(
        rf"^{re.escape(node.value)}[ \t]*(?::[ \t]*str[ \t]*)?=[ \t]*(['\"])([^'\"\\\n]*)\1[ \t]*(?:#.*)?$",
        re.MULTILINE,
    )
    found = [m.group(2) for m in pattern.finditer(ctx.document.code)]
    return found[0] if len(found) == 1 else None


_WRITE_WORDS = ("output_dir", "hub_model_id", "save_pretrained", "push_to_hub", "save_model", "create_repo")


def _written_ids(code: str) -> tuple[set[str], set[str]]:
    """The repositories a document writes (as written) and their names (the last path part)."""
    if not any(word in code for word in _WRITE_WORDS):
        return set(), set()
    full = {match.group("id").strip().rstrip("/") for match in _WRITTEN_ID.finditer(code)}
    return full, {written.rsplit("/", 1)[-1] for written in full if written}


def own_or_placeholder(repo: str, code: str) -> bool:
    """A repository id that names no one else's model: a documentation placeholder owner
    (``username/my_awesome_model``), or a repository the same document writes (its
    ``output_dir``, ``hub_model_id``, ``save_pretrained``/``push_to_hub`` target): the same id, or
    the same name (the hub puts a pushed folder under the writer's account, whatever it is)."""
    owner, _, name = repo.rpartition("/")
    if owner and _PLACEHOLDER_OWNER.match(owner):
        return True
    full, names = _written_ids(code)
    return repo in full or name in names


def _is_repo_id(value: str, name: str) -> bool:
    if name == "datasets.load_dataset" and value in LOCAL_BUILDERS:
        return False
    if name == "torch.hub.load":
        return bool(re.match(r"^[\w.-]+/[\w.-]+(?::[\w./-]+)?$", value))
    return bool(_HUB_ID.match(value)) and not _FILE_SUFFIX.search(value) and value not in (".", "..")


@dataclass(frozen=True)
class _Finding:
    repo: str
    ref: str | None


def _unpinned(call: cst.Call, download: Download, value: str) -> _Finding | None:
    """The repository and the (branch/tag) ref when the call is not pinned to a commit, else None."""
    if download.style == "hub":
        repo, _, ref = value.partition(":")
        return None if _HEX40.fullmatch(ref) else _Finding(repo, ref or None)
    if download.style == "at":
        repo, _, ref = _HF_HUB_PREFIX.sub("", value).partition("@")
        return None if _HEX40.fullmatch(ref) else _Finding(repo, ref or None)
    revision = keyword(call, "revision")
    if revision is None:
        return _Finding(value, None)
    given = literal_value(revision.value)
    if given is None and not (isinstance(revision.value, cst.Name) and revision.value.value == "None"):
        return None  # a variable revision: chosen elsewhere
    return None if given is not None and _HEX40.fullmatch(given) else _Finding(value, given)


def _severity(call: cst.Call, name: str, ctx: Context) -> tuple[Severity | None, str]:
    trust = keyword(call, "trust_remote_code")
    if trust is not None and is_true(trust.value):
        return Severity.HIGH, "; with trust_remote_code=True the repository's Python code runs here"
    filename = argument(call, "filename", 1 if name.endswith("hf_hub_download") else None)
    file_value = literal_value(filename.value) if filename is not None else None
    if file_value and file_value.lower().endswith(PICKLE_SUFFIXES):
        return Severity.HIGH, f"; `{file_value}` is a pickle-format file, which runs code when loaded"
    safetensors = keyword(call, "use_safetensors")
    if safetensors is not None and is_false(safetensors.value):
        return Severity.HIGH, "; use_safetensors=False loads pickle-format weights, which run code when loaded"
    return None, ""


class UnpinnedModelRevision(Rule):
    """
    ## What it does
    Flags downloads of models and datasets by repository id without a pinned commit:
    `from_pretrained` of transformers, diffusers, peft, sentence-transformers, optimum, timm and
    open_clip classes (and classes imported relatively inside those libraries' own source),
    `transformers.pipeline(model=...)`, `SentenceTransformer(...)`,
    `hf_hub_download`, `snapshot_download`, `datasets.load_dataset`, `torch.hub.load("owner/repo")`
    and `timm`/`open_clip` `hf-hub:` model names, when the id is a literal hub id and there is no
    `revision=` or it names a branch or tag. Low severity by default; high together with
    `trust_remote_code=True`, a pickle-format file (`filename="pytorch_model.bin"`,
    `use_safetensors=False`); that `torch.hub.load` runs the repository's code is MLS107's finding. Not
    flagged: `revision="<40-hex commit>"`, a revision held in a variable, local paths (`./`, `/`,
    `../`, file names), ids held in variables (except a name assigned once, at module level, a
    literal: `model_checkpoint = "distilbert-base-uncased"`), `load_dataset("csv", ...)` and other
    local builders, ids whose owner is a documentation placeholder (`username/...`,
    `your-namespace/...`, `YOUR_ACCOUNT_NAME/...`, `<user>/...`), and the document's own model: an
    id, or a repository name, that the same file or notebook writes (`output_dir=`,
    `hub_model_id=`, `save_pretrained(...)`, `push_to_hub(...)`, `create_repo(...)`). The
    pickle-format files are exactly `.bin`, `.pt`, `.pth`, `.ckpt`, `.pkl`, `.pickle`, `.joblib`,
    `.dill`, `.sav` (a SentencePiece `tokenizer.model` is not one).

    ## Why is this bad?
    A hub repository is mutable: its owner (or whoever compromises the account) can push new
    weights, new code or a new tokenizer under the same name, and the next run silently uses it. With
    remote code or pickle weights that is code execution on your machine.

    ## Fix
    Pin the commit you evaluated: `AutoModel.from_pretrained("org/model", revision="<40-hex sha>")`
    (the sha is on the model page's "Files and versions" history), `torch.hub.load("owner/repo:<sha>",
    ...)`, `timm.create_model("hf-hub:org/model@<sha>")`.
    """

    code = "MLS405"
    name = "unpinned-model-revision"
    category = Category.UNPINNED
    severity = Severity.LOW
    summary = "Model or dataset downloaded without a pinned revision"
    cwe = (494, 829)
    # Call-shaped: the names must be called (or imported under an alias, which the engine follows).
    # ``from_pretrained`` reads its first argument, which must be a literal or a plain name (a module
    # constant, or a keyword naming the argument) for a report; ``PeftModel.from_pretrained`` reads
    # its second, so that class's name is a trigger of its own. Model libraries call
    # ``from_pretrained(pretrained_model_name_or_path.x, *args, **kwargs)`` thousands of times.
    triggers = frozenset(
        {
            r"from_pretrained\s*\(\s*(?:#|\(|[rRbBuUfF]{0,2}['\"]|\w+\s*[,)=#])",
            "PeftModel",
            r"hf_hub_download\s*\(",
            r"snapshot_download\s*\(",
            r"load_dataset\s*\(",
            r"hub\.load\s*\(",
            r"\bpipeline\s*\(",
            r"SentenceTransformer\s*\(",
            r"CrossEncoder\s*\(",
            r"create_model\s*\(",
        }
    )

    VALID = (
        Example(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained('bert-base-uncased', revision='86b5e0934494bd15c9632b12f734a8a67f723594')
            """
        ),
        Example(
            """
            from transformers import AutoModel

            model = AutoModel.from_pretrained('./checkpoints/best')
            other = AutoModel.from_pretrained('/models/bert')
            third = AutoModel.from_pretrained(MODEL_ID)
            fourth = AutoModel.from_pretrained('org/model', revision=REVISION)
            """,
            title="local paths, a variable id, a variable revision",
        ),
        Example(
            """
            from datasets import load_dataset

            ds = load_dataset('csv', data_files='train.csv')
            ds2 = load_dataset('data/train.jsonl')
            """
        ),
        Example(
            """
            import torch

            model = torch.hub.load('pytorch/vision:0123456789abcdef0123456789abcdef01234567', 'resnet18')
            local = torch.hub.load('./hubconf_dir', 'resnet18', source='local')
            """
        ),
        Example(
            """
            from transformers import AutoModel

            name = 'bert-base-uncased'
            name = 'roberta-base'
            m = AutoModel.from_pretrained(name)

            checkpoint = 'gpt2'
            def load(checkpoint):
                return AutoModel.from_pretrained(checkpoint)
            """,
            title="a reassigned name, a parameter that shadows a constant",
        ),
        Example(
            """
            class Net:
                @classmethod
                def from_pretrained(cls, name):
                    return cls()

            net = Net.from_pretrained('my-net')
            """,
            title="a local class",
        ),
        Example(
            """
            import timm

            m = timm.create_model('resnet50', pretrained=True)
            h = timm.create_model('hf-hub:timm/vit_base_patch16_224.augreg_in21k@0123456789abcdef0123456789abcdef01234567')
            """
        ),
        Example(
            """
            from transformers import AutoModel, pipeline

            model = AutoModel.from_pretrained("username/my_awesome_model")
            clf = pipeline("text-classification", model="your-namespace/my-classifier")
            tok = AutoModel.from_pretrained("YOUR_ACCOUNT_NAME/llama-finetuned")
            """,
            title="placeholder owners: the reader's own future repository",
        ),
        notebook_example(
            code_cell(
                """
                from transformers import AutoModelForSequenceClassification, TrainingArguments, pipeline

                args = TrainingArguments(output_dir="my_awesome_model", push_to_hub=True)
                model.save_pretrained("checkpoints/vit-food101")"""
            ),
            code_cell(
                """
                clf = pipeline("text-classification", model="stevhliu/my_awesome_model")
                vit = AutoModelForSequenceClassification.from_pretrained("jane/vit-food101")"""
            ),
            title="the notebook's own model: its output_dir, its save_pretrained folder, pushed under its author",
        ),
    )
    INVALID = (
        Example(
            """
            from transformers import AutoModelForCausalLM, AutoTokenizer

            tok = AutoTokenizer.from_pretrained('meta-llama/Llama-3.1-8B')
            model = AutoModelForCausalLM.from_pretrained(
                'microsoft/phi-2', revision='main', trust_remote_code=True
            )
            """,
            expect=(at(3, 37, severity=Severity.LOW), at(5, 5, severity=Severity.HIGH)),
        ),
        Example(
            """
            from huggingface_hub import hf_hub_download, snapshot_download
            import datasets

            path = hf_hub_download('org/classifier', 'model.pkl')
            snapshot_download(repo_id='stabilityai/sdxl-turbo')
            ds = datasets.load_dataset('imdb', split='train')
            """,
            expect=(at(4, 24, severity=Severity.HIGH), at(5, 27, severity=Severity.LOW), at(6, 28)),
        ),
        Example(
            """
            import torch

            model = torch.hub.load('ultralytics/yolov5', 'yolov5s')
            """,
            expect=(at(3, 24, severity=Severity.LOW),),
            title="the code it runs is MLS107's; this is the pin",
        ),
        Example(
            """
            from ..bert import BertConfig

            config = BertConfig.from_pretrained('google-bert/bert-large-cased')
            """,
            expect=(at(3, 37),),
            title="a relative import inside a hub library's own source",
        ),
        notebook_example(
            code_cell(
                '''
                from transformers import AutoTokenizer

                model_checkpoint = "distilbert-base-uncased"'''
            ),
            code_cell("tokenizer = AutoTokenizer.from_pretrained(model_checkpoint, use_fast=True)"),
            expect=(at(1, 43, cell=2),),
            title="an id held in a module-level constant",
        ),
        notebook_example(
            code_cell(
                """
                from sentence_transformers import SentenceTransformer
                from transformers import pipeline"""
            ),
            code_cell(
                """
                emb = SentenceTransformer('all-MiniLM-L6-v2')
                clf = pipeline('sentiment-analysis', model='distilbert-base-uncased-finetuned-sst-2-english')"""
            ),
            expect=(at(1, 27, cell=2), at(2, 44, cell=2)),
            title="imports in one cell, downloads in the next",
        ),
        notebook_example(
            code_cell(
                """
                from huggingface_hub import hf_hub_download
                from transformers import AutoModel, TrainingArguments

                args = TrainingArguments(output_dir="bert-imdb", push_to_hub=True)"""
            ),
            code_cell(
                """
                base = AutoModel.from_pretrained("google-bert/bert-base-cased")
                spm = hf_hub_download("meta-llama/Llama-2-7b", "original/tokenizer.model")
                usernames = AutoModel.from_pretrained("usernames-org/bert-imdb2")"""
            ),
            expect=(at(1, 34, cell=2), at(2, 23, cell=2, severity=Severity.LOW), at(3, 39, cell=2)),
            title="a base model next to the notebook's own; a SentencePiece tokenizer.model is no pickle",
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        name = ctx.call_name(node)
        download = _download_of(name) if name else None
        if name is None or download is None:
            return
        arg = argument(node, download.id_keyword, download.id_index)
        value = literal_value(arg.value) if arg is not None else None
        via = ""
        if arg is not None and value is None:
            value = _constant(arg.value, ctx)
            via = f" (through `{arg.value.value}`)" if value is not None and isinstance(arg.value, cst.Name) else ""
        if arg is None or value is None or not _is_repo_id(value, name):
            return
        source = keyword(node, "source")
        if name == "torch.hub.load" and source is not None and literal_value(source.value) == "local":
            return
        if download.style == "at" and not _HF_HUB_PREFIX.match(value):
            return
        found = _unpinned(node, download, value)
        if found is None or own_or_placeholder(found.repo, ctx.document.code):
            return
        severity, note = _severity(node, name, ctx)
        how = f"`{found.ref}` is a branch or tag" if found.ref else "no revision is pinned"
        yield Report(
            f"`{found.repo}`{via} is downloaded from a hub and {how}, so its owner can change what you get{note}; "
            'pin a commit (revision="<40-hex sha>")',
            node=arg.value,
            severity=severity,
        )
