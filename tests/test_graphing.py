"""The graph stage on a built repository whose architecture is known (tests/scenarios.py).

Every expected figure is derived by hand from ``architecture_repository``'s files and
commits; the derivation is in the comments.
"""

from __future__ import annotations

import json
import math
import re

import jsonschema
import networkx as nx
import pydot
import pytest

from debtscan.analysis import AnalysisSettings, analyze_file
from debtscan.catalogue import load_catalogue, read_rule_file
from debtscan.config import (
    ArchitectureSettings,
    Config,
    Contract,
    ContractKind,
    CouplingSettings,
    load_config,
)
from debtscan.errors import ConfigError, RuleError
from debtscan.graphing import build_architecture
from debtscan.graphing.contracts import check_contracts
from debtscan.graphing.coupling import measure_coupling
from debtscan.graphing.cycles import feedback_arcs, find_cycles
from debtscan.graphing.findings import ArchitectureRules
from debtscan.graphing.resolution import ResolvedImport
from debtscan.pipeline import scan
from debtscan.records import History, HistoryStatus, ImportKind
from debtscan.reporting import write_reports
from debtscan.resources import shipped_dir
from tests.gitbuilder import RepoBuilder, iso
from tests.scenarios import ARCHITECTURE_FILES, architecture_repository


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    builder = architecture_repository(RepoBuilder(tmp_path_factory.mktemp("shop") / "repo"))
    return scan(builder.path, config=load_config(builder.path, {"cache": False, "jobs": 1}))


def module(result, name: str):
    return result.modules.set_index("module").loc[name]


def test_src_layout_names_every_file_without_src(result) -> None:
    expected = {
        path.removeprefix("src/").removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for path in ARCHITECTURE_FILES
        if path.endswith(".py")
    }
    assert set(result.import_graph) == expected
    assert module(result, "shop.web.views")["path"] == "src/shop/web/views.py"


def test_relative_import_two_levels_up_resolves_to_the_submodule(result) -> None:
    # views.py: "from ..services import billing": shop.web.views -> shop + services.billing
    edge = result.import_graph.edges["shop.web.views", "shop.services.billing"]
    assert (edge["kind"], edge["lines"]) == (ImportKind.RUNTIME, (1,))


def test_three_module_cycle_with_its_breaking_edge(result) -> None:
    (cycle,) = result.architecture.cycles
    assert cycle.members == ("shop.cycle.a", "shop.cycle.b", "shop.cycle.c")
    assert cycle.edges == 3
    # A ring of equal weights: Eades-Lin-Smyth takes the first node, a, to the front;
    # then b is a source and c a sink: a, b, c, and c -> a points backwards.
    assert cycle.breaking_edges == (("shop.cycle.c", "shop.cycle.a"),)
    finding = result.findings.set_index("code").loc["DS901"]
    assert (finding["path"], finding["line"]) == ("src/shop/cycle/c.py", 1)
    for name in cycle.members:
        # One importer each; the two other members depend on it transitively.
        row = module(result, name)
        assert (row["fan_in"], row["fan_out"], row["blast_radius"], row["cycle"]) == (1, 1, 2, 1)


def test_type_checking_import_is_an_edge_but_no_dependency_and_no_cycle(result) -> None:
    edge = result.import_graph.edges["shop.models.invoice", "shop.services.billing"]
    assert edge["kind"] is ImportKind.TYPE_CHECKING
    # billing -> invoice at run time, invoice -> billing for the type checker only.
    assert all("shop.services.billing" not in c.members for c in result.architecture.cycles)
    invoice = module(result, "shop.models.invoice")
    billing = module(result, "shop.services.billing")
    assert (invoice["fan_in"], invoice["fan_out"], invoice["instability"]) == (1, 0, 0.0)
    assert (billing["fan_in"], billing["fan_out"], billing["instability"]) == (1, 1, 0.5)


def test_blast_radius_and_depth_follow_the_chain(result) -> None:
    # customer -> views -> billing -> invoice (runtime edges only)
    chain = ["shop.models.customer", "shop.web.views", "shop.services.billing",
             "shop.models.invoice"]  # fmt: skip
    assert [module(result, m)["blast_radius"] for m in chain] == [0, 1, 2, 3]
    assert [module(result, m)["depth"] for m in chain] == [3, 2, 1, 0]
    assert module(result, "shop.models.customer")["instability"] == 1.0
    assert math.isnan(module(result, "shop.web.forms")["instability"])  # no imports either way


def test_external_imports_are_counted_not_nodes(result) -> None:
    customer = module(result, "shop.models.customer")  # json, requests
    assert (customer["external_imports"], customer["stdlib_imports"]) == (2, 1)
    assert customer["external_modules"] == "json requests"
    assert "requests" not in result.import_graph


def test_pagerank_sums_to_one_and_favours_the_most_depended_upon(result) -> None:
    ranks = result.modules.set_index("module")["pagerank"]
    assert ranks.sum() == pytest.approx(1.0, abs=1e-4)
    assert ranks["shop.models.invoice"] > ranks["shop.models.customer"]


def test_components_roll_up_packages_and_show_the_layer_violation_as_a_cycle(result) -> None:
    components = result.components.set_index("component")
    assert components["modules"].to_dict() == {
        "shop.models": 4, "shop.services": 2, "shop.web": 3, "shop": 1, "shop.cycle": 4,
    }  # fmt: skip
    # web -> services -> models at run time, and customer's import closes models -> web.
    (cycle,) = result.architecture.component_cycles
    assert cycle.members == ("shop.models", "shop.services", "shop.web")
    assert components.loc["shop.cycle", "cycle"] == 0  # its cycle is inside the component
    assert result.architecture.component_graph.edges["shop.models", "shop.services"]["kind"] is (
        ImportKind.TYPE_CHECKING
    )


def test_layer_and_forbidden_contracts_give_findings_at_file_and_line(result) -> None:
    findings = result.findings[result.findings["category"] == "architecture"]
    rows = findings[findings["code"].isin(["DS902", "DS903"])]
    assert rows[["path", "code", "line", "severity"]].values.tolist() == [
        ["src/shop/models/customer.py", "DS902", 2, "high"],
        ["src/shop/models/customer.py", "DS903", 3, "high"],
    ]
    assert "imports shop.web.views from the higher layer shop.web" in rows.iloc[0]["message"]
    # invoice's type-checking import of services is excluded by the contract.
    assert "invoice" not in " ".join(findings["path"])


def test_hidden_coupling_and_coupling_explained_by_imports(result) -> None:
    pairs = result.coupling.set_index(["first", "second"])
    # forms.py: the initial commit, 5 with schema.py, 1 alone -> 7; schema.py: 1 + 5 = 6.
    # shared 6, degree = 100 * 6 / ((7 + 6) / 2) = 92.3 -> 92.
    hidden = pairs.loc[("src/shop/models/schema.py", "src/shop/web/forms.py")]
    assert (hidden["revisions_first"], hidden["revisions_second"], hidden["shared"]) == (6, 7, 6)
    assert (hidden["degree"], hidden["hidden"], hidden["across_components"]) == (92, True, True)
    # invoice.py 1 + 5 = 6, billing.py 1 + 5 + 1 ("Render totals") = 7: also 92, but they
    # import each other.
    explained = pairs.loc[("src/shop/models/invoice.py", "src/shop/services/billing.py")]
    assert (explained["degree"], explained["import_path"], explained["hidden"]) == (92, True, False)
    assert list(result.coupling["hidden"]) == [True, False]  # hidden coupling first
    # views.py and billing.py share only 2 commits (< 5): no pair.
    assert len(result.coupling) == 2
    finding = result.findings.set_index("code").loc["DS904"]
    assert (finding["path"], finding["severity"]) == ("src/shop/models/schema.py", "medium")
    assert "src/shop/web/forms.py in 6 commits (coupling degree 92 %)" in finding["message"]


def test_file_frame_carries_the_graph_columns(result) -> None:
    files = result.files.set_index("path")
    # Sum of coupling: the initial commit's 15 files give each 14 partners; forms.py
    # then changes 5 times with one other file.
    assert files.loc["src/shop/web/forms.py", "coupling"] == 14 + 5
    assert files.loc["src/shop/web/forms.py", "hidden_coupling"] == 1
    assert bool(files.loc["src/shop/cycle/a.py", "in_cycle"]) is True
    assert files.loc["src/shop/models/invoice.py", "blast_radius"] == 3
    assert files.loc["src/shop/cycle/a.py", "component"] == "shop.cycle"


def test_config_groups_name_components_by_path(builder: RepoBuilder) -> None:
    architecture_repository(builder)
    groups = {"storefront": "^src/shop/(web|services)/"}
    config = Config(cache=False, architecture=ArchitectureSettings(components=groups))
    components = scan(builder.path, config=config).components.set_index("component")
    assert components.loc["storefront", "modules"] == 5
    assert "shop.web" not in components.index


# --- the findings come from the rules of the catalogue -----------------------------------


def architecture_scan(builder: RepoBuilder, **overrides):
    architecture_repository(builder)
    config = load_config(builder.path, {"cache": False, "jobs": 1, **overrides})
    return scan(builder.path, config=config)


def architecture_codes(result) -> list[tuple[str, str]]:
    rows = result.findings[result.findings["category"] == "architecture"]
    return sorted(zip(rows["path"], rows["code"], strict=True))


def test_select_and_per_path_ignores_apply_to_architecture_findings(builder) -> None:
    # The whole story: DS901 at c.py, DS902 and DS903 at customer.py, DS904 at schema.py
    # (coupled with web/forms.py).
    everything = [("src/shop/cycle/c.py", "DS901"), ("src/shop/models/customer.py", "DS902"),
                  ("src/shop/models/customer.py", "DS903"),
                  ("src/shop/models/schema.py", "DS904")]  # fmt: skip
    assert architecture_codes(architecture_scan(builder)) == everything
    ignored = architecture_scan(builder, ignore=["DS903", "DS901"], per_path_ignores={
        "src/shop/web/*": ["DS904"],  # the other file of the pair is enough
    })  # fmt: skip
    assert architecture_codes(ignored) == [("src/shop/models/customer.py", "DS902")]
    only = architecture_scan(builder, select=["DS901"])
    assert list(only.findings["code"]) == ["DS901"]


def test_a_repository_rule_sets_severity_minutes_and_message_of_a_graph_finding(builder) -> None:
    rules = """\
[[rule]]
code = "ACME901"
name = "tangled-modules"
category = "house-architecture"
severity = "critical"
remediation_minutes = 240
message = "{module} imports {imported} in a cycle: see ADR-7"
fix_title = "Untangle"
fix = "none"
[rule.match]
kind = "graph"
finding = "import-cycle"
[rule.docs]
what = "Checks for import cycles, the house way."
why = "Our release train cannot ship half a cycle."
fix_safety = "No automatic fix."
references = ["https://example.com/adr-7"]
[rule.docs.example_files]
"a.py" = "import b\\n"
"b.py" = "import a\\n"
[rule.docs.use_instead_files]
"a.py" = "import b\\n"
"b.py" = ""
"""
    builder.commit("house rules", files={"ci/rules.toml": rules}, date=iso(2023, 12, 1))
    result = architecture_scan(builder, rule_paths=["ci/rules.toml"], ignore=["DS901"])
    row = result.findings.set_index("code").loc["ACME901"]
    assert (row["path"], row["severity"], row["minutes"], row["category"]) == (
        "src/shop/cycle/c.py", "critical", 240, "house-architecture"
    )  # fmt: skip
    assert row["message"] == "shop.cycle.c imports shop.cycle.a in a cycle: see ADR-7"


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ('message = "changes', 'message = "{text} changes',
         "message uses {text}, not available to graph rules"),
        ('finding = "hidden-coupling-within-component"', 'finding = "import-cycles"',
         "unknown graph finding 'import-cycles'"),
        ('change = ["shop/forms.py"', 'change = ["shop/views.py"',
         "docs.example_commits may change only files of both examples"),
        ("[rule.docs.use_instead_files]", "[rule.docs.fixed_files]",
         "missing docs.use_instead_files"),
        ('"shop/forms.py" = ', '"../forms.py" = ', "'../forms.py' must be a relative path"),
    ],
)  # fmt: skip
def test_graph_rules_are_validated_like_the_others(tmp_path, old: str, new: str, problem) -> None:
    text = (shipped_dir("rules") / "architecture.toml").read_text(encoding="utf-8")
    rule = text[text.rindex("[[rule]]") :]  # DS905, the last one
    assert old in rule
    (tmp_path / "rules.toml").write_text(rule.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleError, match=re.escape(problem)):
        read_rule_file(tmp_path / "rules.toml")


# --- the algorithms on their own --------------------------------------------------------


def test_feedback_arcs_prefer_the_thin_dependency() -> None:
    # a <-> b, a imports b 5 times and b imports a once: cut b -> a.
    graph = nx.DiGraph()
    graph.add_edge("a", "b", imports=5)
    graph.add_edge("b", "a", imports=1)
    assert feedback_arcs(graph) == [("b", "a")]
    graph.add_edge("c", "a", imports=1)  # a source in front changes nothing
    (cycle,) = find_cycles(graph)
    assert cycle.members == ("a", "b") and cycle.breaking_edges == (("b", "a"),)


def test_code_maat_coupling_counts_single_file_commits_as_revisions() -> None:
    change_sets = [("a.py", "b.py")] * 5 + [("a.py",)] * 5 + [("a.py", "README")]
    pairs, soc = measure_coupling(change_sets, {"a.py", "b.py"}, CouplingSettings())
    # revs a = 11, b = 5, shared 5: degree = 100 * 5 / 8 = 62.5 -> 62
    ((pair),) = pairs
    assert (pair.revisions_first, pair.revisions_second, pair.degree) == (11, 5, 62)
    assert soc == {"a.py": 6, "b.py": 5}  # README counts as a partner of a.py
    strict = CouplingSettings(min_degree=63)
    assert measure_coupling(change_sets, {"a.py", "b.py"}, strict)[0] == []


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("contracts = [{ type = 'onion' }]", "type must be one of layers, forbidden"),
        ("contracts = [{ name = 'L', type = 'layers' }]", "contract 'L': layers is required"),
        ("contracts = [{ name = 'F', type = 'forbidden', source-modules = ['a'], "
         "forbidden-modules = ['b'], layers = ['c'] }]", "contract 'F': unknown key(s) layers"),
        ("contracts = { name = 'x' }", "architecture.contracts must be a list of tables"),
        ("components = { api = '([' }", "architecture.components.api: '([' is not a valid regex"),
        ("coupling = { min-degree = -1 }", "coupling.min-degree must not be negative"),
        ("coupling = { min-degre = 1 }", "in [tool.debtscan.architecture.coupling]: min-degre"),
    ],
)  # fmt: skip
def test_bad_architecture_settings_are_one_clear_error(tmp_path, table: str, message: str) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.debtscan.architecture]\n{table}\n")
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(tmp_path)


# --- exports ---------------------------------------------------------------------------


def test_scan_json_carries_the_graphs_and_validates(result, tmp_path) -> None:
    written = write_reports(result, tmp_path, ["json", "graphml", "dot"])
    assert sorted(p.name for p in written) == [
        "components.dot", "components.graphml", "imports.dot", "imports.graphml", "scan.json",
    ]  # fmt: skip
    document = json.loads((tmp_path / "scan.json").read_text())
    schema = json.loads((shipped_dir("reports") / "scan.schema.json").read_text())
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(document)] == []
    assert tuple(map(int, document["schema_version"].split("."))) >= (1, 2)  # 1.2 added these
    links = {(e["source"], e["target"]): e for e in document["import_graph"]["links"]}
    assert links["shop.models.invoice", "shop.services.billing"]["kind"] == "type-checking"
    nodes = {n["id"]: n for n in document["import_graph"]["nodes"]}
    assert (nodes["shop.models.invoice"]["blast_radius"], nodes["shop.cycle.a"]["cycle"]) == (3, 1)
    assert document["cycles"][0]["breaking_edges"] == [
        {"source": "shop.cycle.c", "target": "shop.cycle.a"}
    ]
    assert (document["summary"]["cycles"], document["summary"]["hidden_coupling"]) == (1, 1)


@pytest.mark.filterwarnings("ignore:'setParseAction' deprecated")  # pydot's own parser
def test_graphml_and_dot_read_back_with_networkx_and_pydot(result, tmp_path) -> None:
    write_reports(result, tmp_path, ["graphml", "dot"])
    graph = nx.read_graphml(tmp_path / "imports.graphml")
    assert graph.has_edge("shop.web.views", "shop.services.billing")
    assert graph.nodes["shop.models.invoice"]["blast_radius"] == 3
    assert graph.nodes["shop.models.customer"]["external_modules"] == "json requests"
    (dot,) = pydot.graph_from_dot_file(tmp_path / "components.dot")
    edges = {(e.get_source().strip('"'), e.get_destination().strip('"')) for e in dot.get_edges()}
    assert ("shop.models", "shop.web") in edges


def test_a_lazy_import_breaks_no_cycle_but_stays_a_dependency() -> None:
    sources = {
        "pkg/__init__.py": "",
        "pkg/a.py": "from pkg import b\n",
        "pkg/b.py": "def late():\n    from pkg import a\n    return a\n",  # lazy back-import
        "pkg/c.py": "import pkg.d\n",
        "pkg/d.py": "import pkg.c\n",  # an import-time cycle
    }
    analyzed = [
        analyze_file(p, s.encode(), settings=AnalysisSettings()) for p, s in sources.items()
    ]
    history = History(status=HistoryStatus.NO_GIT, message="", window_start=None,
                      window_end=None, commits_read=0, commits_in_window=0)  # fmt: skip
    rules = load_catalogue().rules
    architecture = build_architecture(analyzed, history=history, config=Config(), rules=rules)
    assert [c.members for c in architecture.cycles] == [("pkg.c", "pkg.d")]
    assert architecture.import_graph.edges["pkg.b", "pkg.a"]["kind"] is ImportKind.LAZY
    # a <-> b still depend on each other: each is the other's dependent.
    a = architecture.modules["pkg.a"]
    assert (a.fan_in, a.fan_out, a.blast_radius, a.cycle) == (1, 1, 1, 0)


def test_layers_with_containers_and_independent_siblings() -> None:
    contract = Contract(name="L", kind=ContractKind.LAYERS, containers=("one", "two"),
                        layers=(("web",), ("jobs", "api"), ("db",)))  # fmt: skip

    def imported(importer: str, target: str, line: int) -> ResolvedImport:
        return ResolvedImport(importer=importer, path=importer.replace(".", "/") + ".py",
                              line=line, kind=ImportKind.RUNTIME, target=target,
                              name=target)  # fmt: skip

    imports = [
        imported("one.web.views", "one.api.routes", 1),  # down: fine
        imported("one.db.models", "one.web", 2),  # up: violation
        imported("two.jobs.run", "two.api", 3),  # siblings: violation
        imported("two.db.models", "one.web.views", 4),  # across containers: not this contract's
        imported("other.x", "one.web", 5),  # outside the layers
    ]
    rules = ArchitectureRules(load_catalogue().rules)
    found = [(p.path, p.finding.line, p.finding.code)
             for p in check_contracts([contract], imports, rules)]  # fmt: skip
    assert found == [("one/db/models.py", 2, "DS902"), ("two/jobs/run.py", 3, "DS902")]
