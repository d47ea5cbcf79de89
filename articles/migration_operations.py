"""Migration operations for what depends on an optional PostgreSQL extension."""

from django.db import migrations


def has_pg_trgm(schema_editor) -> bool:
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        return cursor.fetchone() is not None


class AddTrigramIndex(migrations.AddIndex):
    """A pg_trgm index, created only where migration 0004 could install pg_trgm.

    The index only speeds up `icontains` searches; without it the same queries still run (slower),
    so a server that lacks the extension can still run the app.
    """

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if has_pg_trgm(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if has_pg_trgm(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)
