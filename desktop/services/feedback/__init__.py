"""Feedback from the people served: complaints (reclami) with their deadline and answer
(``complaints``), and the three-face satisfaction ratings given after a ticket
(``ratings``). Both are counted by the Osservatorio and measured on the Carta dei servizi.
Imported module by module (``services.feedback.complaints.record_complaint``).
"""
