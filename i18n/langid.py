"""Language of runs of letters: script tables first, langdetect only where script cannot decide.

Han runs are Simplified or Traditional by OpenCC's character tables; Latin runs are English unless
they are long enough to be something else and show it (letters English does not use, or more function
words of another language than of English), and only those go to langdetect, seeded so results
never vary, and with the profiles of the Latin-script languages only.
"""
from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

HAN_CHARS = "\u3005\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
LATIN_CHARS = (
    "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
    "\u2c60-\u2c7f\ua720-\ua7ff\uff21-\uff3a\uff41-\uff5a"
)
_NON_LETTERS = r"\W\d_"  # inside a character class: not a word character, a digit, the underscore

# A run's first character, then one alternation per script, which a lookbehind at that character picks; a
# run continues across non-letters up to the next letter of its script: one greedy class of its letters and
# non-letters, backed off to the last letter (no nested repeat, which the regex engine walks far more
# slowly). The leading class lets the engine skip quickly to where a run can start: it holds every letter
# and every character of the two scripts, letter or not, and so digits and "_" too, where no branch then
# matches. "|)" where "?" would do spares the engine a general repeat. Tests hold it to the plain alternation.
RUN_RE = re.compile(
    rf"[\w{HAN_CHARS}{LATIN_CHARS}](?:(?<=[{HAN_CHARS}])(?P<han>[{HAN_CHARS}{_NON_LETTERS}]*[{HAN_CHARS}]|)"
    rf"|(?<=[{LATIN_CHARS}])(?P<latin>[{LATIN_CHARS}{_NON_LETTERS}]*[{LATIN_CHARS}]|)"
    rf"|(?<=[^{_NON_LETTERS}])(?P<other>[^{_NON_LETTERS}{HAN_CHARS}{LATIN_CHARS}]*))"
)
HAN_RE = re.compile(f"[{HAN_CHARS}]")
_LATIN_LETTER_RE = re.compile(f"[{LATIN_CHARS}]")
LATIN_WORD_RE = re.compile(rf"[{LATIN_CHARS}]+")
# An acronym: two or more capitals, optionally a leading i/e (iPSC, eGFR) and a plural s (MSCs).
ACRONYM_RE = re.compile(r"[ie]?[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?|[A-Z][0-9]+[A-Z0-9]*")
_LOWERCASE_PAIR_RE = re.compile(r"[a-z]{2}")  # in no acronym: the quick proof that a run has a word
_ENGLISH_WORD_RE = re.compile(
    r"(?i)\b(?:the|and|of|with|that|this|which|these|those|have|has|from|are|were|been|is|to|can|"
    r"will|be|by|for|it|its|their|was|not|or)\b"
)
# Function words of the other Latin-script languages langdetect knows best; English almost never uses
# two of them in one run, a French, Spanish, German, Italian, Dutch or Portuguese sentence always does.
_FOREIGN_WORDS = ("le", "la", "les", "des", "du", "une", "est", "et", "avec", "pour", "dans", "der", "das", "und",
                  "ist", "mit", "nicht", "ein", "eine", "für", "el", "los", "las", "una", "por", "para", "y", "del",
                  "que", "il", "di", "che", "gli", "della", "het", "een", "van", "não", "com", "uma", "os")
_FOREIGN_WORD_RE = re.compile(r"(?i)\b(?:" + "|".join(_FOREIGN_WORDS) + r")\b")
# Letters English does not use; curly quotes and dashes are not letters and do not count.
_NON_ENGLISH_LETTER_RE = re.compile(r"[\u00c0-\u024f\u1e00-\u1eff]")
# A quick test before the two regexes above, which try every position and are slow. A text's UTF-8 goes
# through _WORD_BYTES: ASCII letters lowered, the first byte of a letter English does not use made
# _MAYBE_NON_ENGLISH, every other byte a space. Without _MAYBE_NON_ENGLISH the text has no such letter, and
# its words then include every word _FOREIGN_WORD_RE matches in it: case ignored, the only non-ASCII
# characters that regex matches are letters English does not use. Digits and "_" split words, so the
# words of a text include those of every run of letters in it, whatever stands around the run.
_MAYBE_NON_ENGLISH = 0x80  # a byte value: `in` looks for one far faster than for a one-byte bytes


def _word_byte(byte: int) -> int:
    char = chr(byte)
    if byte < 0x80 and char.isalpha():
        return ord(char.lower())
    if 0xC3 <= byte <= 0xC9 or byte == 0xE1:  # first bytes of U+00C0-U+027F and of U+1000-U+1FFF
        return _MAYBE_NON_ENGLISH
    return ord(" ")


_WORD_BYTES = bytes(map(_word_byte, range(256)))
_ASCII_FOREIGN_WORDS = frozenset(word.encode() for word in _FOREIGN_WORDS if word.isascii())
LANGDETECT_MIN_WORDS = 6  # shorter Latin runs are names, terms or titles; langdetect guesses wildly on them
LANGDETECT_MIN_PROBABILITY = 0.9
# langdetect averages 7 random trials by default, to steady its guess on short text; on runs of six words or
# more that the screens below let through, 4 give the same answers (every such run of the corpora, tested)
# in 57% of the time, which was a fifth of the segmenter's on text it has not seen.
LANGDETECT_TRIALS = 4

_SCRIPT_TAGS = {"HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "GREEK": "und-Grek", "CYRILLIC": "und-Cyrl",
                "ARABIC": "und-Arab", "HEBREW": "und-Hebr", "DEVANAGARI": "und-Deva", "THAI": "und-Thai"}


@lru_cache(maxsize=1)
def _conversion_sets() -> tuple[re.Pattern, re.Pattern]:
    """Traditional-only and Simplified-only characters, derived from OpenCC's character tables."""
    import opencc

    chars = [chr(c) for lo, hi in ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00)) for c in range(lo, hi)]
    joined = "\n".join(chars)  # one character per line: OpenCC converts them one by one, not as phrases
    to_simplified = opencc.OpenCC("t2s.json").convert(joined).split("\n")
    to_traditional = opencc.OpenCC("s2t.json").convert(joined).split("\n")
    traditional = "".join(c for c, s in zip(chars, to_simplified) if s != c)
    simplified = "".join(c for c, s, t in zip(chars, to_simplified, to_traditional) if t != c and s == c)
    return re.compile(f"[{re.escape(traditional)}]"), re.compile(f"[{re.escape(simplified)}]")


def traditional_re() -> re.Pattern:
    """Matches any character that OpenCC converts to a different Simplified one."""
    return _conversion_sets()[0]


def simplified_traditional_balance(text: str) -> int:
    """Simplified-only minus Traditional-only characters in ``text``."""
    traditional, simplified = _conversion_sets()
    return len(simplified.findall(text)) - len(traditional.findall(text))


def chinese_script(script: str | None, territory: str | None) -> str:
    """The script of a Chinese locale: its own, else its territory's (Taiwan, Hong Kong and Macau write
    Traditional, elsewhere Simplified)."""
    return script or ("Hant" if territory in ("TW", "HK", "MO") else "Hans")


def han_lang(run: str) -> str:
    traditional, _ = _conversion_sets()
    if traditional.search(run) is None or simplified_traditional_balance(run) >= 0:
        return "zh-Hans"
    return "zh-Hant"


def may_be_foreign(text: str) -> bool:
    """Whether a Latin run in ``text`` might be other than English: False when the text has too few words,
    or holds no letter English does not use and none of the function words of the other languages."""
    if text.count(" ") + 1 < LANGDETECT_MIN_WORDS:
        return False
    words = text.encode().translate(_WORD_BYTES)
    return _MAYBE_NON_ENGLISH in words or not _ASCII_FOREIGN_WORDS.isdisjoint(words.split())


def latin_lang(run: str) -> str:
    """``en`` unless the run is clearly another Latin-script language (then its BCP 47 tag)."""
    if not may_be_foreign(run):
        return "en"
    # Without a letter English does not use, every word _FOREIGN_WORD_RE finds is one of the run's words
    # (see _WORD_BYTES): with fewer than two of them foreign, its slow count (and the one below) is spared.
    words = run.encode().translate(_WORD_BYTES)
    if _MAYBE_NON_ENGLISH not in words and sum(map(_ASCII_FOREIGN_WORDS.__contains__, words.split())) < 2:
        return "en"
    if _NON_ENGLISH_LETTER_RE.search(run) is not None:
        return _langdetect(run)
    foreign = len(_FOREIGN_WORD_RE.findall(run))
    if foreign < 2 or len(_ENGLISH_WORD_RE.findall(run)) > foreign:
        return "en"
    return _langdetect(run)


@lru_cache(maxsize=4096)
def _langdetect(run: str) -> str:
    from langdetect import LangDetectException

    detector = _latin_detector_factory().create()
    detector.n_trial = LANGDETECT_TRIALS
    detector.append(run)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return "en"
    return best.lang if best.prob >= LANGDETECT_MIN_PROBABILITY else "en"


@lru_cache(maxsize=1)
def _latin_detector_factory():
    """langdetect with the profiles of the languages written in Latin script only: no other language can
    be the answer for a Latin run, and every profile loaded costs every detection time. A profile is
    Latin when most of its single letters are; seeded, as langdetect is random unless it is."""
    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY
    from langdetect.utils.lang_profile import LangProfile

    profiles = []
    for path in sorted(Path(PROFILES_DIRECTORY).glob("[a-z]*")):  # one JSON file per language, named by it
        profile = LangProfile(**json.loads(path.read_text(encoding="utf-8")))
        letters = {gram: count for gram, count in profile.freq.items() if len(gram) == 1}
        if 2 * sum(count for gram, count in letters.items() if _LATIN_LETTER_RE.match(gram)) > sum(letters.values()):
            profiles.append(profile)
    factory = DetectorFactory()
    for index, profile in enumerate(profiles):
        factory.add_profile(profile, index, len(profiles))
    # add_profile fills each n-gram's probabilities one profile at a time, so they lie scattered over
    # memory, and a detection reads those of a few hundred n-grams: made anew together (zeros shared), they
    # lie side by side; as tuples of floats the cycle collector skips them. Values are unchanged.
    factory.word_lang_prob_map = {gram: tuple([p + 0.0 if p else 0.0 for p in probabilities])
                                  for gram, probabilities in factory.word_lang_prob_map.items()}
    factory.set_seed(0)
    return factory


def other_lang(run: str) -> str:
    script = unicodedata.name(run[0], "").split(" ")[0]
    return _SCRIPT_TAGS.get(script, "und")


def has_words(run: str) -> bool:
    """Whether a Latin run holds a word that is not an acronym."""
    return _LOWERCASE_PAIR_RE.search(run) is not None or not all(map(ACRONYM_RE.fullmatch, LATIN_WORD_RE.findall(run)))
