"""Messages in another language get a short answer in English and never reach the
engine; English, however short or full of police shorthand and names, always does."""

from __future__ import annotations

import pytest

from bot.engine_client import Reply, take_turn
from bot.language import ENGLISH_ONLY, clearly_not_english

# Short messages the way supervisors write them: shorthand, names, replies to questions.
ENGLISH = [
    "SRO CIT CAD", "ok", "lol", "Sgt. Nguyen", "Mercy Hospital", "Queensland", "done", "12", "yes", "nope", "thx",
    "idk", "brb", "kk", "nah", "yo", "bye", "help", "skip", "agree", "neutral", "dunno", "n/a", "prob a 4",
    "3 i guess", "strongly agree", "copy that", "roger", "10-4 will do", "hi coach", "sure thing", "tell me more",
    "gonna brief roll call tmrw", "email dr okafor tomorrow morning", "ok emailed okafor", "sent it to legal",
    "talked to the principal", "briefed roll call", "I'll call the principal by Friday",
    "what have I committed to?", "start a partnership with the school district on truancy",
    "Lincoln High School, contact Principal Diaz, needs attendance up",
    "chronic absence from 18% to 12% by June 2027", "cut repeat calls by 30% by 2028", "what should I do next?",
    "what makes a partnership work?", "what happened with the Detroit 300?",
    "is putting an officer in a school a partnership?", "send me the partnership checklist",
    "which partnerships are stalled?", "run a health check on the school district partnership",
    "CIT team meets w/ NAMI rep at 1400", "need the UCR numbers for beat 12",
    "BOLO out on the van, back to the MOU later", "DV calls up at the Elm St apartments",
    "the CAD data shows 40 calls/mo to the motel", "cmdr wants it by EOW", "pls add Lt. Ramirez as sponsor",
    "Centro Latino is a stakeholder", "St. Vincent de Paul food pantry", "partner is Casa de Esperanza",
    "met w/ Padre Miguel at San Jose parish", "mou signed", "the DA said no", "la fitness on main st",
    "Hospital Santa Maria", "Father Dominguez at Our Lady of Guadalupe", "ride-along w/ ER charge nurse fri",
    "OT approved", "PD + PSD mtg moved to tues", "Sgt. Nguyen Van An from Patrol",
    "reach out to the Somali community center", "Tagalog interpreter for the Filipino association",
    "vice, narcotics and SVU all need to sign off", "Queensland Police Service partnership",
    "change the goal target to 15%", "truancy is down 12% this month", "the principal ghosted me",
    "Iglesia Bautista Nueva Esperanza", "Sgt. Nguyễn Văn An",
]
OTHER_LANGUAGES = [
    "Hola, quiero empezar una asociación con la escuela",        # Spanish
    "Necesito ayuda con el programa de la comunidad",
    "¿Qué debo hacer ahora?",
    "Voy a llamar al director mañana",
    "Bonjour, je veux commencer un partenariat avec l'école",     # French
    "Je dois appeler le directeur demain",
    "Qu'est-ce que je dois faire maintenant ?",
    "merci beaucoup pour votre aide",
    "Olá, eu quero começar uma parceria com a escola",            # Portuguese
    "Tôi muốn bắt đầu một quan hệ đối tác với trường học",        # Vietnamese
    "我想和学校建立合作关系",                                       # Chinese
    "أريد أن أبدأ شراكة مع المدرسة",                               # Arabic
    "Waxaan rabaa inaan bilaabo iskaashi dugsiga",                 # Somali
    "Gusto kong magsimula ng pakikipagtulungan sa paaralan",       # Tagalog
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_never_taken_for_another_language(text):
    assert not clearly_not_english(text)


@pytest.mark.parametrize("text", OTHER_LANGUAGES)
def test_a_message_in_another_language_is_recognised(text):
    assert clearly_not_english(text)


class RecordingEngine:
    """Stands in for the engine; remembers what reached it."""

    def __init__(self):
        self.sent: list[str] = []

    def send(self, sender, text, metadata=None):
        self.sent.append(text)
        return [Reply(text="(the questionnaire)")]

    def actions_ready(self):
        return True


@pytest.mark.parametrize("text", ["Hola, quiero empezar una asociación con la escuela",
                                  "Bonjour, je veux commencer un partenariat avec l'école"])
def test_spanish_and_french_get_the_english_only_answer_and_nothing_reaches_the_engine(text):
    engine = RecordingEngine()
    replies = take_turn(engine, "local:dana", text)
    assert [r.text for r in replies] == [ENGLISH_ONLY]
    assert ENGLISH_ONLY == "Sorry, I understand English only for now. Please write in English."
    assert engine.sent == []


@pytest.mark.parametrize("text", ["SRO CIT CAD", "Sgt. Nguyen", "partner is Casa de Esperanza",
                                  '/complete_commitment{"number": "1"}'])
def test_english_shorthand_names_and_buttons_reach_the_engine(text):
    engine = RecordingEngine()
    assert [r.text for r in take_turn(engine, "local:dana", text)] == ["(the questionnaire)"]
    assert engine.sent == [text]
