"""python manage.py import_articles PATH [PATH ...]: files, folders (recursively) and '-' for
standard input, through the same pipeline as the web page (articles.importing)."""

import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.importing import FAILED, import_paths, iter_files


class Command(BaseCommand):
    help = (
        "Import articles from text, Markdown or HTML files and folders (recursively); '-' reads standard "
        "input. Prints 'imported N, duplicates M, failed K' and one line per failed file; exits with "
        "status 1 when any file failed."
    )

    # call_command(..., stdin=BytesIO(...)) feeds '-' in tests
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, folders, or - for standard input")
        parser.add_argument("--language", default="", help="BCP 47 code to use instead of detection")
        parser.add_argument("--user", default="", help="username recorded as the importer")
        parser.add_argument("--no-progress", action="store_true", help="never show a progress bar")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist as error:
                raise CommandError(_("No user named %(name)r.") % {"name": options["user"]}) from error
        paths = options["paths"]
        progress = None
        if not options["no_progress"] and sys.stderr.isatty():
            from tqdm import tqdm

            total = sum(1 for _ in iter_files(paths))
            progress = tqdm(total=total, unit="file", file=sys.stderr, leave=False)
        try:
            summary = import_paths(
                paths,
                user=user,
                stdin=options.get("stdin"),
                language=options["language"],
                on_result=(lambda _result: progress.update(1)) if progress else None,
            )
        finally:
            if progress:
                progress.close()
        self.stdout.write(summary.line())
        for result in summary.results:
            if result.status == FAILED:
                self.stdout.write(result.reason)
        if summary.failed:
            raise CommandError(
                _("%(failed)d of %(total)d failed") % {"failed": summary.failed, "total": len(summary.results)},
                returncode=1,
            )
