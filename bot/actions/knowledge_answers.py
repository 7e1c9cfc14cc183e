"""Answers from the knowledge base: success factors, barriers, one factor, case
studies, the model, and the partnership-or-assignment test. Short first; "tell me
more" gives the depth."""

from __future__ import annotations

import re

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from bot.actions.context import latest_text, routed_elsewhere
from bot.list_steps import LIST_STEPS
from bot.barriers import ASSIGNMENT_WORDS
from bot.knowledge import knowledge

MORE_BUTTON = {"title": "Tell me more", "payload": "/tell_me_more"}
MIN_SEARCH_SCORE = 1.0


def bullet(lines: list[str]) -> list[str]:
    return [f"- {line}" for line in lines]


def sources_line(ids: list[str]) -> str:
    return f"Source: {knowledge().source_names(ids)}"


def overview(kind: str) -> str:
    kb = knowledge()
    chosen = kb.factors_of_kind(kind)
    if kind == "success_factor":
        leading = [f["name"].lower() for f in chosen if f.get("leading")]
        head = (f"What makes a partnership work. The research puts two first: {' and '.join(leading)}.")
    else:
        head = "What makes partnerships fail. The research names a lack of competency and conflicting interests first."
    lines = [head] + bullet([f"{f['name']}: {f['summary']}" for f in chosen])
    lines.append("Ask about any one (\"how do I get buy-in?\") or say \"tell me more\".")
    return "\n".join(lines)


def factor_answer(factor: dict) -> str:
    """The short answer: what it is in police terms and the first two things to do."""
    kb = knowledge()
    label = "Success factor" if factor["kind"] == "success_factor" else "Barrier"
    lines = [f"{factor['name']} ({label}, {kb.domains[factor['domain']]['name']})", factor["police_terms"],
             "What to do:", *bullet(factor["actions"][:2]),
             "Say \"tell me more\" for the warning signs, questions to ask and a case study.",
             sources_line(factor["sources"])]
    return "\n".join(lines)


def factor_depth(factor: dict) -> str:
    """"tell me more" after a factor: warning signs, questions, every action and its cases."""
    kb = knowledge()
    lines = [f"{factor['name']}, in depth", "Warning signs:", *bullet(factor["warning_signs"]),
             "Questions to ask:", *bullet(factor["questions"]), "What to do:", *bullet(factor["actions"])]
    lines += [f"Case study: {kb.case_studies[c]['name']}: {kb.case_studies[c]['lesson']}" for c in factor["case_studies"]]
    lines.append(sources_line(factor["sources"]))
    return "\n".join(lines)


def case_answer(case: dict) -> str:
    kb = knowledge()
    names = lambda ids: ", ".join(kb.factors[i]["name"].lower() for i in ids) or "not detailed in the source"  # noqa: E731
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


def model_answer() -> str:
    model = knowledge().model
    return "\n".join([model["name"], model["summary"], f"Relationship policing: {model['relationship_policing']}",
                      model["leading_factors"], sources_line(model["sources"])])


def partnership_test_answer(text: str) -> str:
    test = knowledge().partnership_test
    lines = []
    if ASSIGNMENT_WORDS.search(text):
        lines += [f"Verdict: {test['verdicts']['assignment']}", test["assignment_example"],
                  "What it would take to make it a formal partnership:", *bullet(test["to_formalise"])]
    else:
        lines += ["Answer these about the arrangement:",
                  *bullet([f"{q['question']} (a partnership answers {q['partnership_answer']})"
                           for q in test["questions"]]),
                  f"All answered the partnership way: {test['verdicts']['partnership']}",
                  f"Mostly not: {test['verdicts']['assignment']}",
                  f"Some: {test['verdicts']['in_between']}"]
    lines.append(sources_line(test["sources"]))
    return "\n".join(lines)


def best_match(text: str, kind: str) -> dict | None:
    for score, found_kind, entry in knowledge().search(text, limit=5):
        if found_kind == kind and score >= MIN_SEARCH_SCORE:
            return entry
    return None


class ActionSuccessFactors(Action):
    def name(self) -> str:
        return "action_success_factors"

    def run(self, dispatcher, tracker, domain):
        if (elsewhere := routed_elsewhere(tracker, self.name())) is not None:
            return elsewhere
        if (step := step_in_progress(tracker)) is not None and (about_step := step_help(step, latest_text(tracker))):
            dispatcher.utter_message(text=about_step)  # "is 'fewer camps' ok?" at the goals step
            return []
        dispatcher.utter_message(text=overview("success_factor"), buttons=[MORE_BUTTON])
        return [SlotSet("last_topic", "overview:success_factor")]


class ActionBarriers(Action):
    def name(self) -> str:
        return "action_barriers"

    def run(self, dispatcher, tracker, domain):
        if (elsewhere := routed_elsewhere(tracker, self.name())) is not None:
            return elsewhere
        if (step := step_in_progress(tracker)) is not None and (about_step := step_help(step, latest_text(tracker))):
            dispatcher.utter_message(text=about_step)  # "is 'fewer camps' ok?" at the goals step
            return []
        dispatcher.utter_message(text=overview("barrier"), buttons=[MORE_BUTTON])
        return [SlotSet("last_topic", "overview:barrier")]


class ActionFactor(Action):
    """One factor: named by the entity, else found by searching the knowledge base."""

    def name(self) -> str:
        return "action_factor"

    def run(self, dispatcher, tracker, domain):
        if (elsewhere := routed_elsewhere(tracker, self.name())) is not None:
            return elsewhere
        kb = knowledge()
        step = step_in_progress(tracker)
        if step is not None and (about_step := step_help(step, latest_text(tracker))):
            dispatcher.utter_message(text=about_step)
            return []
        factor_id = next(tracker.get_latest_entity_values("factor"), None)
        factor = kb.factors.get(factor_id) or best_match(latest_text(tracker), "factor")
        if factor is None:
            dispatcher.utter_message(text=search_answer(latest_text(tracker)))
            return []
        dispatcher.utter_message(text=factor_answer(factor), buttons=[MORE_BUTTON])
        return [SlotSet("last_topic", f"factor:{factor['id']}")]


class ActionCaseStudy(Action):
    def name(self) -> str:
        return "action_case_study"

    def run(self, dispatcher, tracker, domain):
        if (elsewhere := routed_elsewhere(tracker, self.name())) is not None:
            return elsewhere
        kb = knowledge()
        case_id = next(tracker.get_latest_entity_values("case_study"), None)
        case = kb.case_studies.get(case_id) or best_match(latest_text(tracker), "case_study")
        if case is None:
            dispatcher.utter_message(
                text="Which case study? I know these: " + "; ".join(c["name"] for c in kb.case_studies.values()),
                buttons=[{"title": c["name"][:60], "payload": f'/ask_case_study{{"case_study": "{c["id"]}"}}'}
                         for c in kb.case_studies.values()],
            )
            return []
        dispatcher.utter_message(text=case_answer(case))
        return [SlotSet("last_topic", f"case_study:{case['id']}")]


class ActionModel(Action):
    def name(self) -> str:
        return "action_model"

    def run(self, dispatcher, tracker, domain):
        if (elsewhere := routed_elsewhere(tracker, self.name())) is not None:
            return elsewhere
        dispatcher.utter_message(text=model_answer())
        return [SlotSet("last_topic", "model")]


class ActionCheckPartnership(Action):
    def name(self) -> str:
        return "action_check_partnership"

    def run(self, dispatcher, tracker, domain):
        if (elsewhere := routed_elsewhere(tracker, self.name())) is not None:
            return elsewhere
        dispatcher.utter_message(text=partnership_test_answer(latest_text(tracker)))
        return [SlotSet("last_topic", "partnership_test")]


# "what counts as...", "does the DA count?", "like what?": a question about the step being answered.
ABOUT_THE_STEP = re.compile(r"\b(what counts|counts? as|does .{1,40}\bcount|what do you mean|what'?s the diff(erence)?|what should i (put|say|write|"
                            r"answer)|like what|for example|an example|what kind of|who counts|who should i (list|put|add)|"
                            r"is .{1,40}\b(enough|ok|okay|fine))\b", re.I)


# "is 'fewer camps' ok", "would monthly meetings be enough": asking whether their own answer will do.
OWN_ANSWER = re.compile(r"^\W*(is|are|would|will|does|do)\b.{1,60}\b(enough|ok|okay|fine|work|do|count)\W*$", re.I)


FILLER = {"wait", "what", "count", "does", "doe", "mean", "should", "the", "and", "thi", "that", "here", "put", "like",
          "for", "you", "say", "write", "answer", "example", "kind", "who", "enough", "okay", "fine", "ok", "about", "quick",
          "how", "actually", "really", "exactly", "hmm", "sorry", "one"}


def _stems(text: str) -> set[str]:
    return {word.rstrip("s") for word in re.findall(r"[a-z]{3,}", text.lower())} - FILLER


def step_in_progress(tracker) -> dict | None:
    """The coaching step whose question (or follow-up) was asked last, if any."""
    if (tracker.active_loop or {}).get("name") == "assessment_form":
        return None  # in a health check, "what does that mean?" is not about a formation step
    kind, _, step_id = str(tracker.get_slot("last_topic") or "").partition(":")
    return knowledge().step(step_id) if kind in ("step", "follow_up") else None


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


class ActionTellMeMore(Action):
    """Depth on whatever was answered last."""

    def name(self) -> str:
        return "action_tell_me_more"

    def run(self, dispatcher, tracker, domain):
        kb = knowledge()
        topic = tracker.get_slot("last_topic") or ""
        kind, _, key = topic.partition(":")
        if kind == "overview":
            leading = [f for f in kb.factors_of_kind(key)][:2]
            dispatcher.utter_message(text="\n\n".join(factor_answer(f) for f in leading))
        elif kind == "factor":
            dispatcher.utter_message(text=factor_depth(kb.factors[key]))
            return [SlotSet("last_topic", f"factor_cases:{key}")]
        elif kind == "factor_cases":
            cases = [kb.case_studies[c] for c in kb.factors[key]["case_studies"]]
            text = "\n\n".join(case_answer(c) for c in cases) or "That is all the knowledge base holds on it."
            dispatcher.utter_message(text=text)
        elif kind == "step":
            step = kb.step(key)
            lines = [f"{step['name']}: {step['why']}", "What this step should produce:"]
            lines += bullet([f"{i['item']} ({i['why']})" for i in step["checklist"]])
            lines += [f"Related: {', '.join(kb.factors[f]['name'] for f in step['factors'])}"]
            dispatcher.utter_message(text="\n".join(lines))
        else:
            dispatcher.utter_message(text="More about what? Ask about a factor, a barrier or a case study.")
        return []
