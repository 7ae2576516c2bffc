"""B318 xml-bad-minidom."""

from __future__ import annotations

from linter.kit import BLACKLIST, BanditCheck, Example, Severity, at
from linter.rules.bandit._bandit_text import XML_FIX, XML_WHY


class XmlMinidom(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B318 `xml_bad_minidom`: flags `xml.dom.minidom` `parse` and `parseString`.

    ## Why is this bad?
    {XML_WHY}

    ## Fix
    {XML_FIX}
    """

    code = "B318"
    name = "xml-bad-minidom"
    severity = Severity.MEDIUM
    summary = "xml.dom.minidom parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_minidom"
    bandit_triggers = (r"xml",)
    VALID = (
        Example(
            """
            from defusedxml import minidom

            doc = minidom.parse(path)
            """
        ),
    )
    INVALID = (
        Example(
            """
            from xml.dom import minidom

            doc = minidom.parse(path)
            """,
            expect=(at(3, 7),),
        ),
    )
