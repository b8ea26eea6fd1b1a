"""People and the DID: the SAP record (validation, registration, updates), the codice fiscale,
duplicates and merges, the search box, comuni and states, the curriculum, profiling, the
DID's lifecycle and bulk import of people.

Mirrors ``desktop.views.registration`` and the Accoglienza page.
"""
