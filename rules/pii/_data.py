"""Personal data (PII): the lexicon of PII names and the validated value detectors.

Shared by MLS501 (code that prints columns, fields or variables named like personal data), MLS502
(personal data in saved outputs), MLS503 (personal data as literals) and MLS304 (a saved traceback
holding personal data is more severe). Everything here is pure: data tables and functions of text.

Two halves:

- :func:`pii_term` tells whether an identifier or column name (``customer_email``, ``"Phone
  Number"``, ``dateOfBirth``) names personal data, and which kind. Names are split into words
  (snake_case, camelCase, spaces, dashes); words that only say whose or which the value is
  (``customer``, ``billing``, ``primary``, digits...) are dropped, and what remains must be exactly a
  PII term (``email``, ``phone_number``, ``ssn``...). Anything else keeps a name out: ``email_hash``,
  ``masked_phone``, ``num_emails``, ``email_domain``, ``PhoneService`` and ``mac_address`` are not
  personal data. ``name`` alone is not either; ``first_name`` or ``customer_name`` is.
- :func:`find_pii` finds values in text and validates each one: email addresses outside reserved
  and placeholder domains and users, phone numbers (international ``+CC`` numbers of a valid length
  with an assigned country code; North American numbers in their usual punctuation, not 555 or
  toll-free numbers), US social security numbers outside the never-issued ranges, payment card
  numbers passing Luhn with a known issuer prefix and length, and IBANs with the country's length
  passing mod-97. Vendor test cards and documentation IBANs are placeholders. Digit runs glued to
  letters, dots or dashes (hashes, UUIDs, versions, decimals, timestamps) never match.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from linter.kit import LazyPattern, lazy_compile

# ---------------------------------------------------------------------------------------------
# The lexicon: names of personal data

EMAIL, PHONE, SSN, CARD, IBAN = "email", "phone", "ssn", "card", "iban"

# kind -> how a message names it
KIND_LABELS = {
    EMAIL: "email address",
    PHONE: "phone number",
    SSN: "US social security number",
    CARD: "payment card number",
    IBAN: "IBAN",
    "name": "person's name",
    "birth": "date of birth",
    "address": "postal address",
    "passport": "passport number",
    "national-id": "national identity number",
    "bank": "bank account number",
    "ip": "IP address",
    "medical": "medical record identifier",
    "license": "driving licence number",
}
# kinds whose exposure is severe on its own (identity theft, fraud, health data)
SENSITIVE_KINDS = frozenset({SSN, CARD, IBAN, "passport", "national-id", "bank", "medical", "license"})

# a name's words joined without separators -> kind
TERMS: dict[str, str] = {
    **dict.fromkeys(("email", "emailaddress", "emailaddr", "emailid", "mailaddress", "mailaddr"), EMAIL),
    **dict.fromkeys(
        (
            "phone",
            "phonenumber",
            "phoneno",
            "phonenum",
            "phonenr",
            "telephone",
            "telephonenumber",
            "telephoneno",
            "mobilenumber",
            "mobileno",
            "mobilenum",
            "mobilephone",
            "cellphone",
            "cellphonenumber",
            "cellnumber",
            "faxnumber",
            "fax",
            "msisdn",
        ),
        PHONE,
    ),
    **dict.fromkeys(("ssn", "socialsecurity", "socialsecuritynumber", "socialsecurityno", "socialsecuritynum"), SSN),
    **dict.fromkeys(
        (
            "nationalid",
            "nationalidnumber",
            "nationalidentitynumber",
            "nino",
            "nationalinsurancenumber",
            "taxid",
            "taxpayerid",
            "taxidnumber",
        ),
        "national-id",
    ),
    **dict.fromkeys(("dob", "dateofbirth", "birthdate", "birthday", "birthdt", "bday"), "birth"),
    **dict.fromkeys(
        (
            "address",
            "streetaddress",
            "postaladdress",
            "mailingaddress",
            "addressline",
            "street",
            "streetname",
            "zip",
            "zipcode",
            "postcode",
            "postalcode",
        ),
        "address",
    ),
    **dict.fromkeys(("passport", "passportnumber", "passportno", "passportnum", "passportid"), "passport"),
    **dict.fromkeys(
        (
            "creditcard",
            "creditcardnumber",
            "creditcardno",
            "creditcardnum",
            "cardnumber",
            "cardno",
            "cardnum",
            "ccnum",
            "ccnumber",
            "ccn",
            "cvv",
            "cvc",
        ),
        CARD,
    ),
    **dict.fromkeys(("iban",), IBAN),
    **dict.fromkeys(
        (
            "bankaccount",
            "bankaccountnumber",
            "bankaccountno",
            "accountnumber",
            "accountno",
            "acctnumber",
            "acctno",
            "acctnum",
            "routingnumber",
        ),
        "bank",
    ),
    **dict.fromkeys(("ipaddress", "ipaddr"), "ip"),
    **dict.fromkeys(
        (
            "firstname",
            "lastname",
            "fullname",
            "surname",
            "givenname",
            "familyname",
            "middlename",
            "maidenname",
            "forename",
            "forenames",
        ),
        "name",
    ),
    **dict.fromkeys(
        (
            "mrn",
            "medicalrecord",
            "medicalrecordnumber",
            "medicalrecordno",
            "healthrecord",
            "healthrecordnumber",
            "nhsnumber",
            "nhsno",
            "healthinsurancenumber",
        ),
        "medical",
    ),
    **dict.fromkeys(
        (
            "driverslicense",
            "driverlicense",
            "drivinglicence",
            "drivinglicense",
            "driverslicence",
            "driverslicensenumber",
            "driverlicensenumber",
        ),
        "license",
    ),
}
# Words saying whose value it is: dropped before the lookup, and needed for the terms below.
PERSON_WORDS = frozenset(
    {
        "customer",
        "customers",
        "cust",
        "client",
        "clients",
        "user",
        "users",
        "usr",
        "patient",
        "patients",
        "person",
        "persons",
        "people",
        "employee",
        "employees",
        "emp",
        "member",
        "members",
        "contact",
        "contacts",
        "subscriber",
        "applicant",
        "borrower",
        "student",
        "students",
        "passenger",
        "guest",
        "buyer",
        "seller",
        "holder",
        "cardholder",
        "recipient",
        "sender",
        "donor",
        "tenant",
        "caller",
        "beneficiary",
        "consumer",
        "visitor",
        "lead",
        "candidate",
        "physician",
        "doctor",
    }
)
# Other words that only qualify a PII value (which one, in which container).
QUALIFIER_WORDS = frozenset(
    {
        "primary",
        "secondary",
        "home",
        "work",
        "personal",
        "private",
        "billing",
        "shipping",
        "mailing",
        "raw",
        "orig",
        "original",
        "my",
        "your",
        "his",
        "her",
        "their",
        "the",
        "new",
        "old",
        "current",
        "main",
        "alt",
        "alternate",
        "alternative",
        "other",
        "emergency",
        "from",
        "to",
        "reply",
        "account",
        "list",
        "lst",
        "df",
        "series",
        "values",
        "vals",
        "value",
        "val",
        "str",
        "string",
        "text",
        "data",
        "arr",
        "array",
        "set",
        "dict",
        "record",
        "records",
        "row",
        "rows",
        "entry",
        "entries",
        "sample",
        "samples",
        "clean",
        "cleaned",
        "full",
        "input",
        "given",
        "last",
        "first",
    }
)
# Terms that are personal data only when a person word says whose they are (``customer_name``,
# ``client_ip``, ``patient_id``), with the person words that count.
PERSON_TERMS: dict[str, tuple[str, frozenset[str]]] = {
    "name": ("name", PERSON_WORDS - {"user", "users", "usr"}),
    "names": ("name", PERSON_WORDS - {"user", "users", "usr"}),
    "ip": ("ip", PERSON_WORDS),
    "id": ("medical", frozenset({"patient", "patients"})),
    "ids": ("medical", frozenset({"patient", "patients"})),
    "number": ("medical", frozenset({"patient", "patients"})),
}

# Every name the lexicon accepts contains one of these spellings (checked by :func:`pii_term`, so a
# hook reporting a PII name always lies in a statement holding a trigger word of the rule). They are
# kept specific, because the engine parses every statement holding one: ``name``, ``zip``, ``last``,
# ``mobile`` or ``post`` alone would match most of a code base.
_KEYS = (
    "mail",
    "phone",
    "fax",
    "msisdn",
    "ssn",
    "social",
    "national",
    "nino",
    "taxpayer",
    "dob",
    "birth",
    "bday",
    "address",
    "addr",
    "street",
    "postal",
    "passport",
    "credit",
    "cvv",
    "cvc",
    "iban",
    "bank",
    "acct",
    "mrn",
    "medical",
    "health",
    "nhs",
    "driver",
    "driving",
    "patient",
    "surname",
    "forename",
    "maiden",
    "customer",
    "client",
    "person",
    "employee",
    "contact",
    "subscriber",
    "applicant",
    "borrower",
    "passenger",
    "recipient",
    "sender",
    "beneficiary",
)
# two-word names, in any of their spellings (``zip_code``, ``zipCode``, ``ZIP CODE``, ``zipcode``)
_PAIRS = (
    ("zip", "c"),
    ("post", "c"),
    ("tax", "i"),
    ("tax", "n"),
    ("cell", "n"),
    ("cell", "p"),
    ("account", "n"),
    ("mobile", "no"),
    ("mobile", "nu"),
    ("mobile", "p"),
    ("routing", "n"),
    ("cc", "n"),
    ("card", "n"),
    ("first", "n"),
    ("last", "n"),
    ("full", "n"),
    ("given", "n"),
    ("family", "n"),
    ("middle", "n"),
)


def _cases(word: str) -> tuple[str, ...]:
    return (word, word.capitalize(), word.upper())


TRIGGER_WORDS = frozenset(
    {form for key in _KEYS for form in _cases(key)}
    | {
        a + sep + b
        for first, second in _PAIRS
        for a in _cases(first)
        for b in (second, second.capitalize(), second.upper())
        for sep in ("", "_", " ", "-")
    }
    | {"_ip", " ip", "Ip", "_IP", " IP", '"zip', "'zip", "zip_", "zips", "Zip", "ZIP"}
)

_WORDS = lazy_compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def words(name: str) -> list[str]:
    """``customerEmail_2`` -> ``["customer", "email", "2"]`` (lower case)."""
    return [w.lower() for w in _WORDS.findall(name)]


def _lookup(compact: str) -> str | None:
    if compact in TERMS:
        return TERMS[compact]
    for suffix in ("es", "s"):
        if compact.endswith(suffix) and compact[: -len(suffix)] in TERMS:
            return TERMS[compact[: -len(suffix)]]
    return None


def mentions_trigger(text: str) -> bool:
    return any(key in text for key in TRIGGER_WORDS)


# Terms that name other things too when they are variables or fields (``full_name`` of a model
# layer, a server's ``address``): personal data there only with a person word in the name or its
# owner (``customer_address``, ``user.address``); as a column key (``df["address"]``) always.
AMBIGUOUS_VARIABLE_TERMS = frozenset({"fullname", "address", "addressline", "addr"})


def _match(parts: list[str]) -> tuple[str, str] | None:
    """(kind, matched compact term) of a name's words, or None."""
    whole = "".join(parts)
    kind = _lookup(whole)
    if kind is not None:
        return kind, whole
    kept = [w for w in parts if w not in PERSON_WORDS and w not in QUALIFIER_WORDS and not w.isdigit()]
    if not kept:
        return None
    compact = "".join(kept)
    kind = _lookup(compact)
    if kind is not None:
        return kind, compact
    if compact in PERSON_TERMS:
        kind, owners = PERSON_TERMS[compact]
        if any(w in owners for w in parts):
            return kind, compact
    return None


def _singular(compact: str) -> str:
    for suffix in ("es", "s"):
        if compact not in TERMS and compact.endswith(suffix) and compact[: -len(suffix)] in TERMS:
            return compact[: -len(suffix)]
    return compact


def pii_term(name: str, source: str | None = None, *, variable: bool = False, owner: str = "") -> str | None:
    """The kind of personal data a variable, field or column name stands for, or None.

    ``source`` is how the name is spelled in the scanned text (a string literal with its quotes),
    when that differs from ``name``: it must hold a trigger word. ``variable`` says the name is a
    variable or a field of ``owner`` (a dotted name) rather than a column key.

    >>> pii_term("customer_email"), pii_term("email_hash"), pii_term("PhoneService")
    ('email', None, None)
    """
    if len(name) > 60 or not mentions_trigger(name if source is None else source):
        return None
    parts = words(name)
    found = _match(parts) if parts else None
    if found is None:
        return None
    kind, compact = found
    if variable and _singular(compact) in AMBIGUOUS_VARIABLE_TERMS:
        if not any(w in PERSON_WORDS for w in (*parts, *words(owner))):
            return None
    return kind


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def a_kind(kind: str) -> str:
    """``an email address``, ``a phone number``."""
    label = kind_label(kind)
    return f"{'an' if label[0] in 'aeiouAEI' else 'a'} {label}"


# ---------------------------------------------------------------------------------------------
# Value detectors


@dataclass(frozen=True)
class PiiMatch:
    """A validated personal-data value found in text: ``text[start:end] == value``."""

    kind: str
    start: int
    end: int
    value: str


# --- emails ---------------------------------------------------------------------------------

_EMAIL = lazy_compile(
    r"(?<![^\s<(\[{\"'`,;:>|*])"
    r"([A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_])?)"
    r"@((?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24}))"
    r"(?![\w\-@]|\.[A-Za-z0-9])"
)
GENERIC_TLDS = frozenset(
    "com org net edu gov mil int io ai co info biz me dev app tech xyz online site cloud email "
    "shop store blog news media agency digital design studio solutions services systems software "
    "network group company global world life live today space website page link club pro mobi "
    "name health law bank insurance finance capital ventures consulting academy school university "
    "science foundation org health care clinic hospital social travel".split()
)
COUNTRY_TLDS = frozenset(
    "ac ad ae af ag ai al am ao aq ar as at au aw ax az ba bb bd be bf bg bh bi bj bm bn bo br bs bt "
    "bw by bz ca cc cd cf cg ch ci ck cl cm cn co cr cu cv cw cx cy cz de dj dk dm do dz ec ee eg er "
    "es et eu fi fj fk fm fo fr ga gd ge gf gg gh gi gl gm gn gp gq gr gs gt gu gw gy hk hm hn hr ht "
    "hu id ie il im in io iq ir is it je jm jo jp ke kg kh ki km kn kp kr kw ky kz la lb lc li lk lr "
    "ls lt lu lv ly ma mc md me mg mh mk ml mm mn mo mp mq mr ms mt mu mv mw mx my mz na nc ne nf ng "
    "ni nl no np nr nu nz om pa pe pf pg ph pk pl pm pn pr ps pt pw py qa re ro rs ru rw sa sb sc sd "
    "se sg sh si sk sl sm sn so sr ss st su sv sx sy sz tc td tf tg th tj tk tl tm tn to tr tt tv tw "
    "tz ua ug uk us uy uz va vc ve vg vi vn vu wf ws ye yt za zm zw".split()
)
# RFC 2606 / 6761 reserved names, and domains used as placeholders in docs and tutorials
RESERVED_DOMAINS = frozenset(
    {
        "example.com",
        "example.org",
        "example.net",
        "example.edu",
        "test",
        "localhost",
        "invalid",
        "local",
        "example",
        "localdomain",
        "internal",
    }
)
PLACEHOLDER_DOMAIN_LABELS = frozenset(
    {
        "example",
        "examples",
        "domain",
        "yourdomain",
        "mydomain",
        "somedomain",
        "company",
        "yourcompany",
        "mycompany",
        "acme",
        "foo",
        "bar",
        "foobar",
        "baz",
        "fake",
        "dummy",
        "sample",
        "test",
        "testing",
        "email",
        "mail-server",
        "yoursite",
        "mysite",
        "website",
        "xyz",
        "abc",
        "host",
        "server",
        "site",
        "placeholder",
        "address",
        "whatever",
        "somewhere",
        "nowhere",
        "simulator",
        "provider",
        "yourprovider",
    }
)
PLACEHOLDER_USERS = frozenset(
    {
        "user",
        "username",
        "name",
        "firstname.lastname",
        "first.last",
        "firstname",
        "lastname",
        "your.name",
        "yourname",
        "your_name",
        "your.email",
        "youremail",
        "your_email",
        "you",
        "me",
        "someone",
        "somebody",
        "john.doe",
        "jane.doe",
        "johndoe",
        "janedoe",
        "jdoe",
        "j.doe",
        "john",
        "jane",
        "foo",
        "bar",
        "foobar",
        "baz",
        "test",
        "tester",
        "testing",
        "test.user",
        "testuser",
        "example",
        "sample",
        "dummy",
        "fake",
        "nobody",
        "anonymous",
        "null",
        "none",
        "email",
        "mail",
        "address",
        "abc",
        "xyz",
        "xxx",
        "alice",
        "bob",
        "carol",
        "eve",
        "mallory",
    }
)
# role accounts of organisations: contact points, not personal data
ROLE_USERS = frozenset(
    {
        "admin",
        "administrator",
        "info",
        "support",
        "contact",
        "sales",
        "help",
        "helpdesk",
        "noreply",
        "no-reply",
        "no_reply",
        "donotreply",
        "do-not-reply",
        "webmaster",
        "postmaster",
        "hostmaster",
        "abuse",
        "security",
        "privacy",
        "team",
        "hello",
        "office",
        "press",
        "media",
        "jobs",
        "careers",
        "billing",
        "feedback",
        "newsletter",
        "notifications",
        "notification",
        "notify",
        "git",
        "root",
        "mailer-daemon",
        "marketing",
        "legal",
        "hr",
        "dev",
        "devs",
        "developers",
        "maintainers",
        "bugs",
        "issues",
        "conduct",
        "community",
        "opensource",
        "oss",
        "ops",
        "service",
        "services",
        "enquiries",
        "inquiries",
        "licensing",
        "copyright",
        "dpo",
        "gdpr",
        "accounts",
        "accounting",
        "users",
        "list",
        "announce",
        "discuss",
        "general",
        "staff",
        "all",
        "everyone",
        "mail",
        "mailman",
        "bounce",
        "bounces",
        "reply",
        "replies",
        "hi",
        "partners",
        "research",
        "editor",
        "editors",
        "sponsors",
        "compliance",
        "ai",
        "api",
        "ml",
        "data",
        "bot",
        "robot",
    }
)


# mailing lists and bots: ``python-dev@``, ``scikit-learn-users@``
LIST_SUFFIXES = (
    "-dev",
    "-devel",
    "-users",
    "-user",
    "-announce",
    "-list",
    "-discuss",
    "-help",
    "-bugs",
    "-commits",
    "-checkins",
    "-owner",
    "-request",
    "-bot",
    "[bot]",
    "-noreply",
)


def _repeated(text: str) -> bool:
    return len(set(text.replace(".", "").replace("-", "").replace("_", ""))) <= 1


# the last word of a team mailbox's user part: ``conversational-analytics-api-feedback@``,
# ``selkirk.news@``, ``aws-mp-bd-ml@``; and what a team mailbox's user part may end with, unseparated
# (``healthdata@``, ``mlinfo@``), on an organisation's own domain
TEAM_WORDS = frozenset(
    {"feedback", "support", "help", "team", "info", "contact", "news", "newsdesk", "desk", "office", "sales", "admin"}
    | {"service", "services", "enquiries", "inquiries", "questions", "requests", "ops", "alerts", "notifications"}
    | {"data", "ml", "ai", "api", "dev", "devs", "eng", "research", "press", "media", "partners", "program"}
    | {"programs", "events", "community", "users", "list", "announce", "discuss", "bd", "pm", "hr", "it", "noreply"}
    | {"investors", "ir", "recruiting", "careers", "jobs", "privacy", "security", "legal", "billing", "orders"}
)
_TEAM_ENDINGS = ("data", "info", "support", "help", "feedback", "team", "contact", "desk", "office", "news", "sales")
# free mailbox providers: an address there belongs to a person, whatever its user part says
FREE_MAIL_DOMAINS = frozenset(
    "gmail googlemail yahoo ymail hotmail outlook live msn aol icloud me mac proton protonmail pm gmx "
    "mail yandex qq 163 126 web zoho fastmail tutanota hey".split()
)
# machine identities: cloud service accounts and agents, never a person
SERVICE_ACCOUNT_DOMAINS = ("gserviceaccount.com", "iam.gserviceaccount.com", "developer.gserviceaccount.com")
_ALPHABET = "abcdefghijklmnopqrstuvwxyz"


def team_mailbox(local: str, domain_labels: list[str]) -> bool:
    """An organisation's shared mailbox rather than a person's: a team word ending a separated user
    part (``bqml-feedback``, ``selkirk.news``), an ``ask<team>@`` alias or a team ending
    (``healthdata``) on the organisation's own domain (not a free mail provider)."""
    parts = [part for part in re.split(r"[.\-_+]", local) if part]
    if len(parts) >= 2 and parts[-1] in TEAM_WORDS:
        return True
    if labels_free_mail(domain_labels):
        return False
    if (local.startswith("ask") and len(local) > 5 and local.isalpha()) or (parts[0] == "ask" and len(parts) >= 2):
        return True
    return any(local.endswith(end) and len(local) >= len(end) + 3 for end in _TEAM_ENDINGS)


def labels_free_mail(labels: list[str]) -> bool:
    return len(labels) >= 2 and labels[-2] in FREE_MAIL_DOMAINS


def _placeholder_user(base: str) -> bool:
    """``your-email``, ``yourname``, alphabet runs (``abc``, ``wxyz``), one repeated character."""
    return (
        base in PLACEHOLDER_USERS
        or base.startswith("your")
        or (len(base) >= 3 and base in _ALPHABET)
        or _repeated(base)
    )


def valid_email(local: str, domain: str, tld: str) -> bool:
    """Whether an address looks like a real person's (not reserved, placeholder, role, team or
    service account)."""
    domain, tld, local = domain.lower(), tld.lower(), local.lower()
    if tld not in GENERIC_TLDS and tld not in COUNTRY_TLDS:
        return False
    labels = domain.split(".")
    if domain in RESERVED_DOMAINS or labels[-1] in RESERVED_DOMAINS or labels[0] in RESERVED_DOMAINS:
        return False
    if any(label in PLACEHOLDER_DOMAIN_LABELS for label in labels[:-1]) or domain.endswith(SERVICE_ACCOUNT_DOMAINS):
        return False
    base = local.split("+", 1)[0]
    if _placeholder_user(base) or base in ROLE_USERS or base == labels[0] or team_mailbox(base, labels):
        return False
    return not (base.endswith(LIST_SUFFIXES) or _identifier_like(base))


def _identifier_like(local: str) -> bool:
    """Message ids, UUIDs and protocol names (``4c90ec87``, ``sk-ecdsa-sha2-nistp256``)."""
    bare = local.replace("-", "").replace(".", "")
    hexish = len(bare) >= 8 and all(c in "0123456789abcdef" for c in bare)
    digits = any(c.isdigit() for c in bare)
    return (hexish and digits) or (local.count("-") >= 2 and digits)


# An address's user part ends with one of these characters and its domain starts with one of the
# second ones (see _EMAIL): an ``@`` between others (a decorator, ``a @ b``, ``@@``) starts none.
_USER_ENDS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_DOMAIN_STARTS = _USER_ENDS - {"_"}


def _emails(text: str, every_at: bool = False) -> list[PiiMatch]:
    """Addresses around each ``@`` (scanning only there is 10 times faster than the whole text);
    ``every_at``: around those that can start none too (the same result, slower)."""
    found = []
    at = text.find("@")
    while at >= 0:
        if not (every_at or (at > 0 and text[at - 1] in _USER_ENDS and text[at + 1 : at + 2] in _DOMAIN_STARTS)):
            at = text.find("@", at + 1)
            continue
        for m in _EMAIL.finditer(text, max(0, at - 64), at + 260):
            if m.start(2) - 1 == at and valid_email(m.group(1), m.group(2), m.group(3)):
                found.append(PiiMatch(EMAIL, m.start(), m.end(), m.group(0)))
        at = text.find("@", at + 1)
    return found


# Authorship credits: contact addresses their owners published on purpose, not leaked records.
_ATTRIBUTION = lazy_compile(
    r"\b(?:authors?|maintainers?|copyrights?|contributors?|(?:written|created|developed|"
    r"adapted|modified|maintained|ported|contributed|released|translated) by|translators?|credits(?=:)|signed-off-by|co-authored-by|reviewed-by|"
    r"correspondence(?: to)?(?=:)|corresponding authors?|"
    r"__(?:author|email|maintainer|credits)__|(?:author|maintainer)[_-]email)\b|\u00a9|\(c\)",
    re.IGNORECASE,
)
# a line of a list of credited people: "#   Jane Roe <jane@uni.edu>", "  Dan Schult", blank
_CREDIT_LINE = lazy_compile(
    r"^[\s#*/\-\"'(\[{]*(?:[^\W\d_][\w.'\-]*(?: [^\W\d_][\w.'\-]*){0,4})?[\s,]*"
    r"(?:[<(]?(?:[\w.+\-]+@[\w.\-]+|https?://[^\s<>()]+)[>)]?(?:[\s,;]+|$))*"
    r"(?:\([\w .,'\-]{1,40}\))?[\s\"'),\]}]*$"
)


HEADER_LINES = 20
HEADER_CHARACTERS = 2000  # a header is short: the first lines of a file, not a whole one-line document
# prose credits in source: "added by Lars Wirzenius <...>", "Thanks to Masazumi Yoshikawa (...)"
_CREDIT_BY = lazy_compile(r"\b(?:[Bb]y|[Tt]hanks to)\s+[A-Z][a-z][\w'.\-]*\s+(?:[A-Z]\.\s+)?[A-Z][a-z]|\bwrote:")


# how far around an address a credit is looked for on its line: a long line of output (a whole
# document printed on one line) mentioning "author" somewhere credits nothing far from the word
CREDIT_WINDOW = 160
_ESCAPED_BREAK = lazy_compile(r"\\[nr]")


def _around(text: str, start: int, line_start: int, line_length: int) -> str:
    """The part of the line around ``start``: at most CREDIT_WINDOW characters either side, cut at
    escaped line breaks (a printed repr's ``\\n``), which separate lines of the original text."""
    low = max(line_start, start - CREDIT_WINDOW)
    high = min(line_start + line_length, start + CREDIT_WINDOW)
    window = text[low:high]
    at = start - low
    breaks = [m.start() for m in _ESCAPED_BREAK.finditer(window)]
    before = max((b + 2 for b in breaks if b + 2 <= at), default=0)
    after = min((b for b in breaks if b >= at), default=len(window))
    return window[before:after]


_SENTENCE_END = lazy_compile(r"[.!?]\s+(?=[A-Z])")
# an organisation speaking ("email us on news@...", "contact us at ..."), in the address's own
# sentence: its own mailbox
_ORGANISATION_VOICE = lazy_compile(r"(?i)\b(?:e-?mail|write to|contact|reach|message) us\b")
# an author's affiliation before the address: the header of a paper, published to be written to
_AFFILIATION = lazy_compile(
    r"\b(?:University|Universit[\u00e4\u00e9\u00e0]t?|Institute|Academy of Sciences|Laborator(?:y|ies)|"
    r"Department of|School of|College|Polytechnic|Research (?:Center|Centre|Lab|Institute))\b"
)


def published_contact(text: str, start: int) -> bool:
    """An address an organisation or an author published to be written to: after "email us" in
    its sentence, or after an academic affiliation (a paper's author block), on its line and
    within CREDIT_WINDOW characters."""
    before = text[max(0, start - CREDIT_WINDOW, text.rfind("\n", 0, start) + 1) : start]
    sentence = _SENTENCE_END.split(before)[-1]
    return bool(_ORGANISATION_VOICE.search(sentence) or _AFFILIATION.search(before))


def in_attribution(text: str, start: int, source: bool = True) -> bool:
    """Whether the address at ``start`` credits an author: on an ``Author:``/``Copyright``/
    ``__email__`` line, or (in ``source`` text, not in data) in a comment block or list of names
    under such a line, or in the header of a file or cell that has one."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if _ATTRIBUTION.search(_around(text, start, line_start, len(line))):
        return True
    if not source:
        return False
    if len(line) > CREDIT_WINDOW * 2:  # one long line of data (a printed document), not a header
        return bool(_CREDIT_BY.search(_around(text, start, line_start, len(line))))
    if _CREDIT_BY.search(line):
        return True
    if text.count("\n", 0, line_start) < HEADER_LINES:  # a file's or cell's header with credits
        header_end = 0
        for _ in range(HEADER_LINES):
            header_end = text.find("\n", header_end + 1)
            if header_end < 0:
                header_end = len(text)
                break
        if _ATTRIBUTION.search(text, 0, min(header_end, HEADER_CHARACTERS)):
            return True
    comment = line.lstrip().startswith("#")
    if not comment and not _CREDIT_LINE.match(line) and not line[:1].isspace():
        return False
    previous = text[max(0, line_start - 3000) : line_start].split("\n")[:-1]
    indented = line[:1].isspace()
    for above in reversed(previous[-30:]):
        if _ATTRIBUTION.search(above):
            return True
        if comment:
            if not above.lstrip().startswith("#"):
                return False
        elif not (_CREDIT_LINE.match(above) or (indented and above[:1].isspace())):
            return False
    return False


def _in_url(text: str, start: int) -> bool:
    """Whether the address at ``start`` is the user part of a URL (``https://user@host``,
    ``user@host:pass@host``); ``mailto:`` links are addresses."""
    before = text[max(0, start - 300) : start]
    token = re.split(r"[\s\"'<>(\[{,;]", before)[-1]
    return "://" in token or (token.endswith(":") and not token.lower().endswith("mailto:"))


# --- where digit values can be -------------------------------------------------------------

# (start, end) spans of the text, each made of whole lines with their newline, in order
Regions = tuple[tuple[int, int], ...]

# Every match of _IBAN, _CARD, _SSN, _NANP_PAREN and _NANP_PLAIN below holds four digits in a row
# (a card's first four; the last four of an SSN or a North American number) or a capital letter
# followed by two digits (an IBAN's country code and check digits), with ``\d`` meaning the same
# (Unicode) digits as in those patterns. No element of those patterns matches a newline, so each
# match lies on one line holding a match of this pattern: the lines worth scanning. (International
# numbers start with a literal ``+``, which the regex engine finds quickly: they are not limited.)
_DIGIT_CANDIDATE = lazy_compile(r"\d(?:\d\d\d|(?<=[A-Z]\d)\d)")
# Those lines are found in the text's shape, one byte per character: ASCII digits and every
# character outside ASCII (encoded as "?", which could be a Unicode digit) turned into "0", "?"
# too, capital letters into "A", anything else into a space. A match of _DIGIT_CANDIDATE shows there
# as "0000" or "A00", found by two byte-string searches: several times faster than the regex,
# which tests every character against ``\d``. (A few more lines may be selected: never fewer.)
_SHAPES = bytes(48 if 48 <= b <= 57 or b == 63 else 65 if 65 <= b <= 90 else 32 for b in range(256))
_SHAPE_NEEDLES = (b"0000", b"A00")
# candidate lines closer than this are scanned as one region (fewer calls; the lines between are
# scanned for nothing)
_REGION_GAP = 256


def _candidate_finder(text: str) -> Callable[[int], int]:
    """A function of ``pos``, 0 or the start of a line and growing from call to call: where the
    first "0000" or "A00" of the text's shape after ``pos`` is, or -1 (each match of
    :data:`_DIGIT_CANDIDATE` lies on the line of one)."""
    shape = text.encode("ascii", "replace").translate(_SHAPES)
    ahead = [shape.find(needle) for needle in _SHAPE_NEEDLES]  # each needle's next hit, or -1

    def find(pos: int) -> int:
        for i, needle in enumerate(_SHAPE_NEEDLES):
            if 0 <= ahead[i] < pos:
                ahead[i] = shape.find(needle, pos)
        return min((hit for hit in ahead if hit >= 0), default=-1)

    return find


def digit_regions(text: str) -> Regions:
    """The lines of ``text`` where the digit detectors can match, merged into regions.

    Scanning only there finds exactly what scanning the whole text finds: matches never span a
    newline and are found on the lines holding a :data:`_DIGIT_CANDIDATE`; a region ends after a
    line's newline, so the patterns' look-aheads see the same character (the newline, which fails
    them all at once) as in the whole text; their look-behinds read the text before a region's
    start, which ``re`` allows. Most code has few such lines: one quick pass for digits replaces
    four passes of the detectors over the whole text."""
    regions: list[tuple[int, int]] = []
    next_candidate = _candidate_finder(text)
    hit = next_candidate(0)
    while hit >= 0:
        start = text.rfind("\n", 0, hit) + 1
        end = text.find("\n", hit) + 1 or len(text)
        if regions and start - regions[-1][1] <= _REGION_GAP:
            start = regions.pop()[0]
        regions.append((start, end))
        hit = next_candidate(end)
    return tuple(regions)


def _scan(pattern: LazyPattern, text: str, regions: Regions) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` limited to ``regions`` (the same matches when every match lies in
    one of them, see :func:`digit_regions`)."""
    for start, end in regions:
        yield from pattern.finditer(text, start, end)


# --- phone numbers --------------------------------------------------------------------------

# ITU-T E.164 country calling codes in use (1 to 3 digits)
COUNTRY_CODES = frozenset(
    "1 7 20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 "
    "64 65 66 81 82 84 86 90 91 92 93 94 95 98 211 212 213 216 218 220 221 222 223 224 225 226 227 "
    "228 229 230 231 232 233 234 235 236 237 238 239 240 241 242 243 244 245 246 248 249 250 251 "
    "252 253 254 255 256 257 258 260 261 262 263 264 265 266 267 268 269 290 291 297 298 299 350 351 "
    "352 353 354 355 356 357 358 359 370 371 372 373 374 375 376 377 378 380 381 382 383 385 386 387 "
    "389 420 421 423 500 501 502 503 504 505 506 507 508 509 590 591 592 593 594 595 596 597 598 599 "
    "670 672 673 674 675 676 677 678 679 680 681 682 683 685 686 687 688 689 690 691 692 850 852 853 "
    "855 856 880 886 960 961 962 963 964 965 966 967 968 970 971 972 973 974 975 976 977 992 993 994 "
    "995 996 998".split()
)
# national significant number lengths of the most common countries (others: E.164's 6 to 12)
NATIONAL_LENGTHS: dict[str, tuple[int, int]] = {
    "1": (10, 10),
    "7": (10, 10),
    "20": (9, 10),
    "27": (9, 9),
    "30": (10, 10),
    "31": (9, 9),
    "32": (8, 9),
    "33": (9, 9),
    "34": (9, 9),
    "36": (8, 9),
    "39": (6, 11),
    "41": (9, 9),
    "43": (7, 13),
    "44": (9, 10),
    "45": (8, 8),
    "46": (7, 10),
    "47": (8, 8),
    "48": (9, 9),
    "49": (6, 13),
    "52": (10, 10),
    "55": (10, 11),
    "61": (9, 9),
    "62": (8, 12),
    "63": (8, 10),
    "64": (8, 10),
    "65": (8, 8),
    "81": (9, 10),
    "82": (8, 10),
    "86": (10, 11),
    "90": (10, 10),
    "91": (10, 10),
    "92": (9, 10),
    "234": (8, 10),
    "353": (7, 9),
    "351": (9, 9),
    "358": (6, 10),
}
# Patterns start with the character they consume first and check what precedes it in a lookbehind
# after it: the regex engine then jumps between candidate positions (5 to 10 times faster).
_INTL_PHONE = lazy_compile(r"\+(?<![\w+.\-/]\+)\d[\d \-.()]{5,20}\d(?![\w\-]|\.\d)")
_NANP_PAREN = lazy_compile(r"\((?<![\w+.\-/]\()[2-9]\d\d\) ?[2-9]\d\d[\-.]\d{4}(?![\w\-]|\.\d)")
_NANP_PLAIN = lazy_compile(r"\d(?<![\w+.\-/]\d)(?:(?<=1)[ \-.]\d)?\d\d(?P<sep>[\-.])\d\d\d(?P=sep)\d{4}(?![\w\-]|\.\d)")
# numbers regulators reserve for drama and documentation (Ofcom, ACMA), as E.164 digit prefixes
FICTIONAL_PREFIXES = (
    "447700900",
    "442079460",
    "441134960",
    "441144960",
    "441154960",
    "441164960",
    "441174960",
    "441184960",
    "441214960",
    "441314960",
    "441414960",
    "441514960",
    "441614960",
    "442890180",
    "441632960",
    "443069990",
    "61491570",
    "61255501",
    "61370100",
    "61755501",
    "61855501",
)
TOLL_FREE = frozenset({"800", "833", "844", "855", "866", "877", "888"})


def _ordered(digits: str) -> bool:
    """``1234567``/``9876543``-style runs (placeholders)."""
    steps = {(int(b) - int(a)) % 10 for a, b in zip(digits, digits[1:], strict=False)}
    return len(steps) == 1 and steps <= {1, 9}


def _has_run(digits: str) -> bool:
    """A typed-in placeholder inside a number: six ascending digits (``123456``), the same five
    twice (``12345``...``12345``) or a block of three repeated (``123123``), as in
    ``+49 1234567890``, ``+49 301234512345`` or ``+49 123123123``."""
    if any(_ordered(digits[i : i + 6]) for i in range(len(digits) - 5)):
        return True
    runs = [digits[i : i + 5] for i in range(len(digits) - 4) if _ordered(digits[i : i + 5])]
    if len(runs) != len(set(runs)):
        return True
    return any(digits[i : i + 3] == digits[i + 3 : i + 6] for i in range(len(digits) - 5))


# Words around a number that make it an organisation's line, published for anyone to call: a
# company's switchboard on a filing's cover page, a bank's phone-banking line, a help desk.
_BUSINESS_CONTEXT = lazy_compile(
    r"(?i)registrant|executive offices?|principal offices?|head ?quarters|switchboard|main (?:office|line|number)|"
    r"customer (?:service|care|support)|phone[- ]banking|call (?:center|centre)|contact (?:center|centre)|"
    r"help ?(?:line|desk)|hotline|toll[- ]free|service (?:line|number)|reservations? (?:line|desk)"
)
BUSINESS_WINDOW = 200


def business_line(text: str, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` is presented as an organisation's line (see above): the
    words within BUSINESS_WINDOW characters, on its line or the lines next to it."""
    low, high = max(0, start - BUSINESS_WINDOW), min(len(text), end + BUSINESS_WINDOW)
    previous = text.rfind("\n", low, start)
    if previous > low:
        low = max(low, text.rfind("\n", low, previous) + 1)
    following = text.find("\n", end, high)
    if following >= 0:
        after = text.find("\n", following + 1, high)
        high = after if after >= 0 else high
    return bool(_BUSINESS_CONTEXT.search(text, low, high))


def valid_nanp(area: str, exchange: str, line: str) -> bool:
    """A North American number that could be a person's: not N11, not an unassigned ``X9X`` area,
    not toll-free, not the 555 exchange (fiction and directory), not a placeholder run."""
    if area[1:] == "11" or exchange[1:] == "11" or area[1] == "9" or area in TOLL_FREE:
        return False
    if exchange == "555" or area == "555":
        return False
    subscriber = exchange + line
    return not (
        _repeated(subscriber) or _ordered(area + subscriber) or _ordered(subscriber) or _has_run(area + subscriber)
    )


def valid_international(candidate: str) -> bool:
    """``+CC ...``: an assigned country code and a valid national length (NANP checked in full)."""
    separators = re.sub(r"[\d+]", "", candidate)
    if separators == "." or separators.count("(") != separators.count(")") or "  " in candidate:
        return False
    if re.search(r"[ \-.()]{3}", candidate):
        return False
    digits = re.sub(r"\D", "", candidate)
    if not 8 <= len(digits) <= 15 or _repeated(digits[3:]) or _ordered(digits) or digits.startswith(FICTIONAL_PREFIXES):
        return False
    if _has_run(digits):
        return False
    for size in (1, 2, 3):
        code = digits[:size]
        if code in COUNTRY_CODES:
            national = digits[size:]
            if code == "1":
                return (
                    len(national) == 10
                    and national[0] in "23456789"
                    and national[3] in "23456789"
                    and valid_nanp(national[:3], national[3:6], national[6:])
                )
            low, high = NATIONAL_LENGTHS.get(code, (6, 12))
            return low <= len(national) <= high and national[0] != "0"
    return False


def _phones(text: str, regions: Regions) -> list[PiiMatch]:
    """International numbers anywhere in ``text`` (a literal ``+`` starts each: quick to find), North
    American ones in ``regions``."""
    found = []
    if "+" in text:
        for m in _INTL_PHONE.finditer(text):
            value = m.group(0)
            if valid_international(value) and not business_line(text, m.start(), m.end()):
                found.append(PiiMatch(PHONE, m.start(), m.end(), value))
    for pattern in (_NANP_PAREN, _NANP_PLAIN):
        for m in _scan(pattern, text, regions):
            digits = re.sub(r"\D", "", m.group(0))
            digits = digits[1:] if len(digits) == 11 else digits
            area, exchange, line = digits[:3], digits[3:6], digits[6:]
            if area[0] in "23456789" and exchange[0] in "23456789" and valid_nanp(area, exchange, line):
                if not business_line(text, m.start(), m.end()):
                    found.append(PiiMatch(PHONE, m.start(), m.end(), m.group(0)))
    return found


# --- US social security numbers -----------------------------------------------------------

_SSN = lazy_compile(r"\d(?<![\w\-.+/:]\d)\d\d-\d\d-\d{4}(?![\w\-/:]|\.\d)")
# numbers published in advertising or used as the classic placeholder
PLACEHOLDER_SSNS = frozenset({"078-05-1120", "219-09-9999", "123-45-6789", "457-55-5462"})


def valid_ssn(area: str, group: str, serial: str) -> bool:
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    value = f"{area}-{group}-{serial}"
    if all(_repeated(part) for part in (area, group, serial)):  # 111-22-3333
        return False
    return value not in PLACEHOLDER_SSNS and not _repeated(area + group + serial)


def _ssns(text: str, regions: Regions) -> list[PiiMatch]:
    return [
        PiiMatch(SSN, m.start(), m.end(), m.group(0))
        for m in _scan(_SSN, text, regions)
        if valid_ssn(*m.group(0).split("-"))
    ]


# --- payment cards --------------------------------------------------------------------------

_CARD = lazy_compile(
    r"\d(?<![\w.\-+/:,*^]\d)"
    r"(?:\d{12,18}"
    r"|\d{3}([ \-])\d{4}\1\d{4}\1\d{1,7}"
    r"|\d{3}([ \-])\d{6}\2\d{4,5})"
    r"(?![\w\-/:*^]|[.,]\d)"
)
# (prefix range low, high, lengths) per issuer; prefixes compared on the first len(low) digits
ISSUERS: tuple[tuple[str, str, tuple[int, ...]], ...] = (
    ("4", "4", (13, 16, 19)),  # Visa
    ("51", "55", (16,)),  # Mastercard
    ("2221", "2720", (16,)),  # Mastercard 2-series
    ("34", "34", (15,)),
    ("37", "37", (15,)),  # American Express
    ("6011", "6011", (16, 17, 18, 19)),
    ("65", "65", (16, 17, 18, 19)),  # Discover
    ("644", "649", (16, 17, 18, 19)),
    ("622126", "622925", (16, 17, 18, 19)),
    ("3528", "3589", (16, 17, 18, 19)),  # JCB
    ("300", "305", (14, 15, 16, 17, 18, 19)),
    ("36", "36", (14, 15, 16, 17, 18, 19)),  # Diners
    ("38", "39", (16, 17, 18, 19)),
    ("62", "62", (16, 17, 18, 19)),  # UnionPay
    ("5018", "5018", (12, 13, 14, 15, 16, 17, 18, 19)),
    ("5020", "5020", (16, 17, 18, 19)),
    ("5038", "5038", (16, 17, 18, 19)),
    ("5893", "5893", (16, 17, 18, 19)),
    ("6304", "6304", (16, 17, 18, 19)),
    ("6759", "6759", (16, 17, 18, 19)),
    ("6761", "6763", (16, 17, 18, 19)),  # Maestro
)
# published test numbers of payment processors (Stripe, Braintree, Adyen, PayPal docs)
TEST_CARDS = frozenset(
    {
        "4111111111111111",
        "4242424242424242",
        "4012888888881881",
        "4000056655665556",
        "4000000000000002",
        "4000000000000077",
        "4000000000000119",
        "4000000000009995",
        "4000002500003155",
        "4000000000003220",
        "4222222222222",
        "4012888888881",
        "5555555555554444",
        "5200828282828210",
        "5105105105105100",
        "2223003122003222",
        "5454545454545454",
        "2223000048400011",
        "378282246310005",
        "371449635398431",
        "378734493671000",
        "6011111111111117",
        "6011000990139424",
        "6011000400000000",
        "3056930009020004",
        "36227206271667",
        "30569309025904",
        "38520000023237",
        "3566002020360505",
        "3530111333300000",
        "3566111111111113",
        "6200000000000005",
        "6555900000604105",
        "4917610000000000",
        "4462030000000000",
        "5425233430109903",
        "4263982640269299",
        "4917484589897107",
        "5019717010103742",
        "6759649826438453",
    }
)


# a number passed as a random seed or state is not a card
_SEED_CONTEXT = lazy_compile(r"(?i)seed|rng|random|state")


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def card_issuer_ok(digits: str) -> bool:
    for low, high, lengths in ISSUERS:
        prefix = digits[: len(low)]
        if low <= prefix <= high and len(digits) in lengths:
            return True
    return False


def valid_card(digits: str) -> bool:
    if digits in TEST_CARDS or re.search(r"(\d)\1{5}", digits) or _ordered(digits[1:]) or digits.endswith("0000"):
        return False
    return card_issuer_ok(digits) and luhn_valid(digits)


def _cards(text: str, regions: Regions) -> list[PiiMatch]:
    found = []
    for m in _scan(_CARD, text, regions):
        digits = re.sub(r"\D", "", m.group(0))
        # written without separators, only the common lengths: long integers (seeds, ids) are
        # far more often 13, 17, 18 or 19 digits long than cards are
        if len(digits) == len(m.group(0)) and len(digits) not in (14, 15, 16):
            continue
        if _SEED_CONTEXT.search(text, max(0, m.start() - 40), m.start()):
            continue
        if 13 <= len(digits) <= 19 and valid_card(digits) and not in_id_column(text, m.start()):
            found.append(PiiMatch(CARD, m.start(), m.end(), m.group(0)))
    return found


_TABLE_RULE = lazy_compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)+\|?\s*$")
_ID_HEADER = lazy_compile(r"(?i)(?:^|[\s_\-.])(?:id|ids|identifier|key|uuid|no)$|[a-z](?:Id|ID)$")


def in_id_column(text: str, start: int) -> bool:
    """Whether the number at ``start`` is a cell of a markdown table column whose header names an
    identifier (``sender_id``, ``receiverId``, ``Account No``): generated ids, not card numbers."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start : line_end if line_end >= 0 else len(text)]
    if line.count("|") < 2:
        return False
    column = line.count("|", 0, start - line_start) - (1 if line.lstrip().startswith("|") else 0)
    rows = text[max(0, line_start - 20000) : line_start].split("\n")[:-1]
    for index in range(len(rows) - 1, 0, -1):
        if _TABLE_RULE.match(rows[index]):
            header = rows[index - 1].strip().strip("|").split("|")
            return 0 <= column < len(header) and bool(_ID_HEADER.search(header[column].strip()))
        if rows[index].count("|") < 2:
            return False
    return False


# --- IBANs ----------------------------------------------------------------------------------

IBAN_LENGTHS: dict[str, int] = {
    "AD": 24,
    "AE": 23,
    "AL": 28,
    "AT": 20,
    "AZ": 28,
    "BA": 20,
    "BE": 16,
    "BG": 22,
    "BH": 22,
    "BR": 29,
    "BY": 28,
    "CH": 21,
    "CR": 22,
    "CY": 28,
    "CZ": 24,
    "DE": 22,
    "DK": 18,
    "DO": 28,
    "EE": 20,
    "EG": 29,
    "ES": 24,
    "FI": 18,
    "FO": 18,
    "FR": 27,
    "GB": 22,
    "GE": 22,
    "GI": 23,
    "GL": 18,
    "GR": 27,
    "GT": 28,
    "HR": 21,
    "HU": 28,
    "IE": 22,
    "IL": 23,
    "IQ": 23,
    "IS": 26,
    "IT": 27,
    "JO": 30,
    "KW": 30,
    "KZ": 20,
    "LB": 28,
    "LC": 32,
    "LI": 21,
    "LT": 20,
    "LU": 20,
    "LV": 21,
    "MC": 27,
    "MD": 24,
    "ME": 22,
    "MK": 19,
    "MR": 27,
    "MT": 31,
    "MU": 30,
    "NL": 18,
    "NO": 15,
    "PK": 24,
    "PL": 28,
    "PS": 29,
    "PT": 25,
    "QA": 29,
    "RO": 24,
    "RS": 22,
    "SA": 24,
    "SC": 31,
    "SE": 24,
    "SI": 19,
    "SK": 24,
    "SM": 27,
    "ST": 25,
    "SV": 28,
    "TL": 23,
    "TN": 24,
    "TR": 26,
    "UA": 29,
    "VA": 22,
    "VG": 24,
    "XK": 20,
}
# countries whose account part is digits only (a letter there means it is not an IBAN)
NUMERIC_BBAN = frozenset(
    {
        "AT",
        "BA",
        "BE",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FO",
        "GL",
        "HR",
        "HU",
        "IL",
        "IS",
        "LT",
        "ME",
        "MK",
        "NO",
        "PL",
        "PT",
        "RS",
        "SE",
        "SI",
        "SK",
        "TN",
        "XK",
    }
)
# examples printed in the IBAN standard, bank documentation and Wikipedia
EXAMPLE_IBANS = frozenset(
    {
        "DE89370400440532013000",
        "GB82WEST12345698765432",
        "GB29NWBK60161331926819",
        "GB33BUKB20201555555555",
        "FR1420041010050500013M02606",
        "FR7630006000011234567890189",
        "NL91ABNA0417164300",
        "ES9121000418450200051332",
        "IT60X0542811101000000123456",
        "BE68539007547034",
        "CH9300762011623852957",
        "AT611904300234573201",
        "SE4550000000058398257466",
        "NO9386011117947",
        "DK5000400440116243",
        "PL61109010140000071219812874",
        "DE75512108001245126199",
        "GB94BARC10201530093459",
        "IE29AIBK93115212345678",
    }
)
_IBAN = lazy_compile(
    r"[A-Z](?<![\w\-/][A-Z])[A-Z]\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)(?![\w\-])"
)


def valid_iban(compact: str) -> bool:
    country = compact[:2]
    if IBAN_LENGTHS.get(country) != len(compact) or compact in EXAMPLE_IBANS:
        return False
    if country in NUMERIC_BBAN and not compact[4:].isdigit():
        return False
    if _repeated(compact[4:]):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _ibans(text: str, regions: Regions) -> list[PiiMatch]:
    found = []
    for m in _scan(_IBAN, text, regions):
        compact = m.group(0).replace(" ", "")
        if valid_iban(compact):
            found.append(PiiMatch(IBAN, m.start(), m.end(), m.group(0)))
    return found


# --- all together -----------------------------------------------------------------------------

_HAS_DIGITS = lazy_compile(r"\d{3}")
_ESCAPE = lazy_compile(r"\\[ntr]")
# earlier wins when two matches overlap
_PRIORITY = {EMAIL: 0, IBAN: 1, CARD: 2, SSN: 3, PHONE: 4}


def find_pii(text: str, source: bool = True, *, scan_all: bool = False) -> list[PiiMatch]:
    """Every validated personal-data value in ``text``, in order, without overlaps.

    ``source``: the text is code or prose (authorship credits around an address are recognised);
    False for data such as saved outputs, where only an ``Author:`` line is a credit.
    ``scan_all``: run the digit detectors over the whole text rather than the lines that can hold
    their values (:func:`digit_regions`), and look for addresses around every ``@``; the same
    result, slower (the tests compare the two).

    >>> [(m.kind, m.value) for m in find_pii("mail jane.roe@corp-mail.co.uk, SSN 536-22-8714")]
    [('email', 'jane.roe@corp-mail.co.uk'), ('ssn', '536-22-8714')]
    """
    if not text:
        return []
    original = text
    if "\\" in text:  # a printed repr's ``\n``/``\t`` separates values: scan it as two spaces
        text = _ESCAPE.sub("  ", text)
    found = [
        m
        for m in _emails(text, every_at=scan_all)
        if not _in_url(text, m.start) and not published_contact(text, m.start)
    ]
    # the credits are looked for only around addresses (two searches of the whole text, slow ones)
    if found and (_ATTRIBUTION.search(text) is not None or (source and _CREDIT_BY.search(text) is not None)):
        found = [m for m in found if not in_attribution(original, m.start, source)]
    if _HAS_DIGITS.search(text):
        regions = ((0, len(text)),) if scan_all else digit_regions(text)
        found += _ibans(text, regions) + _cards(text, regions) + _ssns(text, regions) + _phones(text, regions)
    found.sort(key=lambda m: (_PRIORITY[m.kind], m.start))
    starts: list[int] = []  # kept matches, sorted by start (they never overlap)
    kept: list[PiiMatch] = []
    for match in found:
        i = bisect.bisect_left(starts, match.start)
        if i > 0 and kept[i - 1].end > match.start:
            continue
        if i < len(kept) and kept[i].start < match.end:
            continue
        starts.insert(i, match.start)
        kept.insert(i, match)
    return kept


def line_column(text: str, offset: int) -> tuple[int, int]:
    """(1-based line, 0-based column) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1)
