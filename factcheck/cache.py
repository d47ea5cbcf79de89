"""A cache in PostgreSQL, shared by every gunicorn worker and host (no Redis to run).

Django's DatabaseCache with `set` and `add` done in one statement each, an upsert on the key,
instead of its count, select, then insert or update inside a savepoint (five queries on a miss
of the dashboard's counts). `set` also deletes the expired rows (the table holds a few keys,
its `expires` index finds them). The table is created by migration 0015_cache (createcachetable).
"""

from __future__ import annotations

import base64
import pickle
from datetime import UTC, datetime

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router


class PostgresCache(DatabaseCache):
    def _row(self, key, value, timeout, version) -> tuple[str, str, datetime]:
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        expires = datetime.max.replace(tzinfo=UTC) if timeout is None else datetime.fromtimestamp(timeout, tz=UTC)
        encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        return key, encoded, expires.replace(microsecond=0)

    def _table_and_connection(self):
        connection = connections[router.db_for_write(self.cache_model_class)]
        return connection.ops.quote_name(self._table), connection

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        """Set unless the key holds an unexpired value, in one statement: whether it was set."""
        key, encoded, expires = self._row(key, value, timeout, version)
        table, connection = self._table_and_connection()
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} AS c (cache_key, value, expires) VALUES (%s, %s, %s) "  # noqa: S608
                "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires "
                "WHERE c.expires < now() RETURNING 1",
                [key, encoded, expires],
            )
            return cursor.fetchone() is not None

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key, encoded, expires = self._row(key, value, timeout, version)
        table, connection = self._table_and_connection()
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH culled AS (DELETE FROM {table} WHERE expires < now() AND cache_key <> %s) "  # noqa: S608
                f"INSERT INTO {table} (cache_key, value, expires) VALUES (%s, %s, %s) "
                "ON CONFLICT (cache_key) DO UPDATE SET value = EXCLUDED.value, expires = EXCLUDED.expires",
                [key, key, encoded, expires],
            )
