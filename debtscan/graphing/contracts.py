"""Import contracts from the config, checked against every import of the repository.

In the spirit of import-linter's layers and forbidden contracts, checked on direct
imports: each import that breaks a contract is one finding at its file and line. (An
indirect chain through modules outside the contract is not followed.)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from debtscan.catalogue import GraphFinding
from debtscan.config import Contract, ContractKind
from debtscan.graphing.findings import ArchitectureRules
from debtscan.graphing.resolution import ResolvedImport
from debtscan.records import ImportKind, PlacedFinding


def check_contracts(
    contracts: Iterable[Contract], imports: Iterable[ResolvedImport], rules: ArchitectureRules
) -> list[PlacedFinding]:
    """One finding per import that breaks a contract, in contract then file order."""
    imports = list(imports)
    findings: list[PlacedFinding] = []
    for contract in contracts:
        wanted = (
            GraphFinding.LAYER_VIOLATION
            if contract.kind is ContractKind.LAYERS
            else GraphFinding.FORBIDDEN_IMPORT
        )
        if wanted not in rules:
            continue
        relevant = [
            item
            for item in imports
            if not (
                contract.exclude_type_checking_imports and item.kind is ImportKind.TYPE_CHECKING
            )
        ]
        if contract.kind is ContractKind.LAYERS:
            findings.extend(_layer_violations(contract, relevant, rules))
        else:
            findings.extend(_forbidden_imports(contract, relevant, rules))
    return findings


def is_within(module: str, package: str) -> bool:
    """``module`` is ``package`` or one of its submodules."""
    return module == package or module.startswith(package + ".")


def _layer_violations(
    contract: Contract, imports: list[ResolvedImport], rules: ArchitectureRules
) -> Iterator[PlacedFinding]:
    """A layer may import the layers below it; neither those above nor its siblings."""
    for container in contract.containers or ("",):
        layers = [
            [f"{container}.{name}" if container else name for name in layer]
            for layer in contract.layers
        ]
        for item in imports:
            if item.target is None:
                continue
            source, target = _place(item.importer, layers), _place(item.target, layers)
            if source is None or target is None or source == target:
                continue
            if target[0] > source[0]:
                continue  # down the layers: allowed
            yield rules.place(
                GraphFinding.LAYER_VIOLATION,
                item.path,
                item.line,
                module=item.importer,
                layer=source[1],
                imported=item.target,
                imported_layer=target[1],
                direction="higher" if target[0] < source[0] else "independent sibling",
                contract=contract.name,
            )


def _place(module: str, layers: list[list[str]]) -> tuple[int, str] | None:
    """(index of the layer, the layer name) that ``module`` belongs to, if any."""
    for index, layer in enumerate(layers):
        for name in layer:
            if is_within(module, name):
                return index, name
    return None


def _forbidden_imports(
    contract: Contract, imports: list[ResolvedImport], rules: ArchitectureRules
) -> Iterator[PlacedFinding]:
    for item in imports:
        if not any(is_within(item.importer, source) for source in contract.source_modules):
            continue
        imported = item.target or item.name
        forbidden = next((f for f in contract.forbidden_modules if is_within(imported, f)), None)
        if forbidden is not None:
            yield rules.place(
                GraphFinding.FORBIDDEN_IMPORT,
                item.path,
                item.line,
                module=item.importer,
                imported=imported,
                forbidden=forbidden,
                contract=contract.name,
            )
