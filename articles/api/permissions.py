"""The pages' roles for the API: a Django model permission per HTTP method (articles/roles.py
gives viewers view_*, editors add/change, superusers everything)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

READ_METHODS = ("GET", "HEAD", "OPTIONS")


def model_permissions(read: str, **writes: str) -> type[BasePermission]:
    """A permission class: `read` for GET/HEAD/OPTIONS, writes[method] (e.g. POST="articles.add_verdict")
    for the others. A method with no permission named passes here and the view answers 405."""
    needed = dict.fromkeys(READ_METHODS, read) | {method.upper(): perm for method, perm in writes.items()}

    class ModelPermission(BasePermission):
        message = _("Your role does not allow this.")
        perms = needed

        def has_permission(self, request, view) -> bool:
            perm = needed.get(request.method)
            return perm is None or request.user.has_perm(perm)

    return ModelPermission
