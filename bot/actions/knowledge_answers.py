"""Answers from the knowledge base: success factors, barriers, one factor, case
studies, the model, and the partnership-or-assignment test. Short first; "tell me
more" gives the depth."""

from __future__ import annotations

from rasa_sdk import Action
from rasa_sdk.events import SlotSet

from bot.actions.context import latest_text, routed_elsewhere, step_in_progress
from bot.barriers import ASSIGNMENT_WORDS
from bot.knowledge import knowledge
from bot.knowledge_answers import MIN_SEARCH_SCORE, bullet, case_answer, factor_answer, search_answer, sources_line, step_help

MORE_BUTTON = {"title": "Tell me more", "payload": "/tell_me_more"}


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


def factor_depth(factor: dict) -> str:
    """"tell me more" after a factor: warning signs, questions, every action and its cases."""
    kb = knowledge()
    lines = [f"{factor['name']}, in depth", "Warning signs:", *bullet(factor["warning_signs"]),
             "Questions to ask:", *bullet(factor["questions"]), "What to do:", *bullet(factor["actions"])]
    lines += [f"Case study: {kb.case_studies[c]['name']}: {kb.case_studies[c]['lesson']}" for c in factor["case_studies"]]
    lines.append(sources_line(factor["sources"]))
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
