"""Alembic environment: runs against the connection bot.store.db hands it, or
against DATABASE_URL when called from the `alembic` command line."""

from alembic import context
from sqlalchemy import create_engine

from bot import config as coach_config
from bot.store.models import Base

target_metadata = Base.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    with create_engine(coach_config.load().database_url).connect() as own_connection:
        run_migrations(own_connection)
        own_connection.commit()
