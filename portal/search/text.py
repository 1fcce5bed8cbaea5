"""Text to search terms, the same way for records and for queries, in English and Chinese.

Every text is folded first: traditional characters to simplified (OpenCC), full-width to half-width,
case and accents away, and the punctuation inside a word dropped (``Xi'an`` is ``xian``). Then:

- **Latin words** are stemmed (Snowball English: ``universities`` and ``university`` are ``univers``);
  a few function words are left out.
- **Chinese runs** are indexed as overlapping character pairs (``西安交大`` → 西安 安交 交大), in order,
  so a word of the query is found as a phrase of its pairs wherever it stands in a record. A query is
  first cut into words by jieba, with a user dictionary made of the portal's own names (``dictionary``),
  so two words written together (``丝路联盟``) each match on their own, as words written apart do.
- **Pinyin** of a record's Chinese names is indexed too, per word and whole (``xian``, ``jiaotong``,
  ``xianjiaotongdaxue``), so ``xian jiaotong`` finds 西安交通大学.

Terms are plain tokens (``[a-z0-9]+`` or Chinese characters) joined by spaces: SQLite's FTS5 and
PostgreSQL's ``simple`` text search configuration both read them as they are.
"""

import re
import threading
import unicodedata
from functools import lru_cache

MAX_QUERY_LENGTH = 200
MAX_QUERY_TERMS = 8
MAX_TERM_LENGTH = 40

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(rf"[{HAN}]+|[a-z0-9]+")
HAN_RUN = re.compile(rf"[{HAN}]+")
INNER_PUNCTUATION = re.compile(r"(?<=\w)['’‘`´.·・-](?=\w)")
STOP_WORDS = frozenset("a an and for in of on the to".split())

_lock = threading.Lock()
_tools = {}


def _converter():
    if "opencc" not in _tools:
        import opencc

        _tools["opencc"] = opencc.OpenCC("t2s")
    return _tools["opencc"]


def _stemmer():
    if "stemmer" not in _tools:
        import snowballstemmer

        _tools["stemmer"] = snowballstemmer.stemmer("english")
    return _tools["stemmer"]


def load_dictionary():
    """jieba's tokenizer with its own dictionary loaded (about 0.5 s of CPU), once per process. Gunicorn's master
    loads it before it forks its workers (``bri_portal/gunicorn_hooks.py``), so a worker, new or restarted after
    ``max_requests``, starts with it and only adds the portal's names (``segmenter``)."""
    with _lock:
        if "dictionary" not in _tools:
            import logging

            import jieba

            jieba.setLogLevel(logging.WARNING)
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _tools["dictionary"] = tokenizer
        return _tools["dictionary"]


def segmenter():
    """jieba's tokenizer with the portal's names as its user dictionary, once per process: the names a worker
    reads when it first needs them (a gunicorn worker: when it starts)."""
    tokenizer = load_dictionary()
    with _lock:
        if "jieba" not in _tools:
            from .dictionary import user_words

            for word in user_words():
                tokenizer.add_word(word)
            _tools["jieba"] = tokenizer
        return _tools["jieba"]


def fold(text):
    """Simplified, half-width, lower case, no accents, no punctuation inside words."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    if HAN_RUN.search(text):
        text = _converter().convert(text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return INNER_PUNCTUATION.sub("", text.lower())


@lru_cache(maxsize=4096)
def stem(word):
    return _stemmer().stemWord(word)


def pairs(run):
    """``西安交大`` → [西安, 安交, 交大]; a single character stays itself."""
    return [run] if len(run) == 1 else [run[i : i + 2] for i in range(len(run) - 1)]


def terms(text):
    """A record's text as index terms (Latin words stemmed, Chinese as character pairs)."""
    out = []
    for token in TOKEN.findall(fold(text)):
        if HAN_RUN.fullmatch(token):
            out += pairs(token)
        elif token not in STOP_WORDS:
            out.append(stem(token))
    return out


def pinyin_terms(text):
    """Pinyin of a Chinese name: each word's and the whole name's (``xian jiaotong daxue xianjiaotongdaxue``)."""
    from pypinyin import lazy_pinyin

    out = []
    for run in HAN_RUN.findall(fold(text)):
        if len(run) < 2:
            continue
        words = [word for word in segmenter().cut_for_search(run) if len(word) > 1]
        out += ["".join(lazy_pinyin(word)) for word in words]
        out.append("".join(lazy_pinyin(run)))
    return out


def query_words(text):
    """A query as a list of words (bounded): Latin words stemmed, Chinese runs cut by jieba.

    Each word is ``(kind, value, raw)``: ``("latin", stem, word)`` or ``("han", word, word)``.
    """
    text = fold(" ".join(text.split())[:MAX_QUERY_LENGTH])
    words = []
    for token in TOKEN.findall(text):
        if HAN_RUN.fullmatch(token):
            words += [("han", word, word) for word in segmenter().cut(token[:MAX_TERM_LENGTH]) if word.strip()]
        elif token not in STOP_WORDS:
            words.append(("latin", stem(token[:MAX_TERM_LENGTH]), token[:MAX_TERM_LENGTH]))
    seen = []
    for word in words:
        if word not in seen:
            seen.append(word)
    return seen[:MAX_QUERY_TERMS]


def highlight_pattern(text):
    """A regular expression that finds the query's words in a displayed text (case-insensitive).

    Latin words are matched by their stem's start (``universities`` marks ``University``); Chinese
    words as written, and in traditional characters' simplified form the display already has.
    """
    parts = []
    for kind, value, _raw in query_words(text):
        if kind == "latin":
            letters = [re.escape(c) + r"['’‘`\-]?" for c in value[:-1]] + [re.escape(value[-1])]
            parts.append("".join(letters) + r"\w*")
        else:
            parts.append(re.escape(value))
    return re.compile("|".join(sorted(parts, key=len, reverse=True)), re.IGNORECASE) if parts else None
