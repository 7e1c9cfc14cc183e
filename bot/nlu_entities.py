"""The NLU lookup tables and synonyms for factors and case studies, generated from
knowledge/ so the two never drift apart (a test compares them; `coach kb nlu`
rewrites the file)."""

from __future__ import annotations

import yaml

from bot.config import PROJECT_ROOT
from bot.knowledge import KnowledgeBase

ENTITIES_FILE = PROJECT_ROOT / "nlu" / "data" / "knowledge_entities.yml"
HEADER = "# Generated from knowledge/ by `coach kb nlu`; do not edit by hand.\n"


def phrases(entry: dict) -> list[str]:
    """Everything a user might type for an entry: its name and its synonyms."""
    seen: dict[str, None] = {}
    for phrase in [entry["name"], *entry["synonyms"]]:
        seen.setdefault(phrase.lower().strip(), None)
    return list(seen)


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings as `|` blocks, the way Rasa's own files look."""


_BlockDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None),
)


def render(kb: KnowledgeBase) -> str:
    nlu: list[dict] = []
    for entity in ("factor", "case_study"):
        entries = kb.synonyms(entity)
        source = kb.factors if entity == "factor" else kb.case_studies
        all_phrases = sorted({p for entry_id in entries for p in phrases(source[entry_id])})
        nlu.append({"lookup": entity, "examples": "".join(f"- {p}\n" for p in all_phrases)})
        for entry_id in sorted(entries):
            nlu.append({"synonym": entry_id,
                        "examples": "".join(f"- {p}\n" for p in phrases(source[entry_id]))})
    body = yaml.dump({"version": "3.1", "nlu": nlu}, sort_keys=False, width=120, allow_unicode=True,
                     Dumper=_BlockDumper)
    return HEADER + body


def write(kb: KnowledgeBase) -> bool:
    """Rewrite the generated file; True when it changed."""
    text = render(kb)
    if ENTITIES_FILE.exists() and ENTITIES_FILE.read_text(encoding="utf-8") == text:
        return False
    ENTITIES_FILE.write_text(text, encoding="utf-8")
    return True
