"""The sentence the waiting room hears for a call, read as Italians read it.

"A012" at counter 3 is "A dodici, sportello tre": the number in words, so that a voice
never reads "zero one two" or "A twelve"; the voice is always Italian (the announcer
takes only an Italian voice), so the words are Italian whatever the interface language.
"""

from __future__ import annotations

import re

_UNITS = ("zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove",
          "dieci", "undici", "dodici", "tredici", "quattordici", "quindici", "sedici",
          "diciassette", "diciotto", "diciannove")
_TENS = ("", "", "venti", "trenta", "quaranta", "cinquanta", "sessanta", "settanta",
         "ottanta", "novanta")


def _below_hundred(n: int) -> str:
    if n < 20:
        return _UNITS[n]
    tens, unit = divmod(n, 10)
    word = _TENS[tens]
    if unit in (1, 8):  # "ventuno", "ventotto": the vowel drops before uno and otto
        word = word[:-1]
    if unit == 0:
        return word
    return word + _UNITS[unit]


def _below_thousand(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    if hundreds == 0:
        return _below_hundred(rest)
    head = "cento" if hundreds == 1 else _UNITS[hundreds] + "cento"
    if rest == 0:
        return head
    tail = _below_hundred(rest)
    if tail.startswith("ott"):  # "centotto", "centottanta": the o of cento drops
        head = head[:-1]
    return head + tail


def italian_number(n: int) -> str:
    """``n`` (0 to 999,999) in Italian words, as one word: 123 -> "centoventitré"."""
    if not 0 <= n < 1_000_000:
        raise ValueError(f"{n} is outside 0-999999")
    thousands, rest = divmod(n, 1000)
    if thousands == 0:
        word = _below_thousand(rest)
    else:
        word = "mille" if thousands == 1 else _below_thousand(thousands) + "mila"
        if rest:
            word += _below_thousand(rest)
    # a compound ending in "tre" is stressed on it: "ventitré", "centotré" (not "tre")
    if word.endswith("tre") and word != "tre":
        word = word[:-3] + "tré"
    return word


def spoken(code: str, counter: int) -> str:
    """ "A012", 3 -> "A dodici, sportello tre"."""
    match = re.fullmatch(r"([A-Z]+)0*(\d+)", code)
    if match is None:
        return f"{code}, sportello {italian_number(counter)}"
    letters, number = match.group(1), int(match.group(2))
    return f"{letters} {italian_number(number)}, sportello {italian_number(counter)}"
