"""The knowledge base in knowledge/: loaded and validated once, searched with BM25.

Code asks it questions; advice never lives in code. See knowledge/README.md for the
schema of each file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rank_bm25 import BM25Okapi

from bot.config import PROJECT_ROOT

KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"

# file -> (top-level key, required keys of each entry)
LIST_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "sources.yml": ("sources", ("id", "title", "kind")),
    "domains.yml": ("domains", ("id", "name", "summary", "sources")),
    "factors.yml": ("factors", (
        "id", "name", "kind", "domain", "leading", "summary", "police_terms", "warning_signs",
        "questions", "actions", "case_studies", "wilder", "synonyms", "sources",
    )),
    "case_studies.yml": ("case_studies", (
        "id", "name", "partners", "problem", "outcome", "summary", "enablers", "obstacles",
        "details_note", "lesson", "synonyms", "sources",
    )),
    "steps.yml": ("steps", ("id", "order", "name", "question", "why", "checklist", "factors", "sources")),
}
MAPPING_FILES: dict[str, tuple[str, tuple[str, ...]]] = {
    "partnership_test.yml": ("partnership_test", (
        "questions", "assignment_example", "verdicts", "to_formalise", "sources",
    )),
    "model.yml": ("model", ("name", "summary", "relationship_policing", "leading_factors", "sources")),
    "assessment.yml": ("assessment", ("scale", "thresholds", "items", "sources")),
    "agreement.yml": ("agreement", ("title", "notice", "standard_label", "privacy_rules", "sections", "sources")),
    "evidence.yml": ("evidence", ("negations", "signals", "red_flags", "sources")),
}
RED_FLAG_KEYS = ("id", "name", "patterns", "factors", "reason", "action", "follow_up", "sources")
CHECKLIST_ITEM_KEYS = ("id", "item", "why", "shows", "evidence", "follow_up", "factors", "next_action")
# Signals the coach computes from the records rather than matches in words (bot/evidence.py).
COMPUTED_SIGNALS = {"several", "all_contacts", "all_baselines", "success_factor", "barrier"}
# The draft agreement's sections, in order, and the "to complete" prompts the code asks for in each.
AGREEMENT_SECTIONS: dict[str, tuple[str, ...]] = {
    "agreement_parties": ("agency_name", "signatory"),
    "agreement_purpose": ("problem", "legal_authority", "scope"),
    "agreement_goals": ("goals", "measure", "baseline", "target", "target_date"),
    "agreement_roles": ("role",),
    "agreement_resources": ("resources",),
    "agreement_information": ("what", "who_may_use", "retention", "privacy_rules"),
    "agreement_meetings": ("cadence", "liaison", "oversight"),
    "agreement_review": ("review", "term", "notice"),
    "agreement_signatures": (),
}
FACTOR_KINDS = {"success_factor", "barrier"}
OUTCOMES = {"successful", "unsuccessful"}


class KnowledgeError(ValueError):
    """The knowledge base is malformed; the message names the file and entry."""


@dataclass
class KnowledgeBase:
    sources: dict[str, dict]
    domains: dict[str, dict]
    factors: dict[str, dict]
    case_studies: dict[str, dict]
    steps: list[dict]
    partnership_test: dict
    model: dict
    assessment: dict
    agreement: dict
    evidence: dict
    _index: tuple[BM25Okapi, list[tuple[str, str]]] | None = field(default=None, repr=False)

    # -- questions the coach asks of it --------------------------------------------

    def step(self, step_id: str) -> dict:
        return next(s for s in self.steps if s["id"] == step_id)

    def next_step_after(self, step_id: str) -> dict | None:
        ids = [s["id"] for s in self.steps]
        position = ids.index(step_id) + 1
        return self.steps[position] if position < len(self.steps) else None

    def factors_of_kind(self, kind: str) -> list[dict]:
        """Factors of one kind, the research's leading ones first."""
        chosen = [f for f in self.factors.values() if f["kind"] == kind]
        return sorted(chosen, key=lambda f: not f.get("leading"))

    def source_names(self, ids: list[str]) -> str:
        return "; ".join(self.sources[i]["title"] for i in ids)

    def synonyms(self, kind: str) -> dict[str, list[str]]:
        """Entity value -> the phrases that mean it, for factors or case studies."""
        entries = self.factors if kind == "factor" else self.case_studies
        return {entry_id: entry["synonyms"] for entry_id, entry in entries.items()}

    def search(self, query: str, limit: int = 3) -> list[tuple[float, str, dict]]:
        """Entries ranked by BM25 relevance: (score, kind, entry); empty if nothing matches."""
        if self._index is None:
            self._index = _build_index(self)
        bm25, keys = self._index
        scores = bm25.get_scores(tokens(query))
        ranked = sorted(zip(scores, keys), key=lambda pair: pair[0], reverse=True)
        results = []
        for score, (kind, entry_id) in ranked[:limit]:
            if score <= 0:
                break
            entry = self.factors.get(entry_id) if kind == "factor" else self.case_studies.get(entry_id)
            results.append((float(score), kind, entry))
        return results


# Common words, and words every entry shares ("case study"), carry no signal.
STOP = set("a an the and or of to in on for is are be do does how what why who with my our we i "
           "you it that this about between when can should tell me more please happened "
           "case study studies".split())


def tokens(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]


def _entry_text(entry: dict) -> str:
    parts: list[str] = []
    for value in entry.values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list):
            parts.extend(v for v in value if isinstance(v, str))
    # names and synonyms say most about what an entry is: count them twice
    parts += [entry.get("name", "")] + list(entry.get("synonyms", []))
    return " ".join(parts)


def _build_index(kb: KnowledgeBase) -> tuple[BM25Okapi, list[tuple[str, str]]]:
    keys = [("factor", i) for i in kb.factors] + [("case_study", i) for i in kb.case_studies]
    entries = [kb.factors[i] if k == "factor" else kb.case_studies[i] for k, i in keys]
    return BM25Okapi([tokens(_entry_text(e)) for e in entries]), keys


# -- loading and validation ------------------------------------------------------------

def _read(directory: Path, filename: str, key: str) -> Any:
    path = directory / filename
    if not path.exists():
        raise KnowledgeError(f"{filename}: file is missing from {directory}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{filename}: not valid YAML: {exc}") from exc
    if key not in data:
        raise KnowledgeError(f"{filename}: top-level key '{key}' is missing")
    return data[key]


def _require(filename: str, label: str, entry: dict, keys: tuple[str, ...]) -> None:
    missing = [k for k in keys if k not in entry or entry[k] is None or entry[k] == ""]
    if missing:
        raise KnowledgeError(f"{filename}: entry '{label}' is missing {', '.join(missing)}")


def _check_refs(filename: str, label: str, field_name: str, refs: list, known: dict | set) -> None:
    for ref in refs:
        if ref not in known:
            raise KnowledgeError(f"{filename}: entry '{label}' refers in '{field_name}' to unknown id '{ref}'")


def _check_sourced(filename: str, label: str, entry: dict, sources: dict) -> None:
    if not entry.get("sources"):
        raise KnowledgeError(f"{filename}: entry '{label}' has no sources")
    _check_refs(filename, label, "sources", entry["sources"], sources)


def load(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Load and validate every file; raise KnowledgeError naming the first problem."""
    lists: dict[str, dict[str, dict]] = {}
    seen_ids: dict[str, str] = {}
    for filename, (key, required) in LIST_FILES.items():
        entries = _read(directory, filename, key)
        lists[key] = {}
        for position, entry in enumerate(entries, start=1):
            label = entry.get("id", f"#{position}") if isinstance(entry, dict) else f"#{position}"
            if not isinstance(entry, dict):
                raise KnowledgeError(f"{filename}: entry {label} is not a mapping")
            _require(filename, label, entry, required)
            if entry["id"] in seen_ids:
                raise KnowledgeError(
                    f"{filename}: duplicate id '{entry['id']}' (already used in {seen_ids[entry['id']]})"
                )
            seen_ids[entry["id"]] = filename
            lists[key][entry["id"]] = entry
    mappings = {}
    for filename, (key, required) in MAPPING_FILES.items():
        mapping = _read(directory, filename, key)
        _require(filename, key, mapping, required)
        mappings[key] = mapping
    kb = KnowledgeBase(
        sources=lists["sources"], domains=lists["domains"], factors=lists["factors"],
        case_studies=lists["case_studies"],
        steps=sorted(lists["steps"].values(), key=lambda s: s["order"]),
        partnership_test=mappings["partnership_test"], model=mappings["model"],
        assessment=mappings["assessment"], agreement=mappings["agreement"], evidence=mappings["evidence"],
    )
    _validate_references(kb)
    return kb


def _validate_references(kb: KnowledgeBase) -> None:
    for filename, entries in (("domains.yml", kb.domains), ("factors.yml", kb.factors),
                              ("case_studies.yml", kb.case_studies),
                              ("steps.yml", {s["id"]: s for s in kb.steps})):
        for entry_id, entry in entries.items():
            _check_sourced(filename, entry_id, entry, kb.sources)
    for entry_id, factor in kb.factors.items():
        if factor["kind"] not in FACTOR_KINDS:
            raise KnowledgeError(f"factors.yml: entry '{entry_id}' has unknown kind '{factor['kind']}'")
        _check_refs("factors.yml", entry_id, "domain", [factor["domain"]], kb.domains)
        _check_refs("factors.yml", entry_id, "case_studies", factor["case_studies"], kb.case_studies)
    for entry_id, case in kb.case_studies.items():
        if case["outcome"] not in OUTCOMES:
            raise KnowledgeError(f"case_studies.yml: entry '{entry_id}' has unknown outcome '{case['outcome']}'")
        _check_refs("case_studies.yml", entry_id, "enablers", case["enablers"], kb.factors)
        _check_refs("case_studies.yml", entry_id, "obstacles", case["obstacles"], kb.factors)
    for step in kb.steps:
        _check_refs("steps.yml", step["id"], "factors", step["factors"], kb.factors)
        for item in step["checklist"]:
            _check_checklist_item(kb, step["id"], item)
    for key, filename in (("partnership_test", "partnership_test.yml"), ("model", "model.yml"),
                          ("assessment", "assessment.yml"), ("agreement", "agreement.yml"),
                          ("evidence", "evidence.yml")):
        _check_sourced(filename, key, getattr(kb, key), kb.sources)
    for item in kb.assessment["items"]:
        _require("assessment.yml", item.get("id", "?"), item, ("id", "domain", "factor", "statement"))
        _check_refs("assessment.yml", item["id"], "domain", [item["domain"]], kb.domains)
        _check_refs("assessment.yml", item["id"], "factor", [item["factor"]], kb.factors)
    _check_red_flags(kb)
    _check_agreement(kb.agreement)
    _check_unique_synonyms(kb)


def _check_checklist_item(kb: KnowledgeBase, step_id: str, item: dict) -> None:
    label = f"{step_id}/{item.get('id', '?')}"
    _require("steps.yml", label, item, CHECKLIST_ITEM_KEYS)
    _check_refs("steps.yml", label, "factors", item["factors"], kb.factors)
    known_signals = set(kb.evidence["signals"]) | COMPUTED_SIGNALS
    _check_refs("steps.yml", label, "evidence", [s for group in item["evidence"] for s in group], known_signals)


def _check_red_flags(kb: KnowledgeBase) -> None:
    for flag in kb.evidence["red_flags"]:
        _require("evidence.yml", flag.get("id", "?"), flag, RED_FLAG_KEYS)
        _check_sourced("evidence.yml", flag["id"], flag, kb.sources)
        _check_refs("evidence.yml", flag["id"], "factors", flag["factors"], kb.factors)
        for pattern in flag["patterns"] + [p for ps in kb.evidence["signals"].values() for p in ps]:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise KnowledgeError(f"evidence.yml: entry '{flag['id']}' has a bad pattern {pattern!r}: {exc}") from exc


def _check_agreement(agreement: dict) -> None:
    """The sections the draft agreement is built from: all of them, in order, each with
    the prompts the code asks for."""
    for section in agreement["sections"]:
        _require("agreement.yml", section.get("id", "?"), section, ("id", "title"))
        for key in ("standard", "to_complete"):
            if key not in section:
                raise KnowledgeError(f"agreement.yml: entry '{section['id']}' is missing {key}")
    ids = [s["id"] for s in agreement["sections"]]
    if ids != list(AGREEMENT_SECTIONS):
        raise KnowledgeError(f"agreement.yml: sections must be {', '.join(AGREEMENT_SECTIONS)} in that order; "
                             f"found {', '.join(ids)}")
    for section in agreement["sections"]:
        missing = [k for k in AGREEMENT_SECTIONS[section["id"]] if not (section["to_complete"] or {}).get(k)]
        if missing:
            raise KnowledgeError(f"agreement.yml: entry '{section['id']}' has no to_complete prompt for "
                                 f"{', '.join(missing)}")


def _check_unique_synonyms(kb: KnowledgeBase) -> None:
    owner: dict[str, str] = {}
    for filename, entries in (("factors.yml", kb.factors), ("case_studies.yml", kb.case_studies)):
        for entry_id, entry in entries.items():
            for phrase in entry["synonyms"]:
                phrase = phrase.lower().strip()
                if phrase in owner and owner[phrase] != entry_id:
                    raise KnowledgeError(
                        f"{filename}: entry '{entry_id}' reuses synonym '{phrase}' of '{owner[phrase]}'"
                    )
                owner[phrase] = entry_id


@lru_cache(maxsize=1)
def knowledge() -> KnowledgeBase:
    """The project's knowledge base, loaded once per process."""
    return load()
