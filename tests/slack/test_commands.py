import pytest

from bot.slack.listeners.commands import as_message


@pytest.mark.parametrize("text, message", [
    ("", "/help"), ("help", "/help"), ("checklist", "/request_checklist"), ("STATUS", "/partnership_status"),
    ("commitments", "/list_commitments"), ("new", "/start_partnership"),
    ("new Mercy Hospital", "I want to start a partnership with Mercy Hospital"), ("dance", None),
])
def test_subcommands_stand_for_what_the_user_would_type(text, message):
    assert as_message(text) == message


@pytest.mark.parametrize("text, request_", [
    ("export truancy csv", ("truancy", "csv")), ("export school district", ("school district", "md")),
    ("export", ("", "md")), ("export Mercy MD", ("Mercy", "md")),
])
def test_export_names_a_partnership_and_a_format(text, request_):
    from bot.slack.listeners.commands import file_request
    assert file_request(text, ("md", "csv")) == request_
