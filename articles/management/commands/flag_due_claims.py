"""python manage.py flag_due_claims [--assign] [--date YYYY-MM-DD]: the claims whose review-by date has
passed, one line each, for a daily cron job; --assign gives each to the editor of its latest verdict."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Claim


class Command(BaseCommand):
    help = (
        "List the claims due for review (review-by date passed, no newer verdict since). With --assign, "
        "assign each to the editor who recorded its latest verdict. Ends with 'N claims due for review'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--assign", action="store_true", help="assign each claim to its last verdict's editor")
        parser.add_argument("--date", default="", help="the day to check against (YYYY-MM-DD); default today")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(
                    _("--date must be YYYY-MM-DD, not %(value)r.") % {"value": options["date"]}
                ) from error
        claims, assigned = Claim.objects.flag_due(today, assign=options["assign"])
        for claim in claims:
            editor = claim.last_verdict_editor
            self.stdout.write(
                "\t".join(
                    [
                        f"claim {claim.pk}",
                        f"review by {claim.review_by:%Y-%m-%d}",
                        claim.status,
                        f"last verdict by {editor.get_username() if editor else '-'}",
                        f"assigned to {claim.assignee.get_username() if claim.assignee else '-'}",
                        f"{settings.SITE_URL}{claim.get_absolute_url()}",
                        " ".join(claim.text.split())[:100],
                    ]
                )
            )
        line = ngettext(
            "%(count)d claim due for review on %(date)s", "%(count)d claims due for review on %(date)s", len(claims)
        ) % {"count": len(claims), "date": f"{today:%Y-%m-%d}"}
        if options["assign"]:
            line += _(", %(count)d newly assigned") % {"count": assigned}
        self.stdout.write(line)
