"""Documents and agreements: the Patto di servizio (versions, signers, printing), the printouts
handed to a person (DID receipt, certificate, privacy notice), shortlists, and the archive
that keeps every printed PDF. The Carta dei servizi is printed by ``desktop.services.charter``.

Mirrors ``desktop.views.documents`` and the Documenti page. Rendering itself (data to PDF
bytes) is ``desktop.documents``; this package decides what is printed and archives it.
"""
