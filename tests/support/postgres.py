"""The PostgreSQL server the tests use (a schema of their own on it per session)."""

import os

POSTGRES_SERVER = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
