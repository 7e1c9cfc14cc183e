"""The knowledge base loads, validates, and answers; broken entries fail loudly."""

from __future__ import annotations

import shutil

import pytest
import yaml

from bot import nlu_entities
from bot.knowledge import KNOWLEDGE_DIR, KnowledgeError, knowledge, load


@pytest.fixture
def kb_copy(tmp_path):
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE_DIR, target)
    return target


def edit(directory, filename, change):
    path = directory / filename
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_the_knowledge_base_is_valid_and_complete():
    kb = load()
    assert {"purpose_strategy", "structure", "lateral_mechanisms", "incentives", "people"} <= set(kb.domains)
    assert [s["id"] for s in kb.steps] == ["problem", "partnership_or_assignment", "stakeholders", "common_goals",
                                          "resources", "buy_in", "facilitators_barriers", "formal_agreement",
                                          "review"]
    assert len(kb.case_studies) == 5
    assert {f["id"] for f in kb.factors.values() if f.get("leading")} == {"common_purpose", "shared_strategy"}
    assert {f["kind"] for f in kb.factors.values()} == {"success_factor", "barrier"}


@pytest.mark.parametrize("filename, change, message", [
    ("factors.yml", lambda d: d["factors"][0].pop("summary"), "factors.yml: entry 'common_purpose' is missing summary"),
    ("factors.yml", lambda d: d["factors"][0].update(sources=[]), "factors.yml: entry 'common_purpose' has no sources"),
    ("factors.yml", lambda d: d["factors"][0].update(domain="astrology"),
     "factors.yml: entry 'common_purpose' refers in 'domain' to unknown id 'astrology'"),
    ("case_studies.yml", lambda d: d["case_studies"][0].update(enablers=["no_such_factor"]),
     "case_studies.yml: entry 'detroit_300' refers in 'enablers' to unknown id 'no_such_factor'"),
    ("case_studies.yml", lambda d: d["case_studies"].append(dict(d["case_studies"][0])),
     "case_studies.yml: duplicate id 'detroit_300'"),
    ("steps.yml", lambda d: d["steps"][0].update(sources=["a_blog_post"]),
     "steps.yml: entry 'problem' refers in 'sources' to unknown id 'a_blog_post'"),
])
def test_a_broken_entry_is_named_with_its_file(kb_copy, filename, change, message):
    edit(kb_copy, filename, change)
    with pytest.raises(KnowledgeError) as error:
        load(kb_copy)
    assert message in str(error.value)


def test_a_missing_file_is_named(kb_copy):
    (kb_copy / "model.yml").unlink()
    with pytest.raises(KnowledgeError, match="model.yml: file is missing"):
        load(kb_copy)


@pytest.mark.parametrize("query, expected", [
    ("what about trust between agencies?", "trust_social_capital"),
    ("how do I get buy-in from my lieutenants", "supervisor_buy_in"),
    ("our missions conflict, their interests are different from ours", "conflicting_interests"),
    ("detroit 300 citizen patrol", "detroit_300"),
])
def test_search_ranks_the_relevant_entry_first(query, expected):
    [(score, _, entry), *_] = knowledge().search(query)
    assert entry["id"] == expected and score > 0


def test_search_finds_nothing_for_unrelated_text():
    assert knowledge().search("zzz qqq xyzzy") == []


def test_nlu_entities_are_generated_from_the_knowledge_base():
    """Fails when knowledge/ changed and `coach kb nlu` was not run."""
    assert nlu_entities.ENTITIES_FILE.read_text(encoding="utf-8") == nlu_entities.render(knowledge()), \
        "nlu/data/knowledge_entities.yml is stale: run `coach kb nlu`"
