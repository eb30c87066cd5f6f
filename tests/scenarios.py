"""Repositories with a known story, shared by the end-to-end tests."""

from __future__ import annotations

from tests.gitbuilder import ALICE, BOB, CAROL, RepoBuilder, complex_module, iso

SIMPLE = "def greet(name):\n    return 'hello ' + name\n"


def hotspot_repository(builder: RepoBuilder) -> RepoBuilder:
    """app/core.py is complex and changed all the time: the hotspot.

    app/legacy.py is more complex but never touched after its creation; app/util.py is
    simple and written once; app/models.py sits in between.
    """
    builder.commit(
        "Initial import",
        files={
            "app/__init__.py": "",
            "app/core.py": complex_module(20, tag="v0"),
            "app/legacy.py": complex_module(30, tag="legacy"),
            "app/util.py": SIMPLE,
            "app/models.py": complex_module(6, tag="v0") + "from app import util\n",
        },
        date=iso(2023, 1, 2),
    )
    authors = [ALICE, BOB, CAROL]
    for month in range(2, 12):
        for week in (1, 15):
            tag = f"{month}-{week}"
            builder.commit(
                f"Tune core {tag}",
                files={"app/core.py": complex_module(20, tag=tag)},
                author=authors[(month + week) % 3],
                date=iso(2023, month, week),
            )
    for month in (3, 6, 9):
        builder.commit(
            f"Model change {month}",
            files={"app/models.py": complex_module(6, tag=str(month)) + "from app import util\n"},
            author=BOB,
            date=iso(2023, month, 20),
        )
    return builder
