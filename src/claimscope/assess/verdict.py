"""The status of each claim of a situation, with reasons a person can check.

For a claim, every other claim of its situation either goes the same way on the axis (supports)
or the other way (contradicts: a declared withdrawal of X against an observed build-up of X);
two claims that agree on the event but not on its number disagree on the quantity, which is
not a contradiction. Stances (doubts, denies, supports) count towards the claim they point at and
towards the claims of the same source that go the same way. Only independent sources weigh: the
claims of the claim's own source group (for a party, its whole side) support it without
corroborating it, and a group counts once, with its strongest claim. Speculative claims (could,
will, if, unknown) are evidence of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Reason
from ..reasons import MAX_NAMED
from .footprint import Footprint
from .policy import Policy

# Quantities further apart than this share disagree ("100,000 vs 130,000 troops").
QUANTITY_TOLERANCE = 0.1
# Claims looked at, strongest first, to name the ones a reason cites (the weights and counts in
# the reasons are over all claims).
SCAN = 200


@dataclass(slots=True)
class Verdict:
    status: str
    reasons: list[Reason] = field(default_factory=list)


def _listed(kind: str, fps: list[Footprint], total: int) -> Reason:
    return Reason(kind, tuple(f.cited for f in fps[:MAX_NAMED]), total)


@dataclass(slots=True)
class _Named:
    seen: list[Footprint]  # independent observations the other way
    said: list[Footprint]  # independent statements the other way
    support: list[Footprint]  # independent claims this way
    own: list[Footprint]  # the same source's claims this way


class Bench:
    """One situation's claims, weighed once, so that each claim is judged in time that does not
    grow with the situation (a situation of 5,000 claims would otherwise cost 25 million
    comparisons): per direction, the strongest claim of every source group, the total over
    groups, and the claims sorted by weight for the reasons."""

    def __init__(self, fps: list[Footprint], policy: Policy) -> None:
        self.policy = policy
        self.sorted: dict[int, list[Footprint]] = {1: [], -1: []}
        self.best: dict[int, dict[frozenset[str], float]] = {1: {}, -1: {}}
        self.count: dict[int, dict[frozenset[str], int]] = {1: {}, -1: {}}
        self.seen: dict[int, dict[frozenset[str], int]] = {1: {}, -1: {}}  # observations
        self.atoms: dict[int, dict[str, set[frozenset[str]]]] = {1: {}, -1: {}}
        for f in fps:
            if f.speculative or f.direction == 0:
                continue
            d = f.direction
            self.sorted[d].append(f)
            self.best[d][f.groups] = max(self.best[d].get(f.groups, 0.0), f.weight)
            self.count[d][f.groups] = self.count[d].get(f.groups, 0) + 1
            if f.observation:
                self.seen[d][f.groups] = self.seen[d].get(f.groups, 0) + 1
            for atom in f.groups:
                self.atoms[d].setdefault(atom, set()).add(f.groups)
        for d in (1, -1):
            self.sorted[d].sort(key=lambda f: (-f.weight, f.id))
        self.total = {d: sum(self.best[d].values()) for d in (1, -1)}
        self.size = {d: len(self.sorted[d]) for d in (1, -1)}
        self._cache: dict[tuple[int, frozenset[str]], _Named] = {}
        self._numbers: dict[tuple[int, frozenset[str], float], list[Footprint]] = {}

    def _own(self, d: int, groups: frozenset[str]) -> set[frozenset[str]]:
        return {key for atom in groups for key in self.atoms[d].get(atom, ())}

    def _pick(self, d: int, keep, n: int = MAX_NAMED) -> list[Footprint]:  # noqa: ANN001
        out = []
        for f in self.sorted[d][:SCAN]:
            if keep(f):
                out.append(f)
                if len(out) == n:
                    break
        return out

    def _disagreeing(
        self, d: int, groups: frozenset[str], quantity: float | None
    ) -> list[Footprint]:
        """Independent claims this way whose number is not ``quantity``'s."""
        if quantity is None:
            return []
        key = (d, groups, quantity)
        found = self._numbers.get(key)
        if found is None:
            found = self._pick(
                d, lambda f: not (f.groups & groups) and _disagree(quantity, f.quantity)
            )
            self._numbers[key] = found
        return found

    def _named(self, d: int, groups: frozenset[str]) -> _Named:
        """The claims the reasons of a claim of ``groups`` going way ``d`` name; the same for
        every claim of those groups (most claims of a large situation share a few groups), so
        picked once per groups and direction."""
        key = (d, groups)
        named = self._cache.get(key)
        if named is None:

            def independent(f: Footprint) -> bool:
                return not (f.groups & groups)

            named = _Named(
                seen=self._pick(-d, lambda f: independent(f) and f.observation),
                said=self._pick(-d, lambda f: independent(f) and not f.observation),
                support=self._pick(d, independent),
                # One more than is named: the claim itself is left out of its own list.
                own=self._pick(d, lambda f: not independent(f), n=MAX_NAMED + 1),
            )
            self._cache[key] = named
        return named

    def judge(self, claim: Footprint, stances: list[tuple[Footprint, str]]) -> Verdict:
        """The verdict on ``claim`` given the stances (holder, relation) that point at it or at
        its source's claims going its way."""
        policy = self.policy
        if claim.axis is None:
            return Verdict("unverified", [Reason("not_checkable")])
        d = claim.direction or 1
        own_same, own_opp = self._own(d, claim.groups), self._own(-d, claim.groups)
        favour = _weight(self.total[d] - _sum(self.best[d], own_same))
        opposed = _weight(self.total[-d] - _sum(self.best[-d], own_opp))
        n_support = self.size[d] - sum(self.count[d][k] for k in own_same)
        n_own = sum(self.count[d][k] for k in own_same) - (0 if claim.speculative else 1)
        n_against = self.size[-d] - sum(self.count[-d][k] for k in own_opp)
        doubters = [
            (h, r) for h, r in stances if r in ("doubts", "denies") and not h.groups & claim.groups
        ]
        backers = [(h, r) for h, r in stances if r == "supports" and not h.groups & claim.groups]
        favour += sum(h.weight * policy.stance_weights[r] for h, r in backers)
        opposed += sum(h.weight * policy.stance_weights[r] for h, r in doubters)

        def independent(f: Footprint) -> bool:
            return not (f.groups & claim.groups)

        reasons: list[Reason] = []
        named = self._named(d, claim.groups)
        seen, said, support = named.seen, named.said, named.support
        n_seen = sum(self.seen[-d].values()) - sum(self.seen[-d].get(k, 0) for k in own_opp)
        if seen:
            reasons.append(_listed("contradicted_by_observation", seen, n_seen))
        if said:
            reasons.append(_listed("contradicted_by", said, n_against - n_seen))
        for h, r in doubters:
            reasons.append(Reason("doubted_by" if r == "doubts" else "denied_by", (h.cited,), 1))
        if support:
            kind = "seen_by" if all(f.observation for f in support) else "supported_by"
            reasons.append(_listed(kind, support, n_support))
        for h, _ in backers:
            reasons.append(Reason("backed_by", (h.cited,), 1))
        own = [f for f in named.own if f is not claim][:MAX_NAMED]
        if own:
            reasons.append(_listed("own_side_also" if support else "own_side_only", own, n_own))
        for x in self._disagreeing(d, claim.groups, claim.quantity):
            reasons.append(
                Reason(
                    "quantity_disagrees",
                    (x.cited,),
                    1,
                    quantity=claim.quantity,
                    other_quantity=x.quantity,
                )
            )

        if claim.speculative:
            status = "unverified"
            reasons.insert(0, Reason("speculative", modality=claim.modality))
        elif favour >= policy.decide and favour >= policy.dominance * opposed:
            status = "corroborated"
        elif opposed >= policy.decide and opposed >= policy.dominance * favour:
            status = "contradicted"
        elif max(favour, opposed) >= policy.decide or (favour > 0 and opposed > 0):
            status = "contested"
        else:
            status = "unverified"
            if not reasons:
                reasons.append(Reason("no_other_source"))
        summary = Reason(
            "summary",
            status=status,
            favour=favour,
            against=opposed,
            policy=policy.name,
            decide=policy.decide,
            dominance=policy.dominance,
        )
        return Verdict(status, [summary, *reasons])


def judge(
    claim: Footprint,
    others: list[Footprint],
    stances: list[tuple[Footprint, str]],
    policy: Policy,
) -> Verdict:
    """The verdict on ``claim`` among ``others`` (a convenience over :class:`Bench`)."""
    return Bench([claim, *others], policy).judge(claim, stances)


def _sum(best: dict[frozenset[str], float], keys: set[frozenset[str]]) -> float:
    """The weights of ``keys``, added in a fixed order: a set's order changes with the
    process's hash seed, and float sums with the order."""
    if len(keys) < 2:  # nearly always: nothing to order
        return sum(best[k] for k in keys)
    return sum(best[k] for k in sorted(keys, key=sorted))


def _weight(value: float) -> float:
    """A difference of sums as the weight it stands for: what rounding left over is nothing
    (neither "-0.00" in a reason nor a trace of weight that makes a claim contested)."""
    return max(0.0, round(value, 9))


def _disagree(a: float | None, b: float | None) -> bool:
    if a is None or b is None or max(abs(a), abs(b)) == 0:
        return False
    return abs(a - b) / max(abs(a), abs(b)) > QUANTITY_TOLERANCE
