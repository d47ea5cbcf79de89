"""Create the two newsroom roles, so every database has them."""

from django.db import migrations

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
]
# Editors create and change everything editorial. They unlink evidence (delete_evidence) and
# reject matches, but verdicts are history: no change or delete permission for them.
EDITOR_PERMISSIONS = (
    [f"view_{m}" for m in MODELS]
    + [f"add_{m}" for m in ["article", "claim", "source", "evidence", "verdict", "claimgroup", "namealias"]]
    + [f"change_{m}" for m in ["article", "claim", "source", "evidence", "claimgroup", "matchsuggestion"]]
    + ["delete_evidence"]
)
VIEWER_PERMISSIONS = [f"view_{m}" for m in MODELS]


def create_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; roles need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in [("editors", EDITOR_PERMISSIONS), ("viewers", VIEWER_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="articles", codename__in=codenames))


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["editors", "viewers"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
