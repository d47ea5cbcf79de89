"""A user's own things: API tokens and preferences."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# --- API tokens (the JSON API under /api/, articles/api/) ---------------------------------------


def _token_digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def issue(self, user, name: str) -> tuple[ApiToken, str]:
        """A new token for `user`; returns it with its key, which is shown once and never stored."""
        import secrets

        key = secrets.token_urlsafe(32)
        token = self.create(user=user, name=name.strip(), key_hash=_token_digest(key), prefix=key[:8])
        return token, key

    def for_key(self, key: str) -> ApiToken | None:
        """The token with this key, with its user; None for an unknown or revoked key."""
        return self.select_related("user").filter(key_hash=_token_digest(key)).first()


class ApiToken(models.Model):
    """A user's key for the JSON API. Only a SHA-256 digest of the key is stored; revoking deletes it."""

    # No index of its own: apitoken_user_idx starts with user_id.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", db_index=False
    )
    name = models.CharField(max_length=100, help_text=_("What the token is for, e.g. 'newsletter tool'."))
    key_hash = models.CharField(max_length=64, editable=False)
    prefix = models.CharField(max_length=8, editable=False, help_text=_("The key's first characters, to recognise it."))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at", "-id"]
        constraints = [
            # The lookup of every API request that carries a token; a digest names one token.
            models.UniqueConstraint(fields=["key_hash"], name="apitoken_key_hash_unique"),
        ]
        indexes = [
            # A user's own tokens on /account/api-tokens/ (newest first).
            models.Index(fields=["user", "-created_at"], name="apitoken_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


# --- The user's own preferences (issue 12) ---------------------------------------------------------


class UserPreferences(models.Model):
    """What a user chose on their own page (/account/): for now the interface language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="preferences"
    )
    # A code of settings.LANGUAGES, or "" for the browser's language (Accept-Language). No choices
    # here: adding a language to the settings must not need a migration; the form validates it.
    language = models.CharField(_("interface language"), max_length=35, blank=True)

    class Meta:
        verbose_name = _("user preferences")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return str(self.user)
