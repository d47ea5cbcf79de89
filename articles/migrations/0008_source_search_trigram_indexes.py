"""Trigram indexes for the source search of the claim page's "link a source" form (where 0004 installed pg_trgm)."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations

from articles.migration_operations import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_claim_language_index_covers_status"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddTrigramIndex(
            model_name="source",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("url"), name="gin_trgm_ops"
                ),
                name="source_url_trgm",
            ),
        ),
        AddTrigramIndex(
            model_name="source",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("title"), name="gin_trgm_ops"
                ),
                name="source_title_trgm",
            ),
        ),
        migrations.RunSQL("ANALYZE articles_source;", migrations.RunSQL.noop),
    ]
