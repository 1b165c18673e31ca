"""`i18n build` as a library, on copies of the bundled project: outputs, manifest, reproducibility,
structure and purity of the editions, the completion policy, bad input, and a real browser."""
import errno
import gettext
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

import i18n
from i18n import catalog as cat
from i18n import project
from i18n.config import load_config
from i18n.document import read_document, parse_document
from i18n.errors import I18nError
from i18n.glossary import TermMatcher
from i18n.langid import ACRONYM_RE, HAN_RE, LATIN_WORD_RE
from i18n.po import read_catalog, write_catalog
from i18n.publish import DRAFT, PUBLISHED, WITHHELD, build
from i18n.publish.build import locale_names
from i18n.publish.staging import Leftover
from test_render import HtmlBlocks

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted(p.stem for p in (ROOT / "source_texts").glob("*.txt"))
LANGUAGES = ("en", "zh_Hans")
LOCALE_DIRS = {"en": ("en",), "zh_Hans": ("zh_Hans", "zh_CN")}  # build/locale/<name>/ of each language
FORMATS = ("txt", "md", "html")
UNITS = {"mg", "kg", "ml", "mL", "cm", "mm", "μm", "kDa", "h", "min"}


def copy_project(target: Path) -> Path:
    """pyproject.toml, the sources and the catalogues (compiled .mo files left behind)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "pyproject.toml", target)
    shutil.copytree(ROOT / "source_texts", target / "source_texts")
    shutil.copytree(ROOT / "locales", target / "locales", ignore=shutil.ignore_patterns("*.mo"))
    return target


@pytest.fixture
def copy(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="module")
def built(tmp_path_factory, matcher) -> Path:
    """One bundled build shared by the tests that only read it."""
    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    build(load_config(root), matcher, {})
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    """Every file of build/ and locales/: bytes, inode and modification time."""
    files = {}
    for folder in ("build", "locales"):
        for path in sorted((root / folder).rglob("*")):
            if path.is_file():
                info = path.stat()
                files[path.relative_to(root).as_posix()] = (path.read_bytes(), info.st_ino, info.st_mtime_ns)
    return files


def edit_catalog(path: Path, change) -> None:
    """Rewrite a catalogue with ``change(message)`` applied to its active entries."""
    catalog = read_catalog(path.read_text(encoding="utf-8"), str(path))
    messages = tuple(m if m.obsolete else change(m) for m in catalog.messages)
    path.write_text(write_catalog(replace(catalog, messages=messages)), encoding="utf-8")


def po(root: Path, language: str, article: str) -> Path:
    return root / "locales" / language / "LC_MESSAGES" / f"{article}.po"


def published_mo(root: Path, language: str, article: str) -> list[Path]:
    """Where a build publishes a catalogue's .mo: locales/ and each of its locale directories in build/locale/."""
    return [po(root, language, article).with_suffix(".mo"),
            *(root / "build/locale" / name / "LC_MESSAGES" / f"{article}.mo" for name in LOCALE_DIRS[language])]


def served(article: str, localedir: Path, language: str) -> gettext.GNUTranslations:
    """What plain gettext loads for ``language``, read from disk now (gettext.translation caches per path)."""
    return gettext.GNUTranslations(io.BytesIO(Path(gettext.find(article, localedir, [language])).read_bytes()))


def manifest_entry(root: Path, language: str, article: str) -> dict:
    return json.loads((root / "build/manifest.json").read_text(encoding="utf-8"))["languages"][language]["articles"][
        article]


def impure_words(text: str, language: str, glossary) -> list[str]:
    """Words of the other language: any Han character in English; in Chinese, a Latin word that is not
    an acronym, a unit, or part of a do-not-translate name of the glossary (a name with no Chinese form)."""
    if not language.startswith("zh"):
        return HAN_RE.findall(text)
    names = sorted((f for c in glossary.concepts if c.is_name and not c.zh for f in (c.en, *c.en_variants)),
                   key=len, reverse=True)
    acronyms = {a for c in glossary.concepts for a in c.en_acronyms}
    for name in names:
        text = text.replace(name, " ")
    return [word for word in LATIN_WORD_RE.findall(text)
            if not (ACRONYM_RE.fullmatch(word) or word in acronyms or word in UNITS or (len(word) == 1 and word.isupper()))]


def markdown_kinds(markdown: str) -> list[str]:
    """The block kind of each line of a Markdown edition, by the markup that starts it."""
    kinds = []
    for line in markdown.rstrip("\n").replace("\n\n", "\n").split("\n"):
        if re.match(r"#{1,2} ", line):
            kinds.append("heading")
        elif re.match(r"(?:-|\d+[.)]) ", line):
            kinds.append("list-item")
        elif line.startswith("*") and line.endswith("*") and not line.endswith("\\*"):
            kinds.append("credit")
        else:
            kinds.append("paragraph")
    return kinds


def edition_texts(root: Path, language: str, article: str) -> list[str]:
    """The published words of an edition: the text form, and the title and blocks of the HTML form."""
    page = HtmlBlocks((root / "build" / language / f"{article}.html").read_text(encoding="utf-8"))
    return [(root / "build" / language / f"{article}.txt").read_text(encoding="utf-8"), page.title, *page.texts]


# --- the bundled build ---------------------------------------------------------------------------

def test_bundled_build_publishes_ten_editions_in_three_formats_and_compiles_every_catalogue(built):
    for language in LANGUAGES:
        assert sorted(p.name for p in (built / "build" / language).iterdir()) == sorted(
            f"{a}.{f}" for a in ARTICLES for f in FORMATS)
        for article in ARTICLES:
            compiled = [path.read_bytes() for path in published_mo(built, language, article)]
            assert len(compiled[0]) > 1000 and all(data == compiled[0] for data in compiled)
    assert sorted(p.name for p in (built / "build").iterdir()) == ["en", "locale", "manifest.json", "zh_Hans"]
    assert sorted(p.name for p in (built / "build/locale").iterdir()) == ["en", "zh_CN", "zh_Hans"]
    leftovers = [p for p in built.rglob(".*") if p.name.endswith((".tmp", ".old"))]
    assert leftovers == []


def test_manifest_describes_every_file_and_is_canonical_json(built):
    raw = (built / "build" / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(raw)
    assert raw == json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert manifest["version"] == 2
    assert manifest["toolkit"] == {"name": "zhen-l10n", "version": i18n.__version__}
    assert manifest["policy"] == {"force": False, "min_translated": 100.0}
    assert {lang: v["tag"] for lang, v in manifest["languages"].items()} == {"en": "en", "zh_Hans": "zh-Hans"}
    for language in LANGUAGES:
        entries = manifest["languages"][language]["articles"]
        assert sorted(entries) == ARTICLES
        for article, entry in entries.items():
            assert (entry["status"], entry["draft"], entry["translated"], entry["check_errors"], entry["forced"],
                    entry["omitted"], entry["reason"]) == (PUBLISHED, False, 100.0, 0, False, [], None)
            compiled = entry["compiled"]
            assert sorted(entry["files"]) == sorted(FORMATS)
            assert [compiled["path"], *compiled["aliases"]] == [
                f"locale/{name}/LC_MESSAGES/{article}.mo" for name in LOCALE_DIRS[language]]
            for record in [*entry["files"].values(), compiled, *({**compiled, "path": a} for a in compiled["aliases"])]:
                data = (built / "build" / record["path"]).read_bytes()
                assert (record["sha256"], record["size"]) == (hashlib.sha256(data).hexdigest(), len(data))
            assert po(built, language, article).with_suffix(".mo").read_bytes() == (
                built / "build" / compiled["path"]).read_bytes()  # the same bytes in locales/
            for name, path in (("source", f"source_texts/{article}.txt"),
                               ("catalogue", f"locales/{language}/LC_MESSAGES/{article}.po")):
                data = (built / path).read_bytes()
                assert entry[name] == {"path": path, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            assert compiled["catalogue_sha256"] == entry["catalogue"]["sha256"]  # compiled from it as it is
            first_heading = HtmlBlocks((built / "build" / entry["files"]["html"]["path"]).read_text()).title
            assert entry["title"] == first_heading


# Where Python's gettext looks in each locale directory for what its caller asks: build/locale/ answers
# the POSIX names too, never Traditional Chinese; locales/ only the project's own names.
GETTEXT_LOOKUPS = {
    "locales": {"en": "en", "en_US": "en", "zh_Hans": "zh_Hans", "zh_CN": None, "zh": None, "zh_TW": None},
    "build/locale": {"en": "en", "en_US": "en", "zh_Hans": "zh_Hans", "zh_CN": "zh_CN", "zh": "zh_CN",
                     "zh_CN.UTF-8": "zh_CN", "zh_TW": None, "zh_Hant": None},
}


@pytest.mark.parametrize("localedir", GETTEXT_LOOKUPS)
def test_python_gettext_finds_the_compiled_catalogues(built, localedir):
    for asked, found in GETTEXT_LOOKUPS[localedir].items():
        for article in ARTICLES:
            where = gettext.find(article, built / localedir, [asked])
            assert where == (found and str(built / localedir / found / "LC_MESSAGES" / f"{article}.mo"))
            if found is None:
                continue
            translations = gettext.translation(article, built / localedir, [asked])
            language = "en" if found == "en" else "zh_Hans"
            for message in project.load_catalog(po(built, language, article)).active():
                assert translations.gettext(message.msgid) == message.msgstr


@pytest.mark.skipif(shutil.which("gettext") is None, reason="GNU gettext not installed")
@pytest.mark.parametrize("language, expected", [("zh_CN", "zh_Hans"), ("zh_CN.UTF-8", "zh_Hans"),
                                                ("zh_Hans", "zh_Hans"), ("en_US", "en"), ("zh_TW", None)])
def test_glibc_gettext_finds_the_published_locale_directory(built, language, expected):
    """A C program (gettext(1)) with LANGUAGE set, reading build/locale as its TEXTDOMAINDIR."""
    article = "stem-cells-novel-approach"
    messages = [m for m in project.load_catalog(po(built, "zh_Hans", article)).active() if m.msgctxt is None][:5]
    for message in messages:
        environment = {**os.environ, "TEXTDOMAINDIR": str(built / "build/locale"), "LANGUAGE": language,
                       "LC_ALL": "C.UTF-8"}  # glibc ignores LANGUAGE in the plain C locale
        done = subprocess.run(["gettext", "-d", article, "--", message.msgid],
                              env=environment, capture_output=True, text=True, check=True)
        wanted = message.msgid if expected is None else next(
            m.msgstr for m in project.load_catalog(po(built, expected, article)).active() if m.key == message.key)
        assert done.stdout == wanted


@pytest.mark.parametrize("language, languages, names", [
    ("zh_Hans", (), ("zh_Hans", "zh_CN")), ("zh_Hant", (), ("zh_Hant", "zh_TW")), ("en", (), ("en",)),
    ("zh", (), ("zh",)), ("pt_BR", (), ("pt_BR",)), ("zh_Hans_SG", (), ("zh_Hans_SG",)),
    ("sr_Latn", (), ("sr_Latn",)),  # Serbia writes Cyrillic: sr_RS would be the wrong script
    ("zh_Hans", ("en", "zh_Hans", "zh_CN"), ("zh_Hans",)),  # zh_CN is a language of its own there
])
def test_locale_names(language, languages, names):
    assert locale_names(language, languages) == names


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("article", ARTICLES)
def test_each_edition_has_the_blocks_of_its_source(built, article, language):
    source = read_document(built / "source_texts" / f"{article}.txt").blocks
    kinds = [b.kind for b in source]
    folder = built / "build" / language
    text = parse_document((folder / f"{article}.txt").read_text(encoding="utf-8")).blocks
    assert [b.kind for b in text] == kinds
    assert [b.marker for b in text] == [b.marker for b in source]
    page = HtmlBlocks((folder / f"{article}.html").read_text(encoding="utf-8"))
    assert page.kinds == kinds
    assert page.lang == ("zh-Hans" if language == "zh_Hans" else "en")
    assert page.title and page.title == next(t for k, t in zip(page.kinds, page.texts) if k == "heading")
    assert markdown_kinds((folder / f"{article}.md").read_text(encoding="utf-8")) == kinds
    if language == "zh_Hans":  # sentences joined without spaces in Chinese, with one in English
        assert not any(re.search(r"[。！？]\s", b.text) for b in text)
    else:
        assert not any("  " in b.text or re.search(r"[a-z][.?!][A-Z][a-z]", b.text) for b in text)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("article", ARTICLES)
def test_each_edition_is_in_one_language(built, article, language, matcher):
    for text in edition_texts(built, language, article):
        assert impure_words(text, language, matcher.glossary) == []


def test_the_purity_check_finds_the_other_language(matcher):
    glossary = matcher.glossary
    assert impure_words("MS的干细胞 therapy（iPSC），Jacob Hascalovici博士，5 mg", "zh_Hans", glossary) == ["therapy"]
    assert impure_words("来源：France", "zh_Hans", glossary) == ["France"]  # a name with a Chinese form
    assert impure_words("Stem cells (干细胞) for MS", "en", glossary) == ["干", "细", "胞"]


def test_rebuild_is_byte_identical_and_rewrites_nothing(built, matcher, tmp_path):
    for path in list((built / "build").rglob("*")) + list((built / "locales").rglob("*.mo")):
        os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    before = snapshot(built)
    result = build(load_config(built), matcher, {})
    assert (result.written, result.removed) == ((), ())
    assert len(result.unchanged) == 10 + 15 + 10 * 3 + 1  # .mo in locales/ and build/locale/, editions, manifest
    assert snapshot(built) == before
    elsewhere = copy_project(tmp_path / "elsewhere")
    build(load_config(elsewhere), matcher, {})
    assert {k: v[0] for k, v in snapshot(elsewhere).items()} == {k: v[0] for k, v in before.items()}


def test_a_changed_entry_rewrites_only_its_outputs(copy, matcher):
    config = load_config(copy)
    build(config, matcher, {})
    before = snapshot(copy)
    article = "stem-cells-novel-approach"
    target = "Stem Cells for MS: A Novel Treatment Approach"
    edit_catalog(po(copy, "zh_Hans", article),
                 lambda m: replace(m, msgstr="MS的干细胞疗法：一种新的治疗思路") if m.msgid == target else m)
    labels = []
    result = build(config, matcher, {}, progress=labels.append)
    changed = {f"build/zh_Hans/{article}.{f}" for f in FORMATS} | {"build/manifest.json"} | {
        p.relative_to(copy).as_posix() for p in published_mo(copy, "zh_Hans", article)}
    assert {p.relative_to(copy).as_posix() for p in result.written} == changed
    after = snapshot(copy)
    assert {k for k in after if after[k] != before[k]} == changed | {f"locales/zh_Hans/LC_MESSAGES/{article}.po"}
    assert "<title>MS的干细胞疗法：一种新的治疗思路</title>" in (copy / "build/zh_Hans" / f"{article}.html").read_text()
    assert labels == [f"{language}/{a}" for language in LANGUAGES for a in ARTICLES]


# --- the completion policy -----------------------------------------------------------------------

def _untranslate(path: Path, wanted) -> list:
    """Empty the translation of the entries ``wanted(message)`` picks; returns them."""
    picked = []

    def change(message):
        if wanted(message):
            picked.append(message)
            return replace(message, msgstr="")
        return message

    edit_catalog(path, change)
    return picked


def test_an_incomplete_catalogue_is_withheld_by_default_and_a_draft_above_the_threshold(copy, matcher):
    article = "stem-cells-novel-approach"
    line_2 = [m.msgid for m in project.load_catalog(po(copy, "zh_Hans", article)).active()
              if m.references[0].endswith(":2")]
    assert len(line_2) == 3  # the paragraph on line 2 has three sentences: the first two are emptied
    emptied = _untranslate(po(copy, "zh_Hans", article), lambda m: m.msgid in line_2[:2])
    config = load_config(copy)
    share = round(100 * 40 / 42, 2)

    result = build(config, matcher, {})
    withheld = result.having(WITHHELD)
    assert [(e.language, e.article) for e in withheld] == [("zh_Hans", article)]
    assert withheld[0].reason == "below the minimum of 100% translated (--min-translated)"
    assert not (copy / "build/zh_Hans" / f"{article}.html").exists()
    entry = json.loads((copy / "build/manifest.json").read_text())["languages"]["zh_Hans"]["articles"][article]
    assert (entry["status"], entry["files"], entry["translated"], entry["compiled"]) == (WITHHELD, {}, share, None)
    assert not any(path.exists() for path in published_mo(copy, "zh_Hans", article))  # withheld: not compiled

    result = build(config, matcher, {}, min_translated=95)
    assert [(e.language, e.article, e.omitted) for e in result.having(DRAFT)] == [("zh_Hans", article, 2)]
    entry = json.loads((copy / "build/manifest.json").read_text())["languages"]["zh_Hans"]["articles"][article]
    assert (entry["status"], entry["draft"]) == (DRAFT, True)
    assert entry["omitted"] == [{"line": 2, "kind": "paragraph", "msgid": m.msgid} for m in emptied]
    text = (copy / "build/zh_Hans" / f"{article}.txt").read_text()
    source = read_document(copy / "source_texts" / f"{article}.txt").blocks
    blocks = parse_document(text).blocks
    assert [b.kind for b in blocks] == [b.kind for b in source]
    third = next(m for m in project.load_catalog(po(copy, "zh_Hans", article)).active() if m.msgid == line_2[2])
    assert blocks[1].text == third.msgstr  # the paragraph keeps only its translated sentence
    for words in edition_texts(copy, "zh_Hans", article):
        assert impure_words(words, "zh_Hans", matcher.glossary) == []

    draft = [path.read_bytes() for path in published_mo(copy, "zh_Hans", article)]
    assert served(article, copy / "locales", "zh_Hans").gettext(line_2[2]) == third.msgstr
    assert served(article, copy / "locales", "zh_Hans").gettext(line_2[0]) == line_2[0]  # left out of the draft
    assert build(config, matcher, {}, min_translated=96).having(DRAFT) == ()
    assert [path.read_bytes() for path in published_mo(copy, "zh_Hans", article)] == draft  # the draft's, kept
    assert manifest_entry(copy, "zh_Hans", article)["compiled"] == entry["compiled"]


def test_an_english_draft_keeps_untranslated_english_sentences_and_leaves_mixed_ones_out(copy, matcher):
    article = "stem-cell-therapy-overview"
    classes = iter(["en", "mixed"])
    wanted = next(classes)

    def one_of_each_class(message):
        nonlocal wanted
        if wanted and cat.segment_class(message) == wanted and message.extracted[0].startswith("paragraph"):
            wanted = next(classes, None)
            return True
        return False

    english, mixed = _untranslate(po(copy, "en", article), one_of_each_class)
    result = build(load_config(copy), matcher, {}, min_translated=0)
    assert [(e.language, e.article, e.status, e.omitted) for e in result.having(DRAFT)] == [("en", article, DRAFT, 1)]
    text = (copy / "build/en" / f"{article}.txt").read_text()
    assert english.msgid in text
    assert mixed.msgid not in text and mixed.msgstr not in text
    assert not HAN_RE.search(text)


def test_check_errors_withhold_an_article_unless_forced(copy, matcher):
    config = load_config(copy)
    failing = po(copy, "zh_Hans", "ms-stem-cell-breakthrough")
    result = build(config, matcher, {failing: 2})
    assert [(e.article, e.reason) for e in result.having(WITHHELD)] == [
        ("ms-stem-cell-breakthrough", "2 check error(s), which i18n check lists; --force publishes it anyway")]
    assert not (copy / "build/zh_Hans/ms-stem-cell-breakthrough.txt").exists()

    result = build(config, matcher, {failing: 2}, force=True)
    assert [(e.language, e.article, e.status) for e in result.forced] == [
        ("zh_Hans", "ms-stem-cell-breakthrough", PUBLISHED)]
    manifest = json.loads((copy / "build/manifest.json").read_text())
    entry = manifest["languages"]["zh_Hans"]["articles"]["ms-stem-cell-breakthrough"]
    assert (manifest["policy"]["force"], entry["forced"], entry["check_errors"], entry["status"]) == (
        True, True, 2, PUBLISHED)


def test_a_withheld_catalogue_keeps_the_mo_last_published_for_it(project):
    """The user's report, step by step: a forbidden variant (干细胞疗法) withholds the article, and its .mo
    files stay as last published (same bytes, same inode), so no consumer is served the failing
    translation; the manifest lists the .mo still published and the catalogue it was compiled from."""
    from click.testing import CliRunner

    from i18n.cli import cli

    article = "stem-cells-novel-approach"
    msgid = ("Stem cell therapy holds immense promise for MS treatment due to its ability to target the "
             "underlying mechanisms of the disease.")
    checked = "干细胞治疗能够针对该病的根本发病机制，因此在MS治疗中前景广阔。"
    assert CliRunner().invoke(cli, ["build"], catch_exceptions=False).exit_code == 0
    catalogue = po(project, "zh_Hans", article)
    good = {path: (path.read_bytes(), path.stat().st_ino) for path in published_mo(project, "zh_Hans", article)}
    published = manifest_entry(project, "zh_Hans", article)
    assert published["compiled"]["catalogue_sha256"] == hashlib.sha256(catalogue.read_bytes()).hexdigest()
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace('msgstr "干细胞治疗能够针对该病', 'msgstr "干细胞疗法能够针对该病'), encoding="utf-8")
    for run in range(2):  # a kept .mo stays kept
        withheld = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
        assert withheld.exit_code == 1
        assert f"build/zh_Hans/{article}: withheld, 100% translated (1 check error(s)" in withheld.output
        assert {path: (path.read_bytes(), path.stat().st_ino) for path in good} == good
        for localedir, language in (("locales", "zh_Hans"), ("build/locale", "zh_Hans"), ("build/locale", "zh_CN")):
            assert served(article, project / localedir, language).gettext(msgid) == checked
        assert i18n.translation("zh-CN", localedir=project / "locales").gettext(msgid) == checked
        entry = manifest_entry(project, "zh_Hans", article)
        assert (entry["status"], entry["files"], entry["compiled"]) == (WITHHELD, {}, published["compiled"])
        assert entry["catalogue"]["sha256"] == hashlib.sha256(catalogue.read_bytes()).hexdigest()
        assert entry["catalogue"]["sha256"] != entry["compiled"]["catalogue_sha256"]  # not from the catalogue now
    catalogue.write_text(text.replace("干细胞治疗能够针对该病", "干细胞治疗可以针对该病"), encoding="utf-8")
    assert CliRunner().invoke(cli, ["build"], catch_exceptions=False).exit_code == 0
    entry = manifest_entry(project, "zh_Hans", article)
    assert entry["compiled"]["catalogue_sha256"] == entry["catalogue"]["sha256"] != published["catalogue"]["sha256"]
    for localedir, language in (("locales", "zh_Hans"), ("build/locale", "zh_CN")):
        assert served(article, project / localedir, language).gettext(msgid) == checked.replace("能够", "可以")


def test_a_template_stale_after_a_glossary_change_blames_the_glossary(copy):
    glossary = copy / "locales" / "glossary.csv"
    glossary.write_text("".join(line for line in glossary.read_text(encoding="utf-8").splitlines(keepends=True)
                                if not line.startswith("msc,")), encoding="utf-8")
    config = load_config(copy)
    with pytest.raises(I18nError, match=r"template out of date with the glossary \(its terms: comments\)"):
        build(config, TermMatcher(project.load_glossary(glossary)), {})


def test_a_language_dropped_from_the_configuration_is_no_longer_published(copy, matcher):
    build(load_config(copy), matcher, {})
    stale = copy / "locales" / "zh_Hans" / "LC_MESSAGES" / "stem-cells-novel-approach.mo"
    assert stale.is_file()
    pyproject = copy / "pyproject.toml"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace('languages = ["en", "zh_Hans"]',
                                                                      'languages = ["en"]'), encoding="utf-8")
    result = build(load_config(copy), matcher, {})
    assert stale in result.removed and not list((copy / "locales" / "zh_Hans").rglob("*.mo"))
    assert (copy / "locales" / "zh_Hans" / "LC_MESSAGES" / "stem-cells-novel-approach.po").is_file()
    assert not (copy / "build" / "locale" / "zh_Hans").exists()


def test_a_retired_article_is_no_longer_published_and_said_to_be(copy, matcher):
    """Its source text deleted, an article's template and catalogues are orphans: not built, their .mo files
    (which applications reading locales/ would go on serving) removed, and the build says so. A .mo of a name
    no template has is not the build's and stays."""
    build(load_config(copy), matcher, {})
    foreign = copy / "locales" / "en" / "LC_MESSAGES" / "another-domain.mo"
    foreign.write_bytes(b"not the build's")
    (copy / "source_texts" / "stem-cells-novel-approach.txt").unlink()
    result = build(load_config(copy), matcher, {})
    assert result.orphans == (copy / "locales" / "stem-cells-novel-approach.pot",)
    assert sorted(result.removed) == [po(copy, language, "stem-cells-novel-approach").with_suffix(".mo")
                                      for language in ("en", "zh_Hans")]
    assert foreign.is_file() and po(copy, "zh_Hans", "stem-cells-novel-approach").is_file()
    assert {e.article for e in result.editions} == {"how-stem-cell-treatment-works", "ms-stem-cell-breakthrough",
                                                    "stem-cell-therapy-effectiveness", "stem-cell-therapy-overview"}
    assert "stem-cells-novel-approach" not in json.dumps(result.manifest)


def test_build_command_warns_of_a_retired_article(project):
    from click.testing import CliRunner

    from i18n.cli import cli

    (project / "source_texts" / "stem-cells-novel-approach.txt").unlink()
    result = CliRunner().invoke(cli, ["build"])
    assert result.exit_code == 0
    assert result.stderr == ("i18n: WARNING: locales/stem-cells-novel-approach.pot: no source text "
                             "stem-cells-novel-approach.txt any more, so not built and its .mo files removed; "
                             "restore the source, or remove the template and its catalogues\n")


def test_a_build_killed_mid_swap_is_recovered_by_the_next_one(project):
    """SIGKILL runs no handler: a build killed between moving the old build/ out and the new one in leaves
    no build/, the old tree in .build.<random>.old beside the staged tree that was to replace it,
    .build.<random>.tmp (the same random part), and staged files (.tmp); the next build puts the old tree
    back before it reads its manifest (so a withheld catalogue keeps its vouched .mo) and sweeps the rest."""
    from click.testing import CliRunner

    from i18n.cli import cli

    article = "stem-cells-novel-approach"
    assert CliRunner().invoke(cli, ["build"], catch_exceptions=False).exit_code == 0
    good = {path: path.read_bytes() for path in published_mo(project, "zh_Hans", article)}
    shutil.copytree(project / "build", project / ".build.k1ll3d_x.tmp")
    (project / "build").rename(project / ".build.k1ll3d_x.old")
    (project / ".build.abcdefgh.tmp").mkdir()  # staging of another killed run
    stray = project / "locales" / "zh_Hans" / "LC_MESSAGES" / f".{article}.mo.zz9_0aby.tmp"
    stray.write_bytes(b"half a .mo")
    catalogue = po(project, "zh_Hans", article)
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
        'msgstr "干细胞治疗能够针对该病', 'msgstr "干细胞疗法能够针对该病'), encoding="utf-8")
    assert CliRunner().invoke(cli, ["build"], catch_exceptions=False).exit_code == 1  # withheld
    assert {path: path.read_bytes() for path in good} == good
    assert not list(project.glob(".build.*")) and not stray.exists()


@pytest.mark.parametrize("leftover", ["an interrupted swap", "a completed swap"])
def test_recovery_never_puts_an_old_tree_in_place_of_a_build_there_is(copy, matcher, leftover):
    """An old tree is put back only where a killed swap took a build away: with build/ there, an old tree
    and its staged replacement (a swap interrupted, build/ made since) or an old tree alone (a swap that
    completed and could not remove it) are swept and build/ is left as it was."""
    build(load_config(copy), matcher, {})
    before = snapshot(copy)
    old = copy / ".build.k1ll3d_x.old"
    shutil.copytree(copy / "build", old)
    (old / "manifest.json").write_text("{}", encoding="utf-8")
    if leftover == "an interrupted swap":
        (copy / ".build.k1ll3d_x.tmp").mkdir()
    result = build(load_config(copy), matcher, {})
    assert snapshot(copy) == before and not list(copy.glob(".build.*")) and result.leftovers == ()


@pytest.fixture
def unremovable_old_trees(monkeypatch):
    """shutil.rmtree as it goes for a user who may not write one directory of a replaced build (an .old
    tree): the rest goes, that directory stays, and the call raises as the real one does. (The tests run
    as root, whom no chmod stops.)"""
    remove = shutil.rmtree

    def rmtree(path, ignore_errors=False, **kwargs):
        path = Path(path)
        if path.suffix != ".old":
            return remove(path, ignore_errors, **kwargs)
        for child in path.iterdir():
            if child.name != "locale":
                remove(child) if child.is_dir() else child.unlink()
        if not ignore_errors:
            raise PermissionError(errno.EACCES, "Permission denied", str(path / "locale/zh_CN/LC_MESSAGES"))

    monkeypatch.setattr(shutil, "rmtree", rmtree)


def test_a_replaced_build_that_cannot_be_removed_is_reported_and_never_taken_for_the_build(
        copy, matcher, unremovable_old_trees):
    """The user's report: the new build is in place, but the old one it replaced could not be removed; the
    build returns it (the command says so) and, once build/ is removed, never puts that partial tree
    back in its place."""
    article = "stem-cells-novel-approach"
    build(load_config(copy), matcher, {})
    catalogue = po(copy, "zh_Hans", article)
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("揭示干细胞治疗的潜力", "揭示干细胞治疗的巨大潜力"),
                         encoding="utf-8")
    result = build(load_config(copy), matcher, {})
    [leftover] = result.leftovers
    assert leftover == Leftover(leftover.path, "Permission denied")
    assert leftover.path.parent == copy and re.fullmatch(r"\.build\.[a-z0-9_]{8}\.old", leftover.path.name)
    assert sorted(p.name for p in leftover.path.iterdir()) == ["locale"]
    assert "巨大潜力" in (copy / "build" / "zh_Hans" / f"{article}.txt").read_text(encoding="utf-8")
    assert manifest_entry(copy, "zh_Hans", article)["catalogue"]["sha256"] == hashlib.sha256(
        catalogue.read_bytes()).hexdigest()
    published = snapshot(copy)

    again = build(load_config(copy), matcher, {})  # nothing to replace; the leftover is still there, and said so
    assert (again.leftovers, again.written, snapshot(copy)) == (result.leftovers, (), published)

    shutil.rmtree(copy / "build")
    fresh = build(load_config(copy), matcher, {})
    assert fresh.leftovers == result.leftovers and list(copy.glob(".build.*")) == [leftover.path]
    assert {name: data for name, (data, _, _) in snapshot(copy).items()} == {
        name: data for name, (data, _, _) in published.items()}


@pytest.mark.parametrize("history", ["no earlier build", "forced through the check", "changed since",
                                     "listed by another manifest version"])
def test_a_withheld_catalogue_that_nothing_vouches_for_has_no_mo(copy, matcher, history):
    """Only a .mo that passed the check, with the bytes the last manifest lists, is kept for a withheld
    catalogue; any other is removed, and the manifest lists none."""
    config = load_config(copy)
    article = "ms-stem-cell-breakthrough"
    failing = po(copy, "zh_Hans", article)
    if history != "no earlier build":
        build(config, matcher, {failing: 2} if history == "forced through the check" else {}, force=True)
    if history == "changed since":
        shown = copy / "build/locale/zh_Hans/LC_MESSAGES" / f"{article}.mo"
        shown.write_bytes(shown.read_bytes().replace("干细胞".encode(), "幹细胞".encode()))
    if history == "listed by another manifest version":
        manifest = json.loads((copy / "build/manifest.json").read_text(encoding="utf-8"))
        (copy / "build/manifest.json").write_text(json.dumps({**manifest, "version": 1}), encoding="utf-8")
    result = build(config, matcher, {failing: 2})
    assert result.removed == (() if history == "no earlier build" else (failing.with_suffix(".mo"),))
    assert not any(path.exists() for path in published_mo(copy, "zh_Hans", article))
    assert manifest_entry(copy, "zh_Hans", article)["compiled"] is None
    assert all(path.is_file() for a in ARTICLES if a != article for path in published_mo(copy, "zh_Hans", a))
    with pytest.raises(FileNotFoundError):
        gettext.translation(article, copy / "build/locale", ["zh_CN"])


def test_translations_are_escaped_in_html_and_markdown(copy, matcher):
    article = "how-stem-cell-treatment-works"
    title = "Stem cell therapy work in treating Multiple Sclerosis"
    hostile = '<script>alert("多发性硬化")</script> & “干细胞”'
    edit_catalog(po(copy, "zh_Hans", article), lambda m: replace(m, msgstr=hostile) if m.msgid == title else m)
    build(load_config(copy), matcher, {})
    page = (copy / "build/zh_Hans" / f"{article}.html").read_text()
    assert "<script" not in page
    escaped = "&lt;script&gt;alert(&quot;多发性硬化&quot;)&lt;/script&gt; &amp; “干细胞”"
    assert f"<title>{escaped}</title>" in page and f"<h1>{escaped}</h1>" in page
    parsed = HtmlBlocks(page)
    assert (parsed.title, parsed.texts[0]) == (hostile, hostile)
    assert "script" not in parsed.tags
    markdown = (copy / "build/zh_Hans" / f"{article}.md").read_text()
    assert markdown.startswith('# \\<script\\>alert("多发性硬化")\\</script\\> & “干细胞”\n')


# --- bad input: one error naming the file, nothing written ---------------------------------------

def _append(path: Path, data: bytes) -> None:
    path.write_bytes(path.read_bytes() + data)


def _directory_for_a_changed_mo(root: Path) -> None:
    """A catalogue changed (its .mo, and so build/, to be replaced) and a directory where its .mo goes."""
    catalogue = po(root, "zh_Hans", "stem-cells-novel-approach")
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("MS localization team", "MS team"), encoding="utf-8")
    mo = catalogue.with_suffix(".mo")
    mo.unlink()
    mo.mkdir()


BAD_INPUTS = {
    "stale template": (lambda root: _append(root / "source_texts/stem-cells-novel-approach.txt", b"A new line.\n"),
                       "locales/stem-cells-novel-approach.pot", None, "run `i18n extract`, then `i18n update`"),
    "missing template": (lambda root: (root / "locales/stem-cells-novel-approach.pot").unlink(),
                         "locales/stem-cells-novel-approach.pot", None, "no template"),
    "missing catalogue": (lambda root: po(root, "zh_Hans", "ms-stem-cell-breakthrough").unlink(),
                          "locales/zh_Hans/LC_MESSAGES/ms-stem-cell-breakthrough.po", None, "run `i18n update`"),
    "unmerged catalogue": (
        lambda root: edit_catalog(po(root, "en", "ms-stem-cell-breakthrough"),
                                  lambda m: replace(m, msgid=m.msgid + " (old)") if m.msgid == "Source: Pexels" else m),
        "locales/en/LC_MESSAGES/ms-stem-cell-breakthrough.po", None, "not merged"),
    "malformed catalogue": (lambda root: _append(po(root, "en", "stem-cells-novel-approach"), b'\nmsgid "open\n'),
                            "locales/en/LC_MESSAGES/stem-cells-novel-approach.po", "any", "malformed PO"),
    "undecodable source": (lambda root: _append(root / "source_texts/stem-cells-novel-approach.txt", b"caf\xe9\n"),
                           "source_texts/stem-cells-novel-approach.txt", 24, "not UTF-8"),
    "a directory where a .mo goes": (_directory_for_a_changed_mo, "locales/zh_Hans/LC_MESSAGES/stem-cells-novel-approach.mo",
                                     None, "cannot write: Is a directory"),
    "hidden article": (lambda root: (root / "source_texts/.draft.txt").write_text("Title\nText here.\n"),
                       "source_texts/.draft.txt", None, "cannot name a file"),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_raises_one_error_and_changes_nothing(copy, matcher, case):
    spoil, path, line, words = BAD_INPUTS[case]
    config = load_config(copy)
    build(config, matcher, {})
    before = snapshot(copy)
    spoil(copy)
    spoilt = snapshot(copy)
    with pytest.raises(I18nError) as caught:
        build(config, matcher, {})
    assert caught.value.path == str(copy / path)
    assert words in caught.value.message
    if line == "any":
        assert caught.value.line
    else:
        assert caught.value.line == line
    assert snapshot(copy) == spoilt
    assert {k: v for k, v in spoilt.items() if k.startswith("build/")} == {
        k: v for k, v in before.items() if k.startswith("build/")}


@pytest.mark.parametrize("build_dir, make, words", [
    ("blocker/build", lambda root: (root / "blocker").write_text("a file"), "cannot write"),
    ("build", lambda root: (root / "build").write_text("a file"), "not a directory"),
    ("build", lambda root: (root / "build" / "lib").mkdir(parents=True), "did not write"),
    (".", lambda root: None, "would replace the project"),
    ("locales/..", lambda root: None, "would replace the project"),
    ("source_texts/build", lambda root: None, None),  # inside the sources is no danger to them
    ("..", lambda root: None, "would replace the project"),
])
def test_an_unusable_build_directory_is_refused_before_anything_is_written(copy, matcher, build_dir, make, words):
    make(copy)
    before = snapshot(copy)
    config = replace(load_config(copy), build_dir=build_dir)
    if words is None:
        build(config, matcher, {})
        assert (copy / build_dir / "manifest.json").is_file()
        return
    with pytest.raises(I18nError, match=words):
        build(config, matcher, {})
    assert snapshot(copy) == before
    assert not list((copy / "locales").rglob("*.mo")) and not list(copy.rglob(".*.tmp"))


def test_an_unsafe_language_name_is_refused(copy, matcher):
    config = replace(load_config(copy), languages=("en", "../zh_Hans"))
    with pytest.raises(I18nError, match="cannot name a file"):
        build(config, matcher, {})
    assert not (copy / "build").exists()


def test_an_article_name_that_could_leave_build_is_refused(copy, matcher):
    (copy / "source_texts" / "..evil.txt").write_text("Title\n", encoding="utf-8")
    with pytest.raises(I18nError, match="cannot name a file"):
        build(load_config(copy), matcher, {})
    assert not (copy / "build").exists()


# --- a real browser ------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")


def chromium(profile: Path, *arguments: str) -> str:
    profile.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *arguments],
                          capture_output=True, text=True, timeout=120, check=True)
    return done.stdout


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs it as root)")
@pytest.mark.parametrize("language", LANGUAGES)
def test_chromium_parses_and_draws_each_html_edition(built, language, tmp_path):
    for number, article in enumerate(ARTICLES):
        page = built / "build" / language / f"{article}.html"
        dom = HtmlBlocks(chromium(tmp_path / f"profile-{number}", "--dump-dom", page.as_uri()))
        ours = HtmlBlocks(page.read_text(encoding="utf-8"))
        assert dom.lang == ("zh-Hans" if language == "zh_Hans" else "en")
        assert (dom.title, dom.kinds, dom.texts) == (ours.title, ours.kinds, ours.texts)
        assert len(dom.kinds) == len(read_document(built / "source_texts" / f"{article}.txt").blocks)
    screenshot = tmp_path / f"{language}.png"
    chromium(tmp_path / "profile-shot", f"--screenshot={screenshot}", "--window-size=900,1400",
             (built / "build" / language / "stem-cell-therapy-overview.html").as_uri())
    image = screenshot.read_bytes()
    assert image.startswith(b"\x89PNG\r\n\x1a\n") and len(image) > 20_000


def test_build_command_summary_and_exit_codes(project):
    """The command: a line per edition, then the totals; --format json for machines; 1 when withheld."""
    from click.testing import CliRunner

    from i18n.cli import cli

    result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "10 published, 0 draft(s), 0 withheld; 56 file(s) written, 0 unchanged"
    assert "build/zh_Hans/stem-cell-therapy-overview: published, 100% translated" in result.output
    again = json.loads(CliRunner().invoke(cli, ["build", "--format", "json"], catch_exceptions=False).output)
    assert again["version"] == 1 and again["written"] == [] and again["unchanged"] == 56
    assert {e["status"] for e in again["editions"]} == {"published"} and len(again["editions"]) == 10
    po = project / "locales" / "zh_Hans" / "LC_MESSAGES" / "stem-cells-novel-approach.po"
    po.write_text(po.read_text(encoding="utf-8").replace("干细胞治疗MS的有效性", "幹细胞治疗MS的有效性"), encoding="utf-8")
    withheld = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert withheld.exit_code == 1
    assert "build/zh_Hans/stem-cells-novel-approach: withheld" in withheld.output
    forced = CliRunner().invoke(cli, ["build", "--force"], catch_exceptions=False)
    assert forced.exit_code == 0
    assert "WARNING: published zh_Hans/stem-cells-novel-approach with 2 check error(s) (--force)" in forced.stderr


def test_build_command_warns_of_a_replaced_build_it_cannot_remove(project, unremovable_old_trees):
    """One line on stderr names the tree left behind and why; the build itself succeeded: exit code 0."""
    from click.testing import CliRunner

    from i18n.cli import cli

    assert CliRunner().invoke(cli, ["build"], catch_exceptions=False).exit_code == 0
    catalogue = po(project, "zh_Hans", "stem-cells-novel-approach")
    catalogue.write_text(catalogue.read_text(encoding="utf-8").replace("揭示干细胞治疗的潜力", "揭示干细胞治疗的巨大潜力"),
                         encoding="utf-8")
    result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    [old] = project.glob(".build.*")
    assert result.exit_code == 0
    assert result.stderr == (f"i18n: WARNING: could not remove {old.name} (left by a build, no longer used): "
                             "Permission denied; remove it by hand\n")
