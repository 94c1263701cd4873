#!/usr/bin/env python3
"""Reference values for recall's FSRS-6 scheduler (docs/design.md §11).

Replays seeded random SuperMemo grade sequences through py-fsrs, the
reference implementation, and writes what it computes after every review
(stability, difficulty, interval, due day) to tests/data/fsrs_reference.json.
The unit tests in src/scheduler/fsrs_tests.rs read that file, so `cargo test`
needs nothing but Rust; run this only to regenerate it:

    python3 -m venv /tmp/pyfsrs && /tmp/pyfsrs/bin/pip install fsrs==6.3.2
    /tmp/pyfsrs/bin/python scripts/fsrs_reference.py > tests/data/fsrs_reference.json

The scheduler is set up as recall uses FSRS: default parameters, desired
retention 0.9, no learning or relearning steps (every review is a review of
the memory, same-day ones too), no fuzz, and whole days: every review happens
at noon UTC, so py-fsrs' elapsed time is a whole number of days.
"""

import json
import math
import random
import sys
from datetime import datetime, timedelta, timezone

from importlib.metadata import version
from fsrs import Card, Rating, Scheduler

SEED = 16
CASES = 300
MAX_REVIEWS = 24
# recall's clamp (and the Rust crate's): py-fsrs has no upper bound on
# stability, so a sequence stops before it would pass this.
MAX_STABILITY = 36500.0
DESIRED_RETENTION = 0.9

# docs/design.md §11: SuperMemo 0-2 Again, 3 Hard, 4 Good, 5 Easy.
RATING = {0: Rating.Again, 1: Rating.Again, 2: Rating.Again,
          3: Rating.Hard, 4: Rating.Good, 5: Rating.Easy}

EPOCH = datetime(2024, 1, 1, 12, tzinfo=timezone.utc)


def exact_interval(scheduler, stability):
    """The interval before rounding, so the test can tell a rounding tie."""
    return (stability / scheduler._FACTOR) * (
        DESIRED_RETENTION ** (1 / scheduler._DECAY) - 1)


def main():
    rng = random.Random(SEED)
    scheduler = Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=(),
        relearning_steps=(),
        enable_fuzzing=False,
    )
    cases = []
    for _ in range(CASES):
        card = Card()
        day = rng.randrange(0, 1000)
        interval = 0
        reviews = []
        for n in range(rng.randrange(1, MAX_REVIEWS + 1)):
            if n > 0:
                # Mostly around the due day, sometimes early, late or the
                # same day again, so every branch of FSRS-6 is exercised.
                roll = rng.random()
                if roll < 0.15:
                    elapsed = 0
                else:
                    elapsed = max(1, round(interval * rng.uniform(0.2, 2.5)))
                day += elapsed
            grade = rng.choice([0, 1, 2, 3, 3, 4, 4, 4, 4, 5, 5])
            when = EPOCH + timedelta(days=day)
            card, _ = scheduler.review_card(card, RATING[grade], when)
            if card.stability > MAX_STABILITY:
                break
            interval = (card.due - when).days
            reviews.append({
                "day": day,
                "grade": grade,
                "stability": card.stability,
                "difficulty": card.difficulty,
                "interval": interval,
                "interval_exact": exact_interval(scheduler, card.stability),
                "due": (card.due - EPOCH).days,
            })
        if reviews:
            cases.append(reviews)
    json.dump({
        "generator": "scripts/fsrs_reference.py",
        "py_fsrs": version("fsrs"),
        "seed": SEED,
        "desired_retention": DESIRED_RETENTION,
        "parameters": list(scheduler.parameters),
        "cases": cases,
    }, sys.stdout, indent=None, separators=(",", ":"))
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
