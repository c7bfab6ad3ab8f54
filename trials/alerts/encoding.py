"""Text parts of a digest encoded by C code.

Python's e-mail package quoted-printable-encodes a text part with a line longer than 78
characters (our links are) in pure Python, character by character; ``binascii.b2a_qp``
gives the same encoding. ``FAST_TEXT`` is the standard content manager with that one
difference, for ``message(policy=...)`` of messages sent by the thousand.
"""

import binascii
from email import contentmanager


def set_text_content(msg, string, subtype="plain", charset="utf-8", cte=None, **options):
    data = string.encode(charset)
    lines = data.splitlines()
    if cte is not None or max(map(len, lines), default=0) <= msg.policy.max_line_length:
        return contentmanager.set_text_content(msg, string, subtype, charset, cte, **options)
    # The standard headers of a 7bit part, then the part's quoted-printable body.
    contentmanager.set_text_content(msg, "", subtype, charset, "7bit", **options)
    msg.set_payload(binascii.b2a_qp(b"\n".join(lines) + b"\n").decode("ascii"))
    msg.replace_header("Content-Transfer-Encoding", "quoted-printable")
    return None


FAST_TEXT = contentmanager.ContentManager()
FAST_TEXT.get_handlers = dict(contentmanager.raw_data_manager.get_handlers)
FAST_TEXT.set_handlers = {**contentmanager.raw_data_manager.set_handlers, str: set_text_content}
