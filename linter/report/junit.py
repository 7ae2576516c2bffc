"""JUnit XML: one ``testsuite`` per scanned file with findings, one failed ``testcase`` per finding
(CI systems show them as failed tests with the location, the redacted source and the docs link)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from itertools import groupby

from linter.model import Finding, Result
from linter.report.text import location
from linter.startup.lazy_pattern import lazy_compile

_NOT_XML = lazy_compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """Characters XML 1.0 cannot hold (control codes from outputs) shown as U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _case(suite: ET.Element, finding: Finding) -> None:
    where = location(finding)
    path = clean(finding.location.path)
    line = str(finding.location.raw_line or finding.location.line)
    case = ET.SubElement(suite, "testcase", name=clean(f"{finding.code} {where}"), classname=path, file=path, line=line)
    failure = ET.SubElement(case, "failure", message=clean(f"{finding.code} {finding.message}"), type=finding.code)
    body = [f"{where}: {finding.code} {finding.name} [{finding.severity.label}]", finding.message]
    if finding.excerpt is not None:
        body.extend(f"{finding.excerpt.first + i:>4} | {line}" for i, line in enumerate(finding.excerpt.lines))
    if finding.url:
        body.append(f"See {finding.url}")
    failure.text = clean("\n".join(body))


def render(result: Result, color: bool = False) -> str:
    total = len(result.findings)
    root = ET.Element("testsuites", name="mlsafe", tests=str(max(total, 1)), failures=str(total), errors="0")
    for path, group in groupby(result.findings, key=lambda f: f.location.path):
        findings = list(group)
        suite = ET.SubElement(
            root, "testsuite", name=clean(path), tests=str(len(findings)), failures=str(len(findings)), errors="0"
        )
        for finding in findings:
            _case(suite, finding)
    if not result.findings:
        suite = ET.SubElement(root, "testsuite", name="mlsafe", tests="1", failures="0", errors="0")
        ET.SubElement(suite, "testcase", name=f"no findings in {result.files} files", classname="mlsafe")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
