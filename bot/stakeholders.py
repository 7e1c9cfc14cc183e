"""A stakeholder from what a supervisor says: the organisation, a contact there, and
what it needs or is interested in. "Lincoln High School, contact Principal Diaz, needs
attendance up" or "Lincoln High; contact: Principal Diaz; interests: attendance".

People are often named without the word "contact", with their role: "eastside school
district, dr marsh asst superintendent can sign off, mr bell attendance officer day to
day", "st vincent shelter, director pam whitaker, needs fewer police calls", "housing
authority - exec director tom reilly signs". Each becomes "Dr Marsh (asst
superintendent, can sign off)"; several are kept joined with "; ".

Several organisations in one sentence are split where the shape is clear (split_list);
words that might be another one are said back, never stored in a contact or needs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import names, words

CONTACT = re.compile(r"\b(?:contact\b(?:\s+is)?|through|via|talk(?:ing)?\s+to|point\s+of\s+contact(?:\s+is)?)"
                     r"\s*[:=-]?\s*(?P<contact>[^,;]+?)(?=\s*(?:[,;]|\b(?:needs?|wants?|interest|cares?|because)\b|$))",
                     re.I)
INTERESTS = re.compile(r"\b(?:needs?|wants?|interested\s+in|interests?|cares?\s+about|because)"
                       r"\s*[:=-]?\s*(?P<interests>[^;]+?)(?=\.\s|;|$)", re.I)  # a new sentence is not its needs
# "no contact yet", "contact unknown for now": nobody named.
NO_CONTACT = re.compile(r"^(yet|unknown|tbd|none|nobody|no one|not sure|idk|n/?a)\b|\b(unknown|tbd|not yet)\b", re.I)
SEPARATOR = re.compile(r"\s*(?:[,;:(]|\s-\s|\s–\s|\bcontact\b|\bthrough\b|\bvia\b|\bneeds?\b|\bwants?\b)", re.I)
CLAUSE = re.compile(r"\s*(?:[,;]|\s[-–]\s|\band\b)\s*", re.I)
MAX_NAME = names.LONGEST
MAX_CONTACT = 200  # the column's size

# Words around a name that are not part of it: "also dispatch center", "the YMCA too".
FILLER_BEFORE = re.compile(r"^(?:(?:also|and|plus|from|oh|ok(?:ay)?|so|um+|then|next|another(?:\s+one)?|add)\b[\s,]*)+",
                           re.I)
FILLER_AFTER = re.compile(r"(?:[\s,]+(?:too|also|as\s+well))+$", re.I)
# A line pasted from an e-mail ("From: Pam Whitaker <pam@...>", "Sent: Monday") names no organisation.
EMAIL_HEADER = re.compile(r"^(?:from|to|cc|bcc|sent|subject|date|re|fwd?)\s*(?::|$)|\S+@\S+\.\w+", re.I)

# Saying who someone is: "dr marsh", "exec director tom reilly", "mr bell attendance officer".
HONORIFIC = r"(?:dr|doctor|mr|mrs|ms|miss|prof|professor|rev|reverend)\.?"
ROLE = (r"(?:director|dir|supv|superintendent|principal|manager|coordinator|officer|chief|captain|capt|lieutenant|lt|sergeant|"
        r"sgt|commander|sheriff|pastor|ceo|cfo|coo|president|chair|chairman|chairwoman|dean|supervisor|administrator|"
        r"liaison|counsel(?:l)?or|social\s+worker|case\s*worker|detective|deputy|nurse|head|owner|lead)\.?")
DUTY = (r"(?:can|could|will|signs?|sign(?:s|ing)?\s+off|approves?|decides?|day[- ]to[- ]day|handles?|runs?|owns?|"
        r"is|does|for|on|as|our|point|main|has|who|controls?)\b")
NAME_WORD = rf"(?!{DUTY}|{ROLE}\b)[a-z][\w'’-]*"
PERSON_FIRST = re.compile(rf"^(?P<name>{HONORIFIC}\s+{NAME_WORD})(?:\s+(?P<rest>.+))?$", re.I)
ROLE_FIRST = re.compile(rf"^(?P<role>(?:[\w.]+\s+){{0,2}}?{ROLE})\s+(?P<name>{NAME_WORD}(?:\s+{NAME_WORD})?)"
                        rf"(?:\s+(?P<duty>{DUTY}.*))?$", re.I)


class StakeholderProblem(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class StakeholderDraft:
    organisation: str
    contact: str | None
    interests: str | None
    unread: tuple[str, ...] = ()  # words after the organisation that name no contact or need ("..., NAMI chapter")


# "contact prob Dr. Okafor", "pastor tom i think?": a contact not yet confirmed.
HEDGED = re.compile(r"^(?:prob(?:ably)?|prolly|maybe|possibly|likely|i think|i guess)\s+|"
                    r"\s+(?:i think|i guess|maybe|prob)\W*$|\?$", re.I)


# After a comma, words that name no contact or need may be another organisation ("Mercy ED,
# NAMI chapter"): said back rather than dropped. Not a description ("(shelter)", "- they prosecute").
DETAIL = re.compile(r"^\W*(?:no\s+contact|contact|through|via|talk(?:ing)?\s+to|point\s+of\s+contact|needs?|wants?|"
                    r"interest|cares?|because|they|them|their|who|which|she|he|it|its|we|i|for|to|since|as|re|about|"
                    rf"signs?|can|will)\b|\b{ROLE}s?\W*$|^[^A-Za-z]*$|^\W*\w\W*$", re.I)
COMMA = re.compile(r"\s*,\s*")
# "..., county behavioral health and the downtown business assn": the last of a list of organisations.
LIST_SEPARATOR = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+(?=(?:the|a|an|our|their|\d+)\s)", re.I)
# "contact is Lt Ramos... wait no thats ours. contact Dana Kim": the field said again after a correction.
CORRECTED = re.compile(r"\b(?P<field>contact|needs?|wants?)\b(?:(?!\b(?P=field)\b).)*?[\s,.…!-](?:no\s*,?\s*)?"
                       r"(?:wait|sorry|actually|oops|scratch that|i mean|i meant|correction|wrong)\b.*?(?=\b(?P=field)\b)",
                       re.I)
# "contact Lt Ramos, no wait, Dana Kim": the name after the correction.
CORRECTED_NAME = re.compile(r"\b(?P<field>contact(?:\s+is)?)\s+[^,;]+?[\s,.…-]+(?:no\s*,?\s*)?"
                            r"(?:wait|sorry|actually|oops|i mean|i meant)\b"
                            r"(?![\s,.:-]*(?:needs?|wants?|interest|cares?|because|they|she|he|it)\b)"  # not a name
                            r"[\s,.:-]*(?:(?:i mean|its|it's)\b[\s,:]*)?", re.I)
# "the contact at Mercy ED is Dr Patel": the organisation first, as for any stakeholder.
CONTACT_AT = re.compile(r"^\W*(?:the\s+|our\s+|my\s+)?(?:main\s+)?(?:point\s+of\s+)?contact\s+(?:at|for|with)\s+"
                        r"(?P<organisation>.+?)\s+(?:is|=|will be|would be)\s+", re.I)


def _items(text: str, separator: re.Pattern = COMMA) -> list[tuple[str, str]]:
    """The text cut at each separator outside brackets, each piece with the separator before it."""
    pieces, start, before = [], 0, ""
    for found in separator.finditer(text):
        if text[:found.start()].count("(") <= text[:found.start()].count(")"):
            pieces.append((before, text[start:found.start()]))
            start, before = found.end(), found.group()
    return [*pieces, (before, text[start:])]


def _detail(item: str) -> bool:
    """Whether `item` says something about the organisation before it (a contact, a need,
    who someone is) rather than naming another one."""
    item = item.strip(" .")
    return bool(DETAIL.search(item) or CONTACT.search(item) or INTERESTS.search(item)
                or _person(_without_hedges(item).strip(" .:(")))


def _open_needs(part: str) -> bool:
    """Whether `part` ends in its needs ("..., needs attendance up"), so that what follows is more of them."""
    return bool(INTERESTS.search(part[part.rfind(")") + 1:]))


def split_list(text: str) -> list[str]:
    """Several organisations said in one sentence, one piece each: "st vincents (dir. Maria
    Gomez), county behavioral health and the downtown business assn" -> three. Brackets after
    an organisation close its details, so what follows, naming no contact or need, is another
    organisation; "X and the Y" is two. Otherwise the words stay with the organisation before
    them, to be said back as not used (parse_stakeholder's `unread`)."""
    parts: list[str] = []
    closed = after_detail = False
    for before, item in _items(text, LIST_SEPARATOR):
        detail = _detail(item)
        listed = "and" in before.lower() and ("," in before or not after_detail)  # not "contact Dr Patel and the nurse"
        another = parts and not detail and not _open_needs(parts[-1]) and (closed or listed)
        if not parts or another:
            parts.append(item)
        else:
            parts[-1] += before + item
        closed = closed or item.rstrip(" .").endswith(")")
        after_detail = detail
    return parts


def _without_hedges(said: str) -> str:
    while HEDGED.search(said):
        said = HEDGED.sub("", said).strip(" .,")
    return said


def _named(said: str, people: str | None) -> str | None:
    """The people, marked "(not confirmed)" when `said` hedged about them."""
    return f"{people} (not confirmed)" if people and _without_hedges(said) != said else people


def parse_stakeholder(text: str) -> StakeholderDraft:
    text = " ".join(text.split()).strip(" .…")
    if (contact_at := CONTACT_AT.match(text)) and not SEPARATOR.search(contact_at["organisation"]):
        text = f"{contact_at['organisation']}, contact {text[contact_at.end():]}"
    text = CORRECTED_NAME.sub(lambda found: f"{found['field']} ", CORRECTED.sub("", text))
    # "st vincents (dir. Maria Gomez)", "Mercy ED (contact Dr Patel), needs ...": the brackets hold its details
    text = re.sub(r"^([^(),;]+\([^()]+)\)", r"\1", text)
    if not SEPARATOR.search(text) and (person := re.search(rf"\s(?={ROLE}\s+{NAME_WORD}\s*$)", text, re.I)):
        text = f"{text[:person.start()]}, {text[person.end():]}"  # "Jefferson Middle principal Kim"
    organisation = _organisation(text)
    contact, interests = CONTACT.search(text), INTERESTS.search(text)
    said = ""
    if contact:
        said = contact["contact"].strip(" .…")
        people = None if NO_CONTACT.search(said) else _named(said, _without_hedges(said))
    elif re.search(r"\bno contact\b", text, re.I):
        people = None
    else:
        said = text[len(SEPARATOR.split(text, maxsplit=1)[0]):].strip(" ,;:(-–")
        people = _named(said, "; ".join(_people(_without_hedges(said))) or None)
    return StakeholderDraft(organisation, people[:MAX_CONTACT] if people else None,
                            interests["interests"].strip(" .") if interests else None,
                            _unread(text, [found for found in (contact, interests) if found]))


def _unread(text: str, used: list[re.Match]) -> tuple[str, ...]:
    """The pieces after the first comma that name no contact or need and are not part of one."""
    unread, start = [], 0
    for before, item in _items(text):
        start += len(before)
        if start and not any(found.start() <= start < found.end() for found in used) and not _detail(item):
            unread.append(re.sub(r"^and\s+", "", item.strip(" ."), flags=re.I))
        start += len(item)
    return tuple(piece for piece in unread if piece)


# "cut shoplifting calls on main", "~26 a month now": a goal or a figure said at this step.
NOT_AN_ORGANISATION = re.compile(r"^\W*(?:~|about\s+|approx\.?\s+)\d|^\W*\d[\d,.]*\s*(?:%|a (?:month|week|year|day)\b|"
                                 r"per\b|/\s*\w+|now\b)|^(?:cut|cutting|reduce|reducing|lower|increase|increasing|"
                                 r"decrease|improve|halve|double)\s", re.I)


def _organisation(text: str) -> str:
    first = SEPARATOR.split(text, maxsplit=1)[0].strip(" .")
    if EMAIL_HEADER.search(text) and (EMAIL_HEADER.match(first) or "@" in first or re.match(r"^\w+\s*:", text)):
        raise StakeholderProblem("That looks like an e-mail header, not an organisation. Give one stakeholder at a "
                                 "time: the organisation's name first, then the contact and what it needs, for "
                                 "example \"Lincoln High School, contact Principal Diaz, needs attendance up\".")
    organisation = re.sub(r"^(?:the\s+)?(?:organi[sz]ation|stakeholder|partner)\s+is\s+", "", first, flags=re.I)
    organisation = FILLER_AFTER.sub("", FILLER_BEFORE.sub("", names.clean(organisation[:MAX_NAME + 1]))).strip(" .,")
    if NOT_AN_ORGANISATION.match(organisation):
        raise StakeholderProblem("That reads like a goal or a figure, not an organisation. Goals come at the next "
                                 "step (say \"done\" when the stakeholders are all in); here, start with the "
                                 "organisation's name, for example \"Lincoln High School, contact Principal Diaz\".")
    if not re.search(r"[A-Za-z]{2}", organisation):
        raise StakeholderProblem("Which organisation? Start with its name, for example "
                                 "\"Lincoln High School, contact Principal Diaz, needs attendance up\".")
    if len(organisation) > MAX_NAME:
        raise StakeholderProblem("That's a long name for one organisation. Give one stakeholder at a time: "
                                 "its name first, then the contact and what it needs.")
    return organisation


def _people(rest: str) -> list[str]:
    """The people named after the organisation, each with their role."""
    rest = INTERESTS.split(rest, maxsplit=1)[0]
    return [person for clause in CLAUSE.split(rest) if (person := _person(clause.strip(" .:(")))]


def _person(clause: str) -> str | None:
    """"dr marsh asst superintendent can sign off" -> "Dr Marsh (asst superintendent, can sign off)"."""
    if found := PERSON_FIRST.match(clause):
        name, about = _capitalised(found["name"]), _about(found["rest"] or "")
    elif found := ROLE_FIRST.match(clause):
        role, name = found["role"], found["name"]
        if " " not in name and " " not in role.strip():  # "principal diaz": the role is the title
            name, role = f"{role} {name}", ""
        name, about = _capitalised(name), ", ".join(part for part in (role.rstrip("."), found["duty"]) if part)
    else:
        return None
    return f"{name} ({about})" if about else name


def _about(rest: str) -> str:
    """"asst superintendent can sign off" -> "asst superintendent, can sign off"."""
    duty = re.search(rf"\b{DUTY}", rest, re.I)
    parts = (rest[: duty.start()], rest[duty.start():]) if duty else (rest,)
    return ", ".join(part.strip() for part in parts if part.strip())


def _capitalised(name: str) -> str:
    return " ".join(word[:1].upper() + word[1:] for word in name.rstrip(".").split())


def contact_and_needs(said: str) -> tuple[str, str | None]:
    """"Dr Patel, they need cops out of the hallway faster" -> ("Dr Patel", "cops out of the
    hallway faster"): the new contact named in a correction, and the needs said with it."""
    try:
        draft = parse_stakeholder(f"them, contact {said}")
    except StakeholderProblem:
        draft = None
    return (draft.contact if draft and draft.contact else said.strip()), (draft.interests if draft else None)


def same_organisation(kept: list, organisation: str):
    """The stakeholder already listed that `organisation` names: the same name, or a short
    form of just one of them ("mercy" for "Mercy Hospital ED", "St Vincents" for "St
    Vincent shelter"). None when it names none, or more than one."""
    exact = [s for s in kept if s.organisation.lower() == organisation.lower()]
    said = words.content_words(organisation)
    shorter = [s for s in kept if said and said < words.content_words(s.organisation)]
    return (exact or shorter)[0] if exact or len(shorter) == 1 else None


def changes(kept, draft: StakeholderDraft) -> list[str]:
    """What `draft` changes on the stakeholder `kept`: "contact now Dr Patel (was none)"."""
    fields = (("contact", kept.contact, draft.contact), ("needs", kept.interests, draft.interests))
    return [f"{field} now {new} (was {old or 'none'})" for field, old, new in fields if new and new != old]


def describe(stakeholder) -> str:
    people = (stakeholder.contact or "").split("; ")
    details = [(f"contacts: {' and '.join(people)}" if len(people) > 1 else f"contact: {stakeholder.contact}")
               if stakeholder.contact else "no contact yet",
               f"needs: {stakeholder.interests}" if stakeholder.interests else "needs not noted"]
    return f"{stakeholder.organisation} ({'; '.join(details)})"


UNSURE = re.compile(r"\b(probably|maybe|not sure|idk|dunno|don'?t know|someone|somebody|nobody|no one|tbd|yet)\b", re.I)
OUR_SIDE = re.compile(r"\b(for us|our side|on our end|us:|we have|from us|department|dept|precinct)\b", re.I)
PLACE_WORD = re.compile(r"\b(?:at|for|from|with|over at|on)\s*$|^\s*(?:at|for|from|with)\b", re.I)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{3,}", text.lower()) if w not in ("the", "and", "for", "its")}


def contacts_named(answer: str, organisations: list[str]) -> dict[str, str]:
    """Who the answer to "who can sign off?" / "who is the liaison?" names at each
    stakeholder: "dr okafor at mercy, principal diaz for the school" -> {"Mercy Hospital":
    "Dr Okafor", "Lincoln High": "Principal Diaz"}. With one stakeholder, a bare name is theirs."""
    found: dict[str, str] = {}
    for clause in re.split(r"\n|\s*(?:[,;]|\band\b)\s*", answer):
        clause = clause.strip(" .:")
        if not clause or OUR_SIDE.search(clause):
            continue
        org = max(organisations, key=lambda o: len(_words(o) & _words(clause)), default=None)
        named = org is not None and _words(org) & _words(clause)
        if not named and len(organisations) != 1:
            continue
        rest = re.sub(r"'s\b", "", clause)
        for word in sorted(_words(org), key=len, reverse=True) if named else []:
            rest = re.sub(rf"\b{word}\b", " ", rest, flags=re.I)
        rest = re.sub(r"\b(the|it'?s|it|is|are|can sign off|signs?|sign off|day to day|liaison|contact)\b", " ", rest,
                      flags=re.I)
        rest = PLACE_WORD.sub("", " ".join(rest.split()).strip(" :'-–")).strip(" :'-–")
        if UNSURE.search(rest):
            continue
        person = _person(rest) or (_capitalised(rest) if 1 <= len(rest.split()) <= 3 and rest[:1].isalpha() else None)
        if person and org not in found:
            found[org] = person
    return found
