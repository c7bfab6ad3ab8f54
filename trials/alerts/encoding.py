"""A text's quoted-printable encoding made once, for messages sent by the thousand.

Quoted-printable encodes each line on its own, so a text whose only per-reader values are
a few slots (the reader's links) is encoded once, by C code (``binascii.b2a_qp``, the same
encoding as the e-mail package's), except its lines holding a slot: those few are encoded
again for each reader, after the slots are filled.
"""

import binascii
import re


class EncodedText:
    """``text`` quoted-printable-encoded (UTF-8, ``\\n`` line ends), ``slots`` left to fill."""

    def __init__(self, text: str, slots: tuple[str, ...]):
        self.slots = slots
        finds_slot = re.compile("|".join(map(re.escape, slots)))
        # Encoded runs of lines without a slot, and the raw lines holding one, in order.
        self.pieces: list[tuple[bool, str]] = []
        run: list[str] = []
        for line in _lines(text):
            if finds_slot.search(line):
                self.pieces.append((False, encoded("".join(run))))
                self.pieces.append((True, line))
                run = []
            else:
                run.append(line)
        self.pieces.append((False, encoded("".join(run))))

    def fill(self, values: dict[str, str]) -> str:
        """The encoding of the text with each slot replaced by its value."""
        return "".join(encoded(_filled(piece, values)) if holds_slot else piece
                       for holds_slot, piece in self.pieces)  # fmt: skip


def encoded(text: str) -> str:
    """``text``'s UTF-8 bytes quoted-printable-encoded, each line ending in ``\\n``."""
    return binascii.b2a_qp("".join(_lines(text)).encode("utf-8")).decode("ascii")


def _lines(text: str) -> list[str]:
    """The lines of ``text``, each ending in ``\\n``; only CR and LF end a line in mail."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()
    return [line + "\n" for line in lines]


def _filled(line: str, values: dict[str, str]) -> str:
    for slot, value in values.items():
        line = line.replace(slot, value)
    return line
