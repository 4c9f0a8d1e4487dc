"""The order in which a quiz's options, ordering rows and matching columns are shown.

Authors may write the correct option first; students must not be able to score by
always picking "A". Every place that lists options (the quiz page, answer keys,
worksheets, every LMS export) asks this module, so they all agree, and a reload or
a rebuild shows the same order: the order depends only on the quiz file.

- single choice: within a quiz, each question puts its correct option in the
  position that has held the correct answer least often so far (ties broken by a
  generator seeded with the question id), the distractors shuffled around it. A
  whole quiz, and so the whole site, spreads its keys evenly over the positions.
- multiple choice: a seeded shuffle, picked among a few candidates to keep the
  correct options spread over the positions across the quiz.
- ordering rows and matching right-hand sides: a seeded derangement (no row in its
  own place, as few correctly adjacent pairs as possible), never the identity.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

CANDIDATES = 24  # seeded permutations tried per question; enough to spread keys well


def _rng(*parts: str) -> random.Random:
    # str seeds are hashed with SHA-512 by random.Random: stable across runs and
    # Python versions (unlike hash()), so every build gives the same order.
    return random.Random("\x1f".join(parts))


def scrambled(seed: str, n: int) -> list[int]:
    """A fixed permutation of range(n) that moves every element (for n >= 2) and keeps
    as few neighbours together as it can: shown order -> index in the correct order."""
    if n < 2:
        return list(range(n))
    rng = _rng("scramble", seed)
    best: list[int] | None = None
    best_cost = None
    for _ in range(CANDIDATES):
        order = list(range(n))
        rng.shuffle(order)
        fixed = sum(1 for pos, i in enumerate(order) if pos == i)
        adjacent = sum(1 for a, b in zip(order, order[1:]) if b == a + 1)
        cost = (fixed, adjacent)
        if best_cost is None or cost < best_cost:
            best, best_cost = order, cost
        if cost == (0, 0):
            break
    assert best is not None
    if best_cost[0]:  # no derangement among the candidates (only possible for tiny n): rotate
        best = list(range(1, n)) + [0]
    return best


@dataclass
class _Tally:
    """How often each position has held a correct option so far in one quiz."""

    counts: list[int] = field(default_factory=list)

    def at(self, position: int) -> int:
        return self.counts[position] if position < len(self.counts) else 0

    def add(self, position: int) -> None:
        while len(self.counts) <= position:
            self.counts.append(0)
        self.counts[position] += 1


def _single(qid: str, correct: int, n: int, tally: _Tally) -> list[int]:
    rng = _rng("single", qid)
    positions = list(range(n))
    rng.shuffle(positions)  # the seeded tie-break
    target = min(positions, key=tally.at)
    tally.add(target)
    others = [i for i in range(n) if i != correct]
    rng.shuffle(others)
    others.insert(target, correct)
    return others


def _multiple(qid: str, correct: Sequence[bool], tally: _Tally) -> list[int]:
    rng = _rng("multiple", qid)
    n = len(correct)
    best, best_cost = None, None
    for _ in range(CANDIDATES):
        order = list(range(n))
        rng.shuffle(order)
        if n > 1 and order == sorted(order):
            continue
        cost = max(tally.at(pos) + (1 if correct[i] else 0) for pos, i in enumerate(order))
        if best_cost is None or cost < best_cost:
            best, best_cost = order, cost
    if best is None:
        best = list(range(n))[::-1]
    for pos, i in enumerate(best):
        if correct[i]:
            tally.add(pos)
    return best


def presentation(questions: Sequence) -> dict[str, list[int]]:
    """For one quiz's questions: question id -> shown order, as indices into the
    question's ``options`` (single/multiple), ``items`` (order) or ``pairs`` (match,
    the right-hand column). Questions of other types are left out."""
    single, multiple = _Tally(), _Tally()
    shown: dict[str, list[int]] = {}
    for q in questions:
        if q.type == "single":
            flags = [o.correct for o in q.options]
            shown[q.id] = _single(q.id, flags.index(True), len(flags), single)
        elif q.type == "multiple":
            shown[q.id] = _multiple(q.id, [o.correct for o in q.options], multiple)
        elif q.type == "order":
            shown[q.id] = scrambled(q.id, len(q.items))
        elif q.type == "match":
            shown[q.id] = scrambled(q.id, len(q.pairs))
    return shown
