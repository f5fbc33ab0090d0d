"""English or translation: the paragraphs of one abstract, told apart by label and script.

An abstract in a daily arXiv list may come with a translation, before or after it, with or
without a blank line between them. Each paragraph is judged on its own: one opening with a
translation label (`摘要：`, `Traduction :`, `Resumo (pt-BR):`) or written mostly in another
script is the translation, wherever it stands; the rest is English. Labels are known words
in the language they label, so an English opening that reads like one (`Naive RL: ...`,
`Speech-to-speech translation: we ...`) stays English.

A table cell holding an abstract, a comment or a summary is read here too (cell_abstract,
cell_text): as written, without its HTML tags, a `<details>` summary or a reasoning
model's `<think>` span.
"""

from __future__ import annotations

import re

from readlist.ids import parse_arxiv_id
from readlist.importers.html_tokens import HTML_ELEMENTS
from readlist.importers.markdown_tools import Doc, join_wrapped, parse, strip_strong

#: Words that name a translated abstract in the language they label.
_LABELS = frozenset({
    "traduction", "traducción", "traduccion", "tradução", "traducao", "traduzione",
    "übersetzung", "ubersetzung", "vertaling", "översättning", "tłumaczenie", "перевод",
    "résumé", "resumen", "resumo", "riassunto", "zusammenfassung", "samenvatting",
    "sammanfattning", "streszczenie", "özet", "ozet", "abstrakt", "аннотация", "реферат",
    "中文", "日本語", "日文", "한국어", "français", "française", "deutsch", "deutsche", "español",
    "português", "italiano", "русский",
})
#: Label words that are also English ("Speech-to-speech translation: we present..."): on a
#: line inside a paragraph they start a translation only when another script follows.
_ENGLISH_LABELS = frozenset({
    "translation", "translated", "chinese", "japanese", "korean", "french", "german",
    "spanish", "portuguese", "italian", "russian", "zh", "ja", "ko", "fr", "de", "es", "pt",
    "ru", "zh-cn", "zh-tw", "pt-br",
})
_FILLERS = frozenset({"abstract", "summary", "in", "of", "the", "version"})
#: Cores of CJK labels, which come in many compounds (`中文摘要`, `摘要翻译`, `日本語訳`).
_CJK_LABELS = re.compile("摘要|要約|要旨|요약|초록|번역|翻译|翻譯|译文|譯文|訳")
_OPEN, _CLOSE = "([（【", ")]）】"
_BRACKET = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]")
# Letters by script, one character at a time (no backtracking possible).
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_OTHER_SCRIPT = re.compile(r"[^\W\d_\x00-\u024f]")
_SAMPLE = 400  # characters enough to tell a paragraph's script
_NO_TEXT = {"", "null", "none", "n/a", "na", "-", "—"}


def _label_kind(label: str) -> str | None:
    """"strong" for a label no English sentence opens with (`摘要`, `Traduction`), "weak"
    for an English one (`Translation`, `Chinese`), None for anything else."""
    if not label or len(label) > 30:
        return None
    text = label.strip()
    if _BRACKET.search(label):  # `Resumo (pt-BR)`, `摘要（中文）`: the qualifier says nothing more
        depth, kept = 0, []
        for ch in label:
            depth = max(0, depth + (ch in _OPEN) - (ch in _CLOSE))
            if depth == 0 and ch not in _CLOSE:
                kept.append(ch)
        text = "".join(kept).strip()
    if not text.isascii() and len(text) <= 12 and _CJK_LABELS.search(text):
        return "strong"
    words = text.casefold().split()
    if not words or not all(w in _LABELS or w in _ENGLISH_LABELS or w in _FILLERS
                            for w in words):
        return None
    if any(w in _LABELS for w in words):
        return "strong"
    return "weak" if any(w in _ENGLISH_LABELS for w in words) else None


def _label(line: str) -> tuple[str, bool] | None:
    """(text after the translation label, whether the label is strong), if it has one."""
    for sep in ("：", ":"):
        idx = line.find(sep, 0, 40)
        if idx > 0:
            kind = _label_kind(line[:idx].strip().strip("*_").strip())
            if kind is not None:
                return line[idx + len(sep) :], kind == "strong"
    return None


def _letters(text: str) -> tuple[int, int]:
    """(letters, letters outside the Latin script: CJK, Hangul, Cyrillic...); for ASCII
    text the length stands in for the letter count, which only feeds a ratio."""
    if text.isascii():
        return len(text), 0
    foreign = len(_OTHER_SCRIPT.findall(text))
    return len(_LATIN.findall(text)) + foreign, foreign


def _foreign(counts: tuple[int, int]) -> bool:
    return counts[1] * 2 > counts[0]


def _unwrap(text: str) -> str:
    """Drop a `<paragraph>...</paragraph>`-style wrapper left by translation tools."""
    text = text.strip()
    if text.startswith("<"):
        end = text.find(">")
        tag = text[1:end]
        if 0 < end <= 20 and tag.isalpha():
            text = text[end + 1 :]
            closing = f"</{tag}>"
            if text.rstrip().endswith(closing):
                text = text.rstrip()[: -len(closing)]
    return text.strip()


def _split_at_translation(lines: list[str]) -> list[list[str]]:
    """A paragraph, split where a translation starts on a line of its own (no blank line
    before it): a strongly labelled line, or the line where Latin script gives way to
    another for the rest of the paragraph."""
    if len(lines) < 2:
        return [lines]
    later = "".join(lines[1:])
    if lines[0].isascii() and later.isascii():  # no other script: only a label can split
        if ":" in later:
            for k in range(1, len(lines)):
                labelled = _label(lines[k].strip()) if ":" in lines[k][:48] else None
                if labelled and labelled[1]:
                    return [lines[:k], lines[k:]]
        return [lines]
    counts = [_letters(line) for line in lines]
    total = (sum(c[0] for c in counts), sum(c[1] for c in counts))
    before = (0, 0)
    for k in range(1, len(lines)):
        before = (before[0] + counts[k - 1][0], before[1] + counts[k - 1][1])
        if _foreign(before):
            break  # the paragraph starts in another script: nothing to split off
        rest = (total[0] - before[0], total[1] - before[1])
        labelled = _label(lines[k].strip())
        if (labelled and (labelled[1] or _foreign(rest))) or (
                _foreign(rest) and _foreign(counts[k])):
            return [lines[:k], lines[k:]]
    return [lines]


def _references_only(lines: list[str]) -> bool:
    """Whether a paragraph is only link reference definitions (a README's badge footer)."""
    if not lines[0].lstrip().startswith("[") or "]:" not in lines[0]:
        return False
    doc = parse("\n".join(lines))
    return not doc.tokens and bool(doc.env.get("references"))


def split_abstract(lines: list[str]) -> tuple[str | None, str | None]:
    """(English abstract, translated abstract) of one block's source lines."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    while paragraphs and (not paragraphs[-1] or paragraphs[-1][0].strip().strip("-*_ ") == ""):
        paragraphs.pop()  # trailing blank or a `---` separator
    english: list[str] = []
    translated: list[str] = []
    started = False  # a label alone opens the translation before any of its text
    for block in paragraphs:
        if _references_only(block):
            continue
        for para in _split_at_translation(block):
            text = join_wrapped(para)
            labelled = _label(text)
            if labelled is not None:
                text, started = labelled[0].strip(), True
            elif _foreign(_letters(text[:_SAMPLE])):
                started = True
            elif not started or (translated and _foreign(_letters(translated[0][:_SAMPLE]))):
                english.append(text)  # Latin text after a translation in another script
                continue
            if text:
                translated.append(text)
    return ("\n\n".join(english) or None), (_unwrap("\n\n".join(translated)) or None)


def _tag_name(tag: str) -> str | None:
    """The element an inline HTML token opens or closes ("!" for a comment or declaration),
    None when it names no HTML element: `<y and y>` in "x<y and y>z" is text."""
    if tag.startswith(("<!", "<?")):
        return "!"
    words = tag.strip("</> \t\n").split(maxsplit=1)
    name = words[0].split("/", 1)[0].casefold() if words else ""
    return name if name in HTML_ELEMENTS else None


def _without_tags(doc: Doc, raw: str) -> str:
    """A cell's text as written without its HTML tags and `<summary>` (`<details>` cells);
    `<br>` starts a new line, and a tag-like span naming no element stays as text."""
    out: list[str] = []
    pos, hidden = 0, False
    for tok in doc.inline_tokens(raw):
        if tok.type != "html_inline" or (name := _tag_name(tok.content)) is None:
            continue
        at = raw.find(tok.content, pos)
        if at < 0:
            continue
        if not hidden:
            out.append(raw[pos:at])
        pos = at + len(tok.content)
        if name == "summary":
            hidden = not tok.content.startswith("</")
        elif name == "br" and not hidden:
            out.append("\n")
    if not hidden:
        out.append(raw[pos:])
    return "".join(out).strip()


def _without_reasoning(text: str) -> str:
    """Text without a reasoning model's `<think>...</think>` spans, which generators that
    ask such a model for a summary paste along with it (an unclosed one runs to the end)."""
    folded = text.casefold()
    if "<think>" not in folded:
        return text
    kept: list[str] = []
    pos = 0
    while (start := folded.find("<think>", pos)) >= 0:
        kept.append(text[pos:start])
        end = folded.find("</think>", start)
        pos = len(text) if end < 0 else end + len("</think>")
    kept.append(text[pos:])
    return "".join(kept).strip()


def cell_text(doc: Doc, raw: str) -> str | None:
    """A text cell (a comment, a summary) as written, without HTML tags and a model's
    reasoning; None when empty or `null`."""
    text = strip_strong(raw)
    if "<" in text:
        text = _without_tags(doc, _without_reasoning(text))
    return None if text.casefold() in _NO_TEXT else text


def cell_abstract(doc: Doc, raw: str) -> tuple[str | None, str | None] | None:
    """(English, translated) abstract of an `Abstract` table cell; None when the cell holds
    a link or an id rather than text."""
    text = raw.strip()
    if "<" in text:
        text = _without_tags(doc, _without_reasoning(text))
    if text.casefold() in _NO_TEXT:
        return None
    if " " not in text and (parse_arxiv_id(text) or "://" in text):
        return None
    if "[" in text:
        info = doc.inline(text)
        rest = info.text
        for link in info.links:
            rest = rest.replace(link.text, "", 1)
        if info.links and not any(ch.isalnum() for ch in rest):
            return None
    return split_abstract(text.split("\n"))
