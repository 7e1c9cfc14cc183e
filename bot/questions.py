"""Is a message a question? A question is answered, never stored as an answer, item,
blocker, progress note or commitment (COACHING.md, "How people really talk")."""

from __future__ import annotations

import re

FILLER = re.compile(r"^\s*(ok(ay)?|hey|so|um+|uh+|and|but|also|wait|hmm+|quick q(uestion)?|q|sorry|actually|lol|sarge|coach)"
                    r"\s*[,:.!-]*\s+", re.I)
POLITE_REQUEST = re.compile(r"^(can|could|would|will) (you|u)\b|^(please|pls|plz)\b", re.I)
OPENER = re.compile(
    r"^(what|what's|whats|why|how|how's|who|whom|whose|which|explain|any idea|anyone know|remind me what|"
    r"(when|where) (will|do|does|is|are|should|can|would|did|was)|"
    r"(do|does|did|is|are|was|were|should|shall|would|could|can|will|have|has|must|isn't|aren't|don't|doesn't) "
    r"(we|i|you|u|they|it|he|she|this|that|these|those|there|the|our|my|a|an|all|every|partners?)\b)", re.I)


def is_question(text: str) -> bool:
    said = text.strip()
    while FILLER.match(said):
        said = FILLER.sub("", said, count=1)
    if POLITE_REQUEST.match(said):
        return False  # "can you delete the junk ones?" asks the coach to do something
    return said.endswith("?") or bool(OPENER.match(said))
