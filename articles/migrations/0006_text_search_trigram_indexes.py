"""Trigram indexes for the text search of the articles and claims lists (icontains in any script)."""

import django.contrib.postgres.indexes
import django.db.models.functions.text
from django.conf import settings
from django.db import migrations

from articles.migration_operations import AddTrigramIndex


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_claim_review_by_covers_triage"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        AddTrigramIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("title"), name="gin_trgm_ops"
                ),
                name="article_title_trgm",
            ),
        ),
        AddTrigramIndex(
            model_name="article",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("body"), name="gin_trgm_ops"
                ),
                name="article_body_trgm",
            ),
        ),
        AddTrigramIndex(
            model_name="claim",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("text"), name="gin_trgm_ops"
                ),
                name="claim_text_trgm",
            ),
        ),
        AddTrigramIndex(
            model_name="claim",
            index=django.contrib.postgres.indexes.GinIndex(
                django.contrib.postgres.indexes.OpClass(
                    django.db.models.functions.text.Upper("claimant"), name="gin_trgm_ops"
                ),
                name="claim_claimant_trgm",
            ),
        ),
        # Statistics for the new expressions: without them the planner guesses "10 rows" and reads
        # every match of a common word (4 s) instead of walking the date index (15 ms).
        migrations.RunSQL("ANALYZE articles_article; ANALYZE articles_claim;", migrations.RunSQL.noop),
    ]
