"""Whether a text holds something that looks like a credential or personal data.

MLS304 (saved-traceback) uses ``contains_sensitive(text)`` to raise its severity. It asks the
secret detectors (MLS2xx, ``secrets._patterns.find_all``) and the PII detectors (MLS5xx,
``pii._data.find_pii``, reading the text as data); those rules report the values themselves,
redacted, under their own codes.
"""

from __future__ import annotations

from linter.rules.pii._data import find_pii
from linter.rules.secrets._patterns import find_all


def contains_sensitive(text: str) -> bool:
    """Whether ``text`` holds a credential or validated personal data."""
    return bool(find_all(text)) or bool(find_pii(text, source=False))
