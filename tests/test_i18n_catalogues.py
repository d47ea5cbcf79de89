"""Every user-facing string is marked for translation, and every catalogue is complete and current.

- templates: no bare text between tags or in title/aria-label/placeholder/alt outside
  {% translate %} / {% blocktranslate %};
- Python: no literal in messages.*, ValidationError (and the app's errors), CommandError, add_error,
  label / help_text / verbose_name / empty_label keywords, TextChoices labels, stdout.write;
- catalogues: no untranslated or fuzzy entry, the same placeholders as the English, .mo files that
  match their .po, and msgids that match the sources (makemessages into a copy, when xgettext exists).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
from pathlib import Path

import polib
import pytest
from django.conf import settings

from factcheck import catalogues

BASE = Path(settings.BASE_DIR)
TEMPLATES = BASE / "templates"
PYTHON_DIRS = [BASE / "articles", BASE / "factcheck"]

# Text a template may show as is: the product's name, punctuation and symbols.
ALLOWED_TEXT = {"factcheck"}
WORD = re.compile(r"[A-Za-z]{2,}")


def _strip_template(source: str) -> str:
    """The template with comments, translated blocks, variables and tags removed."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", "", source, flags=re.S)
    source = re.sub(r"\{%\s*blocktranslate.*?\{%\s*endblocktranslate\s*%\}", "", source, flags=re.S)
    source = re.sub(r"<script\b.*?</script>", "", source, flags=re.S)
    source = re.sub(r"\{%.*?%\}", "", source, flags=re.S)
    return re.sub(r"\{\{.*?\}\}", "", source, flags=re.S)


def bare_template_text(source: str) -> list[str]:
    stripped = _strip_template(source)
    found = []
    for text in re.findall(r">([^<>]+)<", stripped) + re.findall(r"^([^<>]+)<", stripped):
        text = text.strip()
        if WORD.search(re.sub("|".join(ALLOWED_TEXT), "", text)):
            found.append(text)
    for _attr, value in re.findall(r'\b(title|aria-label|placeholder|alt)="([^"]*)"', stripped):
        if WORD.search(value):
            found.append(value)
    return found


def test_the_template_check_finds_bare_text():
    assert bare_template_text("<p>Hello there</p>") == ["Hello there"]
    assert bare_template_text('<a title="Open it">{% translate "x" %}</a>') == ["Open it"]
    assert bare_template_text('<p>{% translate "Hello" %} {{ name }}</p><b>factcheck</b> — 3') == []
    assert bare_template_text("{% blocktranslate %}Hi <b>{{ n }}</b> there{% endblocktranslate %}") == []


def test_every_template_string_is_marked():
    problems = {
        str(path.relative_to(BASE)): found
        for path in sorted(TEMPLATES.rglob("*.html"))
        if (found := bare_template_text(path.read_text(encoding="utf-8")))
    }
    assert problems == {}


# --- Python -----------------------------------------------------------------------------------

MESSAGE_FUNCTIONS = {"success", "error", "info", "warning", "debug"}
ERROR_CLASSES = {"ValidationError", "VerdictRuleError", "StaleEditError", "CommandError", "Refused"}
TEXT_KEYWORDS = {
    "label",
    "help_text",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "null_label",
    "description",
}


def _is_literal(node: ast.AST) -> bool:
    """A plain or f-string literal (not a gettext call, not a variable)."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and WORD.search(str(v.value)) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _is_literal(node.left) or _is_literal(node.right)
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(WORD.search(node.value))


def _name(func: ast.AST) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def unmarked_python(source: str, keywords: set[str] = TEXT_KEYWORDS) -> list[str]:
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            receiver = node.func.value if isinstance(node.func, ast.Attribute) else None
            candidates = []
            if name in MESSAGE_FUNCTIONS and isinstance(receiver, ast.Name) and receiver.id == "messages":
                candidates = node.args[1:2]
            elif name in ERROR_CLASSES:
                candidates = node.args[:1]
            elif name == "add_error":
                candidates = node.args[1:2]
            elif name == "write" and isinstance(receiver, ast.Attribute) and receiver.attr in {"stdout", "stderr"}:
                candidates = node.args[:1]
            candidates += [kw.value for kw in node.keywords if kw.arg in keywords]
            found += [ast.unparse(arg) for arg in candidates if _is_literal(arg)]
        elif isinstance(node, ast.ClassDef) and any(_name(base) == "TextChoices" for base in node.bases):
            for item in node.body:
                pair = isinstance(item, ast.Assign) and isinstance(item.value, ast.Tuple) and len(item.value.elts) == 2
                if pair and _is_literal(item.value.elts[1]):
                    found.append(ast.unparse(item))
    return found


def test_the_python_check_finds_unmarked_strings():
    source = """
messages.success(request, "Saved.")
messages.error(request, _("Fine."))
raise ValidationError(f"Bad {x}.")
x = forms.CharField(label="Name", help_text=_("Fine"))
self.stdout.write("Done")
class S(models.TextChoices):
    A = "a", "alpha"
    B = "b", _("beta")
"""
    assert sorted(unmarked_python(source)) == sorted(
        ["'Saved.'", "f'Bad {x}.'", "'Name'", "'Done'", "A = ('a', 'alpha')"]
    )


def test_every_python_message_is_marked():
    problems = {}
    for folder in PYTHON_DIRS:
        for path in sorted(folder.rglob("*.py")):
            if "migrations" in path.parts or "text" in path.relative_to(folder).parts[:1]:
                continue  # migrations are history; articles/text/ is plain text processing, no messages
            # The API's OpenAPI descriptions and help texts are its English reference (JSON names stay
            # English identifiers too); its error messages are still checked.
            in_api = "api" in path.relative_to(folder).parts[:1]
            found = unmarked_python(path.read_text(encoding="utf-8"), set() if in_api else TEXT_KEYWORDS)
            if found:
                problems[str(path.relative_to(BASE))] = found
    assert problems == {}


# --- Catalogues -------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdr]|%[sd]")


def test_every_interface_language_has_a_catalogue():
    have = {path.parts[-3] for path in catalogues.po_files()}
    assert have == set(catalogues.catalogue_languages())
    assert [code for code, _ in settings.LANGUAGES] == ["en", "th", "vi", "ja", "km"]


@pytest.mark.parametrize("po_path", catalogues.po_files(), ids=lambda p: p.parts[-3])
def test_catalogue_is_complete(po_path):
    catalogue = polib.pofile(str(po_path))
    assert len(catalogue) > 300
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert not catalogue.metadata_is_fuzzy
    for entry in catalogue:
        if entry.obsolete:
            continue
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for translation in translations:
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid
            assert translation.count("<") == entry.msgid.count("<"), entry.msgid  # the same markup


@pytest.mark.parametrize("po_path", catalogues.po_files(), ids=lambda p: p.parts[-3])
def test_compiled_catalogue_matches_its_po(po_path):
    mo = polib.mofile(str(po_path.with_suffix(".mo")))
    po = polib.pofile(str(po_path))

    def entries(catalogue):
        return {
            (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e in catalogue
            if not e.obsolete and "fuzzy" not in e.flags
        }

    assert entries(mo) == entries(po), "run `make install` (or python -m factcheck.catalogues compile)"


def test_catalogues_are_up_to_date_with_the_sources(tmp_path):
    """makemessages on a copy of the sources finds exactly the msgids of the committed catalogues."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("xgettext is missing under CI (.ci/run installs the gettext package)")
        pytest.skip("xgettext (apt install gettext) is needed to extract the messages; not installed here")
    for name in ("articles", "factcheck", "templates"):
        shutil.copytree(BASE / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    shutil.copytree(BASE / "locale", tmp_path / "locale")
    catalogues.makemessages(tmp_path, verbosity=0)
    for po_path in catalogues.po_files():
        fresh = polib.pofile(str(tmp_path / po_path.relative_to(BASE)))
        committed = polib.pofile(str(po_path))

        def ids(catalogue):
            return {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue if not e.obsolete}

        assert ids(fresh) - ids(committed) == set(), f"new strings: run `make messages` ({po_path})"
        assert ids(committed) - ids(fresh) == set(), f"strings gone: run `make messages` ({po_path})"
