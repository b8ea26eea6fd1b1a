"""Reference data every area reads: comuni and foreign states with their Belfiore codes,
validity dates and CAP (ISTAT), the CP2021 occupations with ISCO-08, and the comuni's
coordinates. Shipped in ``resources/`` with its sources; imported occupations are stored
in the database.
"""
