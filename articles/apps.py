from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Fact-checking")

    def ready(self) -> None:
        from articles.i18n import apply_language_at_login
        from articles.roles import ensure_roles_after_migrate

        # Runs after auth's own handler has created the permissions.
        post_migrate.connect(ensure_roles_after_migrate, sender=self, dispatch_uid="articles.ensure_roles")
        user_logged_in.connect(apply_language_at_login, dispatch_uid="articles.apply_language_at_login")
