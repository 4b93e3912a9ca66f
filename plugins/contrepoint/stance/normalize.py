"""Fold French text for matching, keeping every character at its place.

``fold(text)`` lowercases, drops accents and straightens quotes and spaces
with a one-to-one ``str.translate`` table, so a match found in the folded
text has the same span in the original: evidence is quoted as written.
"""

import unicodedata

_ODD = {
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'",
    "\u00ab": '"', "\u00bb": '"', "\u201c": '"', "\u201d": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2026": ".",
    "\u0153": "o", "\u0152": "o", "\u00e6": "a", "\u00c6": "a",
}


def _fold_char(char):
    if char in _ODD:
        return _ODD[char]
    base = unicodedata.normalize("NFD", char)[0].lower()
    return base if len(base) == 1 else char


# Latin-1, Latin Extended-A and the punctuation above; other characters are kept.
TABLE = str.maketrans({chr(code): _fold_char(chr(code))
                       for code in list(range(0x41, 0x5B)) + list(range(0xC0, 0x180))
                       if len(_fold_char(chr(code))) == 1} | _ODD)


def fold(text):
    """``text`` lowercased, without accents, same length (see module doc)."""
    return text.translate(TABLE)
