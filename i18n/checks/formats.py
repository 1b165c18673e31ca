"""One formatter per output format: a Report in, the text to print out.

The JSON and SARIF forms are contracts other tools rely on; JSON carries ``"version": 1``.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict
from itertools import groupby
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .. import __version__
from ..document import INVISIBLE_RE
from .engine import Report
from .model import ERROR, INFO, WARNING
from .registry import RULES

JSON_VERSION = 1
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SARIF_ROOT = "SRCROOT"  # the uriBaseId of paths inside the project root, as code-scanning tools name it
_SARIF_LEVELS = {ERROR: "error", WARNING: "warning", INFO: "note"}
_COLOURS = {ERROR: "red", WARNING: "yellow", INFO: "blue"}


def summary_line(report: Report) -> str:
    return (f"{report.count(ERROR)} error(s), {report.count(WARNING)} warning(s), {report.count(INFO)} info "
            f"in {report.entries} entries of {len(report.files)} file(s)")


# What a message quotes of a translation may hold line ends, tabs, terminal controls and bidi overrides: in
# text output they are escaped, so that a finding is one line as printed and as a CI problem matcher reads it.
_UNPRINTABLE_RE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029]|{INVISIBLE_RE.pattern}")
_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _escaped(match: re.Match) -> str:
    char = match.group()
    return _ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def text(report: Report, style: Callable[..., str] = lambda s, **_: s) -> str:
    """``path:line: CODE message``, grouped by file, then the summary; ``style`` is click.style on a terminal."""
    blocks = []
    for path, findings in groupby(report.findings, key=lambda f: f.path):
        blocks.append("\n".join(
            f"{style(f'{path}:{f.line}:', bold=True)} {style(f.rule, fg=_COLOURS[f.severity], bold=True)} "
            f"{_UNPRINTABLE_RE.sub(_escaped, f.message)}" for f in findings))
    return "\n\n".join([*blocks, summary_line(report)]) + "\n"


def json_report(report: Report) -> str:
    findings = [{key: value for key, value in asdict(f).items() if key != "name"} for f in report.findings]
    document = {"version": JSON_VERSION, "findings": findings,
                "summary": {"entries": report.entries, "errors": report.count(ERROR),
                            "warnings": report.count(WARNING), "info": report.count(INFO)},
                "notices": [asdict(notice) for notice in report.notices]}  # (a key added within version 1)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _artifact_location(path: str, root: Path) -> dict:
    """A file inside the root as a reference relative to SRCROOT, any other as an absolute file URI
    (SARIF 2.1.0 §3.4.4: a uriBaseId goes with a relative reference only)."""
    resolved = Path(path).resolve()  # a finding's path is the display path: relative to the working directory
    if resolved.is_relative_to(root):
        return {"uri": quote(resolved.relative_to(root).as_posix()), "uriBaseId": SARIF_ROOT}
    return {"uri": resolved.as_uri()}


def sarif(report: Report, root: Path) -> str:
    """SARIF 2.1.0, so that code-scanning tools show the findings on the .po lines.

    Locations are relative to ``root`` (the project root), which ``originalUriBaseIds`` names SRCROOT,
    so that the report is the same from whatever directory it was made.
    """
    root = root.resolve()
    locations = {path: _artifact_location(path, root) for path in report.files}
    index = {r.code: i for i, r in enumerate(RULES)}
    rules = [{"id": r.code, "name": r.name, "shortDescription": {"text": r.summary},
              "fullDescription": {"text": r.doc}, "help": {"text": r.doc},
              "defaultConfiguration": {"level": _SARIF_LEVELS[r.severity]},
              "properties": {"kind": r.kind}} for r in RULES]
    results = []
    for f in report.findings:
        result = {"ruleId": f.rule, "ruleIndex": index[f.rule], "level": _SARIF_LEVELS[f.severity],
                  "message": {"text": f.message},
                  "locations": [{"physicalLocation": {
                      "artifactLocation": locations[f.path],
                      "region": {"startLine": f.line}}}],
                  "properties": {"kind": f.kind, "msgid": f.msgid, "msgctxt": f.msgctxt, "concept": f.concept}}
        if f.fix is not None:
            result["properties"]["fix"] = f.fix
        results.append(result)
    document = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "i18n check", "version": __version__,
                            "informationUri": "https://pypi.org/project/zhen-l10n/", "rules": rules}},
        "originalUriBaseIds": {SARIF_ROOT: {"uri": root.as_uri().rstrip("/") + "/"}},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": [
            {"level": "warning", "message": {"text": notice.message}, "locations": [{"physicalLocation": {
                "artifactLocation": locations[notice.path],
                **({} if notice.line is None else {"region": {"startLine": notice.line}})}}]}
            for notice in report.notices]}],
        "results": results}]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": text, "json": json_report, "sarif": sarif}


def rule_list(fmt: str, root: Path) -> str:
    """The registry as ``--list-rules`` prints it: a table, JSON (``{"version": 1, "rules": [...]}``, each rule
    with its documentation), or SARIF's tool section with its rules and no results."""
    if fmt == "json":
        rules = [{"code": r.code, "name": r.name, "kind": r.kind, "severity": r.severity, "summary": r.summary,
                  "documentation": r.doc} for r in RULES]
        return json.dumps({"version": JSON_VERSION, "rules": rules}, ensure_ascii=False, indent=2) + "\n"
    if fmt == "sarif":
        return sarif(Report((), 0, ()), root)
    width = max(len(r.name) for r in RULES)
    return "\n".join(f"{r.code}  {r.name:<{width}}  {r.severity:<7}  {r.summary}" for r in RULES) + "\n"
