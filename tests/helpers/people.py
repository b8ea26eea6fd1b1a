"""Valid rows for ``sportello import persons``: distinct people with real codici fiscali."""

from __future__ import annotations

import datetime as dt

SURNAMES = ("Rossi", "Verdi", "Bianchi", "Esposito", "Ricci", "Marino", "Greco")
NAMES = (("Mario", "M"), ("Luigia", "F"), ("Niccolò", "M"), ("Chiara", "F"))
TOWNS = (("D612", "50122"), ("G702", "56125"), ("A562", "56017"))


def csv_people(count: int) -> list[dict[str, str]]:
    """``count`` CSV rows (as ``csv.DictReader`` gives them) that the import accepts."""
    from codicefiscale import codicefiscale

    rows = []
    for n in range(count):
        surname, (name, sex) = SURNAMES[n % len(SURNAMES)], NAMES[n % len(NAMES)]
        town, postcode = TOWNS[n % len(TOWNS)]
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=97 * n)
        rows.append({
            "fiscal_code": codicefiscale.encode(
                lastname=surname, firstname=name, gender=sex,
                birthdate=birth.strftime("%d/%m/%Y"), birthplace=town),
            "surname": surname, "name": name, "residence_code": town,
            "residence_address": "Via Roma", "residence_number": str(n + 1),
            "residence_postcode": postcode, "mobile": f"333{n:07d}",
            "email": f"persona{n}@example.it"})
    return rows
