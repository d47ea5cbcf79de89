from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Fact-checking"

    def ready(self) -> None:
        from articles.roles import ensure_roles_after_migrate

        # Runs after auth's own handler has created the permissions.
        post_migrate.connect(ensure_roles_after_migrate, sender=self, dispatch_uid="articles.ensure_roles")
