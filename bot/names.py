"""Names people give things (partners, partnerships, stakeholders), as stored: Unicode
normalised (NFKC), invisible characters (zero-width spaces, joiners, direction marks)
removed and spaces collapsed, so "Mercy Hospital" and "Mercy\u200b Hospital" are one name;
and no longer than the database keeps on every engine."""

from __future__ import annotations

import unicodedata

LONGEST = 120  # characters; the columns hold 200, and a longer name is not a name


class NameTooLong(ValueError):
    def __init__(self, name: str):
        super().__init__(name)
        self.message = (f"That name is {len(name)} characters long; I can keep names up to {LONGEST}. "
                        "What's a shorter name for it?")


def clean(name: str) -> str:
    """The name as kept; NameTooLong when it is longer than LONGEST characters."""
    normalised = unicodedata.normalize("NFKC", name)
    visible = "".join(ch for ch in normalised if unicodedata.category(ch) != "Cf")
    kept = " ".join(visible.split())
    if len(kept) > LONGEST:
        raise NameTooLong(kept)
    return kept
