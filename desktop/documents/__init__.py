"""Printouts: pure functions from dataclasses to PDF bytes (ReportLab). No Qt here."""
