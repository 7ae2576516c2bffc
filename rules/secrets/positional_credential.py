"""MLS207 positional-credential."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from types import MappingProxyType

import libcst as cst

from linter.kit import Category, Context, Example, Report, Rule, Severity, at, is_string_expression, string_value
from linter.rules.secrets._patterns import credential_value, find_tokens
from linter.rules.secrets._reports import ADVICE, node_report, shown

# SDK calls that take a credential positionally: qualified name -> (position, parameter name).
POSITIONAL_CREDENTIALS: Mapping[str, tuple[int, str]] = MappingProxyType(
    {
        "cohere.Client": (0, "api_key"),
        "cohere.ClientV2": (0, "api_key"),
        "cohere.AsyncClient": (0, "api_key"),
        "pinecone.Pinecone": (0, "api_key"),
        "pinecone.init": (0, "api_key"),
        "replicate.Client": (0, "api_token"),
        "replicate.client.Client": (0, "api_token"),
        "mistralai.client.MistralClient": (0, "api_key"),
        "mistralai.Mistral": (0, "api_key"),
        "huggingface_hub.login": (0, "token"),
        "huggingface_hub.HfApi": (1, "token"),
        "huggingface_hub.InferenceClient": (1, "token"),
        "wandb.login": (1, "key"),
        "weaviate.auth.AuthApiKey": (0, "api_key"),
        "weaviate.AuthApiKey": (0, "api_key"),
        "slack_sdk.WebClient": (0, "token"),
        "slack.WebClient": (0, "token"),
        "github.Github": (0, "login_or_token"),
        "gitlab.Gitlab": (1, "private_token"),
        "tweepy.Client": (0, "bearer_token"),
        "telegram.Bot": (0, "token"),
        "redis.Redis": (3, "password"),
        "redis.StrictRedis": (3, "password"),
        "comet_ml.Experiment": (0, "api_key"),
        "neptune.init_run": (1, "api_token"),
        "serpapi.Client": (0, "api_key"),
        "elevenlabs.ElevenLabs": (0, "api_key"),
        "elevenlabs.client.ElevenLabs": (0, "api_key"),
        "voyageai.Client": (0, "api_key"),
        "deepgram.DeepgramClient": (0, "api_key"),
        "stripe.StripeClient": (0, "api_key"),
    }
)
_LAST_PARTS = frozenset(name.rsplit(".", 1)[-1] for name in POSITIONAL_CREDENTIALS)


class PositionalCredential(Rule):
    """
    ## What it does
    Flags a hardcoded credential passed by position to an SDK client or login call that takes one
    there: `cohere.Client("...")`, `Pinecone("...")`, `replicate.Client("...")`,
    `huggingface_hub.login("...")`, `HfApi(endpoint, "...")`, `wandb.login(None, "...")`,
    `slack_sdk.WebClient("...")`, `Github("...")`, `redis.Redis(host, port, db, "...")` and other
    common AI and data SDKs (a table of their credential parameters). Values in a known provider
    format are MLS201's; placeholders (`"YOUR_API_KEY"`, `"<token>"`, `""`), environment variable
    names and values read at run time are not flagged.

    ## Why is this bad?
    Without a name like `api_key=` next to it, a key passed by position is easy to miss in review,
    and the generic secret checks that look for credential names do not see it; it ends up in git
    history and shared notebooks like any other hardcoded key.

    ## Fix
    Revoke the key, then read it at run time: `cohere.Client(os.environ["COHERE_API_KEY"])`, or
    let the SDK read its environment variable (`Pinecone()` reads `PINECONE_API_KEY`).
    """

    code = "MLS207"
    name = "positional-credential"
    category = Category.SECRET
    severity = Severity.HIGH
    summary = "A credential is passed positionally to an SDK client"
    cwe = (798,)
    triggers = frozenset(_LAST_PARTS)

    VALID = (
        Example(
            """
            import os
            import cohere
            from pinecone import Pinecone

            co = cohere.Client(os.environ["COHERE_API_KEY"])
            pc = Pinecone("YOUR_API_KEY")
            other = Client("Zt7qLm2Xv9RkW3pN8sB4")
            r = redis.Redis("localhost", 6379, 0)
            """,
            title="read at run time, a placeholder, an unknown Client",
        ),
    )
    INVALID = (
        Example(
            """
            import cohere
            import redis
            from huggingface_hub import HfApi

            co = cohere.Client("Zt7qLm2Xv9RkW3pN8sB4hQ6y")
            api = HfApi("https://huggingface.co", "Qm4Rt8Wz2Kx6Vb9Np3Ls7Jd")
            cache = redis.Redis("cache.internal", 6379, 0, "s3cr3t-Pa55w0rd!")
            """,
            expect=(at(5, 20), at(6, 39), at(7, 48)),
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        func = node.func
        last = (
            func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else None
        )
        if last not in _LAST_PARTS:
            return
        name = ctx.call_name(node)
        slot = POSITIONAL_CREDENTIALS.get(name or "")
        if slot is None:
            return
        index, parameter = slot
        positional = [arg for arg in node.args if arg.keyword is None]
        if any(arg.star for arg in positional[: index + 1]) or len(positional) <= index:
            return
        value_node = positional[index].value
        if not is_string_expression(value_node):
            return
        value = string_value(value_node)
        secret = credential_value(value, minimum=8) if value is not None else None
        if secret is None or find_tokens(secret):
            return  # not a credential, or one in a provider format (MLS201)
        short = (name or "").rsplit(".", 1)[-1]
        yield node_report(
            value_node,
            secret,
            f"`{short}` gets its `{parameter}` by position as a hardcoded string ({shown(secret)}); {ADVICE}",
        )
