"""The sync protocol shared by both ends: the desktop's agent (desktop/sync) and the
regional server (server/) import it; it imports neither of them, only the standard library.

* :mod:`wire.protocol`: the version, the data kinds (owner policy, pull stream, field sets)
  and the streams.
* :mod:`wire.messages`: the shape of every request and answer (hello, push, pull,
  snapshot, aggregates) as typed dictionaries, exactly as they travel in JSON.

docs/sync-protocol.md describes the protocol in prose.
"""
