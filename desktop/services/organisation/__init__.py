"""The organisation a workstation belongs to: the centre, its sites, services and counters."""
