"""Answers from the knowledge base that several actions give: a factor or a case study
found by searching it, and help with the formation step being answered ("what counts as
buy-in?"). The knowledge-base actions (bot/actions/knowledge_answers.py) add the
overviews and the depth."""

from __future__ import annotations

import re

from bot.knowledge import knowledge
from bot.list_steps import LIST_STEPS

MIN_SEARCH_SCORE = 1.0


def bullet(lines: list[str]) -> list[str]:
    return [f"- {line}" for line in lines]


def sources_line(ids: list[str]) -> str:
    return f"Source: {knowledge().source_names(ids)}"


def factor_answer(factor: dict) -> str:
    """The short answer: what it is in police terms and the first two things to do."""
    kb = knowledge()
    label = "Success factor" if factor["kind"] == "success_factor" else "Barrier"
    lines = [f"{factor['name']} ({label}, {kb.domains[factor['domain']]['name']})", factor["police_terms"],
             "What to do:", *bullet(factor["actions"][:2]),
             "Say \"tell me more\" for the warning signs, questions to ask and a case study.",
             sources_line(factor["sources"])]
    return "\n".join(lines)


def case_answer(case: dict) -> str:
    kb = knowledge()
    names = lambda ids: ", ".join(kb.factors[i]["name"].lower() for i in ids) or "not detailed in the source"
    lines = [f"{case['name']} ({case['outcome']})",
             f"Partners: {', '.join(case['partners'])}",
             f"Problem: {case['problem']}",
             case["summary"],
             f"What enabled it: {names(case['enablers'])}",
             f"What obstructed it: {names(case['obstacles'])}",
             case["details_note"]]
    if case.get("background"):
        lines.append(f"Public background (not from the study): {case['background']}")
    lines += [f"Lesson for you: {case['lesson']}", sources_line(case["sources"])]
    return "\n".join(lines)


# "what counts as...", "does the DA count?", "like what?": a question about the step being answered.
ABOUT_THE_STEP = re.compile(r"\b(what counts|counts? as|does .{1,40}\bcount|what do you mean|what'?s the diff(erence)?|"
                            r"what should i (put|say|write|"
                            r"answer)|like what|for example|an example|what kind of|who counts|who should i (list|put|add)|"
                            r"is .{1,40}\b(enough|ok|okay|fine))\b", re.I)


# "is 'fewer camps' ok", "would monthly meetings be enough": asking whether their own answer will do.
OWN_ANSWER = re.compile(r"^\W*(is|are|would|will|does|do)\b.{1,60}\b(enough|ok|okay|fine|work|do|count)\W*$", re.I)


FILLER = {"wait", "what", "count", "does", "doe", "mean", "should", "the", "and", "thi", "that", "here", "put", "like",
          "for", "you", "say", "write", "answer", "example", "kind", "who", "enough", "okay", "fine", "ok", "about", "quick",
          "how", "actually", "really", "exactly", "hmm", "sorry", "one"}


def _stems(text: str) -> set[str]:
    return {word.rstrip("s") for word in re.findall(r"[a-z]{3,}", text.lower())} - FILLER


def step_help(step: dict, question: str) -> str | None:
    """What the step asks for, with the checklist item nearest the question; None when the
    question is not about this step ("what counts as buy-in?" at the stakeholders step)."""
    words = _stems(question)
    step_words = _stems(" ".join([step["name"], step["question"], step["why"],
                                  *(f"{i['item']} {i['shows']}" for i in step["checklist"])]))
    if not ABOUT_THE_STEP.search(question) or (words and not words & step_words and not OWN_ANSWER.search(question)):
        return None
    item = max(step["checklist"], key=lambda i: len(words & _stems(f"{i['item']} {i['shows']} {i['why']}")))
    shape = f"\n{LIST_STEPS[step['id']].hint}" if OWN_ANSWER.search(question) and step["id"] in LIST_STEPS else ""
    return f"{step['name']}: {step['why']}\nWhat counts: {item['item']} ({item['why']}){shape}"


def known_answer(text: str, step: dict | None = None) -> str | None:
    """Help with the step being answered, or the knowledge base's answer, when it has one."""
    if step is not None and (about_step := step_help(step, text)):
        return about_step
    results = knowledge().search(text, limit=1)
    if not results or results[0][0] < MIN_SEARCH_SCORE:
        return None
    _, kind, entry = results[0]
    return factor_answer(entry) if kind == "factor" else case_answer(entry)


def search_answer(text: str, step: dict | None = None) -> str:
    return known_answer(text, step) or ("I don't know enough to answer that well. Try asking about a success factor, "
                                        "a barrier or one of the case studies, or say \"help\".")
