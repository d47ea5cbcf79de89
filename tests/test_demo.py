from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from articles.models import Article, Claim, Verdict

pytestmark = pytest.mark.django_db


def _setup_demo() -> str:
    out = StringIO()
    call_command("setup_demo", stdout=out, stderr=StringIO())
    return out.getvalue()


def test_demo_creates_users_once_with_generated_passwords_and_every_status():
    output = _setup_demo()
    editor, admin = User.objects.get(username="editor"), User.objects.get(username="admin")
    assert editor.groups.filter(name="editors").exists() and not editor.is_staff
    assert admin.is_superuser and admin.is_staff
    # The printed passwords are the real ones and differ from run to run.
    editor_password = output.split("editor / ")[1].split()[0]
    assert editor.check_password(editor_password)
    assert len(editor_password) >= 12

    languages = set(Article.objects.values_list("language", flat=True))
    assert {"th", "km", "vi", "ja", "en"} <= languages
    statuses = set(Claim.objects.values_list("status", flat=True))
    assert statuses == {"unreviewed", "verified", "disputed", "outdated"}
    assert Claim.objects.due_for_review().exists()
    for claim in Claim.objects.exclude(status="unreviewed"):
        assert claim.status == claim.verdicts.latest().status


def test_running_demo_again_keeps_data_and_creates_no_users():
    _setup_demo()
    counts = (User.objects.count(), Article.objects.count(), Claim.objects.count(), Verdict.objects.count())
    output = _setup_demo()
    assert "no demo users created" in output
    assert "imported 0" in output
    assert (User.objects.count(), Article.objects.count(), Claim.objects.count(), Verdict.objects.count()) == counts


def test_no_demo_users_when_someone_already_has_an_account():
    User.objects.create_user("newsroom-chief", password="x-long-password-1")
    output = _setup_demo()
    assert "no demo users created" in output
    assert list(User.objects.values_list("username", flat=True)) == ["newsroom-chief"]
