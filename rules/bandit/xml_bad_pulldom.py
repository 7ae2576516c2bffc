"""B319 xml-bad-pulldom."""

from __future__ import annotations

from linter.kit import BLACKLIST, BanditCheck, Example, Severity, at
from linter.rules.bandit._bandit_text import XML_FIX, XML_WHY


class XmlPulldom(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B319 `xml_bad_pulldom`: flags `xml.dom.pulldom` `parse` and `parseString`.

    ## Why is this bad?
    {XML_WHY}

    ## Fix
    {XML_FIX}
    """

    code = "B319"
    name = "xml-bad-pulldom"
    severity = Severity.MEDIUM
    summary = "xml.dom.pulldom parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_pulldom"
    bandit_triggers = (r"xml",)
    VALID = (
        Example(
            """
            from defusedxml import pulldom

            events = pulldom.parse(path)
            """
        ),
    )
    INVALID = (
        Example(
            """
            from xml.dom import pulldom

            events = pulldom.parse(path)
            """,
            expect=(at(3, 10),),
        ),
    )
