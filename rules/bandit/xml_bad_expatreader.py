"""B315 xml-bad-expatreader."""

from __future__ import annotations

from linter.kit import BLACKLIST, BanditCheck, Example, Severity, at
from linter.rules.bandit._bandit_text import XML_FIX, XML_WHY


class XmlExpatReader(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B315 `xml_bad_expatreader`: flags `xml.sax.expatreader.create_parser`.

    ## Why is this bad?
    {XML_WHY}

    ## Fix
    {XML_FIX}
    """

    code = "B315"
    name = "xml-bad-expatreader"
    severity = Severity.MEDIUM
    summary = "xml.sax.expatreader parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_expatreader"
    bandit_triggers = (r"xml",)
    VALID = (
        Example(
            """
            import defusedxml.expatreader as er

            parser = er.create_parser()
            """
        ),
    )
    INVALID = (
        Example(
            """
            import xml.sax.expatreader as er

            parser = er.create_parser()
            """,
            expect=(at(3, 10),),
        ),
    )
