import datetime
import secrets

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from articles import importing, publishing
from articles.models import Article, Claim, Evidence, Source

# Fictional sources on reserved example domains; one per kind of finding.
DEMO_SOURCES = {
    Evidence.Stance.SUPPORTS: (
        "https://stats.example.org/tables/{pk}",
        "Official statistics table",
        "Statistics office",
    ),
    Evidence.Stance.REFUTES: ("https://ministry.example.org/corrections/{pk}", "Ministry correction", "Ministry"),
    Evidence.Stance.CONTEXT: ("https://archive.example.org/reports/{pk}", "Earlier annual report", "Archive"),
}


class Command(BaseCommand):
    help = (
        "Prepare a development database: the demo articles (through the import pipeline), a few "
        "sources and verdicts in every status, and a demo editor and admin with generated "
        "passwords, printed once, created only while the database has no user at all."
    )

    def handle(self, *args, **options) -> None:
        editor = self.create_demo_users()
        summary = importing.import_demo(user=editor)
        self.stdout.write(gettext("Demo articles: %(summary)s") % {"summary": summary.line()})
        for result in summary.results:
            if result.status == importing.FAILED:
                self.stderr.write(f"  {result}")
        new_articles = [r.article for r in summary.results if r.status == importing.IMPORTED]
        if new_articles:
            self.add_demo_reviews(new_articles, editor)

    @transaction.atomic
    def create_demo_users(self) -> User | None:
        if User.objects.exists():
            self.stdout.write(gettext("Users exist already: no demo users created."))
            return User.objects.filter(groups__name="editors").order_by("pk").first()
        editor_password = secrets.token_urlsafe(12)
        admin_password = secrets.token_urlsafe(12)
        editor = User.objects.create_user("editor", password=editor_password)
        editor.groups.add(Group.objects.get(name="editors"))
        User.objects.create_superuser("admin", password=admin_password)
        self.stdout.write(
            self.style.SUCCESS(
                gettext("Demo users created (the passwords are shown this once):")
                + f"\n  editor / {editor_password}\n  admin  / {admin_password}"
            )
        )
        return editor

    def add_demo_reviews(self, articles: list[Article], editor: User | None) -> None:
        """Accept the best candidates of each new demo article and give them a verdict each, so that
        every status, the history and "due for review" have something to show."""
        last_year = timezone.localdate() - datetime.timedelta(days=365)
        plans = [
            ("verified", Evidence.Stance.SUPPORTS, "The figure matches the statistics office's table.", None),
            ("disputed", Evidence.Stance.REFUTES, "The ministry published a different figure.", None),
            ("outdated", Evidence.Stance.CONTEXT, "Newer figures replaced these; re-check yearly.", last_year),
        ]
        reviewed = published = 0
        for article in articles:
            candidates = list(article.claims.filter(triage=Claim.Triage.CANDIDATE).order_by("-checkworthiness")[:4])
            for claim, (status, stance, rationale, review_by) in zip(candidates, plans, strict=False):
                with transaction.atomic():
                    claim.set_triage(Claim.Triage.ACCEPTED, editor=editor)
                    url, title, publisher = DEMO_SOURCES[stance]
                    source, _ = Source.objects.get_or_create(
                        url=url.format(pk=claim.pk),
                        defaults={"title": title, "publisher": publisher, "added_by": editor},
                    )
                    claim.link_source(source, stance=stance, editor=editor, quote=claim.text[:200])
                    claim.record_verdict(status=status, rationale=rationale, editor=editor, review_by=review_by)
                    if status == "verified":  # one public fact-check per demo article (/fact-checks/)
                        publishing.publish(claim, headline=claim.text[:120], summary=rationale, editor=editor)
                        published += 1
                reviewed += 1
        self.stdout.write(
            gettext("Demo reviews: %(count)s claims accepted, sourced and given a verdict.") % {"count": reviewed}
        )
        self.stdout.write(gettext("Demo fact-checks: %(count)s published at /fact-checks/.") % {"count": published})
