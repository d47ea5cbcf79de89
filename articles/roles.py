"""The newsroom's two roles as permission groups: editors change things, viewers read and export.

Created by migration 0002 and again after every `migrate` and `flush` (post_migrate), so a
database never lacks them, including test databases that transactional tests flush.
"""

from django.apps import apps as global_apps

EDITORS = "editors"
VIEWERS = "viewers"

MODELS = [
    "article",
    "claim",
    "source",
    "evidence",
    "verdict",
    "claimevent",
    "claimgroup",
    "matchsuggestion",
    "namealias",
    # Publishing (issue 11): editors publish and unpublish; rating labels are changed by admins only.
    "factcheck",
    "factcheckevent",
    "ratinglabel",
    "externalreview",
]
# Editors create and change everything editorial. They unlink evidence (delete_evidence) and
# reject matches, but verdicts are history: no change or delete permission for them.
EDITOR_PERMISSIONS = (
    [f"view_{m}" for m in MODELS]
    + [f"add_{m}" for m in ["article", "claim", "source", "evidence", "verdict", "claimgroup", "namealias"]]
    + [f"change_{m}" for m in ["article", "claim", "source", "evidence", "claimgroup", "matchsuggestion"]]
    + ["delete_evidence"]
    + ["add_factcheck", "change_factcheck"]
)
VIEWER_PERMISSIONS = [f"view_{m}" for m in MODELS]


def ensure_roles(apps=global_apps) -> None:
    """Create or repair both groups; `apps` is a migration's historical registry or the live one."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [(EDITORS, EDITOR_PERMISSIONS), (VIEWERS, VIEWER_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))


def ensure_roles_after_migrate(sender, apps=global_apps, **kwargs) -> None:
    ensure_roles(apps)
