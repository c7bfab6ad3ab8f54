"""Messages sent by the thousand, assembled from a body encoded once.

The e-mail package builds and writes each copy of a message from scratch: it parses every
header, folds it, encodes the bodies and writes them line by line (about 12 ms a digest).
Here a text and its HTML alternative are quoted-printable-encoded once (``encoding.py``);
each reader's copy is a standard ``email.message.EmailMessage`` whose headers are set
already folded (``set_raw``) and whose payload is the ``multipart/alternative`` body with
the reader's values in its slots. The policy's generator writes it as any message.
"""

import email.message
import email.policy
import functools
import random

from trials.alerts.encoding import EncodedText

# "==" never occurs in quoted-printable text ("=" is followed by two hex digits or a line
# end), so a boundary holding it can be chosen once and never collide with a body.
BOUNDARY_PREFIX = "=" * 15


class Alternatives:
    """A text/plain body and its text/html alternative, encoded once, with slots to fill."""

    def __init__(self, text: str, html: str, slots: tuple[str, ...]):
        self.text, self.html = EncodedText(text, slots), EncodedText(html, slots)
        self.boundary = f"{BOUNDARY_PREFIX}{random.randrange(10**19):019d}=="

    def message(self, policy, headers: dict[str, str], values: dict[str, str]):
        """One copy: ``headers`` (each checked, folded only when the policy would need to)
        and the body with ``values`` in its slots."""
        policy = _written_as_set(policy)
        message = email.message.EmailMessage(policy=policy)
        message.set_raw("MIME-Version", "1.0")
        message.set_raw("Content-Type", f'multipart/alternative;\n boundary="{self.boundary}"')
        for name, value in headers.items():
            message.set_raw(name, folded(policy, name, value))
        message.set_payload(self.body(values, policy.linesep))
        return message

    def body(self, values: dict[str, str], linesep: str = "\n") -> str:
        delimiter = f"--{self.boundary}\n"
        body = "".join(
            [
                delimiter,
                _part_headers("plain"),
                self.text.fill(values),
                "\n" + delimiter,
                _part_headers("html"),
                self.html.fill(values),
                f"\n--{self.boundary}--\n",
            ]
        )
        return body if linesep == "\n" else body.replace("\n", linesep)


def _part_headers(subtype: str) -> str:
    return (
        f'Content-Type: text/{subtype}; charset="utf-8"\n'
        "Content-Transfer-Encoding: quoted-printable\n\n"
    )


def folded(policy, name: str, value: str) -> str:
    """``value`` ready for ``set_raw``: as it is when ASCII and short, or a single ASCII word
    up to the 998 characters a line may hold (a URL: folding could only encode it, which
    would break it); else folded (and encoded) by ``policy`` as any header."""
    if "\r" in value or "\n" in value:
        raise ValueError(f"A line break in the {name} header: {value!r}")
    length, limit = len(name) + 2 + len(value), policy.max_line_length or 998
    if value.isascii() and (length <= limit or (" " not in value and length <= 998)):
        return value
    header = policy.header_factory(name, value).fold(policy=policy)
    return header[len(name) + 2 :].removesuffix(policy.linesep)


@functools.lru_cache(maxsize=8)
def _written_as_set(policy):
    # Headers set raw are written as they are: they were folded by ``folded``.
    return policy.clone(refold_source="none")
