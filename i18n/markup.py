"""Markup and placeholders in a translation: code, tags, URLs, e-mail addresses and the format
placeholders of C, Python and strftime, which are neither words, numbers nor punctuation of the text.
Shared by the normaliser (its punctuation fix must not touch them) and the checks."""
from __future__ import annotations

import re

# Markup and placeholders, which are neither words nor numbers of a translation: code in <code> or a reST
# role or literal (:func:`round`, ``x == y``), an HTML/XML tag with its attributes, a URL (RFC 3986
# characters), an e-mail address, a printf placeholder of C or Python (%d, %5.2f, %(name)s, %1$s, glibc's
# %m, C99's %2$<PRIdMAX>; without the space flag, so that "50% of" stays prose), a strftime code (%Y, %-d, %Ey), a str.format field ({0},
# {name}, {count!r:>3}). babel's PYTHON_FORMAT would take the "% o" of "50% of" for one.
MARKUP_RE = re.compile(
    r"<code>[^<]*</code>|(?::[a-z][\w:+-]*:)?`[^`'\n]+`|``[^`\n]+``"
    r"|</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>"
    r"|(?:[A-Za-z][\w+.-]*://|www\.)[\w\-.~:/?#\[\]@!$&'()*+,;=%]+"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|%(?:\d+\$)?<PRI\w+>"
    r"|%(?:\d+\$|\(\w+\))?[-+#0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh?|ll?|[Lqjzt])?[diouxXeEfFgGaAcsprm](?![A-Za-z])"
    r"|%[-_0^#]?[EO]?[A-Za-z](?![A-Za-z])"
    r"|\{(?:\d+|[A-Za-z_]\w*)?(?:\.[A-Za-z_]\w*|\[\w+\])*(?:![rsa])?(?::[^{}\s]*)?\}", re.ASCII)


def markup_masked(text: str) -> str:
    """The text with its markup and placeholders blanked out by as many spaces (offsets keep)."""
    if not ("%" in text or "{" in text or "<" in text or "@" in text or "`" in text or "://" in text
            or "www." in text):
        return text  # the usual case, without the regex
    return MARKUP_RE.sub(lambda match: " " * len(match.group()), text)
