"""Fold French text for matching, keeping every character at its place.

``fold(text)`` lowercases, drops accents and straightens quotes and spaces,
one character for one, so a match found in the folded text has the same span
in the original: evidence is quoted as written. Fast path: the few common
characters above Latin-1 are replaced first, then a 256-byte table does the
rest in C (``str.translate`` with a dict is several times slower).
"""

import codecs
import unicodedata

WIDE = {  # above Latin-1: one character each
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"',
    "\u202f": " ", "\u2009": " ", "\u2026": ".", "\u0153": "o", "\u0152": "o",
    "\u2013": "-", "\u2014": "-", "\u0178": "y",
}
LATIN1 = {"`": "'", "\u00ab": '"', "\u00bb": '"', "\u00a0": " ", "\u00e6": "a", "\u00c6": "a"}


def _fold_char(char):
    if char in LATIN1:
        return LATIN1[char]
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 and ord(base) < 256 else char


TABLE = bytes(ord(_fold_char(chr(code))) for code in range(256))


def _blank(error):
    """Any other wide character (emoji, CJK…) becomes one space."""
    return " " * (error.end - error.start), error.end


codecs.register_error("contrepoint-blank", _blank)


def fold(text):
    """``text`` lowercased, without accents, same length (see module doc)."""
    for wide, narrow in WIDE.items():
        if wide in text:
            text = text.replace(wide, narrow)
    return text.encode("latin-1", "contrepoint-blank").translate(TABLE).decode("latin-1")
