"""A review post's title reduced to the reviewed paper's title (family 002).

Bloggers decorate the paper's title: `[논문 리뷰] LoRA: …`, `【論文紹介】…`, `Paper Review: …`,
`… (NeurIPS 2022)`, `“…” – A Review`, `"…" 논문 리뷰`. Left in, the decoration keeps the
paper from merging with the same paper from another digest and from resolving on arXiv.

Conservative by design, because a wrong title is worse than a decorated one: a decoration
is removed only when every word of it is known to be one (review words, venues, years,
presentation labels, a short list of topic tags) or when it is a tag written in another
script than the title (`[딥러닝] Attention …`). Anything else stays: a leading `[CLS]` or
`[Re]`, a trailing acronym like `(EWoK)`, a title ending in `: A Systematic Review`.
"""

from __future__ import annotations

import re

from readlist.importers.base import PRESENTATION_WORDS, VENUE_NAMES

_BRACKETS = {"[": "]", "【": "】", "［": "］", "〔": "〕", "〖": "〗", "(": ")", "（": "）"}
_QUOTES = {"“": "”", '"': '"', "「": "」", "『": "』", "‘": "’", "'": "'", "«": "»", "„": "“"}

_REVIEW_WORDS = frozenset(
    "review reviews reviewed paper papers summary notes reading paper-review paper_review "
    "paperreview paper-reviews rezension reseña recensione обзор 리뷰 논문 논문리뷰 정리 요약 읽기 "
    "번역 리딩 리뷰어 論文 紹介 論文紹介 読み 解説 まとめ メモ 论文 笔记 阅读 解读 精读".split())
# A tag in Korean, Japanese or Chinese holding one of these is about reviewing: 논문리뷰, 論文読み会.
_CJK_REVIEW_STEMS = ("리뷰", "논문", "論文", "论文", "紹介", "解説", "読み", "笔记", "阅读", "解读")
_QUALIFIERS = PRESENTATION_WORDS | frozenset("best main short long accepted submission of".split())
_TOPICS = frozenset(
    "nlp cv ml dl rl ai xai llm llms lm lms vlm vlms mllm mllms lmm nlu nlg ir asr tts gnn "
    "gnns gan gans rag moe peft rlhf vision speech audio video multimodal diffusion generative "
    "agent agents robotics recsys graph optimization reasoning alignment survey transformer "
    "transformers interpretability safety efficiency quantization retrieval deep machine "
    "learning reinforcement language models natural processing computer".split())
# A token of a venue/year tag: "ICLR", "2024", "ICLR'24", "ICLR24", "’23".
_VENUE_YEAR = re.compile(r"(?P<name>[a-z]+)?(?P<mark>['’])?(?P<year>(?:19|20)\d{2}|\d{2})?")
_TOKEN = re.compile(r"[^\s/,;:·&+|()]+")
_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"\w{2,}")
_NUMBER_TAG = re.compile(r"#?\d{1,3}")
_MAX_TITLE = 1000  # longer is no decorated paper title (and keeps hostile titles cheap)

# "Paper Review: …", "Review - …", "논문 리뷰: …", "論文紹介｜…". A dash needs a space before it
# ("Review-Guided …" is a title); a Korean/Japanese label may be followed by just a space.
_SEP = r"(?:\s*[:：|｜–—]|\s+-)\s*"
_PREFIX = re.compile(
    rf"^(?:(?:paper\s+)?review(?:ed)?|paper|(?:paper\s+)?summary|rezension|reseña|recensione|обзор){_SEP}"
    rf"|^(?:논문\s*(?:리뷰|정리|요약|읽기|번역)?|리뷰|論文(?:紹介|読み|解説|まとめ|メモ)?|紹介"
    rf"|论文(?:阅读|笔记|解读|精读)?)(?:{_SEP}|\s+(?=[A-Za-z0-9\"“'‘]))",
    re.IGNORECASE,
)
# "… – A Review", "… | paper review": a dash or bar, never a colon ("…: A Review" is a title).
_REVIEW_TAIL = re.compile(r"(?:\s*[–—|｜]|\s+-)\s*(?:a\s+)?(?:paper\s+)?review$", re.IGNORECASE)
# What may follow a quoted title: `"…" 논문 리뷰`, `“…” – A Review`, `「…」論文紹介`.
_QUOTED_TAIL = re.compile(r"\s*(?:[-–—:：|｜]\s*)?(?:(?:a\s+)?(?:paper\s+)?review|(?:논문\s*)?리뷰"
                          r"|論文紹介|論文メモ|论文笔记)\s*", re.IGNORECASE)
# "… 리뷰", "… - 논문 리뷰", "… 論文紹介": only after a title in another script (see _strip_tail).
_CJK_TAIL = re.compile(r"(?:\s*[-–—:：|｜]\s*|\s+)(?:논문\s*)?(?:리뷰|정리|요약)(?:\s*및\s*정리)?$"
                       r"|(?:\s*[-–—:：|｜]\s*|\s*)(?:論文紹介|論文メモ|論文解説|論文まとめ|を読んだ|论文笔记|论文阅读)$")
# A series part after the title: "… - 1", "… (2)", "… Part 3", "… #2", "… 1편", "… 2/3".
_PART = re.compile(r"(?:\s*[-–—:|｜,]\s*|\s+)(?:(?:part|pt\.?)\s*\d{1,2}|\d{1,2}\s*편|#\d{1,2}"
                   r"|\d{1,2}\s*/\s*\d{1,2})$|\s*\(\d{1,2}\)$|\s+[-–—]\s*\d{1,2}$", re.IGNORECASE)
_TAIL_GROUP = re.compile(r"\s*(?:\((?P<paren>[^()]{1,60})\)|（(?P<wide>[^（）]{1,60})）"
                         r"|\[(?P<square>[^\[\]]{1,60})\])$")


def _kind(token: str) -> str | None:
    """What one word of a tag is: review, qualifier, topic, venue, year or number."""
    word = token.casefold().strip(".-_!?~*#")
    if word in _REVIEW_WORDS or (_CJK.search(word) and any(s in word for s in _CJK_REVIEW_STEMS)):
        return "review"
    if word in _QUALIFIERS:
        return "qualifier"
    if word in _TOPICS:
        return "topic"
    if _NUMBER_TAG.fullmatch(token):
        return "number"
    found = _VENUE_YEAR.fullmatch(word)
    if found is None or not word:
        return None
    name, year = found.group("name"), found.group("year")
    if name and name not in VENUE_NAMES:
        return None
    if year and len(year) == 2 and not (name or found.group("mark")):
        return None  # "24" alone is no year
    if found.group("mark") and not year:
        return None
    return "year" if year else "venue"


def _tag_kind(content: str, rest: str) -> str | None:
    """Whether a bracketed tag before `rest` is the blog's ("review", "venue", "topic")."""
    tokens = _TOKEN.findall(content)
    if not tokens:
        return None
    kinds = [_kind(t) for t in tokens]
    if "review" in kinds:
        return "review"
    if None not in kinds:
        return "venue" if {"venue", "year", "qualifier"} & set(kinds) else "topic"
    if _CJK.search(content) and not _LATIN.search(content) and _LATIN.search(rest) and not _CJK.search(rest):
        return "topic"  # [딥러닝] Attention Is All You Need
    return None


def _strip_lead(title: str) -> str:
    """`[tag] Title` → `Title` when the tag is the blog's and a title follows."""
    close = _BRACKETS.get(title[:1])
    end = title.find(close, 1) if close else -1
    if end < 0:
        return title
    rest = title[end + 1 :].lstrip(" :：-–—|｜")
    kind = _tag_kind(title[1:end], rest)
    if kind is None or not _WORD.search(rest):
        return title
    if kind == "topic" and len(rest.split()) < 2:
        return title  # "[NLP] BERT" could be anything; a tag is followed by a real title
    return rest


def _strip_prefix(title: str) -> str:
    """`Paper Review: Title` → `Title`."""
    found = _PREFIX.match(title)
    return title[found.end() :] if found and _WORD.search(title, found.end()) else title


def _tail_kind(content: str) -> bool:
    """A trailing `(NeurIPS 2022)`, `(ICLR'24 Oral)`, `[arXiv 2023]`, `(Paper Review)`."""
    kinds = {_kind(t) for t in _TOKEN.findall(content)}
    if not kinds or not kinds <= {"venue", "year", "qualifier", "review"}:
        return False
    return "year" in kinds or "review" in kinds or {"venue", "qualifier"} <= kinds


def _strip_tail(title: str) -> str:
    """Remove a trailing venue/year group or a review label."""
    group = _TAIL_GROUP.search(title)
    if group and group.start() > 0:
        content = group.group("paren") or group.group("wide") or group.group("square") or ""
        if _tail_kind(content):
            return title[: group.start()].rstrip(" :：-–—|｜,")
    close = _QUOTES.get(title[:1])
    end = title.find(close, 1) if close else -1
    if end > 1 and _QUOTED_TAIL.fullmatch(title, end + 1):
        return title[: end + 1]
    found = _REVIEW_TAIL.search(title)
    if found and found.start() > 0:
        return title[: found.start()].rstrip()
    found = _CJK_TAIL.search(title)
    if found and found.start() > 0:
        before = title[: found.start()]
        # A Korean paper may end in 리뷰; an English title followed by it is the blog's label.
        if _LATIN.search(before) and not _CJK.search(before.strip("\"“”'‘’「」『』 ")):
            return before.rstrip()
    return title


def _strip_quotes(title: str) -> str:
    """`“Title”` → `Title` when one pair of quotes wraps the whole title."""
    close = _QUOTES.get(title[:1])
    if close is None or len(title) < 3 or not title.endswith(close):
        return title
    inner = title[1:-1]
    if title[0] in inner or close in inner:
        return title  # "A" vs "B": two quoted parts, not one wrapped title
    return inner.strip()


def is_review_label(label: str) -> bool:
    """Whether a label (a post's category or tag: `Paper Review`, `paper-review`, `논문 리뷰/NLP`)
    says that the post reviews a paper."""
    return any(_kind(token) == "review" for token in _TOKEN.findall(label[:200]))


def paper_title(post_title: str) -> str:
    """The reviewed paper's title in a review post's title (whitespace already collapsed).

    Returns the post title unchanged when nothing is certainly decoration.
    """
    title = post_title.strip()
    if len(title) > _MAX_TITLE:
        return post_title
    for _ in range(6):
        before = title
        title = _strip_quotes(_strip_tail(_strip_prefix(_strip_lead(title))))
        if title == before:
            title = _strip_part(title, decorated=title != post_title.strip())
            if title == before:
                break
    return title if _WORD.search(title) else post_title


def _strip_part(title: str, decorated: bool) -> str:
    """`… (NIPS 2017) - 1` → `… (NIPS 2017)`: a series part number goes, but only from a
    title already known to be decorated or one it hides a decoration in ("Llama 2" stays)."""
    found = _PART.search(title)
    if found is None or found.start() == 0:
        return title
    rest = title[: found.start()].rstrip()
    if decorated:
        return rest
    reduced = _strip_quotes(_strip_tail(rest))
    return reduced if reduced != rest else title
