"""The draft agreement (MOU) written from a partnership's records: every element filled
from what is stored or marked for the people to complete, as Markdown and as a Word
document, from the command line and in chat."""

from __future__ import annotations

import io
from datetime import date, datetime, timezone

import docx
from typer.testing import CliRunner

from bot import agreement
from bot.actions.agreement import ActionDraftAgreement
from bot.cli import app
from bot.knowledge import knowledge
from bot.store import commitments, partnerships, people
from bot.store.db import session_scope
from bot.store.models import Goal, Partnership, ProgressNote, Stakeholder
from tests.support.trackers import run, tracker

TODAY = date(2026, 12, 2)
ALICE = people.Identity("T1", "U1", "Sgt. Alice", "America/Chicago")
PROBLEM = "Chronic absence at Lincoln High is 18%, and truancy calls doubled since 2024."
SHARING = ("We will share weekly attendance records under FERPA. "
           "Monthly meetings at the district office, chaired by the assistant superintendent.")
RESOURCES = "Two school resource officers 10 hours a week; the district gives a attendance clerk."
runner = CliRunner()


def make_partnership(session) -> Partnership:
    """Some steps answered, some not: no buy-in, no barriers, no partnership test."""
    alice = people.person_for(session, ALICE)
    partnership = partnerships.create_partnership(session, alice, "school district", "problem")
    partnerships.save_step_answer(session, partnership, "problem", PROBLEM)
    partnerships.save_step_answer(session, partnership, "resources", RESOURCES)
    partnerships.save_step_answer(session, partnership, "formal_agreement", SHARING)
    partnerships.save_step_answer(session, partnership, "buy_in", None, status="skipped")
    partnership.stakeholders.append(Stakeholder(organisation="Lincoln High School", contact="Principal Diaz",
                                                interests="attendance up"))
    absence = Goal(description="chronic absence from 18% to 12% by June 2027", measure="chronic absence",
                   baseline="18%", target="12%", target_date=date(2027, 6, 30))
    partnership.goals += [absence, Goal(description="faster referrals", measure="days to a referral")]
    session.flush()
    session.add(ProgressNote(partnership_id=partnership.id, goal_id=absence.id, author_id=alice.id,
                             text="chronic absence is at 16% now",
                             created_at=datetime(2026, 11, 20, tzinfo=timezone.utc)))
    commitments.add_commitment(session, alice, "hold the first review of the school district partnership",
                              date(2027, 3, 1), partnership)
    session.flush()
    session.refresh(partnership)
    return partnership


def section(draft: agreement.Draft, title: str) -> agreement.Section:
    return next(s for s in draft.sections if s.title == title)


def text_of(s: agreement.Section) -> str:
    return "\n".join(s.lines)


def test_the_draft_has_every_element_of_an_mou_in_order(session):
    markdown = agreement.as_markdown(agreement.draft(make_partnership(session), TODAY))
    titles = [f"## {n}. {s['title']}" for n, s in enumerate(knowledge().agreement["sections"], start=1)]
    assert [line for line in markdown.splitlines() if line.startswith("## ")] == titles
    assert titles[0] == "## 1. Parties and signatories" and titles[-1] == "## 9. Signatures"
    assert markdown.startswith("# Memorandum of understanding: the school district partnership\n")
    assert "Draft for discussion, written by Partnership Coach on Wednesday 2 December 2026" in markdown


def test_what_is_stored_fills_the_draft_in_the_users_words(session):
    draft = agreement.draft(make_partnership(session), TODAY)
    assert "Partner: Lincoln High School, contact Principal Diaz" in text_of(section(draft, "Parties and signatories"))
    assert f"The common problem: {PROBLEM}" in text_of(section(draft, "Common problem and purpose"))
    goals = text_of(section(draft, "Goals and measures"))
    assert "chronic absence: from 18% to 12% by Wednesday 30 June 2027" in goals
    assert "chronic absence is at 16% now" in goals
    assert "What Lincoln High School needs from the partnership: attendance up" in text_of(
        section(draft, "Roles and responsibilities"))
    assert RESOURCES in text_of(section(draft, "Committed resources"))
    sharing = section(draft, "Information sharing")
    assert "We will share weekly attendance records under FERPA." in sharing.lines
    assert "Privacy rules named: FERPA." in sharing.lines
    meetings = text_of(section(draft, "Meetings, liaisons and oversight"))
    assert "Monthly meetings at the district office" in meetings
    assert "Liaison for Lincoln High School: Principal Diaz" in meetings
    assert "First review: Monday 1 March 2027, held by Sgt. Alice (open)." in section(
        draft, "Review, amendment and termination").lines
    assert draft.parties == ["the police agency", "school district", "Lincoln High School"]


def test_what_is_not_stored_is_marked_to_complete_and_what_is_stored_is_not(session):
    draft = agreement.draft(make_partnership(session), TODAY)
    missing = {s.title: "\n".join(s.missing) for s in draft.sections}
    assert all(item.startswith("[TO COMPLETE: ") for s in draft.sections for item in s.missing)
    for party in ("the police agency", "school district", "Lincoln High School"):
        assert f"who at {party} can sign for people and money" in missing["Parties and signatories"]
        assert f"what {party} will do under this agreement" in missing["Roles and responsibilities"]
    assert "legal authority" in missing["Common problem and purpose"]
    assert "the common problem" not in missing["Common problem and purpose"]
    assert missing["Goals and measures"].count("TO COMPLETE") == 3  # the referral goal's baseline, target, date
    assert 'the baseline figure for "days to a referral"' in missing["Goals and measures"]
    assert "chronic absence" not in missing["Goals and measures"]
    assert missing["Committed resources"] == ""
    assert "how long shared information is kept" in missing["Information sharing"]
    assert "privacy rules" not in missing["Information sharing"]
    assert "what information" not in missing["Information sharing"]
    assert "how often the parties meet" not in missing["Meetings, liaisons and oversight"]
    assert "the day-to-day liaison at school district" in missing["Meetings, liaisons and oversight"]
    assert "when and how the parties review" not in missing["Review, amendment and termination"]
    assert "when the agreement takes effect" in missing["Review, amendment and termination"]


def test_an_empty_partnership_has_every_element_marked_to_complete(session):
    alice = people.person_for(session, ALICE)
    draft = agreement.draft(partnerships.create_partnership(session, alice, "Mercy Hospital", "problem"), TODAY)
    assert all(s.missing for s in draft.sections if s.title != "Signatures")
    missing = "\n".join(item for s in draft.sections for item in s.missing)
    for prompt in ("the police agency's full legal name", "who at Mercy Hospital can sign",
                   "the common problem both parties want solved", "at least one common goal",
                   "what Mercy Hospital will do", "the people, hours, budget", "what information the parties share",
                   "who may see and use", "how long shared information is kept", "which privacy rules apply",
                   "how often the parties meet", "the day-to-day liaison at Mercy Hospital",
                   "who oversees the partnership at the police agency", "when and how the parties review"):
        assert prompt in missing
    markdown = agreement.as_markdown(draft)
    assert "| Mercy Hospital |" in markdown and "| The police agency |" in markdown


def test_the_word_document_holds_the_same_draft(session):
    draft = agreement.draft(make_partnership(session), TODAY)
    document = docx.Document(io.BytesIO(agreement.as_docx(draft)))
    paragraphs = [p.text for p in document.paragraphs]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [f"{n}. {s.title}" for n, s in enumerate(draft.sections, start=1)]
    assert paragraphs[0] == "Memorandum of understanding: the school district partnership"
    assert f"The common problem: {PROBLEM}" in paragraphs
    assert "Goal 1: chronic absence: from 18% to 12% by Wednesday 30 June 2027" in paragraphs
    marked = [p for p in paragraphs if p.startswith("[TO COMPLETE: ")]
    assert marked == [item for s in draft.sections for item in s.missing]
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells] == ["Party", "Name", "Title", "Signature", "Date"]
    assert [row.cells[0].text for row in table.rows[1:]] == ["The police agency", "School district",
                                                             "Lincoln High School"]
    assert all(cell.text == "" for row in table.rows[1:] for cell in row.cells[1:])


def store_partnership(database_url) -> None:
    with session_scope(database_url) as session:
        make_partnership(session)


def test_coach_mou_prints_markdown_and_writes_a_word_document(database_url, tmp_path, monkeypatch):
    store_partnership(database_url)
    result = runner.invoke(app, ["mou", "--partnership", "school"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Memorandum of understanding: the school district partnership")
    assert PROBLEM in result.stdout and "[TO COMPLETE: " in result.stdout

    out = tmp_path / "agreement.docx"
    result = runner.invoke(app, ["mou", "--partnership", "school district", "--format", "docx", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"The common problem: {PROBLEM}" in [p.text for p in docx.Document(str(out)).paragraphs]

    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["mou", "--partnership", "school", "--format", "docx", "--workspace", "T1"])
    assert result.exit_code == 0 and "mou-school-district.docx" in result.output
    assert docx.Document(str(tmp_path / "mou-school-district.docx")).paragraphs[0].text.startswith("Memorandum")


def test_coach_mou_refuses_an_unknown_partnership_or_format(database_url):
    store_partnership(database_url)
    unknown = runner.invoke(app, ["mou", "--partnership", "zoo"])
    assert unknown.exit_code == 1 and "'zoo' matches no partnership. Known: school district." in unknown.output
    wrong = runner.invoke(app, ["mou", "--partnership", "school", "--format", "pdf"])
    assert wrong.exit_code == 2 and "Unknown format 'pdf'" in wrong.output
    assert runner.invoke(app, ["mou", "--help"]).exit_code == 0


def test_asking_in_chat_lists_what_is_left_and_shows_the_draft(database_url):
    store_partnership(database_url)
    texts, _, _ = run(ActionDraftAgreement(), tracker("draft the MOU for the school district partnership",
                                                      "draft_agreement", user="U1", team="T1"))
    summary, draft = texts
    assert summary.startswith("Here is a draft agreement (MOU) for the school district partnership")
    assert "- 1. Parties and signatories: 4 items" in summary and "Committed resources" not in summary
    assert draft.startswith("# Memorandum of understanding: the school district partnership")
    assert PROBLEM in draft and "[TO COMPLETE: " in draft


def test_chat_without_a_partnership_says_how_to_start(database_url):
    texts, _, _ = run(ActionDraftAgreement(), tracker("draft the agreement", "draft_agreement", user="U9"))
    assert texts == ["I write the agreement from a partnership's records, and you have none yet. "
                     "Say \"start a partnership with ...\" first."]


def test_chat_refuses_someone_elses_partnership(database_url):
    store_partnership(database_url)
    texts, _, _ = run(ActionDraftAgreement(), tracker("draft the MOU for the school district partnership",
                                                      "draft_agreement", user="U2", team="T1"))
    assert texts[0].startswith("The school district partnership is Sgt. Alice's, so I can't show it to you.")


def test_a_red_flag_said_to_the_coach_never_goes_into_the_agreement():
    from bot.agreement import sentences
    said = "No mou yet. Monthly meetings at the ER; the LT is lukewarm. Data shared under HIPAA."
    assert sentences(said) == ["Monthly meetings at the ER;", "Data shared under HIPAA."]


def test_what_people_think_of_it_stays_out_of_the_agreement():
    from bot.agreement import sentences
    said = "crisis team sup (dana reyes) wants one, shelter dir doesnt care. Monthly meeting at the shelter."
    assert sentences(said) == ["Monthly meeting at the shelter."]


def test_chatter_doubts_own_to_dos_and_pasted_greetings_stay_out_of_the_draft(session):
    partnership = make_partnership(session)
    partnerships.save_step_answer(session, partnership, "partnership_or_assignment",
                                "honestly we decide together with the school, in writing. i just told u")
    partnerships.save_step_answer(session, partnership, "resources",
                                "Two SROs 10 hours a week. OT money idk, ill ask capt hollis tmrw at roll call")
    partnerships.save_step_answer(session, partnership, "problem",
                                "Hi Sgt Wu,\nThanks for reaching out.\nFights at the bus loop every dismissal.\nBest,")
    session.refresh(partnership)
    text = agreement.as_markdown(agreement.draft(partnership, date(2026, 11, 26)))
    assert "Why a partnership: We decide together with the school, in writing." in text
    assert "Resources committed: Two SROs 10 hours a week." in text
    assert "The common problem: Fights at the bus loop every dismissal." in text
    for chatter in ("honestly", "i just told u", "idk", "ill ask", "Hi Sgt Wu", "Thanks for reaching out", "Best,"):
        assert chatter not in text


def test_go_to_the_agreement_step_read_as_a_draft_request_goes_to_the_step(database_url):
    store_partnership(database_url)
    texts, _, events = run(ActionDraftAgreement(), tracker("go to formal agreement", "draft_agreement", user="U1",
                                                           team="T1"))
    assert texts == [] and events == [{"event": "followup", "name": "action_next_step", "timestamp": None}]
