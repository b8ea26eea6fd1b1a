"""Sportello: the front-office desktop application of Italian job centres (CPI)."""

__version__ = "0.1.0"
APP_NAME = "Sportello"
APP_ID = "sportello"
ORG_NAME = "Sportello"
