"""Repositories with a known story, shared by the end-to-end tests."""

from __future__ import annotations

from dataclasses import dataclass

from tests.gitbuilder import ALICE, BOB, CAROL, RepoBuilder, complex_module, iso

DAVE = "Dave Example <dave@example.com>"
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


ARCHITECTURE_CONFIG = """\
[[tool.debtscan.architecture.contracts]]
name = "shop layers"
type = "layers"
layers = ["shop.web", "shop.services", "shop.models"]
exclude-type-checking-imports = true

[[tool.debtscan.architecture.contracts]]
name = "models stay offline"
type = "forbidden"
source-modules = ["shop.models"]
forbidden-modules = ["requests", "shop.cycle"]
"""

BILLING, INVOICE = "src/shop/services/billing.py", "src/shop/models/invoice.py"
ARCHITECTURE_FILES = {
    "pyproject.toml": "[project]\nname = 'shop'\n\n" + ARCHITECTURE_CONFIG,
    "src/shop/__init__.py": "",
    "src/shop/web/__init__.py": "",
    "src/shop/web/views.py": "from ..services import billing\n\nPAGE = billing\n",
    "src/shop/web/forms.py": "FIELDS = ['name']\n",
    "src/shop/services/__init__.py": "",
    "src/shop/services/billing.py": "from shop.models import invoice\n\nTOTAL = 0\n",
    "src/shop/models/__init__.py": "",
    "src/shop/models/invoice.py": (
        "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
        "    from shop.services.billing import TOTAL\n"
    ),
    "src/shop/models/customer.py": (
        "import json\nfrom shop.web.views import PAGE\nimport requests\n"
    ),
    "src/shop/models/schema.py": "COLUMNS = ['name']\n",
    "src/shop/cycle/__init__.py": "",
    "src/shop/cycle/a.py": "from . import b\n",
    "src/shop/cycle/b.py": "from shop.cycle import c\n",
    "src/shop/cycle/c.py": "import shop.cycle.a\n",
}


def architecture_repository(builder: RepoBuilder) -> RepoBuilder:
    """A src/ layout shop with a known architecture, its debts derived by hand in tests.

    - shop.cycle.a -> b -> c -> a: a three-module import cycle.
    - shop.web.views imports shop.services.billing two levels up (``from ..services``).
    - shop.models.invoice imports billing only under ``if TYPE_CHECKING:``.
    - shop.models.customer imports shop.web.views: against the layers (line 2), and
      ``requests``: forbidden (line 3).
    - web/forms.py and models/schema.py change together 6 times without any import
      between them (hidden coupling); billing.py and invoice.py change together 6 times
      and import each other (not hidden).
    """
    builder.commit("Initial shop", files=ARCHITECTURE_FILES, date=iso(2024, 1, 2))
    billing, invoice = ARCHITECTURE_FILES[BILLING], ARCHITECTURE_FILES[INVOICE]
    for month in range(2, 7):
        builder.commit(
            f"Add field {month}",
            files={"src/shop/web/forms.py": f"FIELDS = ['name', 'f{month}']\n",
                   "src/shop/models/schema.py": f"COLUMNS = ['name', 'c{month}']\n"},
            date=iso(2024, month, 3),
        )  # fmt: skip
        builder.commit(
            f"Billing rule {month}",
            files={BILLING: billing + f"RULE = {month}\n", INVOICE: invoice + f"RULE = {month}\n"},
            author=BOB,
            date=iso(2024, month, 10),
        )  # fmt: skip
    builder.commit(
        "Form label", files={"src/shop/web/forms.py": "FIELDS = ['full name']\n"},
        date=iso(2024, 8, 1),
    )  # fmt: skip
    builder.commit(
        "Render totals",
        files={"src/shop/web/views.py": ARCHITECTURE_FILES["src/shop/web/views.py"] + "# totals\n",
               BILLING: billing},
        author=CAROL,
        date=iso(2024, 8, 5),
    )  # fmt: skip
    return builder


TABLE_LOOKUP = (
    "TABLE = {0: 0, 1: 1, 2: 3, 3: 6}\n\n\ndef decide(value):\n    return TABLE.get(value, 0)\n"
)


@dataclass(frozen=True)
class QuarterlyStory:
    commits: dict[str, str]  # quarter ("2024Q1") -> its last commit
    files: dict[str, dict[str, str]]  # quarter -> the files (path -> text) at that commit


DISTUTILS = "from distutils.core import setup\n"


def quarterly_story(builder: RepoBuilder) -> QuarterlyStory:
    """Three quarters of 2024: app/core.py becomes a hotspot in Q1 and is refactored
    early in Q2, when app/billing.py becomes the new hotspot and app/a.py and app/b.py
    import each other (a cycle); Q3 breaks the cycle. Legacy code moves along: core.py
    imports ``imp`` in Q1 (gone with the refactoring), billing.py ``distutils`` in Q2.

    Every other file was written in 2022, outside the 12-month window of every snapshot;
    app/legacy.py by Dave, who made no other commit: his knowledge left with him.
    """
    files = {
        "app/__init__.py": "",
        "app/util.py": complex_module(2, tag="util"),
        "app/core.py": complex_module(1, tag="core"),
        "app/billing.py": complex_module(1, tag="billing"),
        "app/models.py": complex_module(3, tag="models"),
    }
    story = QuarterlyStory(commits={}, files={})

    def commit(quarter: str, message: str, change: dict[str, str], author: str, date: str) -> None:
        files.update(change)
        story.commits[quarter] = builder.commit(message, files=change, author=author, date=date)
        story.files[quarter] = dict(files)

    commit("2022Q1", "Initial import", dict(files), ALICE, iso(2022, 3, 1))
    legacy = {"app/legacy.py": complex_module(30, tag="legacy")}
    commit("2022Q1", "Nightly batch job", legacy, DAVE, iso(2022, 3, 15))
    authors = [ALICE, BOB, CAROL]
    for step, (month, day) in enumerate([(1, 10), (1, 25), (2, 10), (2, 25), (3, 10), (3, 25)]):
        change = {"app/core.py": complex_module(20, tag=f"core {step}") + "import imp\n"}
        commit("2024Q1", f"Grow core {step}", change, authors[step % 3], iso(2024, month, day))
    refactor = {"app/core.py": TABLE_LOOKUP}
    commit("2024Q2", "Refactor core: a table lookup", refactor, BOB, iso(2024, 4, 5))
    for step, (month, day) in enumerate([(4, 15), (5, 1), (5, 15), (6, 1), (6, 15)]):
        change = {"app/billing.py": complex_module(25, tag=f"billing {step}") + DISTUTILS}
        commit("2024Q2", f"Billing rules {step}", change, CAROL, iso(2024, month, day))
        if step == 2:
            cycle = {
                "app/a.py": complex_module(1, tag="a") + "from app import b\n",
                "app/b.py": complex_module(1, tag="b") + "from app import a\n",
            }
            commit("2024Q2", "a and b", cycle, ALICE, iso(2024, 5, 20))
    fixed = {"app/a.py": complex_module(1, tag="a")}
    commit("2024Q3", "Break the cycle", fixed, ALICE, iso(2024, 7, 10))
    return story
