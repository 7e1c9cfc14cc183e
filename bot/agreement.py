"""A draft memorandum of understanding (MOU) written from a partnership's records.

Every element the knowledge base names (knowledge/agreement.yml) is filled from what is
stored, and every one that is not is marked "[TO COMPLETE: ...]" for the people to
finish: nothing is invented. The draft is data (sections of lines); it is rendered as
Markdown or as a Word document."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date

from docx import Document
from docx.shared import RGBColor

from bot import dates, goals, paste
from bot.evidence import red_flags_in
from bot.knowledge import knowledge
from bot.questions import is_question
from bot.store.models import Partnership

MARK = "TO COMPLETE"
SIGNATURE_COLUMNS = ("Party", "Name", "Title", "Signature", "Date")

# Which sentences of the formal agreement step's answer belong to which section.
ABOUT_INFORMATION = r"data|information|records?|shar\w*|exchang\w*|privacy|confidential\w*"
ABOUT_MEETINGS = r"meet\w*|oversight|liaisons?|chair\w*|cadence"
HOW_OFTEN = r"daily|weekly|fortnightly|monthly|quarterly|every \w+( \w+)?|(once|twice|\w+ times) a \w+"
ABOUT_REVIEW = r"review\w*|renew\w*|revis\w*|amend\w*|terminat\w*|withdraw\w*|expir\w*"
# Which parts of information sharing those sentences cover.
SHARING_COVERS = {
    "what": ABOUT_INFORMATION,
    "who_may_use": r"access\w*|who (may|can)|only\b|authori[sz]ed|need to know|used? (by|for|only)",
    "retention": r"retain\w*|retention|kept|keep|delet\w*|destroy\w*|dispos\w*|purg\w*|return\w*",
}


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    lines: list[str]                 # filled from the records
    missing: list[str]               # "[TO COMPLETE: ...]", for the people to finish
    standard: list[str] = field(default_factory=list)  # standard clauses from the knowledge base, to review


@dataclass(frozen=True)
class Draft:
    title: str
    notice: str
    sections: list[Section]
    parties: list[str]               # who signs, police agency first

    @property
    def to_complete(self) -> list[Section]:
        return [s for s in self.sections if s.missing]


@dataclass(frozen=True)
class Party:
    name: str
    contact: str | None = None
    interests: str | None = None


@dataclass
class Records:
    """What the draft is written from."""

    partnership: Partnership
    answers: dict[str, str]          # step id -> what was said (skipped steps left out)
    agency: str | None               # the police agency's name, when known
    partners: list[Party]

    @property
    def party_names(self) -> list[str]:
        return [self.agency or "the police agency", *[p.name for p in self.partners]]

    def said(self, step_id: str, about: str | None = None) -> list[str]:
        """The sentences of a step's answer, or only those about something."""
        return [s for s in sentences(self.answers.get(step_id, "")) if about is None or mentions(s, about)]


class Builder:
    """One section being written: its lines and what is still to complete."""

    def __init__(self, entry: dict):
        self.entry, self.lines, self.missing = entry, [], []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def ask(self, key: str, **names: str) -> None:
        self.missing.append(f"[{MARK}: {' '.join(self.entry['to_complete'][key].format(**names).split())}]")

    def section(self) -> Section:
        return Section(self.entry["id"], self.entry["title"], self.lines, self.missing,
                       [" ".join(clause.split()) for clause in self.entry["standard"]])


# Talk around an answer that has no place in a document for the partner.
CHATTER = re.compile(r"^\W*((honestly|tbh|ok(ay)?|so|well|um+|yeah|i (just )?told (you|u)( already)?|like i said|"
                     r"as i said|basically)\b[\s,.:-]*)+", re.I)


DOUBT = re.compile(r"\b(idk|i don'?t know|dunno|not sure|no idea|i guess|maybe|probably|tbd|figure (it |that )?out)\b", re.I)
# What people think of it, said to the coach: "shelter dir doesnt care", "dana wants one", "LT is meh".
ATTITUDE = re.compile(r"\b(doesn'?t care|does not care|don'?t care|wants one|wants it|is meh|isn'?t (sold|keen|thrilled)|"
                      r"not (sold|keen|thrilled|a fan)|hates?|loves?|likes? it|on the fence|skeptical|annoyed|pissed|"
                      r"lukewarm|whatever)\b", re.I)
MY_PLAN = re.compile(r"^\W*(i'?ll|ill|i will|i'?m gonna|gonna|i'?m going to)\b", re.I)  # "ill ask him tmrw": a commitment


def fit_for_agreement(sentence: str) -> bool:
    """A red flag ("no mou yet"), a doubt, what someone thinks of it, one's own to-do, a
    question or a pasted e-mail's greeting and headers is the coach's business, not the partner's."""
    return len(sentence.split()) >= 2 and not (
        red_flags_in(sentence) or DOUBT.search(sentence) or ATTITUDE.search(sentence) or MY_PLAN.match(sentence)
        or is_question(sentence)
        or paste.HEADER.match(sentence) or paste.GREETING.match(sentence))


def _without_chatter(sentence: str) -> str:
    trimmed = CHATTER.sub("", sentence.strip()).strip()
    return trimmed[:1].upper() + trimmed[1:] if trimmed != sentence.strip() else trimmed


def sentences(text: str) -> list[str]:
    """The answer's sentences fit for an agreement, without the talk around them."""
    said = (_without_chatter(s) for s in re.split(r"(?<=[.;!?])\s+|\n+", text or ""))
    return [s for s in said if fit_for_agreement(s)]


def mentions(text: str, pattern: str) -> bool:
    return re.search(rf"\b({pattern})\b", text, re.IGNORECASE) is not None


def partner_parties(partnership: Partnership) -> list[Party]:
    """The partner organisations: the partner first, then every other stakeholder named."""
    parties = [Party(s.organisation, s.contact, s.interests) for s in partnership.stakeholders]
    if not any(p.name.lower() == partnership.partner.lower() for p in parties):
        parties.insert(0, Party(partnership.partner))
    return parties


def records(partnership: Partnership) -> Records:
    kept = {a.step_id: " ".join(sentences(a.answer)) for a in partnership.answers
            if a.answer and a.status != "skipped"}
    answers = {step_id: text for step_id, text in kept.items() if text}
    return Records(partnership, answers, partnership.owner.workspace.name, partner_parties(partnership))


# -- the sections, in the order of knowledge/agreement.yml ------------------------------

def parties(b: Builder, r: Records) -> None:
    p = r.partnership
    if r.agency:
        b.add(f"Police agency: {r.agency}")
    else:
        b.ask("agency_name")
    b.add(f"For the police agency, the partnership is led by {p.owner.shown_name}.")
    if p.sponsor:
        b.add(f"Executive sponsor at the police agency: {p.sponsor.shown_name}.")
    for partner in r.partners:
        b.add(f"Partner: {partner.name}" + (f", contact {partner.contact}" if partner.contact else ""))
    for name in r.party_names:
        b.ask("signatory", party=name)


def purpose(b: Builder, r: Records) -> None:
    problem = r.answers.get("problem")
    if problem:
        b.add(f"The common problem: {problem}")
    else:
        if r.answers.get("topic"):
            b.add(f"Topic noted when the partnership was started: {r.answers['topic']}")
        b.ask("problem")
    if r.answers.get("partnership_or_assignment"):
        b.add(f"Why a partnership: {r.answers['partnership_or_assignment']}")
    other = [s for s in r.said("formal_agreement")
             if not any(mentions(s, about) for about in (ABOUT_INFORMATION, ABOUT_MEETINGS, ABOUT_REVIEW))]
    b.lines += [f"Noted for the agreement: {s}" for s in other]
    b.ask("legal_authority")
    b.ask("scope")


def goals_and_measures(b: Builder, r: Records) -> None:
    p = r.partnership
    if not p.goals:
        if r.answers.get("common_goals"):
            b.add(f"Goals as recorded: {r.answers['common_goals']}")
        b.ask("goals")
    for number, goal in enumerate(p.goals, start=1):
        b.add(f"Goal {number}: {goals.describe(goal) if goal.target else goals.title(goal)}")
        latest = latest_progress(p, goal.id)
        if latest:
            b.add(f"Goal {number}, last progress noted {dates.format_date(latest.created_at.date())}: {latest.text}")
        named = goals.title(goal)
        for key, value in (("measure", goal.measure), ("baseline", goal.baseline), ("target", goal.target),
                           ("target_date", goal.target_date)):
            if not value:
                b.ask(key, goal=named)


def latest_progress(partnership: Partnership, goal_id: int):
    notes = [n for n in partnership.progress_notes if n.goal_id == goal_id and n.kind == "progress"]
    return max(notes, key=lambda n: n.created_at) if notes else None


def roles(b: Builder, r: Records) -> None:
    p = r.partnership
    for commitment in p.commitments:
        if is_first_review(commitment):
            continue  # it is in the review section
        due = f", due {dates.format_date(commitment.due_date)}" if commitment.due_date else ""
        b.add(f"Committed for the police agency: {commitment.owner.shown_name} will {commitment.text}"
              f" ({commitment.status}{due})")
    if r.answers.get("buy_in"):
        b.add(f"Buy-in through the chain of command: {r.answers['buy_in']}")
    for partner in r.partners:
        if partner.interests:
            b.add(f"What {partner.name} needs from the partnership: {partner.interests}")
    for name in r.party_names:
        b.ask("role", party=name)


def resources(b: Builder, r: Records) -> None:
    if r.answers.get("resources"):
        b.add(f"Resources committed: {r.answers['resources']}")
    else:
        b.ask("resources")


def information(b: Builder, r: Records) -> None:
    said = r.said("formal_agreement", ABOUT_INFORMATION)
    b.lines += said
    for key, pattern in SHARING_COVERS.items():
        if not any(mentions(s, pattern) for s in said):
            b.ask(key)
    rules = [rule for rule in knowledge().agreement["privacy_rules"] if any(mentions(s, rule) for s in said)]
    if rules:
        b.add(f"Privacy rules named: {', '.join(rules)}.")
    else:
        b.ask("privacy_rules")


def meetings(b: Builder, r: Records) -> None:
    p = r.partnership
    said = r.said("formal_agreement", ABOUT_MEETINGS)
    b.lines += said
    if not any(mentions(s, HOW_OFTEN) for s in said):
        b.ask("cadence")
    b.add(f"Liaison for the police agency: {p.owner.shown_name}, who leads the partnership.")
    for partner in r.partners:
        if partner.contact:
            b.add(f"Liaison for {partner.name}: {partner.contact}")
        else:
            b.ask("liaison", party=partner.name)
    if p.sponsor:
        b.add(f"Oversight for the police agency: {p.sponsor.shown_name}, executive sponsor.")
    else:
        b.ask("oversight", party=r.party_names[0])
    for partner in r.partners:
        b.ask("oversight", party=partner.name)
    if r.answers.get("facilitators_barriers"):
        b.add(f"Facilitators and barriers to watch (conflicting interests among them): "
              f"{r.answers['facilitators_barriers']}")


def review(b: Builder, r: Records) -> None:
    p = r.partnership
    if r.answers.get("review"):
        b.add(f"Review: {r.answers['review']}")
    b.lines += r.said("formal_agreement", ABOUT_REVIEW)
    first = next((c for c in p.commitments if is_first_review(c)), None)
    if first and first.due_date:
        b.add(f"First review: {dates.format_date(first.due_date)}, held by {first.owner.shown_name} ({first.status}).")
    if not b.lines:
        b.ask("review")
    b.ask("term")
    b.ask("notice")


def is_first_review(commitment) -> bool:
    return "first review" in commitment.text.lower()


def signatures(b: Builder, r: Records) -> None:
    """The signature table is drawn from the parties; nothing to fill from the records."""


BUILDERS = {
    "agreement_parties": parties, "agreement_purpose": purpose, "agreement_goals": goals_and_measures,
    "agreement_roles": roles, "agreement_resources": resources, "agreement_information": information,
    "agreement_meetings": meetings, "agreement_review": review, "agreement_signatures": signatures,
}


def draft(partnership: Partnership, today: date) -> Draft:
    """The draft agreement for a partnership as its records stand today."""
    kb = knowledge().agreement
    r = records(partnership)
    sections = []
    for entry in kb["sections"]:
        builder = Builder(entry)
        BUILDERS[entry["id"]](builder, r)
        sections.append(builder.section())
    title = f"{kb['title']}: the {partnership.name} partnership"
    notice = " ".join(kb["notice"].format(date=dates.format_date(today)).split())
    return Draft(title, notice, sections, r.party_names)


# -- rendering ---------------------------------------------------------------------------

def as_markdown(d: Draft) -> str:
    label = knowledge().agreement["standard_label"]
    lines = [f"# {d.title}", "", d.notice, ""]
    for number, section in enumerate(d.sections, start=1):
        lines += [f"## {number}. {section.title}", ""]
        lines += [f"- {line}" for line in section.lines]
        if section.lines:
            lines.append("")
        if section.standard:
            lines += [label, "", *[f"> {clause}\n" for clause in section.standard]]
        if section.missing:
            lines += ["To complete:", "", *[f"- {item}" for item in section.missing], ""]
    lines += ["| " + " | ".join(SIGNATURE_COLUMNS) + " |", "|" + "---|" * len(SIGNATURE_COLUMNS)]
    lines += [f"| {capitalised(name).replace('|', '/')} |" + "  |" * (len(SIGNATURE_COLUMNS) - 1)
              for name in d.parties]
    return "\n".join(lines) + "\n"


def as_docx(d: Draft) -> bytes:
    label = knowledge().agreement["standard_label"]
    document = Document()
    document.add_heading(d.title, level=0)
    document.add_paragraph().add_run(d.notice).italic = True
    for number, section in enumerate(d.sections, start=1):
        document.add_heading(f"{number}. {section.title}", level=1)
        for line in section.lines:
            document.add_paragraph(line, style="List Bullet")
        if section.standard:
            document.add_paragraph().add_run(label).italic = True
            for clause in section.standard:
                document.add_paragraph(clause, style="Quote")
        for item in section.missing:
            run = document.add_paragraph(style="List Bullet").add_run(item)
            run.bold, run.font.color.rgb = True, RGBColor(0xC0, 0x00, 0x00)
    table = document.add_table(rows=1, cols=len(SIGNATURE_COLUMNS))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, SIGNATURE_COLUMNS):
        cell.text = heading
    for name in d.parties:
        table.add_row().cells[0].text = capitalised(name)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def slug(name: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in name.lower()).strip("-")


def draft_file(partnership: Partnership, today: date, file_format: str) -> tuple[str, str | bytes, str]:
    """(filename, content, title) of the draft agreement as Markdown (str) or DOCX (bytes)."""
    d = draft(partnership, today)
    if file_format == "docx":
        return f"mou-{slug(partnership.name)}.docx", as_docx(d), d.title
    return f"mou-{slug(partnership.name)}.md", as_markdown(d), d.title
