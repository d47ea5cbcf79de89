"""Write claims as CSV, in the format of the claims list's export button.

    python manage.py export_claims --status disputed --language th --output disputed-th.csv
    python manage.py export_claims --query "status=disputed&created_after=2026-11-01" > out.csv

The options become the claims list's query string and go through the same FilterSet
(articles.filters.ClaimFilter), so a filter selects the same claims here as on the page.
"""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.export import ClaimExport
from articles.filters import ClaimFilter
from articles.models import Claim

# Option (its `dest`) -> the claims list's query-string key.
FILTER_OPTIONS = {
    "search": "q",
    "status": "status",
    "triage": "triage",
    "language": "language",
    "article": "article",
    "assignee": "assignee",
    "verdict_editor": "verdict_editor",
    "created_from": "created_after",
    "created_to": "created_before",
    "status_changed_from": "status_changed_after",
    "status_changed_to": "status_changed_before",
    "has_sources": "has_sources",
    "review_due": "review_due",
    "score_min": "score_min",
    "score_max": "score_max",
}
USER_OPTIONS = ("assignee", "verdict_editor")


class Command(BaseCommand):
    help = "Export claims as CSV (the claims list's export format), filtered like the claims list."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", default="-", help="File to write (default: standard output).")
        parser.add_argument(
            "--query",
            default="",
            help='A claims list query string, e.g. "status=disputed&language=th"; options below override it.',
        )
        parser.add_argument("--base-url", default=None, help="Site address for claim_url (default: SITE_URL).")
        filters = parser.add_argument_group("filters (as on the claims list)")
        filters.add_argument("--search", help="Text or claimant contains.")
        filters.add_argument("--status", help=f"One of: {', '.join(Claim.Status.values)}.")
        filters.add_argument("--triage", help=f"One of: {', '.join(Claim.Triage.values)}.")
        filters.add_argument("--language", help="Claim language code, e.g. th.")
        filters.add_argument("--article", help="Article id.")
        filters.add_argument("--assignee", help='Username or user id of the assignee, or "none".')
        filters.add_argument("--verdict-editor", help="Username or user id of an editor who recorded a verdict.")
        filters.add_argument("--created-from", help="Created on or after (YYYY-MM-DD).")
        filters.add_argument("--created-to", help="Created on or before (YYYY-MM-DD).")
        filters.add_argument("--status-changed-from", help="Status changed on or after (YYYY-MM-DD).")
        filters.add_argument("--status-changed-to", help="Status changed on or before (YYYY-MM-DD).")
        filters.add_argument("--has-sources", choices=["yes", "no"], help="Only claims with (or without) sources.")
        filters.add_argument("--review-due", action="store_const", const="yes", help="Only claims due for review.")
        filters.add_argument("--score-min", help="Check-worthiness at least.")
        filters.add_argument("--score-max", help="Check-worthiness at most.")

    def handle(self, *args, **options) -> None:
        data = QueryDict(options["query"], mutable=True)
        for option, key in FILTER_OPTIONS.items():
            value = options.get(option)
            if value is None:
                continue
            if option in USER_OPTIONS:
                value = _user_id(value)
            data[key] = value
        filterset = ClaimFilter(data, queryset=Claim.objects.all())
        if not filterset.is_valid():
            problems = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in filterset.errors.items())
            raise CommandError(_("Invalid filter: %(problems)s") % {"problems": problems})

        export = ClaimExport(filterset.qs, base_url=options["base_url"] or settings.SITE_URL)
        to_stdout = options["output"] in ("", "-")
        progress = None
        if sys.stderr.isatty():
            from tqdm import tqdm

            progress = tqdm(total=filterset.qs.count(), unit=" claims", file=sys.stderr, leave=False)
        try:
            if to_stdout:
                stream = options.get("stdout") or sys.stdout
                binary = getattr(stream, "buffer", None)
                if binary is not None:
                    self._write(export, binary.write, progress)
                    binary.flush()
                else:  # a text stream without bytes underneath (call_command(stdout=StringIO()))
                    self._write(export, lambda chunk: stream.write(chunk.decode("utf-8")), progress)
            else:
                with Path(options["output"]).open("wb") as file:
                    self._write(export, file.write, progress)
        finally:
            if progress is not None:
                progress.close()

        where = _("standard output") if to_stdout else options["output"]
        summary = ngettext(
            "Exported %(count)d claim to %(where)s.", "Exported %(count)d claims to %(where)s.", export.rows
        ) % {
            "count": export.rows,
            "where": where,
        }
        if to_stdout:
            (options.get("stderr") or sys.stderr).write(summary + "\n")
        else:
            self.stdout.write(summary)

    @staticmethod
    def _write(export: ClaimExport, write, progress) -> None:
        done = 0
        for chunk in export.stream():
            write(chunk)
            if progress is not None and export.rows != done:
                progress.update(export.rows - done)
                done = export.rows


def _user_id(value: str) -> str:
    """A username becomes the user's id, as the claims list's form sends it; ids and "none" pass."""
    if value == "none" or value.isdigit():
        return value
    user = get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: value}).first()
    return str(user.pk) if user else value
