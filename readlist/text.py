"""Untrusted text made safe to show: no terminal escape sequences, no control characters.

Titles, authors and notes come from the internet. Rich markup is never an issue as long as
front ends build `rich.text.Text` objects instead of markup strings; escape sequences and
control characters, however, reach the terminal through any renderer, so they are made
visible here (`\\x1b` instead of ESC).
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, C1 controls, and the bidi overrides/isolates that can
# make text display in a different order than it is stored.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNSAFE_INLINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """Multi-line text with every control character except tab/newline made visible."""
    return _UNSAFE.sub(_visible, text)


def safe_line(text: str) -> str:
    """One-line text (titles, authors): newlines and tabs become spaces, controls visible."""
    text = " ".join(text.replace("\t", " ").splitlines()) if ("\n" in text or "\r" in text) else text
    text = text.replace("\t", " ")
    return _UNSAFE_INLINE.sub(_visible, text)


def collapse_ws(text: str) -> str:
    """Collapse runs of whitespace (including newlines) into single spaces."""
    return " ".join(text.split())


def shorten(text: str, width: int) -> str:
    """Cut text to at most `width` characters, ending with an ellipsis when cut."""
    if width <= 0:
        return ""
    if len(text) <= width:
        return text
    return text[: max(0, width - 1)].rstrip() + "…"
