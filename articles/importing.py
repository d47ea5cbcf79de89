"""One way in for articles: the web page, the ``import_articles`` command and the demo data
all call these functions.

    bytes -> decode (UTF-8 with or without BOM, UTF-16/32 with BOM, other encodings only when
             charset-normalizer is unambiguous) -> refuse empty, binary, oversized input
          -> HTML to text (BeautifulSoup; scripts, styles, navigation dropped) -> NFC
          -> duplicate check (content hash, URL) -> articles.text.analyse()
          -> Article + candidate Claims in one transaction -> match suggestions

Each article is stored in its own transaction: a failure leaves no trace of it and a batch goes
on with the next one.  Every outcome is an ImportResult (imported, duplicate or failed with a
reason that names the file).  A batch (import_paths) analyses the next articles in a second
process while it stores the current one (_Analyser).
"""

from __future__ import annotations

import codecs
import contextlib
import datetime
import functools
import logging
import multiprocessing
import os
import re
import stat
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import BrokenExecutor, Executor, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Claim, content_hash, normalise_text
from articles.text import UNDETERMINED, Analysis, analyse

logger = logging.getLogger(__name__)

IMPORTED = "imported"
DUPLICATE = "duplicate"
FAILED = "failed"

STAGES = ("read", "language", "sentences", "scoring", "database", "matching")
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})
STDIN_NAME = "standard input"


class Refused(Exception):
    """Input that is not imported, with the reason an editor reads."""


@dataclass
class ImportResult:
    name: str
    status: str
    reason: str = ""
    article: Article | None = None
    candidates: int = 0
    language: str = ""

    def __str__(self) -> str:
        if self.status == FAILED:
            return f"{self.name}: {self.reason}"
        if self.status == DUPLICATE:
            return f"{self.name}: duplicate of article {self.article.pk if self.article else '?'}"
        return f"{self.name}: imported as article {self.article.pk} ({self.candidates} candidate claims)"


@dataclass
class ImportSummary:
    results: list[ImportResult] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.results if r.status == status)

    @property
    def imported(self) -> int:
        return self.count(IMPORTED)

    @property
    def duplicates(self) -> int:
        return self.count(DUPLICATE)

    @property
    def failed(self) -> int:
        return self.count(FAILED)

    def line(self) -> str:
        return gettext("imported %(imported)s, duplicates %(duplicates)s, failed %(failed)s") % {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "failed": self.failed,
        }


# --- reading and decoding ---------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"\x89PNG", _("a PNG image")),
    (b"\xff\xd8\xff", _("a JPEG image")),
    (b"GIF87a", _("a GIF image")),
    (b"GIF89a", _("a GIF image")),
    (b"%PDF", _("a PDF document")),
    (b"PK\x03\x04", _("a ZIP archive (or a Word/OpenDocument file)")),
    (b"PK\x05\x06", _("a ZIP archive")),
    (b"\x1f\x8b", _("a gzip archive")),
    (b"BZh", _("a bzip2 archive")),
    (b"\xfd7zXZ\x00", _("an xz archive")),
    (b"7z\xbc\xaf\x27\x1c", _("a 7-Zip archive")),
    (b"Rar!", _("a RAR archive")),
    (b"\x7fELF", _("a program")),
    (b"MZ", _("a Windows program")),
    (b"\xd0\xcf\x11\xe0", _("an old Office document")),
    (b"II*\x00", _("a TIFF image")),
    (b"MM\x00*", _("a TIFF image")),
    (b"BM", _("a bitmap image")),
    (b"OggS", _("an audio file")),
    (b"ID3", _("an MP3 file")),
    (b"\x00\x00\x00", _("a binary file")),
)
_CHARSET_DECLARED = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HTML_START = re.compile(r"\A\s*(?:<!doctype html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n[ \t\u00a0]*\n(?:[ \t\u00a0]*\n)+")
_SPACES = re.compile(r"[ \t\u00a0\u200b\u3000]+")


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 2 * 1024 * 1024))


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n} bytes"


def _sniff_binary(data: bytes) -> str | None:
    if data[:12].startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "a WebP image"
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    return None


def decode(data: bytes, name: str) -> str:
    """The text in ``data``; Refused when it is empty, binary, too large or of an unknown encoding."""
    limit = max_bytes()
    if len(data) > limit:
        raise Refused(
            gettext("%(name)s: too large (%(size)s; the limit is %(limit)s)")
            % {"name": name, "size": _size(len(data)), "limit": _size(limit)}
        )
    if not data.strip():
        raise Refused(gettext("%(name)s: empty") % {"name": name})
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise Refused(
                    gettext("%(name)s: not valid %(encoding)s text despite its byte order mark")
                    % {"name": name, "encoding": encoding.upper()}
                ) from error
    what = _sniff_binary(data)
    if what:
        raise Refused(gettext("%(name)s: binary file (%(what)s), not text") % {"name": name, "what": what})
    if b"\x00" in data:
        raise Refused(gettext("%(name)s: binary file (contains NUL bytes), not text") % {"name": name})
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _CHARSET_DECLARED.search(data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    return _guess_encoding(data, name)


def _guess_encoding(data: bytes, name: str) -> str:
    """Decode with charset-normalizer only when every plausible encoding gives the same text:
    a guess between, say, cp1250 and cp1252 would store mojibake, so it is refused instead."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None or best.chaos > 0.2:
        raise Refused(
            gettext("%(name)s: not UTF-8 and its encoding could not be recognised; save it as UTF-8") % {"name": name}
        )
    readings = {str(m) for m in matches if m.chaos <= best.chaos + 0.1}
    if len(readings) > 1:
        encodings = ", ".join(sorted({m.encoding for m in matches if m.chaos <= best.chaos + 0.1})[:4])
        raise Refused(
            gettext("%(name)s: not UTF-8, and its encoding is ambiguous (%(encodings)s); save it as UTF-8 to import it")
            % {"name": name, "encodings": encodings}
        )
    return str(best)


def looks_like_html(text: str, name: str = "") -> bool:
    return Path(name).suffix.lower() in HTML_SUFFIXES or bool(_HTML_START.match(text[:2048]))


@dataclass
class HtmlPage:
    text: str
    title: str = ""
    url: str = ""
    published: datetime.date | None = None


_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "iframe",
    "svg",
    "canvas",
    "select",
)
_BLOCK_TAGS = (
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "tr",
    "table",
    "figcaption",
    "figure",
    "dd",
    "dt",
    "dl",
    "address",
    "hr",
)


def html_to_text(html: str) -> HtmlPage:
    """The article's text from an HTML page (BeautifulSoup with the standard library's parser):
    scripts, styles, navigation, headers, footers, asides and forms are dropped; block elements
    become paragraphs.  The page's title, canonical URL and publication date come along."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = ""
    if soup.title and soup.title.string:
        title = soup.title.string.strip()
    url = ""
    canonical = soup.find("link", rel="canonical") or soup.find("meta", property="og:url")
    if canonical:
        url = (canonical.get("href") or canonical.get("content") or "").strip()
    published = None
    meta_date = soup.find("meta", property="article:published_time") or soup.find("meta", attrs={"name": "date"})
    if meta_date and meta_date.get("content"):
        try:
            published = datetime.date.fromisoformat(meta_date["content"].strip()[:10])
        except ValueError:
            published = None
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    heading = root.find("h1")
    if heading and heading.get_text(strip=True):
        title = heading.get_text(" ", strip=True)
    for br in root.find_all("br"):
        br.replace_with("\n")
    for block in root.find_all(_BLOCK_TAGS):
        block.insert_before("\n\n")
        block.insert_after("\n\n")
    raw = root.get_text()
    lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    text = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return HtmlPage(text=text, title=title, url=url, published=published)


def clean_text(text: str) -> str:
    """The body as stored: newlines unified, NFC, no leading or trailing blank space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return normalise_text(text).strip()


# --- storing ----------------------------------------------------------------------------------

_url_validator = URLValidator(schemes=["http", "https"])


def _valid_url(url: str) -> str:
    url = (url or "").strip()
    if not url or len(url) > 2000:
        return ""
    try:
        _url_validator(url)
    except ValidationError:
        return ""
    return url


def _tick(timings: dict[str, float] | None, stage: str, since: float) -> float:
    now = time.perf_counter()
    if timings is not None:
        timings[stage] = timings.get(stage, 0.0) + now - since
    return now


def import_text(text: str, *, name: str = "pasted text", **fields) -> ImportResult:
    """Import one article from text (plain or HTML); never raises: an unexpected error (the
    database refusing a row, say) is a failed result and leaves no trace, since the article and
    its claims are written in one transaction.  See _import_text for the keyword arguments."""
    return _never_raising(name, functools.partial(_import_text, text, name=name, **fields))()


def _import_text(
    text: str,
    *,
    name: str = "pasted text",
    html: bool | None = None,
    language: str = "",
    timings: dict[str, float] | None = None,
    **fields,
) -> ImportResult:
    """Import one article from text (plain or HTML): clean it, check it is new, analyse it, store
    it.  See _store for the keyword arguments."""
    cleaned = _clean(text, name=name, html=html, timings=timings)
    if isinstance(cleaned, ImportResult):
        return cleaned
    duplicate = _duplicate(cleaned, timings)
    if duplicate:
        return duplicate
    analysis = _analyse(cleaned.body, language, timings)
    return _store(cleaned, analysis, language=language, timings=timings, **fields)


@dataclass
class _Cleaned:
    """An article's text as it will be stored, nothing stored yet."""

    name: str
    body: str
    digest: str
    page: HtmlPage | None


def _clean(text: str, *, name: str, html: bool | None, timings: dict[str, float] | None) -> _Cleaned | ImportResult:
    """Refusals, HTML to text, normalisation and the content hash: pure, no database.  A refused
    text is a failed ImportResult."""
    started = time.perf_counter()
    try:
        if _CONTROL.search(text.replace("\x0c", "")):
            if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
                raise Refused(gettext("%(name)s: binary data (control characters), not text") % {"name": name})
            text = _CONTROL.sub("", text)
        if html is None:
            html = looks_like_html(text, name)
        page = None
        if html:
            page = html_to_text(text)
            text = page.text
        body = clean_text(text)
        if not body:
            raise Refused(
                gettext("%(name)s: empty (no article text in the HTML)") % {"name": name}
                if html
                else gettext("%(name)s: empty") % {"name": name}
            )
        if len(body.encode("utf-8")) > max_bytes():
            raise Refused(
                gettext("%(name)s: too large (the limit is %(limit)s)") % {"name": name, "limit": _size(max_bytes())}
            )
    except Refused as refused:
        return ImportResult(name, FAILED, str(refused))
    cleaned = _Cleaned(name, body, content_hash(body), page)
    _tick(timings, "read", started)
    return cleaned


def _duplicate(cleaned: _Cleaned, timings: dict[str, float] | None) -> ImportResult | None:
    """A duplicate result when the same text was imported before."""
    started = time.perf_counter()
    existing = Article.objects.filter(content_hash=cleaned.digest).only("pk").first()
    _tick(timings, "database", started)
    if existing:
        return ImportResult(cleaned.name, DUPLICATE, gettext("the same text was imported before"), article=existing)
    return None


def _analyse(body: str, language: str, timings: dict[str, float] | None) -> Analysis:
    """articles.text.analyse with the settings' threshold, here and now."""
    analysed = _analysed(body, language, _candidate_threshold())
    _add_timings(timings, analysed.timings)
    return analysed.analysis


@dataclass
class _Analysed:
    """An article's analysis, its candidates' match signals when they were computed with it, and
    the seconds of the stages."""

    analysis: Analysis
    signals: list[list[str]] | None
    timings: dict[str, float]


def _analysed(body: str, language: str, threshold: float, aliases=None) -> _Analysed:
    """articles.text.analyse, and the match signals of the candidates when ``aliases`` (all of them:
    matching.Aliases.every()) are given: no database, so that _Analyser may run it elsewhere."""
    timings: dict[str, float] = {}
    analysis = analyse(body, language=language or None, threshold=threshold, timings=timings)
    signals = None
    if aliases is not None:
        started = time.perf_counter()
        signals = _match_signals([(c.text, c.language) for c in analysis.candidates], aliases)
        _tick(timings, "matching", started)
    return _Analysed(analysis, signals, timings)


def _candidate_threshold() -> float:
    return float(getattr(settings, "CANDIDATE_THRESHOLD", 0.5))


def _add_timings(timings: dict[str, float] | None, stages: dict[str, float]) -> None:
    if timings is not None:
        for stage, seconds in stages.items():
            timings[stage] = timings.get(stage, 0.0) + seconds


def _store(
    cleaned: _Cleaned,
    analysis: Analysis,
    *,
    signals: list[list[str]] | None = None,
    title: str = "",
    url: str = "",
    publisher: str = "",
    published: datetime.date | None = None,
    language: str = "",
    user=None,
    timings: dict[str, float] | None = None,
    on_stored: Callable[[ImportResult], None] | None = None,
) -> ImportResult:
    """Store an analysed article with its candidate claims and their match suggestions, in one
    transaction.  ``signals`` are the candidates' match signals when they were computed with the
    analysis.  Fields given here win over what the text says about itself; a ``language`` given
    here is the editor's and is kept.  ``on_stored`` is called with the result inside that
    transaction (a batch records its progress there, so that both are committed or neither)."""
    name, body, digest, page = cleaned.name, cleaned.body, cleaned.digest, cleaned.page
    started = time.perf_counter()
    # Match signals are computed before the claims are written, so that each claim row is written
    # once (an UPDATE afterwards rewrote every claim and all its index entries).
    if signals is None:
        signals = _match_signals([(c.text, c.language) for c in analysis.candidates])
    started = _tick(timings, "matching", started)
    metadata = analysis.metadata
    url = _valid_url(url) or _valid_url(metadata.url) or _valid_url(page.url if page else "")
    title = (title or metadata.title or (page.title if page else "")).strip()[:500]

    try:
        with transaction.atomic():
            article = Article(
                title=title,
                body=body,
                language=analysis.detection.language or UNDETERMINED,
                language_source=Article.LanguageSource.EDITOR if language else Article.LanguageSource.DETECTED,
                url=url,
                publisher=publisher.strip()[:300],
                published=published or metadata.published or (page.published if page else None),
                imported_by=user if user is not None and user.is_authenticated else None,
            )
            article.save()
            claims = Claim.objects.bulk_insert(
                [
                    Claim(
                        article=article,
                        text=candidate.text,
                        span_start=candidate.start,
                        span_end=candidate.end,
                        language=candidate.language,
                        checkworthiness=candidate.score,
                        reasons=list(candidate.reasons),
                        origin=Claim.Origin.EXTRACTED,
                        triage=Claim.Triage.CANDIDATE,
                        match_signals=candidate_signals,
                    )
                    for candidate, candidate_signals in zip(analysis.candidates, signals, strict=True)
                ]
            )
            started = _tick(timings, "database", started)
            if claims:
                counts: dict[str, int] = {}
                _refresh_matches(claims, counts)
                _detect_translations(article, claims, counts)
            started = _tick(timings, "matching", started)
            result = ImportResult(name, IMPORTED, article=article, candidates=len(claims), language=article.language)
            if on_stored is not None:
                on_stored(result)
        _tick(timings, "database", started)  # the commit
    except IntegrityError:
        # The unique constraints decide, in one round trip less than asking first: an article
        # with this URL exists, or the same text was imported by someone else a moment ago.
        same_url = Article.objects.filter(url=url).first() if url else None
        if same_url:
            return ImportResult(
                name, DUPLICATE, gettext("an article with the URL %(url)s exists") % {"url": url}, article=same_url
            )
        same_text = Article.objects.filter(content_hash=digest).first()
        if same_text:
            return ImportResult(
                name, DUPLICATE, gettext("the same text was imported at the same time"), article=same_text
            )
        raise
    return result


def _match_signals(texts: list[tuple[str, str]], aliases=None) -> list[list[str]]:
    """The match signals of the claims to be created, from (text, language) pairs."""
    try:
        from articles.matching import signals_of_new_claims
    except ImportError:  # matching not installed: claims are stored without signals
        return [[] for _ in texts]
    return signals_of_new_claims(texts, aliases)


def _every_alias():
    """matching.Aliases.every(), or None without matching."""
    try:
        from articles.matching import Aliases
    except ImportError:
        return None
    return Aliases.every()


def _apply_aliases_since(aliases) -> None:
    if aliases is not None:
        from articles.matching import apply_aliases_since

        apply_aliases_since(aliases.newest)


def _refresh_matches(claims: list[Claim], counts: dict[str, int] | None = None) -> None:
    """Signal counts and match suggestions for the new claims (created with their signals)."""
    try:
        from articles.matching import match_new_claims
    except ImportError:  # matching not installed: claims are still stored
        return
    match_new_claims(claims, counts)


def _detect_translations(article: Article, claims: list[Claim], counts: dict[str, int] | None = None) -> None:
    """Links to the stored articles this one translates (matching.translations), a constant number of queries."""
    try:
        from articles.matching.translations import detect_translations
    except ImportError:  # matching not installed: the article is still stored
        return
    detect_translations(article, claims, counts)


def import_bytes(data: bytes, name: str, *, user=None, **fields) -> ImportResult:
    """Import one file's content.  ``fields`` are import_text's keyword arguments."""
    text = _decode_timed(data, name, fields.get("timings"))
    if isinstance(text, ImportResult):
        return text
    return import_text(text, name=name, user=user, **fields)


def _read_file(path: Path, name: str, timings: dict[str, float] | None) -> bytes | ImportResult:
    started = time.perf_counter()
    try:
        size = path.stat().st_size
        if size > max_bytes():
            return ImportResult(
                name,
                FAILED,
                gettext("%(name)s: too large (%(size)s; the limit is %(limit)s)")
                % {"name": name, "size": _size(size), "limit": _size(max_bytes())},
            )
        data = path.read_bytes()
    except FileNotFoundError:
        return ImportResult(name, FAILED, gettext("%(name)s: no such file") % {"name": name})
    except OSError as error:
        return ImportResult(
            name,
            FAILED,
            gettext("%(name)s: cannot be read (%(error)s)") % {"name": name, "error": error.strerror or error},
        )
    _tick(timings, "read", started)
    return data


def _decode_timed(data: bytes, name: str, timings: dict[str, float] | None) -> str | ImportResult:
    started = time.perf_counter()
    try:
        text = decode(data, name)
    except Refused as refused:
        return ImportResult(name, FAILED, str(refused))
    _tick(timings, "read", started)
    return text


def iter_files(paths: Iterable[Path | str]) -> Iterator[Path | str]:
    """Files of ``paths`` in a stable order: folders recursively (hidden files and folders left
    out), '-' as it is (standard input), missing paths as they are (reported as failures)."""
    for raw in paths:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                relative = found.relative_to(path)
                if found.is_file() and not any(part.startswith(".") for part in relative.parts):
                    yield found
        else:
            yield path


# import_paths analyses up to this many articles ahead of the one it is storing.
ANALYSE_AHEAD = 2


def _analysis_process_started() -> None:
    """First thing in the forked analysis process, which inherited the importing process's open
    files: its database connections among them.  Were the importing process killed (kill -9, a
    job worker's host going down), the child's copies of those sockets would keep its sessions
    open on the server, an open transaction and its locks with them, and block the next importer
    of the same text for ever.  So every inherited socket is pointed at /dev/null (not closed:
    nothing is sent on the parent's connections), and the process ends when its parent is gone."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_RDWR)
        try:
            for entry in os.listdir("/proc/self/fd"):
                with contextlib.suppress(OSError, ValueError):
                    fd = int(entry)
                    if fd > 2 and stat.S_ISSOCK(os.fstat(fd).st_mode):
                        os.dup2(devnull, fd)
        finally:
            os.close(devnull)
    parent = os.getppid()

    def orphaned() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=orphaned, name="analysis-parent-watch", daemon=True).start()


class _Analyser:
    """Analyses texts (articles.text: pure Python, no database) ahead of their turn, in another
    process, so that on two cores the analysis of the next articles and the storing of this one run
    at the same time (a thread would not: the interpreter runs one thread at a time, and the storing
    thread waited for it after each reply of PostgreSQL).

    The process is forked where that is how Python starts processes (Linux): it starts at once, with
    everything this process has imported, and runs nothing but the analysis.  Elsewhere (macOS and
    Windows start a new interpreter, which imports the caller's main module again) a thread does it.
    If the process dies, the texts are analysed here instead."""

    def __init__(self, threshold: float, aliases):
        self.threshold, self.aliases = threshold, aliases
        if multiprocessing.get_start_method() == "fork":
            self.executor: Executor = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("fork"), initializer=_analysis_process_started
            )
        else:
            self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="import-analysis")

    def __enter__(self) -> _Analyser:
        return self

    def __exit__(self, *exc_info) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def submit(self, body: str, language: str) -> Callable[[], _Analysed]:
        """A function that returns the analysis of ``body`` (waiting for it if need be)."""
        here = functools.partial(_analysed, body, language, self.threshold, self.aliases)
        try:
            future = self.executor.submit(here)
        except BrokenExecutor:
            return here

        def result() -> _Analysed:
            try:
                return future.result()
            except BrokenExecutor:
                logger.warning("The analysis process stopped; analysing in the importing process")
                return here()

        return result


def import_paths(
    paths: Iterable[Path | str],
    *,
    user=None,
    stdin=None,
    on_result: Callable[[ImportResult], None] | None = None,
    **fields,
) -> ImportSummary:
    """Import files and folders (recursively); '-' reads ``stdin`` (bytes).  Used by the
    ``import_articles`` command and by the demo data loader.  Each file is its own transaction;
    a failing file is reported and the others go on.  ``fields`` are import_text's keyword
    arguments.  The pipeline is import_sources'."""
    timings = fields.get("timings")

    def sources() -> Iterator[tuple[str, Callable[[], bytes | ImportResult]]]:
        for path in iter_files(paths):
            name = STDIN_NAME if path == "-" else str(path)
            yield name, functools.partial(_read_path, path, name, stdin, timings)

    return import_sources(sources(), user=user, on_result=on_result, **fields)


def import_sources(
    sources: Iterable[tuple[str, Callable[[], bytes | ImportResult]]],
    *,
    user=None,
    on_result: Callable[[ImportResult], None] | None = None,
    **fields,
) -> ImportSummary:
    """Import (name, read) pairs, ``read`` giving the file's bytes (or a failed ImportResult):
    import_paths' files, a batch upload's stored files (articles/tasks.py).  ``fields`` are
    import_text's keyword arguments; ``on_stored`` among them is called inside each stored
    article's transaction.

    A pipeline: this process reads each file, cleans it and checks it is new, hands its text to
    _Analyser for the analysis, and meanwhile stores the articles analysed before it.  Only this
    process uses the database, and the results come in the order of the files."""
    timings = fields.pop("timings", None)
    html = fields.pop("html", None)
    language = fields.get("language", "")
    summary = ImportSummary()
    # Each entry gives the result of one file when its turn comes, in the order of the files.
    waiting: deque[Callable[[], ImportResult]] = deque()
    # Texts handed to the analysis and not stored yet: a later file with the same text waits for them.
    in_flight: set[str] = set()

    def finish_oldest() -> None:
        result = waiting.popleft()()
        summary.results.append(result)
        if on_result:
            on_result(result)

    def store_analysed(cleaned: _Cleaned, analysed: Callable[[], _Analysed]) -> ImportResult:
        try:
            done = analysed()
        finally:
            in_flight.discard(cleaned.digest)
        _add_timings(timings, done.timings)
        return _store(cleaned, done.analysis, signals=done.signals, timings=timings, user=user, **fields)

    def later(cleaned: _Cleaned) -> ImportResult:
        # The same text as a file before it in this batch: a duplicate if that one was stored.
        return _duplicate(cleaned, timings) or _store(
            cleaned, _analyse(cleaned.body, language, timings), timings=timings, user=user, **fields
        )

    # The aliases are read once for the batch, so that the match signals are computed with the
    # analysis; those learned meanwhile (an editor confirming a pair) are applied at the end.
    aliases = _every_alias()
    with _Analyser(_candidate_threshold(), aliases) as analyser:
        for name, read in sources:
            try:
                cleaned = _read_and_clean(read, name, html=html, timings=timings)
                if isinstance(cleaned, ImportResult):
                    waiting.append(_ready(cleaned))
                elif cleaned.digest in in_flight:
                    waiting.append(_never_raising(name, functools.partial(later, cleaned)))
                elif duplicate := _duplicate(cleaned, timings):
                    waiting.append(_ready(duplicate))
                else:
                    analysed = analyser.submit(cleaned.body, language)
                    in_flight.add(cleaned.digest)
                    waiting.append(_never_raising(name, functools.partial(store_analysed, cleaned, analysed)))
            except Exception as error:
                waiting.append(_ready(_failure(name, error)))
            while len(waiting) > ANALYSE_AHEAD:
                finish_oldest()
        while waiting:
            finish_oldest()
    _apply_aliases_since(aliases)
    return summary


def _read_path(path: Path | str, name: str, stdin, timings: dict[str, float] | None) -> bytes | ImportResult:
    if path == "-":
        return (stdin or sys.stdin.buffer).read(max_bytes() + 1)
    return _read_file(Path(path), name, timings)


def _read_and_clean(
    read: Callable[[], bytes | ImportResult], name: str, *, html: bool | None, timings: dict[str, float] | None
) -> _Cleaned | ImportResult:
    data = read()
    if isinstance(data, ImportResult):
        return data
    text = _decode_timed(data, name, timings)
    if isinstance(text, ImportResult):
        return text
    return _clean(text, name=name, html=html, timings=timings)


def _failure(name: str, error: Exception) -> ImportResult:
    logger.exception("Import of %s failed", name, exc_info=error)
    return ImportResult(
        name,
        FAILED,
        gettext("%(name)s: could not be stored (%(error_type)s: %(error)s)")
        % {"name": name, "error_type": type(error).__name__, "error": error},
    )


def _ready(result: ImportResult) -> Callable[[], ImportResult]:
    return lambda: result


def _never_raising(name: str, work: Callable[[], ImportResult]) -> Callable[[], ImportResult]:
    """``work`` made to return a failed result instead of raising (nothing of it is stored: the
    article and its claims are written in one transaction)."""

    def run() -> ImportResult:
        try:
            return work()
        except Exception as error:
            return _failure(name, error)

    return run


def import_upload(upload, *, user=None, **fields) -> ImportResult:
    """Import one uploaded file (a Django UploadedFile)."""
    name = upload.name or "uploaded file"
    if upload.size is not None and upload.size > max_bytes():
        return ImportResult(
            name,
            FAILED,
            gettext("%(name)s: too large (%(size)s; the limit is %(limit)s)")
            % {"name": name, "size": _size(upload.size), "limit": _size(max_bytes())},
        )
    data = upload.read(max_bytes() + 1)
    return import_bytes(data, name, user=user, **fields)


DEMO_DIR = Path(__file__).resolve().parent / "demo"


def import_demo(*, user=None) -> ImportSummary:
    """Load the demo articles (articles/demo/) through the same pipeline; running it again
    changes nothing (every file is then a duplicate)."""
    return import_paths([DEMO_DIR], user=user)
