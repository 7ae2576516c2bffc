"""B317 xml-bad-sax."""

from __future__ import annotations

from linter.kit import BLACKLIST, BanditCheck, Example, Severity, at
from linter.rules.bandit._bandit_text import XML_FIX, XML_WHY


class XmlSax(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B317 `xml_bad_sax`: flags `xml.sax` `parse`, `parseString` and `make_parser`.

    ## Why is this bad?
    {XML_WHY}

    ## Fix
    {XML_FIX}
    """

    code = "B317"
    name = "xml-bad-sax"
    severity = Severity.MEDIUM
    summary = "xml.sax parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_sax"
    bandit_triggers = (r"xml",)
    VALID = (
        Example(
            """
            import defusedxml.sax

            defusedxml.sax.parse(path, handler)
            """
        ),
    )
    INVALID = (
        Example(
            """
            import xml.sax

            xml.sax.parse(path, handler)
            """,
            expect=(at(3, 1),),
        ),
    )
