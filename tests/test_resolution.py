"""Imports resolved to the repository's modules, layout by layout."""

from __future__ import annotations

import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.graphing.naming import ModuleIndex, module_name
from debtscan.graphing.resolution import build_import_graph, resolve_imports

LAYOUT = [
    # two top-level packages and a src/ one
    "alpha/__init__.py", "alpha/core.py", "alpha/sub/__init__.py", "alpha/sub/deep.py",
    "beta/__init__.py", "beta/api.py",
    "src/gamma/__init__.py", "src/gamma/tool.py",
    # a namespace package (no __init__.py) at the root
    "nsp/plugins/__init__.py", "nsp/plugins/one.py", "nsp/loose.py",
    # a tests folder without __init__.py, importing a sibling helper by its bare name
    "tests/helpers.py", "tests/test_core.py",
    # a service whose package is imported as "app" (backend/ is put on sys.path)
    "backend/app/__init__.py", "backend/app/models.py", "backend/app/views.py",
    # two scripts folders with a module of the same name: ambiguous from elsewhere
    "tools/common.py", "scripts/common.py", "scripts/run.py",
]  # fmt: skip


@pytest.mark.parametrize(
    ("path", "name"),
    [("alpha/core.py", "alpha.core"), ("alpha/__init__.py", "alpha"),
     ("src/gamma/tool.py", "gamma.tool"), ("nsp/plugins/one.py", "nsp.plugins.one"),
     ("tests/test_core.py", "tests.test_core"), ("setup.py", "setup")],
)  # fmt: skip
def test_module_names(path: str, name: str) -> None:
    assert module_name(path) == name


def edges_of(path: str, source: str) -> set[str | None]:
    """The targets of ``source`` placed at ``path`` in LAYOUT (None for external)."""
    outcome = analyze_file(path, source.encode(), settings=AnalysisSettings())
    index = ModuleIndex([*LAYOUT, path])
    return {item.target for item in resolve_imports([outcome], index)}


@pytest.mark.parametrize(
    ("path", "source", "targets"),
    [
        # from pkg import module -> the submodule; from module import name -> the module
        ("beta/api.py", "from alpha import core\n", {"alpha.core"}),
        ("beta/api.py", "from alpha.core import VALUE\n", {"alpha.core"}),
        ("beta/api.py", "from alpha import core, VALUE\n", {"alpha.core", "alpha"}),
        ("beta/api.py", "import alpha.sub.deep\n", {"alpha.sub.deep"}),
        ("beta/api.py", "import alpha.sub.missing\n", {"alpha.sub"}),
        ("beta/api.py", "from gamma.tool import run\n", {"gamma.tool"}),
        # relative imports at any level
        ("alpha/sub/deep.py", "from .. import core\n", {"alpha.core"}),
        ("alpha/sub/deep.py", "from ..core import VALUE\n", {"alpha.core"}),
        ("alpha/sub/__init__.py", "from . import deep\n", {"alpha.sub.deep"}),
        ("alpha/sub/deep.py", "from ... import beta\n", {"beta"}),
        ("alpha/core.py", "from .... import far\n", {None}),  # above the top: unresolved
        # namespace packages
        ("beta/api.py", "from nsp.plugins import one\n", {"nsp.plugins.one"}),
        ("beta/api.py", "import nsp.loose\n", {"nsp.loose"}),
        # tests and scripts: their own folder is on sys.path
        ("tests/test_core.py", "import helpers\nfrom alpha import core\n",
         {"tests.helpers", "alpha.core"}),
        ("scripts/run.py", "import common\n", {"scripts.common"}),
        ("beta/api.py", "import common\n", {None}),  # tools/ or scripts/? ambiguous
        # a package imported from below a folder that is no package
        ("backend/app/views.py", "from app.models import User\n", {"backend.app.models"}),
        ("beta/api.py", "from app import models\n", {"backend.app.models"}),
        # external: standard library and third party
        ("beta/api.py", "import os.path\nimport requests\n", {None}),
    ],
)  # fmt: skip
def test_resolution(path: str, source: str, targets: set) -> None:
    assert edges_of(path, source) == targets


def test_external_imports_are_counted_per_module() -> None:
    source = "import os\nimport requests\nfrom requests import adapters\nfrom alpha import core\n"
    outcome = analyze_file("beta/api.py", source.encode(), settings=AnalysisSettings())
    index = ModuleIndex(LAYOUT)
    graph = build_import_graph(index, resolve_imports([outcome], index))
    node = graph.nodes["beta.api"]
    assert (node["external"], node["stdlib"], node["external_modules"]) == (
        3, 1, ("os", "requests"),
    )  # fmt: skip
    assert list(graph.successors("beta.api")) == ["alpha.core"]


def test_same_module_under_src_and_root_keeps_both_files() -> None:
    index = ModuleIndex(["pkg/mod.py", "src/pkg/mod.py"])
    assert index.paths == {"pkg.mod": "pkg/mod.py", "src.pkg.mod": "src/pkg/mod.py"}
