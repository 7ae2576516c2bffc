"""B316 xml-bad-expatbuilder."""

from __future__ import annotations

from linter.kit import BLACKLIST, BanditCheck, Example, Severity, at
from linter.rules.bandit._bandit_text import XML_FIX, XML_WHY


class XmlExpatBuilder(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B316 `xml_bad_expatbuilder`: flags `xml.dom.expatbuilder` `parse` and `parseString`.

    ## Why is this bad?
    {XML_WHY}

    ## Fix
    {XML_FIX}
    """

    code = "B316"
    name = "xml-bad-expatbuilder"
    severity = Severity.MEDIUM
    summary = "xml.dom.expatbuilder parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_expatbuilder"
    bandit_triggers = (r"xml",)
    VALID = (
        Example(
            """
            import defusedxml.expatbuilder as eb

            doc = eb.parseString(text)
            """
        ),
    )
    INVALID = (
        Example(
            """
            from xml.dom import expatbuilder

            doc = expatbuilder.parseString(text)
            """,
            expect=(at(3, 7),),
        ),
    )
