"""The partner health check: rounds, personal links and the arithmetic of the results,
checked against hand-worked examples on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.knowledge import knowledge
from bot.store import partnerships, people
from bot.store.models import SurveyAnswer
from bot.survey import invites, results, rounds, tokens

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=timezone.utc)
ITEMS = knowledge().assessment["items"]
PURPOSE = [i["id"] for i in ITEMS if i["domain"] == "purpose_strategy"]    # 3 statements
STRUCTURE = [i["id"] for i in ITEMS if i["domain"] == "structure"]         # 3 statements
LEADERSHIP = [i["id"] for i in ITEMS if i["domain"] == "leadership"]       # 2 statements


@pytest.fixture
def partnership(session):
    owner = people.person_for(session, people.Identity("T1", "UOWNER", "Sgt. Rivera"))
    return partnerships.create_partnership(session, owner, "Mercy Hospital", "problem")


def answer_round(session, partnership, people: list[tuple[str, dict[str, int]]], now=NOW):
    """A round where each (side, answers) is one respondent."""
    found, _ = rounds.start_round(session, partnership, partnership.owner, now)
    for n, (side, answers) in enumerate(people):
        respondent, _ = rounds.invite(session, found, f"person {n}", side, "Mercy Hospital")
        for item, rating in answers.items():
            rounds.record_answer(session, respondent, item, rating, now)
    session.flush()
    return found


def domain(result, domain_id):
    return next(d for d in result.domains if d.domain == domain_id)


def statement(result, item_id):
    return next(s for s in result.statements if s.item_id == item_id)


# -- the arithmetic ----------------------------------------------------------------

def test_dont_know_is_left_out_of_the_averages_and_a_statement_needs_three_raters(session, partnership):
    problem, plan, interests = PURPOSE
    found = answer_round(session, partnership, [
        ("police", {problem: 5, plan: 4, interests: 3}),
        ("police", {problem: 4, plan: 4, interests: 0}),    # "don't know"
        ("partner", {problem: 3, plan: 2, interests: 3}),
    ])
    result = results.compute(session, found, NOW)
    assert result.shown and result.answered == 3
    assert statement(result, problem).average == 4.0        # (5 + 4 + 3) / 3
    assert statement(result, plan).average == 3.33          # (4 + 4 + 2) / 3
    # interests: two ratings (3, 3) and a "don't know": too few to show, and not (3 + 0 + 3) / 3 = 2
    assert (statement(result, interests).average, statement(result, interests).raters) == (None, 2)
    purpose = domain(result, "purpose_strategy")
    assert (purpose.average, purpose.verdict) == (3.67, "borderline")  # (4.0 + 3.333) / 2
    assert domain(result, "structure").average is None                  # nobody rated it


@pytest.mark.parametrize("ratings, expected", [
    ([4, 4, 4], (4.0, "strength")),
    ([4, 4, 3], (3.67, "borderline")),   # 11 / 3
    ([3, 3, 3], (3.0, "borderline")),
    ([3, 3, 2], (2.67, "concern")),      # 8 / 3 = 2.67: 2.9 or less is a concern
    ([1, 2, 3], (2.0, "concern")),
])
def test_the_wilder_bands(session, partnership, ratings, expected):
    found = answer_round(session, partnership, [("police", {item: r for item in PURPOSE}) for r in ratings])
    purpose = domain(results.compute(session, found, NOW), "purpose_strategy")
    assert (purpose.average, purpose.verdict) == expected


def test_nothing_is_shown_until_the_minimum_have_rated_something(session, partnership):
    found = answer_round(session, partnership, [
        ("police", {PURPOSE[0]: 4}), ("partner", {PURPOSE[0]: 2}),
        ("partner", {item: 0 for item in PURPOSE}),  # only "don't know": tells nothing, not counted
    ])
    result = results.compute(session, found, NOW)
    assert (result.invited, result.answered, result.shown) == (3, 2, False)
    assert result.domains == [] and result.statements == []
    text = results.report(result)
    assert "2 of 3 invited have answered" in text
    assert "Results are shown once at least 3 people have answered" in text
    assert "4" not in text.split("answered")[-1]  # no figure at all


def test_a_workspace_can_ask_for_more_people_but_never_fewer_than_three(session, partnership):
    with pytest.raises(ValueError, match="between 3 and 100"):
        rounds.set_minimum(partnership.owner.workspace, 2)
    rounds.set_minimum(partnership.owner.workspace, 5)
    found = answer_round(session, partnership, [("police", {PURPOSE[0]: 4})] * 4)
    assert not results.compute(session, found, NOW).shown
    rounds.record_answer(session, rounds.invite(session, found, "fifth", "partner")[0], PURPOSE[0], 4, NOW)
    assert results.compute(session, found, NOW).shown


def test_police_and_partner_averages_and_the_domains_a_point_apart(session, partnership):
    police = {**{i: 4 for i in PURPOSE}, **{i: 4 for i in STRUCTURE}, **{i: 4 for i in LEADERSHIP}}
    found = answer_round(session, partnership, [
        ("police", police), ("police", police), ("police", police),
        ("partner", {**{i: 3 for i in PURPOSE}, **{i: 2 for i in STRUCTURE}, **{i: 4 for i in LEADERSHIP}}),
        ("partner", {**{i: 3 for i in PURPOSE}, **{i: 2 for i in STRUCTURE}, **{i: 3 for i in LEADERSHIP}}),
        ("partner", {**{i: 3 for i in PURPOSE}, **{i: 2 for i in STRUCTURE}, **{i: 3 for i in LEADERSHIP}}),
    ])
    result = results.compute(session, found, NOW)
    assert result.sides_shown
    structure, purpose, leadership = (domain(result, d) for d in ("structure", "purpose_strategy", "leadership"))
    assert (structure.average, structure.verdict, structure.police, structure.partner) == (3.0, "borderline", 4.0, 2.0)
    assert structure.gap == 2.0 and structure.flagged
    assert (purpose.police, purpose.partner, purpose.gap, purpose.flagged) == (4.0, 3.0, 1.0, True)  # exactly 1.0
    assert (leadership.police, leadership.partner, leadership.gap, leadership.flagged) == (4.0, 3.33, 0.67, False)
    assert [d.domain for d in result.gaps] == ["purpose_strategy", "structure"]
    text = results.report(result)
    assert "- Structure: 3.00, borderline (police 4.00, partners 2.00): police and partners are 2.00 apart" in text
    assert "Police and partners see structure differently. Talk it over together:" in text


def test_side_averages_wait_until_both_sides_have_the_minimum(session, partnership):
    found = answer_round(session, partnership, [("police", {i: 4 for i in PURPOSE})] * 3
                         + [("partner", {i: 1 for i in PURPOSE})] * 2)
    result = results.compute(session, found, NOW)
    assert result.shown and not result.sides_shown
    purpose = domain(result, "purpose_strategy")
    assert (purpose.average, purpose.police, purpose.partner, purpose.flagged) == (2.8, None, None, False)  # 14 / 5
    assert "once each side has at least 3 people answering (now 3 police, 2 partner)" in results.report(result)


def test_concerns_come_with_the_knowledge_base_advice(session, partnership):
    found = answer_round(session, partnership, [("police", {i: 2 for i in STRUCTURE})] * 3)
    result = results.compute(session, found, NOW)
    assert domain(result, "structure").verdict == "concern"
    actions = result.advice["structure"]
    assert actions[0] == knowledge().factors["committed_resources"]["actions"][0]
    assert "To address structure:" in results.report(result)


def test_the_change_since_the_last_round(session, partnership):
    first = answer_round(session, partnership, [("police", {i: 3 for i in PURPOSE})] * 3)
    rounds.close_round(first, NOW + timedelta(days=1))
    later = NOW + timedelta(days=30)
    second = answer_round(session, partnership, [("police", {i: 4 for i in PURPOSE})] * 2
                          + [("partner", {i: 5 for i in PURPOSE})], now=later)
    assert second.id != first.id
    result = results.compute(session, second, later)
    assert domain(result, "purpose_strategy").change == 1.33  # 4.33 - 3.00
    assert "- Purpose and strategy: 4.33, strength (+1.33 since the last round)" in results.report(result)


def test_a_second_answer_to_a_statement_replaces_the_first(session, partnership):
    found, _ = rounds.start_round(session, partnership, partnership.owner, NOW)
    respondent, _ = rounds.invite(session, found, "Jane Doe", "partner", "Mercy Hospital")
    rounds.record_answer(session, respondent, PURPOSE[0], 2, NOW)
    rounds.record_answer(session, respondent, PURPOSE[0], 5, NOW + timedelta(minutes=1))
    stored = session.query(SurveyAnswer).filter_by(respondent_id=respondent.id).all()
    assert [(a.item_id, a.rating) for a in stored] == [(PURPOSE[0], 5)]
    for bad_item, bad_rating in (("no_such_statement", 3), (PURPOSE[0], 6), (PURPOSE[0], -1)):
        with pytest.raises(ValueError):
            rounds.record_answer(session, respondent, bad_item, bad_rating, NOW)


# -- rounds and links --------------------------------------------------------------

def test_a_round_stays_open_14_days_and_inviting_again_keeps_one_respondent(session, partnership):
    found, new = rounds.start_round(session, partnership, partnership.owner, NOW)
    assert new and found.closes_at == NOW + timedelta(days=14)
    assert rounds.start_round(session, partnership, partnership.owner, NOW + timedelta(days=13))[0].id == found.id
    first, added = rounds.invite(session, found, "Jane Doe", "partner", "Mercy Hospital")
    again, added_again = rounds.invite(session, found, "jane  doe", "police")
    assert added and not added_again and again.id == first.id and again.side == "police"
    later, new_again = rounds.start_round(session, partnership, partnership.owner, NOW + timedelta(days=14))
    assert new_again and later.id != found.id


def test_a_link_opens_only_its_own_respondent_while_the_round_is_open(session, partnership):
    found, _ = rounds.start_round(session, partnership, partnership.owner, NOW)
    jane, _ = rounds.invite(session, found, "Jane Doe", "partner")
    token = rounds.token_for(jane)
    assert rounds.respondent_for_link(session, token, NOW).id == jane.id
    assert rounds.link_for(jane).endswith(f"/checkup/{token}")

    def refused(token_, when=NOW):
        with pytest.raises(rounds.LinkRefused) as caught:
            rounds.respondent_for_link(session, token_, when)
        return caught.value.reason

    respondent_id, round_id, expires, signature = token.split(".")
    assert refused(f"{int(respondent_id) + 1}.{round_id}.{expires}.{signature}") == "forged"  # another person
    assert refused(f"{respondent_id}.{round_id}.{int(expires) + 86400}.{signature}") == "forged"  # a longer life
    assert refused(token[:-2] + ("AA" if not token.endswith("AA") else "BB")) == "forged"
    assert refused("not-a-token") == "forged"
    assert refused(tokens.make_token(jane.id, round_id=int(round_id), expires_at=found.closes_at,
                                     key=b"someone else's key")) == "forged"
    assert refused(token, NOW + timedelta(days=14)) == "expired"
    rounds.close_round(found, NOW + timedelta(days=2))
    assert refused(token, NOW + timedelta(days=3)) == "closed"


def test_a_token_for_one_round_does_not_open_a_respondent_of_another(session, partnership):
    found, _ = rounds.start_round(session, partnership, partnership.owner, NOW)
    jane, _ = rounds.invite(session, found, "Jane Doe", "partner")
    other_owner = people.person_for(session, people.Identity("T2", "UOTHER"))
    other = partnerships.create_partnership(session, other_owner, "School District", "problem")
    other_round, _ = rounds.start_round(session, other, other_owner, NOW)
    bob, _ = rounds.invite(session, other_round, "Bob", "partner")
    forged = tokens.make_token(bob.id, found.id, found.closes_at)  # right key, wrong pairing
    with pytest.raises(rounds.LinkRefused):
        rounds.respondent_for_link(session, forged, NOW)
    with pytest.raises(rounds.LinkRefused):  # a Slack member's buttons reach only their own place
        rounds.respondent_for_member(session, other_round.id, partnership.owner, NOW)


# -- inviting the partnership ------------------------------------------------------

def test_the_partnership_is_invited_people_in_slack_and_partner_contacts_with_links(session, partnership):
    from bot.store.models import Stakeholder
    member = people.person_for(session, people.Identity("T1", "UMEMBER", "Lt. Chen"))
    partnerships.share_partnership(session, partnership, member)
    partnership.stakeholders += [Stakeholder(organisation="Mercy Hospital", contact="Nurse Manager Jane Doe"),
                                 Stakeholder(organisation="Patrol division", contact="Lt. Okafor"),
                                 Stakeholder(organisation="Lincoln High School")]
    session.flush()
    invited = invites.invite_partnership(session, partnership, partnership.owner, NOW)
    assert invited.round_is_new
    got = {(i.name, i.side, i.organisation, i.slack_user) for i in invited.invitations}
    assert got == {("Sgt. Rivera", "police", None, "UOWNER"), ("Lt. Chen", "police", None, "UMEMBER"),
                   ("Nurse Manager Jane Doe", "partner", "Mercy Hospital", None),
                   ("Lt. Okafor", "police", "Patrol division", None)}
    assert invited.without_contact == ["Lincoln High School"]
    text = "\n".join(invites.roster_lines(session, invited))
    jane = next(i for i in invited.invitations if i.name.startswith("Nurse"))
    assert f"- Nurse Manager Jane Doe (Mercy Hospital), partner: {jane.link} [not answered yet]" in text
    assert "No contact recorded for Lincoln High School" in text
    again = invites.invite_partnership(session, partnership, partnership.owner, NOW + timedelta(days=1))
    assert not again.round_is_new and len(again.round.respondents) == 4


def test_only_the_owner_or_a_leader_sends_the_health_check(session, partnership):
    member = people.person_for(session, people.Identity("T1", "UMEMBER"))
    partnerships.share_partnership(session, partnership, member)
    with pytest.raises(invites.NotAllowed, match="Only Sgt. Rivera"):
        invites.invite_partnership(session, partnership, member, NOW)
    member.role = "leader"
    assert invites.invite_partnership(session, partnership, member, NOW).invitations
    stranger = people.person_for(session, people.Identity("T2", "ULEADER"))
    stranger.role = "leader"
    with pytest.raises(invites.NotAllowed):  # a leader of another workspace
        invites.invite_partnership(session, partnership, stranger, NOW)


def test_undelivered_dms_are_claimed_once(session, partnership):
    invites.invite_partnership(session, partnership, partnership.owner, NOW)
    [pending] = rounds.undelivered_dms(session, "T1", NOW)
    assert rounds.undelivered_dms(session, "T2", NOW) == []
    assert rounds.claim_dm(session, pending.id, NOW) and not rounds.claim_dm(session, pending.id, NOW)
    session.expire_all()
    assert rounds.undelivered_dms(session, "T1", NOW) == []
    rounds.unclaim_dm(session, pending.id)
    session.expire_all()
    assert len(rounds.undelivered_dms(session, "T1", NOW)) == 1
    assert rounds.undelivered_dms(session, "T1", NOW + timedelta(days=15)) == []
