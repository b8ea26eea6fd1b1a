"""Comparing an audit chain with the checkpoints that anchor it (both ends use this).

A checkpoint says "entry ``seq`` had hash ``hash``". Against the chain as found (its newest
entry ``last_seq`` and the hash of each entry), the first checkpoint that fails tells what
happened: an entry it names is gone (the chain was cut short), or its hash differs (the
chain was rewritten, later hashes recomputed or not). The answer names the first entry that
can no longer be trusted: after the last checkpoint that still matches.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

Problem = Literal["truncated", "rewritten"]


@dataclass(frozen=True)
class Mismatch:
    problem: Problem
    #: The first entry not covered by a matching checkpoint (missing or rewritten).
    first_broken: int
    #: The entry the failing checkpoint names (for a cut: the newest one recorded).
    checkpoint_seq: int


def first_mismatch(checkpoints: Iterable[tuple[int, str]], last_seq: int,
                   hash_at: Mapping[int, str]) -> Mismatch | None:
    """The first checkpoint ``(seq, hash)`` the chain no longer satisfies, or None."""
    ordered = sorted(set(checkpoints))
    below = previous = 0  # below: the newest entry before this one a checkpoint vouches for
    for seq, digest in ordered:
        if seq != previous:
            below, previous = previous, seq
        if seq > last_seq:
            return Mismatch("truncated", last_seq + 1, ordered[-1][0])
        if hash_at.get(seq) != digest:
            # two checkpoints of one entry with different hashes: a chain was replaced
            return Mismatch("rewritten", below + 1, seq)
    return None
