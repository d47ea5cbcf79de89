"""The match signals' GIN index without a fast-update pending list (articles.matching's candidate lookup).

Each import inserts claims and then looks candidates up by signal; with the pending list on, every
lookup read the whole unsorted list (about 1 ms per signal, most of an import's matching time). The
index is altered in place rather than rebuilt; the pending list it had is merged into it."""

import django.contrib.postgres.indexes
from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_source_search_trigram_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER INDEX claim_match_signals_gin SET (fastupdate = off);"
                    "SELECT gin_clean_pending_list('claim_match_signals_gin'::regclass);",
                    "ALTER INDEX claim_match_signals_gin RESET (fastupdate);",
                ),
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="claim", name="claim_match_signals_gin"),
                migrations.AddIndex(
                    model_name="claim",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fastupdate=False, fields=["match_signals"], name="claim_match_signals_gin"
                    ),
                ),
            ],
        ),
    ]
