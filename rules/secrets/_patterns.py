"""Data and matchers shared by the secret rules (MLS201 to MLS204).

- ``PROVIDERS``: the provider token formats (one regex each; group ``v``, when present, is the
  secret part), found by :func:`find_tokens` in any text;
- :func:`find_signed_urls`: cloud signed URLs (GCS, S3, Azure SAS) with their expiry and scope;
- :func:`find_url_credentials`: connection strings with an inline password;
- :func:`find_named_values`: ``name = value`` / ``"name": "value"`` pairs in free text (outputs);
- :func:`is_placeholder` / :func:`is_doc_example`: values that have a secret's shape but are not one;
- :func:`is_credential_name`: the credential-name lexicon (``api_key``, ``client_secret``...; not
  ``max_tokens``, ``tokenizer``, ``pad_token``, ``password_field``).

Everything here is pure and immutable; nothing prints or stores a value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote

from linter.kit import HOLE, LazyPattern, lazy_compile

if TYPE_CHECKING:  # datetime is imported when a signed URL is found
    from datetime import datetime


@dataclass(frozen=True)
class Provider:
    kind: str
    label: str
    pattern: LazyPattern
    hints: tuple[str, ...]  # one of these occurs in every match: the regex runs only if one is in the text


@dataclass(frozen=True)
class SecretMatch:
    """A secret found in a text: what it is, its value (never shown) and its span in the text."""

    kind: str
    label: str
    value: str
    start: int
    end: int
    low: bool = False  # a weak or local-only credential (reported at lower severity)
    note: str = ""  # for a signed URL: what it grants and until when (it is no credential to revoke)


def _p(kind: str, label: str, hints: str, regex: str) -> Provider:
    return Provider(kind, label, lazy_compile(regex), tuple(hints.split()))


_E = r"(?![A-Za-z0-9_-])"


def _at_boundary(prefix: str, width: int) -> str:
    """``prefix`` (a regex matching exactly ``width`` characters) not preceded by a token character.
    The look-behind comes after the prefix so that ``re`` can scan for the prefix's first character
    quickly: a pattern that starts with a look-behind is tried at every position of the text."""
    return prefix + r"(?<![A-Za-z0-9_-].{" + str(width) + "})"


# Order matters: on overlapping matches the earlier (more specific) format wins.
PROVIDERS: tuple[Provider, ...] = (
    _p(
        "pem",
        "private key",
        "PRIVATE",
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
        r"(?P<v>(?:[\sA-Za-z0-9+/=:,-]|\\[nr])+?)-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
    ),
    _p(
        "anthropic",
        "Anthropic API key",
        "sk-ant-",
        _at_boundary("sk-ant-", 7) + r"(?:api|admin|sid)\d{2}-[A-Za-z0-9_-]{32,}" + _E,
    ),
    _p(
        "openai",
        "OpenAI API key",
        "sk-",
        _at_boundary("sk-", 3) + r"(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}" + _E,
    ),
    _p("openai", "OpenAI API key", "sk-", _at_boundary("sk-", 3) + r"(?!ant-)[A-Za-z0-9]{32,}" + _E),
    _p("stripe", "Stripe live key", "_live_", _at_boundary("[sr]k_live_", 8) + r"[A-Za-z0-9]{20,}" + _E),
    _p("huggingface", "Hugging Face token", "hf_", _at_boundary("hf_", 3) + r"[A-Za-z0-9]{30,40}" + _E),
    _p("huggingface", "Hugging Face token", "api_org_", _at_boundary("api_org_", 8) + r"[A-Za-z0-9]{30,40}" + _E),
    _p(
        "github", "GitHub token", "ghp_ gho_ ghu_ ghs_ ghr_", _at_boundary("gh[pousr]_", 4) + r"[A-Za-z0-9]{36,40}" + _E
    ),
    _p(
        "github",
        "GitHub token",
        "github_pat_",
        _at_boundary("github_pat_", 11) + r"[A-Za-z0-9]{22}_[A-Za-z0-9]{40,70}" + _E,
    ),
    _p("gitlab", "GitLab token", "glpat-", _at_boundary("glpat-", 6) + r"[A-Za-z0-9_-]{20,}" + _E),
    _p("slack", "Slack token", "xox", _at_boundary("xox[abpre]-", 5) + r"[0-9]{6,}-[0-9A-Za-z-]{8,}" + _E),
    _p(
        "aws",
        "AWS access key id",
        "AKIA ASIA ABIA ACCA",
        r"A(?:KIA|SIA|BIA|CCA)(?<![A-Z0-9]....)[A-Z2-7]{16}(?![A-Z0-9])",
    ),
    _p(
        "aws-secret",
        "AWS secret access key",
        "aws AWS Aws",
        r"[aA][wW][sS][A-Za-z_ .-]{0,20}(?i:secret)[A-Za-z_ .-]{0,20}[\"']?\s*[:=,]\s*[\"']?"
        r"(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
    ),
    _p("google", "Google API key", "AIza", _at_boundary("AIza", 4) + r"[0-9A-Za-z_-]{35}" + _E),
    _p("azure-storage", "Azure storage account key", "AccountKey=", r"AccountKey=(?P<v>[A-Za-z0-9+/]{80,}={0,2})"),
    _p("azure-sas", "Azure SAS signature", "sig=", r"[?&;]sig=(?P<v>[A-Za-z0-9%+/]{40,}(?:=|%3[Dd]){0,2})"),
    _p("databricks", "Databricks token", "dapi", _at_boundary("dapi", 4) + r"[0-9a-f]{32}(?:-\d)?" + _E),
    _p(
        "jwt",
        "signed JWT",
        "eyJ",
        _at_boundary("eyJ", 3) + r"[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}" + _E,
    ),
)

# A text holding none of the providers' hints matches no format: each provider runs only when one of
# its hints is in the text, and the AWS secrets next to key ids need a key id. The hints are looked
# for by first character, one regex per character (``A(?:KIA|SIA|...|ccountKey=)``), because ``re``
# finds a literal first character quickly: one alternation of every hint is tried at each character
# of the text (15 times slower), and one ``in`` per hint reads the text 26 times (twice slower).
_HINTS = tuple(dict.fromkeys(hint for provider in PROVIDERS for hint in provider.hints))
HINT_SEARCHES: tuple[LazyPattern, ...] = tuple(
    lazy_compile(re.escape(first) + "(?:" + "|".join(re.escape(hint[1:]) for hint in _HINTS if hint[0] == first) + ")")
    for first in dict.fromkeys(hint[0] for hint in _HINTS)
)


def has_hint(text: str) -> bool:
    """Whether a provider's hint is in ``text`` (when not, :func:`find_tokens` finds nothing)."""
    return any(search.search(text) for search in HINT_SEARCHES)


# The words one of which a string must hold for a token to appear only once it is evaluated.
TOKEN_PREFIXES = (
    "sk-",
    "_live_",
    "hf_",
    "api_org_",
    "AKIA",
    "ASIA",
    "AIza",
    "dapi",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "glpat-",
    "xox",
    "eyJ",
)
TOKEN_TRIGGERS = frozenset(
    {
        *TOKEN_PREFIXES,
        "AccountKey",
        "sig=",
        "PRIVATE KEY",
        # escapes that can spell a token's characters: hex, unicode, named, octal
        "\\x",
        "\\u",
        "\\U",
        "\\N",
        "\\0",
        "\\1",
    }
)
# The escape/concatenation check's triggers (MLS201's CST hooks). A token split over literals
# (``"hf_abc" "def"``, ``"hf_" + rest``, ``f"hf_{rest}"``) has its prefix in a literal that ends,
# after token characters only, at a quote (or an escape, or an f-string's brace); the prefix
# followed by anything else (``hf_hub_download(``, ``hf_token =``) cannot start one.
TOKEN_HOOK_TRIGGERS = frozenset(
    {re.escape(prefix) + r"[\w.-]*['\"\\{]" for prefix in TOKEN_PREFIXES}
    | {re.escape(word) for word in TOKEN_TRIGGERS - set(TOKEN_PREFIXES)}
)

AWS_SECRET_NEAR_ID = lazy_compile(r"(?<![A-Za-z0-9/+])(?P<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])")

# Published examples from vendor documentation: format-valid, never real.
DOC_EXAMPLES = frozenset(
    {
        "AKIAIOSFODNN7EXAMPLE",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "ASIAIOSFODNN7EXAMPLE",
        "AKIAI44QH8DHBEXAMPLE",
        "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
        # jwt.io's sample token
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
        ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        # the Azure storage emulator's well-known account key (devstoreaccount1)
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        # GitHub's and Slack's documentation samples
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        # Stripe's documentation sample key, in its live-key shape
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        # Databricks' documentation sample token
        "dapi1234567890ab1cde2f3ab456c7d89efa",
    }
)

_DOC_MARKERS = lazy_compile(r"EXAMPLE|(?i:example|sample|dummy|placeholder|redacted|your|insert|replace)")
_PLACEHOLDER_MARKERS = lazy_compile(
    r"(?i:x{4,}|\*{3,}|\.{3}|…|#{4,}|your[_ -]?|_here|-here|here$|placeholder|change[_-]?me|change[_-]?it|"
    r"replace[_-]?me|redacted|insert|dummy|example|sample|todo|tbd|fixme)|<[^>]*>|^<|>$|\{[^}]*\}|\$\{|^\$[A-Z_]|"
    r"^\$[($]|^\$[a-z_]\w*$|%\(|"
    r"\[[A-Z_]+\]|" + HOLE
)
_SEQUENCES = ("0123456789", "123456789", "abcdefghij", "ABCDEFGHIJ", "qwerty", "1234567890abcdef")
_WORDS = frozenset(
    {
        "",
        "none",
        "null",
        "nil",
        "true",
        "false",
        "default",
        "auto",
        "test",
        "testing",
        "tests",
        "secret",
        "secrets",
        "password",
        "passwd",
        "pass",
        "pwd",
        "token",
        "tokens",
        "key",
        "apikey",
        "api_key",
        "api-key",
        "changeme",
        "change_me",
        "changeit",
        "letmein",
        "admin",
        "root",
        "user",
        "username",
        "guest",
        "anonymous",
        "public",
        "private",
        "bearer",
        "basic",
        "token_here",
        "your_token",
        "required",
        "optional",
        "empty",
        "unset",
        "secret_key",
        "access_token",
        "auth",
        "oauth",
        "jwt",
        "hf",
        "openai",
        "example",
        "sample",
        "dummy",
        "fake",
        "mock",
        "foo",
        "bar",
        "baz",
        "foobar",
        "abc",
        "abc123",
        "xyz",
        "1234",
        "12345",
        "123456",
        "string",
        "str",
        "value",
        "env",
        "environ",
        "environment",
        "disabled",
        "enabled",
        "off",
        "on",
        "yes",
        "no",
    }
)


def is_doc_example(value: str) -> bool:
    """A value from vendor documentation (``AKIAIOSFODNN7EXAMPLE``) or marked as one."""
    return value in DOC_EXAMPLES or bool(_DOC_MARKERS.search(value))


def _body(value: str) -> str:
    """The part of a token after its provider prefix (``sk-proj-``, ``hf_``, ``AKIA``...)."""
    match = re.match(
        r"(?:sk-ant-[a-z]+\d*-|sk-[a-z]+-|sk-|[a-z]{2,4}_live_|hf_|api_org_|gh[pousr]_|github_pat_|"
        r"glpat-|xox[a-z]-|AKIA|ASIA|AIza|dapi)",
        value,
    )
    return value[match.end() :] if match else value


def low_diversity(value: str) -> bool:
    """One repeated character, a handful of distinct ones, or a keyboard/alphabet run."""
    body = _body(value)
    if not body:
        return True
    if len(set(body)) <= max(2, min(6, len(body) // 5)):
        return True
    return any(seq in body for seq in _SEQUENCES)


def is_placeholder(value: str) -> bool:
    """A value with a secret's name or shape that is not a secret: empty, ``YOUR_API_KEY``, ``<token>``,
    ``xxx``, ``changeme``, ``***``, ``${VAR}``, ``{api_key}``, ``sk-...``, one repeated character."""
    stripped = value.strip().strip("\"'`")
    if stripped.lower() in _WORDS:
        return True
    if _PLACEHOLDER_MARKERS.search(stripped):
        return True
    return low_diversity(stripped)


def is_env_var_name(value: str) -> bool:
    """``OPENAI_API_KEY``: the name of a variable that holds the secret, not the secret."""
    return bool(re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", value))


def not_a_secret(value: str) -> bool:
    return is_placeholder(value) or is_doc_example(value)


def _overlaps(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in taken)


def _provider_matches(text: str) -> Iterator[SecretMatch]:
    for provider in PROVIDERS:
        if not any(hint in text for hint in provider.hints):
            continue
        for match in provider.pattern.finditer(text):
            group = "v" if "v" in provider.pattern.groupindex else 0
            value = match.group(group)
            start, end = match.span(group)
            if provider.kind == "pem":  # the whole block is the span; its body (normalised) the value
                start, end = match.span(0)
                value = re.sub(r"\\[nr]|\s", "", match.group("v"))
                if len(value) < 64 or low_diversity(value):
                    continue
            elif not_a_secret(value):
                continue
            yield SecretMatch(provider.kind, provider.label, value, start, end)


def _aws_secrets_near_ids(text: str, found: list[SecretMatch]) -> Iterator[SecretMatch]:
    """A 40-character secret on the same or the next two lines as an AWS access key id."""
    for match in found:
        if match.kind != "aws":
            continue
        window_start = text.rfind("\n", 0, match.start) + 1
        window_end = match.end
        for _ in range(3):
            nxt = text.find("\n", window_end + 1)
            window_end = len(text) if nxt < 0 else nxt
        for candidate in AWS_SECRET_NEAR_ID.finditer(text, window_start, window_end):
            value = candidate.group("v")
            if (
                re.search(r"[a-z]", value)
                and re.search(r"[A-Z]", value)
                and re.search(r"[0-9]", value)
                and not not_a_secret(value)
            ):
                yield SecretMatch("aws-secret", "AWS secret access key", value, *candidate.span("v"))


# ------------------------------------------------------------------------------------------------
# Signed URLs

# A signed URL (GCS ``X-Goog-Signature``, S3 ``X-Amz-Signature``, Azure SAS ``sig=``, the older
# ``Signature=&Expires=`` forms) grants access to one resource until it expires. Its credential field
# (``X-Goog-Credential``, ``X-Amz-Credential``, ``AWSAccessKeyId``) names the signing account and the
# date, a scope rather than a secret, and the signature cannot be revoked on its own: what matters is
# whether the URL is still live. An expired URL grants nothing and is not reported.
_SIGNATURE = lazy_compile(
    r"(?i)[?&;](?P<name>x-goog-signature|x-amz-signature|sig|signature)=(?P<v>[A-Za-z0-9%+/=_-]{16,})"
)
_URL_REST = lazy_compile(r"[^\s'\"<>`)\]}]*")
_SCHEME_BEFORE = lazy_compile(r"[A-Za-z][A-Za-z0-9+.-]*$")
_CONTINUATION = lazy_compile(r"['\"][\s\\]*[rRbBuUfF]{0,2}['\"]")  # a literal closed and the next one opened
_URL_BREAK = lazy_compile(r"[\s'\"<>]")
_QUERY_FIELD = lazy_compile(r"(?i)(?:^|[?&;])(?P<k>[a-z-]+)=(?P<v>[^&;#\s'\"<>]*)")
_SAS_PERMISSIONS = {
    "r": "read",
    "a": "add",
    "c": "create",
    "w": "write",
    "d": "delete",
    "x": "delete versions",
    "y": "permanently delete",
    "l": "list",
    "t": "tag",
    "f": "find",
    "m": "move",
    "e": "execute",
    "o": "own",
    "p": "process",
    "u": "update",
    "i": "set immutability",
}
_SAS_RESOURCES = {"b": "blob", "c": "container", "d": "directory", "f": "file", "s": "share", "bs": "blob snapshot"}
_SCOPE_ID = lazy_compile(r"(?i)(?:credential|accesskeyid|googleaccessid)=$")
_SIGNED_HINTS = ("ignature=", "IGNATURE=", "sig=")


@dataclass(frozen=True)
class SignedUrl:
    """A signed URL in a text: its signature's span (where it is reported), the whole URL's span
    (nothing inside it is reported as another secret), what it grants and when it expires."""

    service: str
    signature: str
    start: int
    end: int
    url_start: int
    url_end: int
    expires: datetime | None
    grants: str

    def live(self, now: datetime) -> bool:
        return self.expires is None or self.expires > now

    def match(self) -> SecretMatch:
        until = (
            f"until {self.expires:%Y-%m-%d %H:%M} UTC" if self.expires is not None else "(its expiry is not in the URL)"
        )
        return SecretMatch(
            "signed-url", self.service, self.signature, self.start, self.end, note=f"{self.grants} {until}"
        )


def _query(url: str) -> dict[str, str]:
    return {m.group("k").lower(): unquote(m.group("v")) for m in _QUERY_FIELD.finditer(url)}


def _timestamp(text: str) -> datetime | None:
    from datetime import datetime, timezone

    """``20240101T000000Z``, ``2024-01-01T00:00:00Z`` (fractions dropped) or ``2024-01-01``, as UTC."""
    text = re.sub(r"\.\d+", "", text.strip()).replace("Z", "+00:00")
    for parse in (lambda t: datetime.strptime(t, "%Y%m%dT%H%M%S+00:00"), datetime.fromisoformat):
        try:
            parsed = parse(text)
        except ValueError:
            continue
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
    return None


def _expiry(fields: dict[str, str]) -> datetime | None:
    from datetime import datetime, timedelta, timezone

    for prefix in ("x-goog-", "x-amz-"):
        start, seconds = fields.get(prefix + "date", ""), fields.get(prefix + "expires", "")
        if start and seconds.isdigit():
            signed = _timestamp(start)
            return signed + timedelta(seconds=int(seconds)) if signed else None
    if fields.get("se"):
        return _timestamp(fields["se"])
    if fields.get("expires", "").isdigit():
        try:
            return datetime.fromtimestamp(int(fields["expires"]), tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            return None
    return None


def _sas_grants(fields: dict[str, str]) -> str:
    permissions = [_SAS_PERMISSIONS[p] for p in dict.fromkeys(fields.get("sp", "")) if p in _SAS_PERMISSIONS]
    what = ", ".join(permissions) or "some"
    if fields.get("ss") or fields.get("srt"):
        return f"grants {what} access to the whole storage account"
    return f"grants {what} access to the {_SAS_RESOURCES.get(fields.get('sr', ''), 'resource')}"


def _service(name: str, fields: dict[str, str]) -> str | None:
    """The kind of signed URL, as the message names it (None: not a signed URL this module knows)."""
    if name == "x-goog-signature" or (name == "signature" and "googleaccessid" in fields):
        return "signed Google Cloud Storage URL"
    if name == "x-amz-signature" or (name == "signature" and "awsaccesskeyid" in fields):
        return "presigned AWS URL"
    if name == "sig" and ("sv" in fields or "se" in fields or "sp" in fields):
        return "Azure SAS URL"
    if name == "signature" and "expires" in fields and "key-pair-id" in fields:
        return "signed CloudFront URL"
    return None


def _url_span(text: str, at: int) -> tuple[int, int]:
    """The URL holding offset ``at``: from its scheme, also when a literal split over lines
    (``"https://...&X-Amz-Date=..."`` newline ``"&X-Amz-Signature=..."``) continues it, to its end."""
    scheme = text.rfind("://", max(0, at - 8192), at)
    between = _CONTINUATION.sub("", text[scheme:at]) if scheme >= 0 else " "
    if scheme >= 0 and not _URL_BREAK.search(between):
        head = _SCHEME_BEFORE.search(text, max(0, scheme - 16), scheme)
        start = head.start() if head else scheme
    else:
        start = text.rfind("\n", 0, at) + 1
    rest = _URL_REST.match(text, at)
    return start, rest.end() if rest else at


def find_signed_urls(text: str) -> list[SignedUrl]:
    """Signed URLs in ``text`` (see above), each once, with the span of its signature."""
    if not any(hint in text for hint in _SIGNED_HINTS):
        return []
    found: list[SignedUrl] = []
    for match in _SIGNATURE.finditer(text):
        if found and match.start() < found[-1].url_end:
            continue
        url_start, url_end = _url_span(text, match.start())
        fields = _query(text[url_start:url_end])
        name = match.group("name").lower()
        service = _service(name, fields)
        signature = unquote(match.group("v"))
        if service is None or not_a_secret(signature) or (name == "sig" and len(signature) < 40):
            continue
        grants = _sas_grants(fields) if name == "sig" else "grants access to its object"
        if "x-amz-security-token" in fields:
            grants += " and carries a temporary session token"
        start, end = match.span("v")
        found.append(SignedUrl(service, signature, start, end, url_start, url_end, _expiry(fields), grants))
    return found


def _credential_scope(text: str, start: int, end: int) -> bool:
    """An access key id in a signature's credential scope (``X-Amz-Credential=AKIA.../20240101/...``,
    ``AWSAccessKeyId=AKIA...``): it names the signing key, it is not the secret."""
    return bool(_SCOPE_ID.search(text, max(0, start - 32), start))


def find_tokens(text: str, now: datetime | None = None) -> list[SecretMatch]:
    """Provider-format secrets and live signed URLs in ``text``, sorted by position, overlaps resolved
    in table order. ``now`` (default: the current time) decides which signed URLs have expired."""
    signed = find_signed_urls(text)
    if not signed and not has_hint(text):
        return []
    inside_urls = [(url.url_start, url.url_end) for url in signed]
    candidates = [
        match
        for match in _provider_matches(text)
        if not _overlaps((match.start, match.end), inside_urls)
        and not (match.kind == "aws" and _credential_scope(text, match.start, match.end))
    ]
    candidates.extend(_aws_secrets_near_ids(text, candidates))
    if signed:
        from datetime import datetime, timezone

        moment = now or datetime.now(timezone.utc)
        candidates.extend(url.match() for url in signed if url.live(moment))
    taken: list[tuple[int, int]] = []
    kept: list[SecretMatch] = []
    for match in candidates:
        if not _overlaps((match.start, match.end), taken):
            taken.append((match.start, match.end))
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)


# ------------------------------------------------------------------------------------------------
# Connection strings

URL_USERINFO = lazy_compile(
    r"(?<=[A-Za-z0-9+.-])://(?P<user>[^\s:/@'\"<>\[\](){}]*):(?P<v>[^\s@/'\"<>]*)"
    r"@(?P<host>[^\s/'\"?#:<>]+)"
)
KEY_VALUE_PASSWORD = lazy_compile(r"(?i)(?:^|[;?&\s\"'])(?:password|pwd)=(?P<v>[^;&\s'\"]+)")
# ``password=password)`` / ``pwd=pwd,``: a keyword argument passing a variable, in code shown as text
_KEYWORD_ARGUMENT = lazy_compile(r"[A-Za-z_]\w*[,)]")
CONNECTION_HINT = lazy_compile(r"(?i)jdbc:|odbc|driver=|server=|data source=|host=|database=|uid=|user(?:name| id)?=")
DOC_HOSTS = lazy_compile(
    r"(?i)^(?:(?:[\w-]+\.)*example(?:\.(?:com|org|net))?|(?:[\w-]+\.)*example\.[a-z]+|"
    r"host|hostname|server|myserver|myhost|your[\w.-]*)$"
)
LOCAL_HOSTS = lazy_compile(
    r"(?i)^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal|db|postgres|"
    r"mysql|redis|mongo(?:db)?|.*\.example\.(?:com|org|net)|example\.(?:com|org|net))$"
)
# A statement can hold an inline password only if it holds ``://user:`` followed by ``@`` or a quote
# (where a literal is split), or ``password=``/``pwd=`` in one of their usual spellings: the triggers of
# MLS203's CST hooks (each with a literal the engine finds with ``str.find``).
URL_TRIGGERS = (
    r"://[^\s/'\"@]*:[^\s/'\"@]*(?:@|['\"])",
    *(form + "=" for word in ("password", "pwd") for form in (word, word.capitalize(), word.upper())),
)
URL_TRIGGER_RE = lazy_compile("|".join(URL_TRIGGERS))


LITERAL_PASSWORDS = frozenset({"password", "pass", "passwd", "pwd", "secret"})


def _password_match(value: str, start: int, end: int, local: bool) -> SecretMatch | None:
    decoded = unquote(value)
    if not decoded:
        return None
    if decoded.lower() in LITERAL_PASSWORDS:
        return SecretMatch("password", "password", decoded, start, end, low=True)
    if not_a_secret(decoded) or decoded.startswith("$") or is_env_var_name(decoded):
        return None
    return SecretMatch("password", "password", decoded, start, end, low=local and len(decoded) < 12)


def find_url_credentials(text: str) -> list[SecretMatch]:
    """Inline passwords in connection strings: ``scheme://user:pass@host``, JDBC ``password=``, ODBC
    ``PWD=``. Placeholders (``${PASSWORD}``, ``<password>``, ``****``), empty passwords and optional
    parts (``scheme://[user:pass@]host``) are skipped, and so is the word ``password`` itself on a
    documentation host (``example.com``); elsewhere that word, or a short password on a local host,
    is a low-severity match."""
    found: list[SecretMatch] = []
    if "://" in text:
        for match in URL_USERINFO.finditer(text):
            local = bool(LOCAL_HOSTS.match(match.group("host")))
            hit = _password_match(match.group("v"), *match.span("v"), local)
            if hit is not None and not (hit.low and DOC_HOSTS.match(match.group("host"))):
                found.append(hit)
    lower = text.lower()
    if ("password=" in lower or "pwd=" in lower) and CONNECTION_HINT.search(text):
        local = bool(re.search(r"(?i)localhost|127\.0\.0\.1|\(local\)", text))
        for match in KEY_VALUE_PASSWORD.finditer(text):
            if _KEYWORD_ARGUMENT.match(match.group("v")):
                continue
            hit = _password_match(match.group("v"), *match.span("v"), local)
            if hit is not None and not _overlaps((hit.start, hit.end), [(m.start, m.end) for m in found]):
                found.append(hit)
    return sorted(found, key=lambda m: m.start)


# ------------------------------------------------------------------------------------------------
# Credential names

_SPLIT_CAMEL = lazy_compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
SECRET_LAST_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "secret",
        "apikey",
        "apitoken",
        "accesstoken",
        "authtoken",
        "secretkey",
        "privatekey",
        "accesskey",
    }
)
KEY_QUALIFIERS = frozenset(
    {
        "api",
        "secret",
        "access",
        "private",
        "auth",
        "client",
        "account",
        "subscription",
        "master",
        "signing",
        "encryption",
        "storage",
        "service",
        "app",
        "application",
        "consumer",
        "license",
        "openai",
        "anthropic",
        "cohere",
        "pinecone",
        "serpapi",
        "serper",
        "groq",
        "mistral",
        "gemini",
        "google",
        "azure",
        "aws",
        "hf",
        "wandb",
        "comet",
        "neptune",
        "replicate",
        "together",
        "deepseek",
        "tavily",
        "langchain",
        "langsmith",
        "weaviate",
        "qdrant",
        "x",
        "dev",
        "developer",
        "user",
        "admin",
        "session",
        "webhook",
        "mapbox",
        "maps",
        "kaggle",
    }
)
TOKEN_QUALIFIERS = frozenset(
    {
        "access",
        "auth",
        "api",
        "bearer",
        "refresh",
        "hf",
        "huggingface",
        "hub",
        "github",
        "gh",
        "gitlab",
        "slack",
        "bot",
        "discord",
        "telegram",
        "wandb",
        "session",
        "secret",
        "personal",
        "oauth",
        "jwt",
        "user",
        "service",
        "id",
        "write",
        "read",
        "private",
        "kaggle",
        "notion",
        "airtable",
        "databricks",
        "dropbox",
        "twitter",
        "client",
        "app",
        "admin",
        "security",
        "sas",
        "deploy",
        "npm",
        "pypi",
        "ngrok",
        "replicate",
        "colab",
    }
)
PASS_QUALIFIERS = frozenset(
    {
        "db",
        "database",
        "user",
        "admin",
        "root",
        "mysql",
        "pg",
        "postgres",
        "smtp",
        "email",
        "mail",
        "ftp",
        "ldap",
        "login",
        "account",
        "sql",
        "redis",
        "mongo",
        "proxy",
        "ssh",
    }
)
AUTH_HEADERS = frozenset({"authorization", "proxy-authorization"})


def name_words(name: str) -> list[str]:
    """``openaiApiKey`` -> ``['openai', 'api', 'key']``; ``X-API-Key`` -> ``['x', 'api', 'key']``."""
    return [w.lower() for w in re.split(r"[^A-Za-z0-9]+", _SPLIT_CAMEL.sub("_", name)) if w]


def is_credential_name(name: str) -> bool:
    """True for names that hold a credential: ``api_key``, ``openai.api_key``'s ``api_key``, ``token``,
    ``hf_token``, ``client_secret``, ``password``, ``db_pass``, ``aws_secret_access_key``,
    ``X-API-Key``. False for ``max_tokens``, ``tokenizer``, ``pad_token``, ``token_count``,
    ``password_field``, ``cache_key``, ``secret_name``."""
    words = name_words(name)
    if not words:
        return False
    last = words[-1]
    before = words[-2] if len(words) > 1 else ""
    if last in SECRET_LAST_WORDS:
        return True
    if last == "key":
        return before in KEY_QUALIFIERS
    if last == "token":
        return len(words) == 1 or before in TOKEN_QUALIFIERS
    if last == "pass":
        return before in PASS_QUALIFIERS
    if last in ("credential", "credentials", "creds"):
        return words[:-1] not in (["x", "goog"], ["x", "amz"])  # a signed URL's scope (account and date)
    return False


# ------------------------------------------------------------------------------------------------
# Values stored under credential names

_PATHLIKE = lazy_compile(
    r"^(?:[a-z][a-z0-9+.-]*://|/|\./|\.\./|~)|\.(?:json|txt|pem|key|env|ya?ml|cfg|ini|toml|pkl|csv|"
    r"p12|pfx|crt|cer|gpg|asc)$",
    re.IGNORECASE,
)
_DOTTED_NAME = lazy_compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$")
AUTH_SCHEME = lazy_compile(r"^(?i:bearer|basic|token|digest|apikey|api-key)\s+")


def credential_value(value: str, minimum: int = 4) -> str | None:
    """The secret held by a literal stored under a credential name, or None when the literal is not
    one: empty, placeholder, doc example, a sentence, an environment variable's name, a file path or
    URL (the credential lives elsewhere), a dotted identifier, or shorter than ``minimum``."""
    candidate = value.strip()
    if len(candidate) < minimum or HOLE in candidate or any(c.isspace() for c in candidate):
        return None
    if candidate.startswith(("$", "`")):  # a shell expansion (``TOKEN=$(az account get-access-token)``)
        return None
    if not_a_secret(candidate) or is_env_var_name(candidate):
        return None
    if _PATHLIKE.search(candidate) or _DOTTED_NAME.match(candidate):
        return None
    return candidate


_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase", "pass"})
_WORDS_WITH_SEPARATORS = lazy_compile(r"[a-z]+(?:[_-][a-z]+)+")


_CREDENTIAL_ALPHABET = lazy_compile(r"[A-Za-z0-9_\-./+=:~]+")
# Words run together, CamelCase or not, with at most a short number: ``EasyNegative``, ``MyToken2``.
_WORD = r"(?:[A-Z][a-z]*|[a-z]{2,}|[A-Z]{2,}(?![a-z]))"
_RUN_OF_WORDS = lazy_compile(_WORD + r"(?:[_\-./]?" + _WORD + r"){0,5}\d{0,4}")


def is_password_name(name: str) -> bool:
    """``password``, ``db_pass``, ``pwd``, a basic-auth tuple: a value a person chose."""
    words = name_words(name)
    return name == "auth" or (bool(words) and words[-1] in _PASSWORD_WORDS)


def looks_generated(value: str) -> bool:
    """The shape of a machine-made key or token: 8+ characters of a credential alphabet, mixing at
    least two of lower case, upper case and digits, and not a run of words (``EasyNegative``, a
    trigger word), a call or repr (``tensor([[...``) or a sentence."""
    if len(value) < 8 or not _CREDENTIAL_ALPHABET.fullmatch(value) or _RUN_OF_WORDS.fullmatch(value):
        return False
    return sum(any(test(c) for c in value) for test in (str.islower, str.isupper, str.isdigit)) >= 2


def credential_shaped(name: str, value: str) -> bool:
    """Whether ``value`` can be what a credential named ``name`` holds: any value for a password
    (people choose them), a machine-made shape (:func:`looks_generated`) for keys, tokens, secrets."""
    return is_password_name(name) or looks_generated(value)


def name_of_a_thing(name: str, value: str) -> bool:
    """``private_key = "id_rsa"``, ``token = "input_ids"``: a lowercase snake/kebab-case value under a
    key or token name names a file, field or column; passwords are not judged by their shape."""
    words = name_words(name)
    return bool(words) and words[-1] not in _PASSWORD_WORDS and bool(_WORDS_WITH_SEPARATORS.fullmatch(value))


def header_credential(value: str) -> str:
    """``Bearer abc`` -> ``abc``: the credential part of an Authorization header value."""
    return AUTH_SCHEME.sub("", value.strip(), count=1)


# ``name = value`` in free text, found from the end of the name (every credential name ends with one
# of these words) with ``str.find`` on the lowercased text: a regex starting with a case-insensitive
# alternation would be tried at every character of large outputs.
NAME_ENDINGS = (
    "key",
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "passphrase",
    "pass",
    "credential",
    "credentials",
    "creds",
    "authorization",
)
_AFTER_NAME = lazy_compile(r"['\"]?\s*[:=]\s*['\"]?(?P<v>[^\s'\",;}\])]+)")
_NAME_CHARS = lazy_compile(r"[A-Za-z0-9_.-]{1,60}$")
_HEADER_VALUE = lazy_compile(r"(?i)(?:bearer|basic|token)\s+([^\s'\",;}\])]+)")


def _name_before(text: str, end: int) -> str:
    """The identifier-like name ending at ``end`` (``OPENAI_API_KEY`` in ``export OPENAI_API_KEY=``)."""
    match = _NAME_CHARS.search(text, max(0, end - 60), end)
    return match.group(0) if match else ""


def _named_candidates(text: str) -> list[tuple[int, re.Match[str]]]:
    """(end of the name, match of what follows it) for each credential-like name followed by a value."""
    low = text.lower()
    found: list[tuple[int, re.Match[str]]] = []
    for word in NAME_ENDINGS:
        position = low.find(word)
        while position >= 0:
            end = position + len(word)
            if not (end < len(text) and (text[end].isalnum() or text[end] == "_")):
                after = _AFTER_NAME.match(text, end)
                if after is not None:
                    found.append((end, after))
            position = low.find(word, end)
    return sorted(found, key=lambda item: item[0])


def find_named_values(text: str) -> list[SecretMatch]:
    """``API_KEY=abc...``, ``'password': 'abc...'``, ``Authorization: Bearer abc...`` in free text
    (saved outputs): a credential name followed by a secret-looking value (8+ characters, letters
    and digits mixed)."""
    found: list[SecretMatch] = []
    for name_end, match in _named_candidates(text):
        name = _name_before(text, name_end).rsplit(".", 1)[-1]
        start, end = match.span("v")
        raw = match.group("v")
        if name.lower() in AUTH_HEADERS:
            rest = _HEADER_VALUE.match(text, start)
            if rest is None:
                continue
            raw = rest.group(1)
            start, end = rest.span(1)
        elif not is_credential_name(name):
            continue
        value = credential_value(raw, minimum=8)
        if value is None or not (re.search(r"[A-Za-z]", value) and re.search(r"[0-9]", value)):
            continue
        if name.lower() not in AUTH_HEADERS and not credential_shaped(name, value):
            continue
        found.append(SecretMatch("credential", f"value of {name}", value, start, end))
    return found


def find_all(text: str) -> list[SecretMatch]:
    """Every secret in free text: provider tokens first, then connection-string passwords, then
    credential-named values; each span is reported once, under the most specific kind."""
    kept: list[SecretMatch] = []
    inside_urls = [(url.url_start, url.url_end) for url in find_signed_urls(text)]
    for match in (*find_tokens(text), *find_url_credentials(text), *find_named_values(text)):
        if match.kind != "signed-url" and _overlaps((match.start, match.end), inside_urls):
            continue
        if not _overlaps((match.start, match.end), [(m.start, m.end) for m in kept]):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)
