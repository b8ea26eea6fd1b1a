"""Firms and collocamento mirato (L. 68/1999): employers and their vacancies entered locally,
and the L.68 enrolment with its health data behind a permission.
"""
