"""Text normalisation shared by the parsers, the importer and search."""

import re
import unicodedata

# Cyrillic and Greek letters that render like Latin ones. Copied pages mix them into
# English words ("Т-cells" with a Cyrillic Т); stored text folds them to Latin.
LOOKALIKES = str.maketrans(
    {
        # Cyrillic capitals
        "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O",
        "Р": "P", "С": "C", "Т": "T", "Х": "X", "У": "Y", "Ѕ": "S", "І": "I",
        "Ј": "J", "Ү": "Y", "Ԛ": "Q", "Ԝ": "W",
        # Cyrillic small letters
        "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
        "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ԛ": "q", "ԝ": "w", "һ": "h",
        # Greek capitals
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
        "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        # Greek small letters
        "ο": "o", "ν": "v",
    }
)  # fmt: skip

_LATIN = re.compile(r"[A-Za-z]")
_FOLDABLE = re.compile("[" + "".join(chr(c) for c in LOOKALIKES) + "]")
_TOKEN = re.compile(r"\S+")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_WHITESPACE = re.compile(r"\s+")


def fold_lookalikes(text: str) -> str:
    """Fold look-alike Cyrillic/Greek letters to Latin inside words that hold Latin letters.

    A word written wholly in Cyrillic or Greek is left alone: it is real text.
    """

    def fold(match: re.Match) -> str:
        word = match.group(0)
        if _FOLDABLE.search(word) and _LATIN.search(word):
            return word.translate(LOOKALIKES)
        return word

    if not _FOLDABLE.search(text):  # the common case: nothing to fold
        return text
    return _TOKEN.sub(fold, text)


def clean_line(text: str) -> str:
    """One line of stored text: NFC, look-alikes folded, whitespace collapsed, trimmed."""
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", fold_lookalikes(text).replace("\n", " ")).strip()


def clean_block(text: str) -> str:
    """A multi-line block of stored text: like clean_line, but keeps paragraph breaks."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", fold_lookalikes(line)).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def search_key(text: str) -> str:
    """Text as search compares it: look-alikes folded, accents and control characters
    stripped, case folded, whitespace collapsed to single spaces."""
    text = _WHITESPACE.sub(" ", text)
    if text.isascii():  # the common case, without the Unicode work below
        if not text.isprintable():
            text = "".join(ch for ch in text if ch.isprintable())
        return _SPACES.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", fold_lookalikes(text))
    # Printable ASCII stays as it is; only the other characters are looked at one by one.
    stripped = _NOT_PRINTABLE_ASCII.sub(_printable_base_characters, decomposed)
    return _SPACES.sub(" ", stripped.casefold()).strip()


_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]+")


def _printable_base_characters(match: re.Match) -> str:
    return "".join(
        ch for ch in match.group(0) if ch.isprintable() and not unicodedata.combining(ch)
    )
