"""The interface's translation catalogues: locale/<lang>/LC_MESSAGES/django.po and their .mo files.

    python -m factcheck.catalogues compile   # .po -> .mo in pure Python (polib): no GNU gettext needed
    python -m factcheck.catalogues update    # makemessages for every language of settings.LANGUAGES
                                             # (needs xgettext: apt install gettext), then compile

`make messages` runs `update`; `make install` runs `compile` when a .po is newer than its .mo.
The .mo files are committed too, so a checkout works even before the first `make`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
SOURCE_LANGUAGE = "en"  # msgids are English; it has no catalogue of its own
# Folders makemessages does not read (besides Django's defaults: hidden folders, *~, *.pyc).
IGNORE = ["tests", "benchmarks", "staticfiles", "test-artifacts", "locale"]


def catalogue_languages() -> list[str]:
    """The languages of settings.LANGUAGES that have (or need) a catalogue."""
    from django.conf import settings

    return [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/django.po"))


def compile_catalogues(locale_dir: Path = LOCALE_DIR, *, only_stale: bool = False) -> list[Path]:
    """Write each django.po's django.mo next to it; returns the .mo files written."""
    import polib

    written = []
    for po_path in po_files(locale_dir):
        mo_path = po_path.with_suffix(".mo")
        if only_stale and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def makemessages(project_dir: Path = BASE_DIR, *, verbosity: int = 1) -> None:
    """Extract every marked string of `project_dir` into its locale/ catalogues, keeping the translations.

    Django's makemessages, run from `project_dir` (the checkout, or a copy of its sources that the
    catalogue check compares with the committed catalogues).
    """
    from django.core.management import call_command
    from django.test.utils import override_settings

    cwd = os.getcwd()
    os.chdir(project_dir)
    try:
        with override_settings(LOCALE_PATHS=[project_dir / "locale"]):
            call_command(
                "makemessages",
                locale=catalogue_languages(),
                ignore_patterns=IGNORE,
                no_obsolete=True,
                verbosity=verbosity,
            )
    finally:
        os.chdir(cwd)


def main(argv: list[str]) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    command = argv[1] if len(argv) > 1 else "compile"
    if command == "update":
        django.setup()
        makemessages()
        written = compile_catalogues()
    elif command == "compile":
        written = compile_catalogues(only_stale="--stale" in argv)
    else:
        print(__doc__)
        return 2
    for path in written:
        print(f"compiled {path.relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
