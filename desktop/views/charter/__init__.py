"""Carta dei servizi views: the problems found before printing."""
