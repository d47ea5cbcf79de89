"""The table of the shared cache (settings.CACHES, factcheck/cache.py): createcachetable."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def drop_cache_table(apps, schema_editor) -> None:
    from django.conf import settings

    for cache in settings.CACHES.values():
        if cache["BACKEND"].endswith(("DatabaseCache", "PostgresCache")):
            schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(cache['LOCATION'])}")


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_drop_indexes_other_indexes_cover")]

    operations = [migrations.RunPython(create_cache_table, drop_cache_table)]
