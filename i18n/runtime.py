"""Using the compiled catalogues: ``translation(lang)`` picks the locale directory a caller's language
tag, POSIX locale name or Accept-Language header stands for, and loads it with ``gettext``.

Matching is by language and script, the script filled in from CLDR's likely subtags (babel's
data): ``zh``, ``zh-CN``, ``zh_CN``, ``zh-SG``, ``zh-Hans``, ``zh-Hans-CN`` are all Simplified Chinese
(``zh_Hans``), ``en``, ``en-US``, ``en_GB.UTF-8`` all English (``en``). A directory that names a
territory (``pt_BR``) is preferred for that territory; otherwise the territory does not matter.
Either locale directory of the project works: ``locales/`` (``en``, ``zh_Hans``) or the build's
``build/locale/``, which also holds ``zh_CN``, a copy of ``zh_Hans`` for plain gettext and glibc.

Traditional Chinese (``zh-TW``, ``zh-HK``, ``zh-MO``, ``zh-Hant``) is a different script, so it never
matches ``zh_Hans``: those readers get the ``default`` language, English, like the reader of any
language the project does not publish, rather than a script they did not ask for (and may not read
comfortably) presented as theirs. An Accept-Language header that also accepts Simplified Chinese
(``zh-TW, zh-CN;q=0.8``) gets it, as its sender asked. ``default=None`` makes an unmatched language an
``I18nError`` instead, for callers that must not fall back.
"""
from __future__ import annotations

import gettext
import re
import struct
from pathlib import Path
from typing import Iterable

from babel.core import get_global, negotiate_locale, parse_locale

from .config import load_config
from .errors import I18nError


def translation(lang: str, domain: str | None = None, localedir: str | Path | None = None,
                default: str | None = "en") -> gettext.GNUTranslations:
    """The compiled catalogue(s) that serve ``lang`` best, loaded with ``gettext.translation``.

    ``lang``: a language tag (``zh-Hans-CN``), a POSIX locale name (``zh_CN.UTF-8``) or an
    Accept-Language value (``zh-CN,zh;q=0.9,en;q=0.8``). ``domain``: one catalogue (an article's
    name); by default every ``*.mo`` of the chosen locale, chained in name order, so that one object
    translates every article (an entry in two articles gets the first one's translation).
    ``localedir``: by default the project's ``locales_dir`` (``[tool.i18n]`` of the nearest
    pyproject.toml). ``default``: the language used when nothing in ``lang`` matches (see the module
    docstring); None raises ``I18nError`` instead.

    The negotiated directory is handed to ``gettext.translation``, which also tries the names it
    derives from it (``en`` → ``en_US``, then ``en``): with one directory per language, as in this
    project, that is the directory negotiated. gettext caches what it loaded, per file, for the life
    of the process.
    """
    root = Path(localedir) if localedir is not None else load_config().path("locales_dir")
    available = available_locales(root, domain)
    chosen = negotiate(lang, available) or (negotiate(default, available) if default else None)
    if chosen is None:
        if not root.is_dir():
            raise I18nError("no such locale directory", str(root))
        if domain and not available and available_locales(root):
            raise I18nError(f"no compiled catalogue of domain {domain!r} in any language (domains: "
                            f"{', '.join(sorted({p.stem for p in root.glob('*/LC_MESSAGES/*.mo')}))})", str(root))
        offered = ", ".join(available) or "none: `i18n build` compiles the catalogues"
        raise I18nError(f"no compiled catalogue for {lang!r} (available: {offered})", str(root))
    domains = [domain] if domain else sorted(path.stem for path in (root / chosen / "LC_MESSAGES").glob("*.mo"))
    result = None
    for name in domains:
        try:
            loaded = gettext.translation(name, root, [chosen])
        except (OSError, struct.error, ValueError, LookupError) as exc:  # unreadable, not MO, cut short, bad charset
            detail = getattr(exc, "strerror", None) or "truncated or corrupt"
            raise I18nError(f"cannot load compiled catalogue: {detail}",
                            str(root / chosen / "LC_MESSAGES" / f"{name}.mo")) from None
        if result is None:
            result = loaded
        else:
            result.add_fallback(loaded)
    return result


def available_locales(localedir: str | Path, domain: str | None = None) -> list[str]:
    """Names of the locale directories holding ``LC_MESSAGES/<domain>.mo`` (any ``.mo`` if no domain)."""
    pattern = f"*/LC_MESSAGES/{domain}.mo" if domain else "*/LC_MESSAGES/*.mo"
    return sorted({path.parents[1].name for path in Path(localedir).glob(pattern) if path.is_file()})


def negotiate(lang: str, available: Iterable[str]) -> str | None:
    """The name in ``available`` (locale directory names) that serves ``lang`` best, or None."""
    by_key: dict[str, str] = {}
    # The more general names first, so that each claims its own key: zh_Hans gets zh-Hans and zh
    # (language_Script), zh_CN beside it only zh-CN (language_Script_TERRITORY); en before en_GB.
    for name in sorted(available, key=lambda name: (len(_match_keys(name)), name)):
        for key in _match_keys(name) or [name]:
            by_key.setdefault(key.lower(), name)
    wanted = [key for tag in preferences(lang) for key in _match_keys(tag)]
    match = negotiate_locale(wanted, list(by_key), aliases=None)
    return by_key[match.lower()] if match else None


def preferences(lang: str) -> list[str]:
    """The tags of ``lang``, best first: one tag, or an Accept-Language value ordered by ``q``.

    The wildcard ``*`` and tags with ``q=0`` are dropped; equal weights keep the sender's order.
    """
    weighted = []
    for position, item in enumerate(lang.split(",")):
        tag, *parameters = (part.strip() for part in item.split(";"))
        quality = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag))
    return [tag for _, _, tag in sorted(weighted)]


def _match_keys(tag: str) -> list[str]:
    """``language_Script_TERRITORY`` (if a territory is named) and ``language_Script`` of a tag.

    The script is the tag's own, else CLDR's likely script of the language in that territory, else
    of the language (``zh_TW`` → Hant, ``zh`` → Hans, ``en_GB`` → Latn). babel's ``Locale.parse`` is
    not used for this: it resolves a combination it has no data for to another one, ``zh_Hant_CN``
    to ``zh_Hans_CN``. A tag that is not one (``*``, ``i-klingon``) has no keys.
    """
    subtags = re.split("[-_]", _EXTENSIONS_RE.sub("", tag.split(".")[0].split("@")[0]))
    if subtags[0].lower() == "zh" and subtags[1:2] and subtags[1].lower() == "cmn":
        del subtags[1]  # zh-cmn-Hans: Mandarin as an extended language subtag
    if subtags[0].lower() == "cmn":
        subtags[0] = "zh"  # Mandarin is written as Chinese
    try:
        language, territory, script = parse_locale("_".join(subtags))[:3]
    except ValueError:
        return []
    script = script or _likely_script(language, territory)
    base = f"{language}_{script}" if script else language
    return [f"{base}_{territory}", base] if territory else [base]


# BCP 47 extensions and private use (zh-Hans-CN-u-ca-chinese, zh-CN-x-private): from the first singleton on
_EXTENSIONS_RE = re.compile(r"[-_][0-9A-Za-z](?:[-_].*)?$")


def _likely_script(language: str, territory: str | None) -> str | None:
    likely = get_global("likely_subtags")
    for key in (f"{language}_{territory}", language) if territory else (language,):
        if key in likely:
            return parse_locale(likely[key])[2]
    return None
