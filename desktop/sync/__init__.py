"""Sync client: outbox, clocks, push/pull with the regional server. No Qt here.

The protocol itself is :mod:`wire`. Here: :mod:`.outbox` (a change queued in its own
transaction), :mod:`.hlc` (clocks), :mod:`.registry` (what each kind does locally),
:mod:`.agent` with :mod:`.push`, :mod:`.pull` and :mod:`.apply` (one round),
:mod:`.transport` (HTTP), :mod:`.loop` (rounds in the background) and :mod:`.service`
(what the rest of the application asks).
"""
