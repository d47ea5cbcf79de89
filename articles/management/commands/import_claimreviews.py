"""python manage.py import_claimreviews FILE [--user USERNAME]: other fact-checkers' ClaimReviews as Sources."""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.claimreviews import FAILED, FeedError, import_feed


class Command(BaseCommand):
    help = (
        "Read a ClaimReview data feed (JSON or JSON-LD: a list, a @graph or a DataFeed) and store each "
        "review as a Source. Bad records are reported and skipped; exits with status 1 when any failed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the feed's file, or - for standard input")
        parser.add_argument("--user", default="", help="username recorded as the sources' adder")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(_("No user named %(name)r.") % {"name": options["user"]})
        path = options["file"]
        try:
            text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(_("Cannot read %(path)s: %(error)s") % {"path": path, "error": error}) from error
        try:
            report = import_feed(text, user=user)
        except FeedError as error:
            raise CommandError(f"{path}: {error}") from error
        self.stdout.write(report.line())
        for result in report.results:
            if result.status == FAILED:
                self.stderr.write(f"{result.position}: {result.reason}")
        if report.failed:
            raise SystemExit(1)
