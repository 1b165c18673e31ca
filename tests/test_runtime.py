"""i18n.translation: what callers send, negotiated with babel to the locale directory that exists."""
from pathlib import Path

import pytest

import i18n
from i18n import project
from i18n.config import load_config
from i18n.errors import I18nError
from i18n.glossary import TermMatcher
from i18n.mo import write_mo
from i18n.po import read_catalog
from i18n.publish import build
from i18n.runtime import available_locales, negotiate, preferences
from test_publish import copy_project

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def catalogs():
    """The bundled catalogues: {(language directory, domain): Catalog}."""
    return {(path.parent.parent.name, path.stem): read_catalog(path.read_text(encoding="utf-8"), str(path))
            for path in sorted(ROOT.glob("locales/*/LC_MESSAGES/*.po"))}


@pytest.fixture(scope="module")
def localedir(tmp_path_factory, catalogs):
    """A locales directory with the bundled catalogues compiled by write_mo, as `i18n build` lays it out."""
    root = tmp_path_factory.mktemp("locales")
    for (language, domain), catalog in catalogs.items():
        target = root / language / "LC_MESSAGES" / f"{domain}.mo"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(write_mo(catalog))
    return root


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """build/locale/ of a real build of the bundled project: en, zh_Hans and its copy zh_CN."""
    root = copy_project(tmp_path_factory.mktemp("published") / "project")
    config = load_config(root)
    build(config, TermMatcher(project.load_glossary(config.path("glossary"))), {})
    return root / "build" / "locale"


@pytest.fixture(params=["locales", "build/locale"])
def localedirs(request, localedir, published):
    """Each layout the runtime reads: the project's locales/ and the build's build/locale/."""
    return localedir if request.param == "locales" else published


def assert_serves(translations, catalogs, language):
    """The object translates every translated entry of every article as ``language``'s catalogue does."""
    assert translations.info()["language"] == language
    for (directory, _), catalog in catalogs.items():
        if directory == language:
            for message in catalog.active():
                if message.translated and message.msgctxt is None and message.msgid_plural is None:
                    assert translations.gettext(message.msgid) == message.msgstr


# What callers send -> the directory it must get; None: no match (an I18nError without a default).
NEGOTIATION = [
    ("zh-CN", "zh_Hans"),
    ("zh_CN", "zh_Hans"),
    ("zh-Hans-CN", "zh_Hans"),
    ("zh-Hans", "zh_Hans"),
    ("zh", "zh_Hans"),
    ("zh-SG", "zh_Hans"),
    ("ZH-cn", "zh_Hans"),
    ("zh_CN.UTF-8", "zh_Hans"),
    ("en-US", "en"),
    ("en_GB.UTF-8", "en"),
    ("en", "en"),
    ("zh-CN,zh;q=0.9,en;q=0.8", "zh_Hans"),
    ("fr-FR, en;q=0.5", "en"),
    ("en;q=0.5, zh-CN", "zh_Hans"),  # ordered by weight, not by position
    ("zh-CN;q=0, en", "en"),  # q=0 means "not this one"
    # BCP 47 extensions and private use say nothing of the language; Mandarin is written as Chinese
    ("zh-Hans-CN-u-ca-chinese", "zh_Hans"),
    ("zh-u-nu-hanidec", "zh_Hans"),
    ("zh-CN-x-private", "zh_Hans"),
    ("cmn-Hans-CN", "zh_Hans"),
    ("zh-cmn-Hans", "zh_Hans"),
    ("zh-TW-u-ca-chinese", None),
    # Traditional Chinese is another script: never silently Simplified.
    ("zh-TW", None),
    ("zh-HK", None),
    ("zh-MO", None),
    ("zh-Hant", None),
    ("zh-Hant-CN", None),
    ("zh-TW, zh-CN;q=0.5", "zh_Hans"),  # unless the sender also accepts Simplified
    ("zh-TW, en;q=0.5", "en"),
    ("fr-FR", None),
    ("*", None),
    ("C", None),
    ("", None),
]


@pytest.mark.parametrize("lang, expected", NEGOTIATION)
def test_negotiation_without_fallback(localedirs, catalogs, lang, expected):
    if expected is None:
        with pytest.raises(I18nError, match="no compiled catalogue for"):
            i18n.translation(lang, localedir=localedirs, default=None)
    else:
        assert_serves(i18n.translation(lang, localedir=localedirs, default=None), catalogs, expected)


@pytest.mark.parametrize("lang, expected", NEGOTIATION)
def test_negotiation_falls_back_to_english(localedirs, catalogs, lang, expected):
    assert_serves(i18n.translation(lang, localedir=localedirs), catalogs, expected or "en")


def test_each_name_gets_its_own_directory_where_there_is_one(published):
    """In build/locale/, zh_Hans and its POSIX copy zh_CN hold the same files; a caller naming one gets it."""
    available = available_locales(published)
    assert available == ["en", "zh_CN", "zh_Hans"]
    assert [negotiate(lang, available) for lang in ("zh-Hans", "zh", "zh-SG", "zh-CN", "zh_CN.UTF-8", "zh-Hans-CN")] == [
        "zh_Hans", "zh_Hans", "zh_Hans", "zh_CN", "zh_CN", "zh_CN"]
    assert negotiate("zh-TW", available) is None


def test_one_domain(localedir, catalogs):
    (first, catalog), (_, other) = [(d, c) for (lang, d), c in catalogs.items() if lang == "zh_Hans"][:2]
    translations = i18n.translation("zh-CN", first, localedir)
    own = {m.msgid for m in catalog.messages}
    mine = next(m for m in catalog.active() if m.translated)
    foreign = next(m for m in other.active() if m.translated and m.msgid not in own)
    assert translations.gettext(mine.msgid) == mine.msgstr
    assert translations.gettext(foreign.msgid) == foreign.msgid  # the other article is not loaded


def test_a_locale_without_the_domain_is_not_available(tmp_path, catalogs):
    (_, domain), english = next((key, c) for key, c in catalogs.items() if key[0] == "en")
    chinese = next(c for (lang, _), c in catalogs.items() if lang == "zh_Hans")
    for language, name, catalog in (("en", domain, english), ("zh_Hans", "another-article", chinese)):
        (tmp_path / language / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / language / "LC_MESSAGES" / f"{name}.mo").write_bytes(write_mo(catalog))
    assert available_locales(tmp_path, domain) == ["en"]
    assert available_locales(tmp_path) == ["en", "zh_Hans"]
    assert i18n.translation("zh-CN", domain, tmp_path).info()["language"] == "en"
    with pytest.raises(I18nError, match=r"no compiled catalogue for 'zh-CN' \(available: en\)"):
        i18n.translation("zh-CN", domain, tmp_path, default=None)
    with pytest.raises(I18nError, match=rf"no compiled catalogue of domain 'no-such-article' in any language "
                                        rf"\(domains: another-article, {domain}\)"):
        i18n.translation("en", "no-such-article", tmp_path)
    with pytest.raises(I18nError, match=r"no such locale directory"):
        i18n.translation("en", domain, tmp_path / "missing")


def test_localedir_defaults_to_the_project_config(tmp_path, monkeypatch, localedir, catalogs):
    (tmp_path / "pyproject.toml").write_text(f'[tool.i18n]\nlocales_dir = "{localedir}"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert_serves(i18n.translation("zh-Hans-CN"), catalogs, "zh_Hans")


def test_a_territory_directory_is_preferred_for_its_territory(tmp_path, catalogs):
    (_, domain), catalog = next((key, c) for key, c in catalogs.items() if key[0] == "en")
    for name in ("en", "en_GB"):
        (tmp_path / name / "LC_MESSAGES").mkdir(parents=True)
        (tmp_path / name / "LC_MESSAGES" / f"{domain}.mo").write_bytes(write_mo(catalog))
    assert negotiate("en-GB", available_locales(tmp_path)) == "en_GB"
    assert negotiate("en-AU", available_locales(tmp_path)) == "en"
    assert negotiate("en", available_locales(tmp_path)) == "en"


@pytest.mark.parametrize("cut, detail", [(0, "truncated or corrupt"), (20, "truncated or corrupt"),
                                          (-10, "File is corrupt"), (None, "Bad magic number")])
def test_a_corrupt_catalogue_is_an_error_naming_it(tmp_path, catalogs, cut, detail):
    valid = write_mo(next(iter(catalogs.values())))
    target = tmp_path / "en" / "LC_MESSAGES" / "broken.mo"
    target.parent.mkdir(parents=True)
    target.write_bytes(b"not a catalogue" if cut is None else valid[:cut])
    with pytest.raises(I18nError) as caught:
        i18n.translation("en", localedir=tmp_path)
    assert caught.value.path == str(target)
    assert caught.value.message == f"cannot load compiled catalogue: {detail}"


def test_accept_language_order():
    assert preferences("fr-FR, en;q=0.5, de;q=0.8, *;q=0.1, it;q=bad, es") == ["fr-FR", "es", "de", "en"]
