"""Titles and one-sentence summaries built from a chapter's own text, in its own language.

A chapter that shows a headline is named by it (the first to appear in it, without marks
such as '(2/3)'); lines that name the window instead (an app's or a meeting's name, the
tiles of its participants, a show's label beside each speaker) name no chapter. Without a
headline, a chapter may be named by the heading of its first screen (a web page's), or by
its key phrase: the run of content words (or of Chinese characters) whose terms are most
specific to this chapter against the others, by tf-idf. The summary is extractive: the chapter's most central sentence, the one closest to
the chapter's own term centroid, so it is always something actually said or shown; a
chapter whose slides have bullet points is summed up by them instead, since a speech
recogniser's transcript is worse reading than what the author wrote.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from vidmark.model import TimedText
from vidmark.segment.fusion import covered
from vidmark.segment.headlines import HeadlineRun, Screen, clean_title, headline_of, long_enough, text_key
from vidmark.segment.quality import console, enumeration, is_command_line
from vidmark.segment.quality import readable as reads_as_title
from vidmark.segment.text import CJK_STOP, STOP_WORDS, cosine, has_cjk, idf, sentences, terms, weighted
from vidmark.signals.reliability import quotable, readable, unclear_speech

_PHRASE_BREAK = re.compile(r"[^\w\s'\u3400-\u9fff-]+|\b(?:" + "|".join(sorted(STOP_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_CJK_CLAUSE = re.compile(r"[，。！？；：、,.!?;:\s]+")
_TOPIC_SEPARATOR = re.compile(r"\s*[:：|]\s*|\s+[-\u2013\u2014]\s+")
#: a headline read this long before a chapter's start still belongs to it (OCR runs early or late)
_EARLY_SECONDS = 1.0
_MAX_TITLE_WORDS = 6
_MAX_SUMMARY_WORDS = 40
_MAX_BULLETS = 3
#: keyword bullets ("Patch", "Inner tube") sum a chapter up where its speech cannot be quoted
_MAX_KEYWORDS = 5
#: an on-screen line sums a chapter up when read at least this surely and shown at least this long
SURE_CONFIDENCE = 0.9
SURE_SECONDS = 2.0
_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
#: a sentence with fewer distinct terms than this says too little to summarise a chapter
_FULL_SENTENCE_TERMS = 5
_MAX_SUMMARY_CHARS_CJK = 60
#: a line on screen for this share of the video names the window (an app, a meeting, a show)
WINDOW_SHARE = 0.8
_DIGITS = re.compile(r"\d+")
_QUANTITY = re.compile(r"^\d[\d.,]*%?$")
_LABEL_SEPARATOR = re.compile(r"[·•|｜]")
_NUMBERED = re.compile(r"^\s*\d+(?:\s|$)")
#: numbered lines on one screen that make it an editor's code (its gutter), whose lines head nothing
_CODE_LINES = 3
#: how long after a chapter's start its first screen may be read
_FIRST_SCREEN_SECONDS = 10.0


def headline_title(runs: Sequence[HeadlineRun], start: float, end: float) -> str | None:
    """The first headline that appears in [start, end), cleaned and cut to its topic before a
    colon (after it when the part before only counts: "Step 2: Fry the onions"); None when no
    headline appears there (one kept on screen from before is not this chapter's)."""
    for run in runs:
        if start - _EARLY_SECONDS <= run.first_seconds < end - _EARLY_SECONDS:
            return _topic(run.text)
    return None


def _topic(headline: str) -> str:
    """A headline cleaned and cut to its topic before a colon, or after it when the part
    before only counts."""
    title = clean_title(headline)
    topic, *rest = (part.strip() for part in _TOPIC_SEPARATOR.split(title, 1))
    if rest and enumeration(topic) and rest[0]:
        return rest[0]
    return topic if long_enough(topic) and topic != title else title


def window_lines(texts: Sequence[TimedText], start: float, end: float) -> set[str]:
    """Keys of the on-screen lines that name the window rather than a chapter: lines shown for
    nearly all of [start, end] (a clock in them aside: an app's or a meeting's name, the
    tiles of its participants), and lines that contain such a tile's name of two words or two
    Chinese characters (a banner such as "Aisha Khan is presenting")."""
    spans: dict[str, list[tuple[float, float]]] = {}
    for text in texts:
        if text.source == "ocr":
            for part in _parts(text.text):
                spans.setdefault(part, []).append((max(start, text.start_seconds), min(end, text.end_seconds)))
    window = {key for key, shown in spans.items() if key and covered(shown, start, end) >= WINDOW_SHARE * (end - start)}
    names = {key for key in window if _named(key, texts)}
    return {text_key(t.text) for t in texts if t.source == "ocr"
            and (window & set(_parts(t.text)) or any(name in _bare(t.text) for name in names))}


def _parts(text: str) -> list[str]:
    """A line's key and the keys of its parts around a label's separator ("Sam · The Weekend
    Show": one show's label beside each speaker's name), digits dropped."""
    parts = [_bare(part) for part in _LABEL_SEPARATOR.split(text)]
    return [_bare(text), *(part for part in parts if len(parts) > 1 and long_enough(part))]


def _bare(text: str) -> str:
    return _DIGITS.sub("", text_key(text))


def _named(key: str, texts: Sequence[TimedText]) -> bool:
    """Whether a window line reads as a name: two Chinese characters or more, or two words."""
    if has_cjk(key):
        return len(_CJK_CHAR.findall(key)) >= 2
    return any(_bare(t.text) == key and len(t.text.split()) >= 2 for t in texts if t.source == "ocr")


def screen_title(screen: Screen, start: float, end: float, ignore: set[str]) -> str | None:
    """The most prominent line of the chapter's first screen that reads as a title (what a
    page or a dialog is headed by, not its address), lines in ``ignore`` aside; None when no
    line does, and on an editor's screen of numbered code lines."""
    for moment, lines in screen.moments:
        if moment >= min(end, start + _FIRST_SCREEN_SECONDS):
            break
        if moment < start - _EARLY_SECONDS or sum(bool(_NUMBERED.match(line.text)) for line in lines) >= _CODE_LINES:
            continue
        noise = {text_key(line.text) for line in lines if _NUMBERED.match(line.text) or not reads_as_title(line.text, shown=True)}
        found = headline_of(lines, ignore | noise)
        if found:
            return _topic(found[0].text)
    return None


def chapter_documents(texts: Sequence[TimedText], spans: Sequence[tuple[float, float]]) -> list[list[TimedText]]:
    """The texts of each span (by their middle), in time order, each OCR line once per span."""
    documents: list[list[TimedText]] = [[] for _ in spans]
    seen: list[set[str]] = [set() for _ in spans]
    for text in sorted(texts, key=lambda t: t.start_seconds):
        middle = (text.start_seconds + text.end_seconds) / 2 if text.source != "ocr" else text.start_seconds
        for i, (start, end) in enumerate(spans):
            if start <= middle < end or (i == len(spans) - 1 and middle == end):
                if text.source == "ocr":
                    if text.text in seen[i]:
                        break
                    seen[i].add(text.text)
                documents[i].append(text)
                break
    return documents


def key_phrase(document: Sequence[TimedText], weights: dict[str, float]) -> str:
    """The phrase of the chapter's text whose terms are most specific to it: terms said more
    than once or also shown on screen count (a misheard word is said once), by tf-idf; words
    at its ends that count for nothing are left out ("Exercise keeps" is "Exercise"). Where
    nothing is said twice (a burnt-in subtitle read once), the earliest of the phrases whose
    words count most on average: a narration names its part's subject first ("In spring, ...").
    What is said is looked at first, then what is shown (when speech gives nothing: noise)."""
    document = readable(document)
    written = [t.text for t in document if t.source == "ocr"]
    shown = {term for text in written for term in terms(text)}
    said = [t.text for t in document if t.source != "ocr"]
    return _best_phrase(said, shown, weights) or _best_phrase(written, shown, weights)


def _best_phrase(texts: Sequence[str], shown: set[str], weights: dict[str, float]) -> str:
    """The key phrase of the texts, with the terms ``shown`` on screen vouching for words."""
    counts = Counter(term for text in texts for said in sentences(text) for term in set(terms(said)))

    def evidence(text: str) -> float:
        return sum((counts[t] - 1 + 2 * (t in shown)) * weights.get(t, 1.0) for t in terms(text))

    # with nothing said twice only the screen vouches for words, all alike: the earliest shortest phrase
    power = 0.5 if any(n > 1 for n in counts.values()) else 1.0
    scored = [(round(evidence(phrase) / len(terms(phrase)) ** power, 6), phrase)
              for phrase in _phrases(" . ".join(texts)) if terms(phrase)]
    score, best = max(scored, key=lambda pair: pair[0], default=(0.0, ""))
    return _title_case(_trimmed(best, evidence)) if score > 0 else ""


def _trimmed(phrase: str, evidence: Callable[[str], float]) -> str:
    """The phrase without the words at its ends that count for nothing (in Chinese, without
    the function words at its ends: 到了正午 is 正午)."""
    if has_cjk(phrase):
        return _cjk_trimmed(phrase)
    words = phrase.split()
    while len(words) > 1 and evidence(words[-1]) <= 0:
        words.pop()
    while len(words) > 1 and evidence(words[0]) <= 0:
        words.pop(0)
    return " ".join(words)


def _phrases(text: str) -> list[str]:
    """Candidate phrases: Chinese clauses, English runs of content words; never a quantity (a
    number and its unit: "9 hours" names no topic)."""
    if has_cjk(text):
        return [c for c in _CJK_CLAUSE.split(text) if 2 <= len(c) <= 16]
    found = []
    for chunk in _PHRASE_BREAK.split(text):
        words = chunk.split()
        for i in range(0, len(words), _MAX_TITLE_WORDS):
            if words[i:i + _MAX_TITLE_WORDS] and not _QUANTITY.match(words[i]):
                found.append(" ".join(words[i:i + _MAX_TITLE_WORDS]))
    return found


def _cjk_trimmed(phrase: str) -> str:
    """A Chinese phrase without the function words that open it (a run of two function
    characters or more: 到了, 这就是我们; one alone may start a word: 上线, 下周) or the 了 that
    closes it; as it is when too little would be left."""
    lead = len(phrase) - len(phrase.lstrip("".join(CJK_STOP)))
    trimmed = (phrase[lead:] if lead >= 2 else phrase).removesuffix("了")
    return trimmed if len(trimmed) >= 2 else phrase


def _title_case(phrase: str) -> str:
    """English words capitalised, each word once; Chinese as it is."""
    if has_cjk(phrase):
        return phrase
    unique = list(dict.fromkeys(phrase.split(), None))
    return " ".join(w if w.isupper() else w[:1].upper() + w[1:] for w in unique)


def summary(document: Sequence[TimedText], weights: dict[str, float], headlines: set[str]) -> str:
    """One sentence from the chapter's own text: its subtitles' most central sentence, else its
    slides' bullet points (written by the author, unlike a recogniser's transcript), else its
    slides' keyword bullets where no speech can be quoted (see ``quotable``), else the
    most central spoken sentence, else its on-screen lines; speech not heard clearly is left
    out (a short note says so when nothing else is left)."""
    document, heard = readable(document), document
    subtitles = [t for t in document if t.source == "subtitles"]
    if subtitles:
        return central_sentence(subtitles, weights)
    screens: dict[float, list[TimedText]] = {}  # the lines that appeared together, one screen
    for text in document:
        if text.source == "ocr":
            screens.setdefault(text.start_seconds, []).append(text)
    # a console's lines are output, not the author's bullets; a slide before the console keeps its own
    shown = [t.text for lines in screens.values() if not console([t.text for t in lines]) for t in lines
             if _sure(t) and text_key(t.text) not in headlines]
    bullets = [line for line in shown if _prose(line)]
    if len(bullets) >= 2:
        return _sentence(_join(bullets[:_MAX_BULLETS]))
    keywords = list(dict.fromkeys(line for line in shown if _keyword(line)))
    if len(keywords) >= 2 and not any(quotable(t) for t in document if t.source == "speech"):
        return _sentence(_join(keywords[:_MAX_KEYWORDS]))
    said_or_written = [t for t in document if t.source != "ocr" or not is_command_line(t.text)]
    return central_sentence(said_or_written, weights) or unclear_speech(heard)


def _sure(text: TimedText) -> bool:
    """Whether an on-screen line was read surely and shown a while: a line misread in a
    transition is brief or unsure ("Exjtisgre", 0.89, for 1 s)."""
    sure = text.confidence is None or text.confidence >= SURE_CONFIDENCE
    return sure and text.end_seconds - text.start_seconds >= SURE_SECONDS


def _keyword(line: str) -> bool:
    """Whether an on-screen line is a slide's keyword bullet: one to three words that read as
    words (not code, a command line, a number or a file's name)."""
    if is_command_line(line) or _DIGITS.search(line) or not reads_as_title(line, shown=True):
        return False
    if has_cjk(line):
        return 2 <= len(_CJK_CHAR.findall(line)) == len(line.strip())
    return 1 <= len(line.split()) <= 3 and all(w.isalpha() for w in line.split()) and len(line) >= 3


def _prose(line: str) -> bool:
    """Whether an on-screen line reads as words (not code, a command line, numbers or a lone label)."""
    if is_command_line(line):
        return False
    if has_cjk(line):
        return len(_CJK_CHAR.findall(line)) >= 4
    letters = sum(c.isalpha() or c.isspace() for c in line)
    return len(line.split()) >= 2 and letters >= 0.85 * len(line)


def _join(lines: list[str]) -> str:
    if has_cjk(lines[0]):
        return "；".join(line.rstrip("。；;") for line in lines)
    tidy = [line.rstrip(".;") for line in lines]
    return "; ".join([tidy[0], *(t if _acronym(t.split()[0]) else t[:1].lower() + t[1:] for t in tidy[1:])])


def _acronym(word: str) -> bool:
    return len(word) > 1 and word.isupper()


def central_sentence(document: Sequence[TimedText], weights: dict[str, float]) -> str:
    """The sentence nearest the chapter's centroid: spoken sentences first, else on-screen lines."""
    spoken = [t.text for t in document if t.source != "ocr"]
    pool = [s for text in spoken for s in sentences(text)] or [t.text for t in document]
    vectors = [weighted(Counter(terms(s)), weights) for s in pool]
    centroid: Counter[str] = Counter()
    for vector in vectors:
        centroid.update(vector)
    best = max(range(len(pool)), key=lambda i: (cosine(vectors[i], centroid) * min(1.0, len(vectors[i]) / _FULL_SENTENCE_TERMS),
                                                len(vectors[i])), default=None)
    return _sentence(pool[best]) if best is not None and vectors[best] else ""


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    if has_cjk(text):
        text = text if len(text) <= _MAX_SUMMARY_CHARS_CJK else text[:_MAX_SUMMARY_CHARS_CJK] + "…"
        return text if text[-1] in "。！？…" else text + "。"
    words = text.split()
    if len(words) > _MAX_SUMMARY_WORDS:
        text = " ".join(words[:_MAX_SUMMARY_WORDS]) + "…"
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


def document_weights(documents: Sequence[Sequence[TimedText]]) -> dict[str, float]:
    """idf of terms over the chapters, so what every chapter says weighs little."""
    return idf([[term for t in document for term in terms(t.text)] for document in documents])
