"""python manage.py refresh_signals [--matches]: recompute every claim's match signals with the current
rules (after an upgrade that changed them, as the sound keys of names in other scripts did), in batches,
then recount them; --matches also refreshes the suggestions of the claims whose signals changed."""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from articles import matching
from articles.models import Claim

BATCH = 2000


class Command(BaseCommand):
    help = (
        "Recompute the match signals of every claim with the current rules and recount them. With --matches, "
        "refresh the match suggestions of the claims whose signals changed. Ends with 'N of M claims changed'."
    )

    def add_arguments(self, parser):
        parser.add_argument("--matches", action="store_true", help="refresh the suggestions of changed claims")

    def handle(self, *args, **options):
        fields = ("id", "article_id", "text", "language", "triage", "group_id", "match_signals")
        changed: list[int] = []
        total, last = 0, 0
        while True:
            batch = list(Claim.objects.filter(pk__gt=last).order_by("pk").only(*fields)[:BATCH])
            if not batch:
                break
            before = {c.pk: list(c.match_signals or ()) for c in batch}
            with transaction.atomic():
                matching.store_signals(batch)
            changed += [c.pk for c in batch if list(c.match_signals) != before[c.pk]]
            total += len(batch)
            last = batch[-1].pk
        matching.rebuild_signal_stats()
        if options["matches"]:
            # An article at a time: refresh_matches looks for matches outside the articles it is given.
            by_article: dict[int, list[int]] = {}
            for pk, article in Claim.objects.filter(pk__in=changed).values_list("pk", "article_id"):
                by_article.setdefault(article, []).append(pk)
            for pks in by_article.values():
                matching.refresh_matches(list(Claim.objects.filter(pk__in=pks)))
        self.stdout.write(
            ngettext("%(changed)d of %(total)d claim changed", "%(changed)d of %(total)d claims changed", total)
            % {"changed": len(changed), "total": total}
        )
