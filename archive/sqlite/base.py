"""Django's SQLite backend, checking integers against the column ranges PostgreSQL has.

SQLite stores any 64-bit integer, so model validation there lets through a number that
PostgreSQL, where the archive runs in production, refuses ("99.999.999.999 đại biểu"):
a record saved on one database would not restore on the other.
"""

from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    integer_field_range = BaseDatabaseOperations.integer_field_range


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
