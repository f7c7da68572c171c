"""Django's SQLite backend that makes the database's folder when it first connects and reads back any stored number.

Settings only name the data directory; creating it at import would leave empty `var/` folders wherever
Hyoka's settings are merely read (a test run, `hyoka --help`).
"""

from pathlib import Path

from django.db.backends.sqlite3 import base

from hyoka.db.sqlite3.operations import DatabaseOperations


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations  # reads numbers stored out of range instead of raising

    def get_new_connection(self, conn_params: dict):
        name = str(conn_params.get("database", ""))
        if name and not self.is_in_memory_db() and not name.startswith("file:"):
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return super().get_new_connection(conn_params)
