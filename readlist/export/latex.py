"""Text to BibTeX/LaTeX: escaping, accents, acronym protection, ASCII folding for keys.

Rules (each checked by tests that decode the output with a real parser):

- The LaTeX specials ``\\ { } % & $ # _ ^ ~`` are escaped; braces and backslash as
  ``\\textbraceleft{}``, ``\\textbraceright{}``, ``\\textbackslash{}`` so every field keeps
  balanced braces (BibTeX counts ``\\{`` as a brace), ``^``/``~`` as
  ``\\textasciicircum{}``/``\\textasciitilde{}``.
- TeX ligatures that would change the text (``--``, ``---``, two backquotes or quotes,
  ``!`` and ``?`` before a backquote) are broken with ``{}``.
- Latin letters with accents become ``{\\"o}``, ``{\\v{c}}``, ``{\\'\\i}`` (stacked accents
  nest); ß æ œ ø å ł ı become ``{\\ss}`` … ; anything else (CJK, Greek, emoji …) stays
  UTF-8, wrapped in braces (biber, Zotero, JabRef and bibtexparser read it).
- Control characters are dropped and whitespace runs become one space.
- In titles, inline math as arXiv writes it (`L$^2$M`, `$\\alpha$-Blending`) is kept as
  math, so the reference prints L²M rather than a literal `$^2$`: a `$…$` span in the
  Pandoc sense (no space inside either `$`, no digit after the closing one, so `$5 and $10`
  is prices) whose content is ASCII with balanced braces and none of `% # &`. Its word is
  braced so styles do not change its case.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_LETTERS = {
    "ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}", "œ": r"{\oe}", "Œ": r"{\OE}",
    "ø": r"{\o}", "Ø": r"{\O}", "å": r"{\aa}", "Å": r"{\AA}", "ł": r"{\l}", "Ł": r"{\L}",
    "ı": r"{\i}", "ȷ": r"{\j}",
}
#: Combining mark → accent command.
_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=",
    "\u0306": "u", "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H",
    "\u030c": "v", "\u0323": "d", "\u0327": "c", "\u0328": "k", "\u0331": "b",
}
_ABOVE = frozenset("\u0300\u0301\u0302\u0303\u0304\u0306\u0307\u0308\u030a\u030b\u030c")
_FOLD = {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "ı": "i", "đ": "d", "þ": "th",
         "ð": "d", "ħ": "h"}
_BRACED = {ch: "{" + latex.removesuffix("{}") + "}" for ch, latex in _SPECIAL.items()}
_SPECIAL["\x00"] = _BRACED["\x00"] = "{}"  # marks a broken ligature (see _LIGATURE)
_SPECIAL_CHARS = re.compile(r"[\\{}%&$#_^~\x00]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
#: Control characters that are not whitespace (Python's whitespace includes \x1c-\x1f, \x85).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")
_WS = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFC, control characters dropped, whitespace collapsed (the text a field holds)."""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    return _WS.sub(" ", _CONTROL.sub("", text)).strip(" ")


def escape_latex(text: str, *, brace_specials: bool = False) -> str:
    """`text` as BibTeX field content that decodes back to `clean(text)`.

    `brace_specials` writes the specials as brace groups (`{\\%}`, `{\\textbackslash}`), the
    form BibTeX's name parser treats as one letter: used for author names.
    """
    specials = _BRACED if brace_specials else _SPECIAL
    text = _LIGATURE.sub("\x00", clean(text))
    text = _SPECIAL_CHARS.sub(lambda m: specials[m.group(0)], text)
    return _NON_ASCII.sub(_non_ascii_run, text)


def _non_ascii_run(match: re.Match[str]) -> str:
    """Accented Latin letters as accent commands; everything else UTF-8 inside braces."""
    out: list[str] = []
    other: list[str] = []
    for ch in match.group(0):
        latex = _LETTERS.get(ch) or _accented(ch)
        if latex is None:
            other.append(ch)
            continue
        if other:
            out.append("{" + "".join(other) + "}")
            other.clear()
        out.append(latex)
    if other:
        out.append("{" + "".join(other) + "}")
    return "".join(out)


def _accented(ch: str) -> str | None:
    """`{\\"o}` for a Latin letter with accents LaTeX has commands for, else None."""
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if not (base.isascii() and base.isalpha()) or not marks:
        return None
    if any(m not in _ACCENTS for m in marks):
        return None
    # Accents above an i or j go on the dotless letter, as LaTeX expects.
    inner = "\\" + base if base in "ij" and any(m in _ABOVE for m in marks) else base
    for mark in marks:
        command = _ACCENTS[mark]
        if len(marks) == 1 and not command.isalpha() and len(inner) == 1:
            inner = f"\\{command}{inner}"
        else:
            inner = f"\\{command}{{{inner}}}"
    return "{" + inner + "}"


def needs_protection(word: str) -> bool:
    """Acronyms and mixed case (LLaMA, GPT-4, RoPE-based, iPhone, T5): styles must keep them.

    Each hyphen/slash-separated part counts alone, so `Text-Guided` is left to the style.
    """
    for part in re.split(r"[-/]", word):
        letters = [c for c in part if c.isalpha()]
        if any(c.isupper() for c in letters[1:]):
            return True
        if letters and letters[0].isupper() and any(c.isdigit() for c in part):
            return True
    return False


_EDGES = re.compile(r"^([^\w]*)(.*?)([^\w]*)$", re.DOTALL)


_MATH = re.compile(r"\$(?=[^\s$])([^$]*?[^\s$\\])\$(?!\d)|\$([^\s$\\])\$(?!\d)")


def math_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each inline math span of `text` that is passed through as LaTeX."""
    spans = []
    for match in _MATH.finditer(text):
        content = match.group(1) or match.group(2)
        if content.isascii() and _balanced(content) and not any(c in content for c in "%#&"):
            spans.append(match.span())
    return spans


def _balanced(content: str) -> bool:
    depth = 0
    for ch in content:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0 and not any(ord(c) < 32 for c in content)


def escape_title(title: str) -> str:
    """A title with acronyms and mixed-case words wrapped in braces (not their punctuation),
    and its inline math kept as math."""
    text = clean(title)
    spans = math_spans(text) if "$" in text else []
    if spans:
        return " ".join(_math_word(text, start, end, spans) for start, end in _words(text, spans))
    out = []
    for word in text.split(" "):
        match = _EDGES.match(word)
        assert match is not None  # the pattern matches any string
        lead, core, tail = match.groups()
        if core and needs_protection(core):
            out.append(escape_latex(lead) + "{" + escape_latex(core) + "}" + escape_latex(tail))
        else:
            out.append(escape_latex(word))
    return " ".join(out)


def _words(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """(start, end) of the space-separated words of `text`, a math span never split."""
    words, start, i, k = [], 0, 0, 0
    while i < len(text):
        if k < len(spans) and i == spans[k][0]:
            i, k = spans[k][1], k + 1
            continue
        if text[i] == " ":
            words.append((start, i))
            start = i + 1
        i += 1
    words.append((start, len(text)))
    return words


def _math_word(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """One word: its math verbatim, the rest escaped, braced whole when it holds math."""
    inside = [(a, b) for a, b in spans if start <= a and b <= end]
    if not inside:
        return escape_title(text[start:end])
    parts, pos = [], start
    for a, b in inside:
        parts.append(escape_latex(text[pos:a]) + text[a:b])
        pos = b
    parts.append(escape_latex(text[pos:end]))
    return "{" + "".join(parts) + "}"


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits only (Müller → muller, Łukasz → lukasz)."""
    folded = []
    for ch in unicodedata.normalize("NFKD", text.casefold()):
        ch = _FOLD.get(ch, ch)
        folded.append(ch if ch.isascii() and ch.isalnum() else "")
    return "".join(folded)
