"""Messages clearly written in another language get a short answer in English instead
of the English coaching questions.

Detection is lingua (offline, accurate on short texts), limited to English and the
languages police supervisors' messages are most likely to be in, plus a script check
for writing that isn't Latin (Chinese, Arabic, Cyrillic...). Only a clear case counts:
three or more words once names are set aside, little chance of English and a good
chance of one other language. Shorthand ("SRO CIT CAD"), names ("Casa de Esperanza")
and short replies ("ok", "12") are never flagged."""

from __future__ import annotations

import re
from functools import cache

ENGLISH_ONLY = "Sorry, I understand English only for now. Please write in English."
MIN_WORDS = 3
MAX_ENGLISH = 0.1      # lingua's confidence that it is English
MIN_OTHER = 0.5        # ... and that it is the likeliest other language
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
LATIN_END = "\u0250"   # Latin letters, accented ones included, come before this


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder  # loads its models once, on first use

    languages = [Language.ENGLISH, Language.SPANISH, Language.FRENCH, Language.PORTUGUESE, Language.VIETNAMESE,
                 Language.SOMALI, Language.TAGALOG, Language.GERMAN, Language.ITALIAN]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def _words_to_judge(text: str) -> list[str]:
    """The words, less capitalised ones after the first: those are mostly names."""
    words = WORD.findall(text)
    return [word for n, word in enumerate(words) if n == 0 or not word[0].isupper()]


def _mostly_other_script(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and sum(ch < LATIN_END for ch in letters) < len(letters) / 2


def clearly_not_english(text: str) -> bool:
    if _mostly_other_script(text):
        return True
    words = _words_to_judge(text)
    if len(words) < MIN_WORDS:
        return False
    confidences = _detector().compute_language_confidence_values(" ".join(words))
    english = next(c.value for c in confidences if c.language.name == "ENGLISH")
    likeliest = confidences[0]
    return english <= MAX_ENGLISH and likeliest.language.name != "ENGLISH" and likeliest.value >= MIN_OTHER
