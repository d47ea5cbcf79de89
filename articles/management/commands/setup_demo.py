import secrets

from django.contrib.auth.models import Group, User
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Prepare a development database: demo articles, and a demo editor and admin with generated "
        "passwords, printed once, created only while the database has no user at all."
    )

    def handle(self, *args, **options) -> None:
        self.create_demo_users()

    @transaction.atomic
    def create_demo_users(self) -> None:
        if User.objects.exists():
            self.stdout.write("Users exist already: no demo users created.")
            return
        editor_password = secrets.token_urlsafe(12)
        admin_password = secrets.token_urlsafe(12)
        editor = User.objects.create_user("editor", password=editor_password)
        editor.groups.add(Group.objects.get(name="editors"))
        User.objects.create_superuser("admin", password=admin_password)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo users created (the passwords are shown this once):\n"
                f"  editor / {editor_password}\n"
                f"  admin  / {admin_password}"
            )
        )
