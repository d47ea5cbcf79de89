"""A cache in PostgreSQL, shared by every gunicorn worker and host (no Redis to run).

Django's DatabaseCache with `set` done in one statement: an upsert on the key instead of its
count, select, then insert or update inside a savepoint (five queries on a miss of the
dashboard's counts), which also deletes the expired rows (the table holds a few keys, its
`expires` index finds them). The table is created by migration 0015_cache (createcachetable).
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router


class PostgresCache(DatabaseCache):
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        expires = datetime.max.replace(tzinfo=UTC) if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        expires = expires.replace(microsecond=0)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        connection = connections[router.db_for_write(self.cache_model_class)]
        table = connection.ops.quote_name(self._table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH culled AS (DELETE FROM {table} WHERE expires < now() AND cache_key <> %s) "  # noqa: S608
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires",
                [key, key, encoded, expires],
            )
