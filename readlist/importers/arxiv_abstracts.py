"""The abstracts part of a daily arXiv list: `##### **Title**`, `ID by A, B`, abstracts.

The abstracts are plain text pasted into Markdown, so a block is read from the source
lines between its id line and the next structural line (a paper heading, a table, a
category heading), never from markdown-it's paragraphs: a hard-wrapped abstract line can
look like a list item or a heading. Each paragraph is English or translation: a paragraph
opening with a translation label (`摘要：`, `Traduction :`, `Resumo (pt-BR):`) or written
mostly in another script is the translation, wherever it stands; the rest is English.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from readlist.ids import ArxivId, parse_arxiv_id
from readlist.importers.base import PaperDraft, Skipped
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
_CJK_LABELS = ("摘要", "要約", "要旨", "요약", "초록", "번역", "翻译", "翻譯", "译文", "譯文", "訳")
_OPEN, _CLOSE = "([（【", ")]）】"
# Letters by script, one character at a time (no backtracking possible).
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_OTHER_SCRIPT = re.compile(r"[^\W\d_\x00-\u024f]")
_SAMPLE = 400  # characters enough to tell a paragraph's script
_ABSTRACTS = {"abstracts", "abstract", "paper abstracts"}
_ET_AL = ("et.al.", "et. al.", "et al.", "et al", "et.al", "et al.,", "...", "…")
_NO_TEXT = {"", "null", "none", "n/a", "na", "-", "—"}


def split_authors(text: str) -> tuple[list[str], bool]:
    """Author names and whether the list is complete (`A et.al.`, `A, B, ...` are not)."""
    text = text.strip()
    complete = True
    for _ in range(3):  # `A et al. ...`: a suffix may follow another
        if text[-1:] not in ".,…lL":
            break
        tail = text[-8:].casefold()
        for suffix in _ET_AL:
            size = len(suffix)
            if tail.endswith(suffix) and (
                    suffix[0] in ".…" or not tail[-size - 1 : -size].isalnum()):
                text, complete = text[:-size].rstrip(" ,;"), False
                break
        else:
            break
    names = [n.strip() for n in text.replace(";", ",").split(",")]
    names = [n for n in names if n.strip(".… ")]
    if len(names) == 1 and " and " in names[0]:
        names = [n.strip() for n in names[0].split(" and ") if n.strip()]
    return names, complete and bool(names)


def looks_like_id_line(line: str) -> bool:
    """Cheap test for `2406.02543v1 by A, B` (also `**id**`, `[id](url)`, `arXiv:id`)."""
    head, sep, _ = line.strip().partition(" by ")
    if not sep or len(head) > 120:
        return False
    head = head.strip("*_`[ ")
    return parse_arxiv_id(head.split("]", 1)[0]) is not None


_Ident = tuple[ArxivId, list[str], bool]


def _id_line(doc: Doc, line: str) -> _Ident | None:
    """`2406.02543v1 by A, B, C` → (id, authors, complete); None for any other line."""
    head, sep, rest = line.strip().partition(" by ")
    if not sep or len(head) > 200:
        return None
    info = doc.inline(strip_strong(head))
    for candidate in (info.text, *(link.href for link in info.links)):
        arxiv = parse_arxiv_id(candidate)
        if arxiv:
            return arxiv, *split_authors(rest)
    return None


def _label_kind(label: str) -> str | None:
    """"strong" for a label no English sentence opens with (`摘要`, `Traduction`), "weak"
    for an English one (`Translation`, `Chinese`), None for anything else."""
    if not label or len(label) > 30:
        return None
    depth, kept = 0, []
    for ch in label:  # `Resumo (pt-BR)`, `摘要（中文）`: the qualifier says nothing more
        depth = max(0, depth + (ch in _OPEN) - (ch in _CLOSE))
        if depth == 0 and ch not in _CLOSE:
            kept.append(ch)
    text = "".join(kept).strip()
    if not text.isascii() and len(text) <= 12 and any(core in text for core in _CJK_LABELS):
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
    if all(line.isascii() for line in lines):  # no other script: only a label can split
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


def _without_tags(doc: Doc, raw: str) -> str:
    """A cell's text as written without its HTML tags and `<summary>` (`<details>` cells);
    `<br>` starts a new line."""
    out: list[str] = []
    pos, hidden = 0, False
    for tok in doc.inline_tokens(raw):
        at = raw.find(tok.content, pos) if tok.type == "html_inline" else -1
        if at < 0:
            continue
        if not hidden:
            out.append(raw[pos:at])
        pos = at + len(tok.content)
        name = tok.content.strip("</> \t\n").split(maxsplit=1)
        if name and name[0].casefold() == "summary":
            hidden = not tok.content.startswith("</")
        elif name and name[0].casefold() == "br" and not hidden:
            out.append("\n")
    if not hidden:
        out.append(raw[pos:])
    return "".join(out).strip()


def cell_abstract(doc: Doc, raw: str) -> tuple[str | None, str | None] | None:
    """(English, translated) abstract of an `Abstract` table cell; None when the cell holds
    a link or an id rather than text."""
    text = raw.strip()
    if "<" in text:
        text = _without_tags(doc, text)
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


def _next_nonblank(lines: list[str], start: int) -> int | None:
    for i in range(start, min(len(lines), start + 3)):
        if lines[i].strip():
            return i
    return None


@dataclass
class Block:
    """One abstract block: its heading, the line its text follows (the id line, else the
    heading), the id line's id and authors, and the line its text stops before."""

    line: int
    title: str
    after: int
    ident: _Ident | None
    stop: int = 0


def find_blocks(doc: Doc) -> tuple[list[Block], set[int]]:
    """The abstract blocks of `doc`, in order, and the lines of the headings inside their
    text (abstract lines like `# of parameters`, which are no headings).

    A block ends at the next paper heading, table, HTML block or rule, and at a heading
    that is followed by one of those or owns a table (the next category, even when a
    `{{< table >}}` shortcode stands between them).
    """
    lines = doc.lines
    headings: list[tuple[int, int, str, int]] = []  # (line, level, content, end)
    starts: set[int] = set()
    for i, tok in enumerate(doc.tokens):
        if tok.type == "heading_open" and tok.map:
            headings.append((tok.map[0], int(tok.tag[1:]), doc.tokens[i + 1].content, tok.map[1]))
        elif tok.type in ("gfm_table", "table_open", "html_block", "hr") and tok.map:
            starts.add(tok.map[0])
            if tok.type in ("gfm_table", "table_open") and headings:
                starts.add(headings[-1][0])
    blocks: list[Block] = []
    levels: set[int] = set()
    for line, level, content, end in headings:
        nxt = _next_nonblank(lines, end)
        ident = _id_line(doc, lines[nxt]) if nxt is not None else None
        if ident and nxt is not None:
            blocks.append(Block(line, content, nxt, ident))
            levels.add(level)
    if not blocks:
        return [], set()
    first = blocks[0].line
    with_id = {b.line for b in blocks}
    for line, level, content, end in headings:
        nxt = _next_nonblank(lines, end)
        if nxt in starts or strip_strong(content).casefold() in _ABSTRACTS:
            starts.add(line)
        elif level in levels and line > first:
            starts.add(line)
            if line not in with_id:
                blocks.append(Block(line, content, end - 1, None))
    starts.update(b.line for b in blocks)
    bounds = sorted(starts)
    blocks.sort(key=lambda b: b.line)
    for block in blocks:
        at = bisect.bisect_right(bounds, block.after)
        block.stop = bounds[at] if at < len(bounds) else len(lines)
    afters = [b.after for b in blocks]
    inside: set[int] = set()
    for line, *_ in headings:
        at = bisect.bisect_left(afters, line) - 1
        if at >= 0 and line < blocks[at].stop:
            inside.add(line)
    return blocks, inside


def merge_abstracts(
    doc: Doc,
    add: Callable[[PaperDraft], PaperDraft],
    find: Callable[[PaperDraft], PaperDraft | None],
    blocks: list[Block] | None = None,
) -> list[Skipped]:
    """Merge every abstract block of `doc` (`blocks`, found if not given) through `add`;
    what was skipped."""
    skipped: list[Skipped] = []
    for block in find_blocks(doc)[0] if blocks is None else blocks:
        english, translated = split_abstract(doc.lines[block.after + 1 : block.stop])
        title = strip_strong(block.title).replace("\\|", "|")  # escaped as in the tables
        if title.startswith("["):
            title = doc.inline(title).text
        draft = PaperDraft(title=title, abstract=english, abstract_translated=translated,
                           line=block.line + 1)
        if block.ident is not None:
            draft.arxiv, draft.authors, draft.authors_complete = block.ident
        elif find(draft) is None:
            skipped.append(Skipped("abstract without an arXiv id or a matching table row",
                                   block.line + 1, title))
            continue
        add(draft)
    return skipped
