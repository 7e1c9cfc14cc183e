from datetime import date

import pytest
from sqlalchemy import func, select

from bot import words
from bot.export import export
from bot.store import commitments, partnerships, people
from bot.store.db import DatabaseUnavailable, session_scope
from bot.store.models import Commitment
from bot.store.people import Identity

ALICE = Identity(workspace="T1", user="U1", display_name="Sgt. Alice", timezone="America/Chicago")


def test_a_person_is_created_once_per_workspace(session):
    first = people.person_for(session, ALICE)
    again = people.person_for(session, ALICE)
    elsewhere = people.person_for(session, Identity(workspace="T2", user="U1"))
    assert first.id == again.id
    assert elsewhere.id != first.id and elsewhere.workspace_id != first.workspace_id


def test_partnerships_are_found_by_fuzzy_name(session):
    alice = people.person_for(session, ALICE)
    partnerships.create_partnership(session, alice, "school district on truancy", "problem")
    partnerships.create_partnership(session, alice, "Mercy Hospital", "problem")
    assert partnerships.find_partnership(session, alice, "truancy").partner == "school district on truancy"
    assert partnerships.find_partnership(session, alice, "mercy hospitl").partner == "Mercy Hospital"


def test_an_unknown_partnership_names_the_ones_that_exist(session):
    alice = people.person_for(session, ALICE)
    partnerships.create_partnership(session, alice, "Mercy Hospital", "problem")
    with pytest.raises(partnerships.UnknownPartnership) as error:
        partnerships.find_partnership(session, alice, "zoo")
    assert error.value.known == ["Mercy Hospital"]


def test_a_lookup_error_carries_what_to_tell_the_person(session):
    alice = people.person_for(session, ALICE)
    partnerships.create_partnership(session, alice, "Mercy Hospital", "problem")
    partnerships.create_partnership(session, alice, "Mercy Clinic", "problem")
    with pytest.raises(partnerships.AmbiguousPartnership) as error:
        partnerships.find_partnership(session, alice, "mercy")
    assert error.value.message == str(error.value) == (
        "\"mercy\" could be several partnerships: Mercy Clinic, Mercy Hospital. Which one? Say it again with the full name.")


def test_partnerships_never_cross_workspaces(session):
    alice = people.person_for(session, ALICE)
    partnerships.create_partnership(session, alice, "Mercy Hospital", "problem")
    bob = people.person_for(session, Identity(workspace="T2", user="U9"))
    with pytest.raises(partnerships.UnknownPartnership):
        partnerships.find_partnership(session, bob, "Mercy Hospital")
    other = partnerships.partnerships_of(session, alice)[0]
    assert partnerships.partnership_by_id(session, bob, other.id) is None


def test_a_retried_message_stores_one_commitment(session):
    alice = people.person_for(session, ALICE)
    first = commitments.add_commitment(session, alice, "call the principal", date(2026, 11, 27), message_id="Ev1")
    again = commitments.add_commitment(session, alice, "call the principal", date(2026, 11, 27), message_id="Ev1")
    assert first.id == again.id
    assert session.scalar(select(func.count()).select_from(Commitment)) == 1


def test_open_commitments_are_listed_soonest_first_and_completed(session):
    alice = people.person_for(session, ALICE)
    later = commitments.add_commitment(session, alice, "draft the MOU", date(2026, 12, 15))
    sooner = commitments.add_commitment(session, alice, "call the principal", date(2026, 11, 27))
    undated = commitments.add_commitment(session, alice, "email the pastor", None)
    assert commitments.open_commitments(session, alice) == [sooner, later, undated]
    commitments.complete(session, sooner)
    assert commitments.open_commitments(session, alice) == [later, undated]


@pytest.mark.parametrize("said, expected", [
    ("I met with the principal", "meet the principal"),
    ("done with the MOU draft", "draft the MOU"),
    ("I called the hospital CEO", "call the hospital CEO"),
])
def test_a_completion_is_matched_to_the_commitment_it_is_about(session, said, expected):
    alice = people.person_for(session, ALICE)
    for text in ["meet the principal", "draft the MOU", "call the hospital CEO"]:
        commitments.add_commitment(session, alice, text, date(2026, 12, 1))
    assert words.match_commitment(commitments.open_commitments(session, alice), said).text == expected


def test_export_lists_partnerships_with_their_commitments(session):
    alice = people.person_for(session, ALICE)
    partnership = partnerships.create_partnership(session, alice, "Mercy Hospital", "problem")
    partnerships.save_step_answer(session, partnership, "problem", "overdoses up 40%")
    commitments.add_commitment(session, alice, "call the CEO", date(2026, 12, 1), partnership)
    commitments.add_commitment(session, alice, "read the toolkit", None)
    data = export(session)
    [workspace] = data["workspaces"]
    [exported] = workspace["partnerships"]
    assert exported["steps"]["problem"] == {"answer": "overdoses up 40%", "status": "answered"}
    assert exported["commitments"] == [{"owner": "Sgt. Alice", "owner_id": "U1", "text": "call the CEO",
                                        "due_date": "2026-12-01", "status": "open", "goal": None}]
    assert workspace["commitments_without_partnership"][0]["due_date"] is None


def test_an_unreachable_database_is_reported_as_unavailable():
    with pytest.raises(DatabaseUnavailable):
        with session_scope("postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=2"):
            pass


def test_many_threads_opening_a_new_database_at_once_migrate_it_once(tmp_path):
    import threading

    from bot.store.db import engine_for
    url = f"sqlite:///{tmp_path / 'race.db'}"
    errors = []

    def open_it():
        try:
            with session_scope(url) as session:
                people.person_for(session, Identity("T1", "U1"))
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)
    threads = [threading.Thread(target=open_it) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert engine_for(url) is engine_for(url)


def test_two_processes_migrating_one_sqlite_file_at_once_both_succeed(tmp_path):
    import subprocess
    import sys
    url = f"sqlite:///{tmp_path / 'two.db'}"
    script = f"from bot.store.db import engine_for; engine_for({url!r}); print('ok')"
    runs = [subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    outputs = [run.communicate(timeout=60) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs


def test_the_migrations_build_exactly_the_models(database_url):
    """A column added to a model without a migration would fail on every existing database."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from bot.store.db import engine_for
    from bot.store.models import Base

    def ours(name, kind, parents) -> bool:  # Rasa's tracker store keeps its `events` table beside ours
        table = name if kind == "table" else parents.get("table_name")
        return table is None or table in Base.metadata.tables

    with engine_for(database_url).connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": ours})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
