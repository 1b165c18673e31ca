"""F001: format directives compared as msgfmt --check compares them, on entries flagged as format strings."""
import os
import shutil
import subprocess

import pytest

from i18n.checks import Options, check
from i18n.po import read_catalog

HEAD = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {language}\\n"\n'
        '"Plural-Forms: {plural_forms}\\n"\n\n')
ZH, EN = "nplurals=1; plural=0;", "nplurals=2; plural=(n != 1);"

# (case, plural forms, entry, what F001 says or None): each also judged by msgfmt --check below
CASES = [
    ("c: arguments as they were", ZH, '#, c-format\nmsgid "%s: %d files"\nmsgstr "%s：%d个文件"\n', None),
    ("c: reordered by number", ZH, '#, c-format\nmsgid "%d of %s"\nmsgstr "%2$s的%1$d"\n', None),
    ("c: %i for %d", ZH, '#, c-format\nmsgid "%d files"\nmsgstr "%i个文件"\n', None),
    ("c: %% and %m take nothing", ZH, '#, c-format\nmsgid "100%% of %s: %m"\nmsgstr "%s的100%%"\n', None),
    ("c: one dropped, one changed", ZH, '#, c-format\nmsgid "Cannot open %s: %s"\nmsgstr "无法打开%d"\n',
     "c-format: the source has %s, %s, the translation %d"),
    ("c: reordered to the wrong types", ZH, '#, c-format\nmsgid "%d of %s"\nmsgstr "%2$s的%1$s"\n',
     "c-format: the source has %d, %s, the translation %2$s, %1$s"),
    ("c: a length dropped", ZH, '#, c-format\nmsgid "%ld files"\nmsgstr "%d个文件"\n',
     "c-format: the source has %ld, the translation %d"),
    ("c: a * width dropped", ZH, '#, c-format\nmsgid "%*d x"\nmsgstr "%d x"\n', "c-format: the source has %*d, the translation %d"),
    ("c: an inttypes macro changed", ZH, '#, c-format\nmsgid "%<PRId64> items"\nmsgstr "%<PRIu64>项"\n',
     "c-format: the source has %<PRId64>, the translation %<PRIu64>"),
    ("c: numbered and unnumbered mixed", ZH, '#, c-format\nmsgid "%s %s"\nmsgstr "%2$s %s"\n',
     "c-format: the translation mixes numbered (%1$s) and unnumbered directives"),
    ("c: the one Chinese plural form holds the number", ZH,
     '#, c-format\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "%d个文件"\n', None),
    ("c: the one Chinese plural form without it", ZH,
     '#, c-format\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "一个文件"\n',
     "c-format: the source has %d, the translation none"),
    ("c: English's form for one may leave it out", EN,
     '#, c-format\nmsgid "one file"\nmsgid_plural "%d files"\nmsgstr[0] "one file"\nmsgstr[1] "%d files"\n', None),
    ("c: not flagged, not compared", ZH, 'msgid "%s of %d"\nmsgstr "无"\n', None),
    ("python: named, reordered", ZH, '#, python-format\nmsgid "%(n)d in %(name)s"\nmsgstr "%(name)s中%(n)d"\n', None),
    ("python: a name changed", ZH, '#, python-format\nmsgid "Hello %(name)s"\nmsgstr "你好%(nom)s"\n',
     "python-format: unknown named placeholder 'nom'"),
    ("python: a name left out", ZH, '#, python-format\nmsgid "%(a)s and %(b)s"\nmsgstr "%(a)s"\n',
     "python-format: missing %(b)"),
    ("python: a type changed", ZH, '#, python-format\nmsgid "%(n)d items"\nmsgstr "%(n)s项"\n',
     "python-format: incompatible format for placeholder 'n': 's' and 'd' are not compatible"),
    ("python: positional dropped", ZH, '#, python-format\nmsgid "Hello %s"\nmsgstr "你好"\n',
     "python-format: placeholders are incompatible"),
    ("brace: automatic fields numbered", ZH, '#, python-brace-format\nmsgid "{} of {}"\nmsgstr "{1}中的{0}"\n', None),
    ("brace: a name changed", ZH, '#, python-brace-format\nmsgid "Total {count} items"\nmsgstr "共{cnt}项"\n',
     "python-brace-format: missing {count}; not in the source {cnt}"),
    ("brace: an attribute added", ZH, '#, python-brace-format\nmsgid "{0.name}"\nmsgstr "{0.name} {0.x}"\n',
     "python-brace-format: not in the source {0.x}"),
    ("brace: a single brace", ZH, '#, python-brace-format\nmsgid "{a}"\nmsgstr "{a"\n',
     "python-brace-format: the translation's braces do not parse (a single { or })"),
]


PARAMETERS = [pytest.param(*case, id=name) for name, *case in CASES]


def po_text(plural_forms: str, entry: str) -> str:
    return HEAD.format(language="zh_Hans" if plural_forms == ZH else "en", plural_forms=plural_forms) + entry


@pytest.mark.parametrize("plural_forms, entry, said", PARAMETERS)
def test_placeholders_are_compared_as_the_program_fills_them(matcher, plural_forms, entry, said):
    catalog = read_catalog(po_text(plural_forms, entry), "x.po")
    report = check([("x.po", catalog)], matcher, Options(select=("F001",)))
    assert [f.message for f in report.findings] == ([said] if said else [])
    assert all(f.kind == "placeholder" and f.severity == "error" for f in report.findings)


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("plural_forms, entry, said", PARAMETERS)
def test_msgfmt_refuses_exactly_what_f001_reports(tmp_path, plural_forms, entry, said):
    """So that F001 cannot drift from what GNU gettext decides."""
    path = tmp_path / "x.po"
    path.write_text(po_text(plural_forms, entry), encoding="utf-8")
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], capture_output=True)
    assert result.returncode == (1 if said else 0), result.stderr
