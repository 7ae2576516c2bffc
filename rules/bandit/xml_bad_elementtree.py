"""B314 xml-bad-elementtree."""

from __future__ import annotations

from linter.kit import BLACKLIST, BanditCheck, Example, Severity, at
from linter.rules.bandit._bandit_text import XML_FIX, XML_WHY


class XmlElementTree(BanditCheck):
    __doc__ = f"""
    ## What it does
    bandit's B314 `xml_bad_ElementTree`: flags `xml.etree.ElementTree` `parse`, `iterparse`,
    `fromstring` and `XMLParser`.

    ## Why is this bad?
    {XML_WHY}

    ## Fix
    {XML_FIX}
    """

    code = "B314"
    name = "xml-bad-elementtree"
    severity = Severity.MEDIUM
    summary = "xml.etree.ElementTree parsing of untrusted XML"
    cwe = (20,)
    bandit_test = BLACKLIST
    bandit_name = "xml_bad_ElementTree"
    bandit_triggers = (r"xml",)
    VALID = (
        Example(
            """
            import defusedxml.ElementTree as ET

            tree = ET.parse('annotations/0001.xml')
            """
        ),
    )
    INVALID = (
        Example(
            """
            import xml.etree.ElementTree as ET

            tree = ET.parse('annotations/0001.xml')
            """,
            expect=(at(3, 8),),
        ),
    )
