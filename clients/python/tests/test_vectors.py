"""Every shared vector (test/vectors/*.json), replayed over gRPC against the live service: one test per case."""

from __future__ import annotations

from collections import Counter

import pytest

from vector_replay import WHEN, load_vectors, replay

VECTORS = load_vectors()
CATEGORIES = {"units", "update-application", "update-organization", "resolve", "evaluate", "rules", "update-session-rules", "revocation"}


def test_vectors_are_loaded_with_unique_names_in_every_category() -> None:
    assert len(VECTORS) >= 60
    duplicates = [name for name, count in Counter(case["name"] for case in VECTORS).items() if count > 1]
    assert duplicates == []
    assert {case["category"] for case in VECTORS} == CATEGORIES
    assert {kind for case in VECTORS for kind in case["when"]} <= set(WHEN)
    # Revocation cases, and only they, record exactly one revocation and evaluate a session.
    for case in VECTORS:
        assert ("revocations" in case["given"]) == (case["category"] == "revocation"), case["name"]
        if case["category"] == "revocation":
            assert len(case["given"]["revocations"]) == 1 and list(case["when"]) == ["evaluateSession"], case["name"]


@pytest.mark.parametrize("index", range(len(VECTORS)), ids=[case["name"] for case in VECTORS])
def test_vector(index: int, admin, resolver, auth, run_id: str) -> None:
    # Same prefix for every id of a case (tie-breaks compare ids); unique per case and per run.
    outcome = replay(VECTORS[index], f"py{run_id}.{index}.", {"admin": admin, "resolver": resolver}, auth)
    assert outcome.actual == outcome.expected
