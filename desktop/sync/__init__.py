"""Sync client: outbox, clocks, push/pull with the regional server. No Qt here.

The sync issue builds it; until then nothing leaves the workstation.
"""
