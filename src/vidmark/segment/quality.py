"""Whether a piece of text can name a chapter: words a person would write, not a screen's noise.

A screencast's frames are full of text no one would give a chapter as its title: a shell
prompt (``user@host:~/shop$``), a command line (``mkdir shop && cd shop``), a path, a URL,
the output of a command, and OCR's misreads of small print. A title must read as words:
no prompt or command syntax, no path or address, and mostly words of the language (English
words are checked against the CMU pronouncing dictionary that pocketsphinx ships; Chinese
needs enough Chinese characters).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path

from vidmark.segment.text import has_cjk

#: commands whose name starting a line makes it a command line, not a title
COMMANDS = frozenset(
    """git npm npx pip pip3 yarn pnpm apt apt-get brew sudo cd ls mkdir rm cp mv touch cat echo
    python python3 node cargo go make docker kubectl ssh scp curl wget vim nano code chmod chown
    grep find export source conda poetry uv pytest gcc java javac mvn gradle rustc deno bun
    systemctl service tar unzip less head tail""".split()
)
#: command names that are also English words: they make a command line only with syntax after them
_WORDLIKE = frozenset("make find touch cat echo source export less head tail code go service find".split())
_PROMPT = re.compile(r"^\s*(?:\(?[\w.-]+\)?\s+)?(?:[\w.-]+@[\w.-]+[:\s]|\[[\w.-]+@[^\]]{1,60}\]\s*[$#%]|[~/][\w./~-]*\s*[$#%>]"
                     r"|[$#%>❯➜λ]\s|PS [A-Z]:\\|[A-Z]:\\)")
_SYNTAX = re.compile(r"&&|\|\||\s\|\s|(?:^|\s)--?[a-zA-Z][\w-]*|[{}<>;=`\\]|\$\(|\)\s*;|::|=>|->|\w\(\S*\)")
_PATH = re.compile(r"(?:^|\s)(?:~|\.{1,2})?/[\w.-]+|[\w-]*[A-Za-z][\w-]*/[\w./-]+|\w:\\")
_EXTENSIONS = "py|js|ts|json|txt|md|yml|yaml|toml|sh|html|css|cfg|lock|whl|zip|gz|tgz|tar|exe|deb|rpm|log|csv|xml|ini|ipynb|rs|cpp"
_ADDRESS = re.compile(rf"https?://|www\.|\b[\w-]+\.(?:com|org|net|io|dev|edu|gov|cn|app|{_EXTENSIONS})\b", re.IGNORECASE)
#: what is an address or a file even on a headline: a scheme, a site, a lower-case file name
#: (a product such as "Node.js" may head a slide)
_SHOWN_ADDRESS = re.compile(rf"https?://|www\.|\b[\w-]+\.(?:com|org|net|io|dev|edu|gov|cn|app)\b|\b[a-z0-9_-]+\.(?:{_EXTENSIONS})\b")
#: a postal address typed into a form: a house number and its street, in Chinese or English
_STREET = re.compile(r"[\u3400-\u9fff]{2,}(?:路|街|道|巷|弄)\s*\d+\s*号|\b\d+\s+(?:[A-Z][a-z]+\s+)+(?:Street|St|Avenue|Ave|Road|Rd|Lane|Blvd)\b")
_WORD = re.compile(r"[A-Za-z]+")
#: words of three letters or more, in any script, against the numbers beside them
_NAME_WORD = re.compile(r"[^\W\d_]{3,}|[\u3400-\u9fff]{2,}")
_NUMBER = re.compile(r"\d+")
_ENUMERATION = re.compile(
    r"^(?:(?:step|part|chapter|section|scene|act|slide|item|phase|stage|lesson)\s*(?:\d+|[ivx]+|one|two|three|four|five|six)"
    r"|(?:第|步骤)?[\d一二三四五六七八九十]+(?:步|部分|章|节|项)?)\s*[:.：。]?$", re.IGNORECASE)
_NUMBERED = re.compile(
    r"^(?:(?:step|part|chapter|section|lesson|stage|phase)\s*(?P<number>\d+|[ivx]+)|第?(?P<number_zh>[\d一二三四五六七八九十]+)(?:步|部分|章|节))"
    r"\s*[:：.、\-–—]\s*\S", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")
#: share of a line's words that must be dictionary words
MIN_WORD_SHARE = 0.5
#: share of the lines on screen that are command lines where the screen is a console
CONSOLE_SHARE = 0.3


def is_command_line(text: str) -> bool:
    """A shell prompt, or a line that starts with a command name and goes on with arguments."""
    if _PROMPT.match(text):
        return True
    first, *rest = text.split(maxsplit=1) or [""]
    name = first.lower()
    if name not in COMMANDS or not rest:
        return False
    code = _SYNTAX.search(text) or _PATH.search(rest[0]) or _ADDRESS.search(rest[0])
    return bool(code) if name in _WORDLIKE else not rest[0][:1].isupper()


def step_number(text: str) -> str | None:
    """The number of a headline that opens with its step or part ("Step 2: Wiring",
    "第2步：炒鸡蛋", "Part III - Costs"), else None."""
    match = _NUMBERED.match(text.strip())
    return (match.group("number") or match.group("number_zh")).lower() if match else None


def enumeration(text: str) -> bool:
    """Whether a title only counts ("Step 2", "Part 3", "第二步") instead of naming something."""
    return bool(_ENUMERATION.match(text.strip()))


def is_sentence(text: str) -> bool:
    """Whether a line reads as a spoken sentence (a burnt-in subtitle), not a title: long, or
    ended like a sentence and more than a few words."""
    text = text.strip()
    if has_cjk(text):
        return len(_CJK.findall(text)) >= 10 and text[-1:] in "。！？."
    count = len(text.split())
    return count >= 12 or (count >= 5 and text[-1:] in ".!")


def console(lines: Sequence[str]) -> bool:
    """Whether lines read together are a console: command lines make up a good share of them
    (a slide may show one command among its bullets)."""
    return bool(lines) and sum(map(is_command_line, lines)) >= CONSOLE_SHARE * len(lines)


def readable(text: str, shown: bool = False) -> bool:
    """Whether the text reads as a title: no prompt, command, code, path, file name, web or postal address,
    opening with a letter or a digit and with no more numbers than words, and (unless it is a headline the author put on screen, ``shown``) mostly real words
    (English) or enough Chinese characters."""
    text = text.strip()
    if not text or is_command_line(text) or _SYNTAX.search(text) or _PATH.search(text) or _SHOWN_ADDRESS.search(text) \
            or _STREET.search(text):
        return False
    if not text[0].isalnum() or len(_NAME_WORD.findall(text)) < len(_NUMBER.findall(text)):
        return False  # a glyph read as text ("□ Yes"), a decorator, a status bar ("Ln 5, Col 10"), an amount
    if shown:
        return True
    if _ADDRESS.search(text):
        return False
    if has_cjk(text):
        return len(_CJK.findall(text)) >= 2 and len(_CJK.findall(text)) >= 0.5 * len(text.replace(" ", ""))
    found = _WORD.findall(text)
    letters = sum(len(w) for w in found)
    if not found or letters < 0.6 * len(text.replace(" ", "")) or max(map(len, found)) < 3:
        return False
    known = _dictionary()
    if not known:
        return True
    return sum(w.lower() in known for w in found) >= MIN_WORD_SHARE * len(found)


@functools.cache
def _dictionary() -> frozenset[str]:
    """The English words of the CMU pronouncing dictionary (empty when pocketsphinx is absent)."""
    try:
        import pocketsphinx
    except ImportError:
        return frozenset()
    path = Path(pocketsphinx.__file__).parent / "model" / "en-us" / "cmudict-en-us.dict"
    if not path.is_file():
        return frozenset()
    with path.open(encoding="utf-8", errors="replace") as lines:
        return frozenset(line.split(" ", 1)[0].split("(", 1)[0] for line in lines if line.strip())
