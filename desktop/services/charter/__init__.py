"""The Carta dei servizi as the centre runs it: its standards measured over a period with
the Osservatorio's own functions (``measuring``), checked against the centre's
configuration before printing (``consistency``, ``hours``), the editions the centre
adopts (``editions``), the printed Carta (``printing``) and the complaint letters
(``letters``). The top service area: it uses actions, queue, feedback and documents.
Imported module by module (``services.charter.printing.charter_document``).
"""
