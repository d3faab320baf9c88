"""Detect PostgreSQL's `vector` extension (pgvector). Never required: without it (SQLite, or a server
without the extension, as on this project's machines) the in-process index (index.py) serves dense search."""
from functools import cache

from django.db import connection


@cache
def available() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")
        return cursor.fetchone() is not None
