"""Use cases, one package per area, mirroring the views. No Qt here.

Each use case owns its transaction, checks the operator's permission, writes its audit line
(and, for what the region shares, its outbox row) inside that transaction, and returns
frozen dataclasses. The areas, from the top (an area imports only areas below it; the
contract "Service areas point one way" in pyproject.toml checks it):

- ``actions``: actions and placements, indicators and the region's daily aggregates;
- ``documents``: the Patto di servizio, the person's printouts, the printed archive;
- ``matching``: scores, the candidate index, both search directions, shortlists;
- ``firms``: employers, vacancies, collocamento mirato (L. 68/1999);
- ``queue``: tickets, counters, the display, statistics and the day close;
- ``people``: the SAP record, codice fiscale, search, duplicates, merge, DID, curriculum;
- ``reference``: comuni, states, CAP, occupations (ISTAT data shipped in resources/);
- ``organisation``: the centre, its sites, services and counters;
- ``security``: accounts, passwords, permissions, the audit log, backups, GDPR requests.

The database, encryption and change notification are in ``desktop.infra``, below every area.
"""
