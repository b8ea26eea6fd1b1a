"""The key a name is searched by: upper case, accents and punctuation dropped, spaces single.

Stored next to the name (``employer.search_name``) and indexed, so a search by the first
letters is a range scan of the index on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import unicodedata


def search_key(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    cleaned = "".join(c if c.isalnum() else " " for c in plain.upper())
    return " ".join(cleaned.split())
