"""Module names of repository files, and which module an imported name refers to.

A file's module name is its path from the repository root, without a leading ``src/``
(the src layout) and with ``__init__`` standing for its package; folders without an
``__init__.py`` are namespace packages and simply part of the name.

Code kept under a folder that is not itself a package (``backend/app/...`` imported as
``app``, or scripts in ``tools/`` importing each other) is found too. Each file has an
*import root*: the parent folder of its topmost regular package, or its own folder when
that is no package, as Python would put on ``sys.path`` to run it. An absolute import
that names no module from the repository root is looked up under the importer's own
import root, then under any import root when only one module has that name there.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath


def module_name(path: str) -> str:
    """The dotted module name of a repository path: ``src/pkg/mod.py`` is ``pkg.mod``."""
    parts = list(PurePosixPath(path).with_suffix("").parts)
    if parts and parts[0] == "src" and len(parts) > 1:
        parts = parts[1:]  # the src/ layout: src/ is not a package
    if parts and parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


class ModuleIndex:
    """The repository's modules by name, and the lookup of imported names among them.

    ``paths`` maps each module name to its file. When two files claim one name (the same
    package under ``src/`` and at the root), the first path in sorted order keeps it and
    the other is named by its full path.
    """

    def __init__(self, files: Iterable[str]) -> None:
        self.paths: dict[str, str] = {}
        for path in sorted(set(files)):
            name = module_name(path)
            if name in self.paths or not name:
                name = ".".join(PurePosixPath(path).with_suffix("").parts)
            self.paths[name] = path
        self.names = {path: name for name, path in self.paths.items()}
        self._root_of: dict[str, str] = {}  # module -> its import root, dotted ("" for /)
        self._unique: dict[str, str | None] = {}  # name from an import root -> module
        self._index_import_roots()

    def __contains__(self, name: str) -> bool:
        return name in self.paths

    def __len__(self) -> int:
        return len(self.paths)

    def find(self, name: str, *, importer: str) -> str | None:
        """The module that the absolute ``name`` is, or is defined in; None if external.

        The longest prefix of ``name`` that is a module wins, looked up by names from the
        repository root, then under ``importer``'s import root, then under any import
        root where only one module has that name.
        """
        for prefix in _prefixes(name):
            if prefix in self.paths:
                return prefix
        root = self._root_of.get(importer, "")
        if root:
            for prefix in _prefixes(name):
                if f"{root}.{prefix}" in self.paths:
                    return f"{root}.{prefix}"
        for prefix in _prefixes(name):
            if self._unique.get(prefix):
                return self._unique[prefix]
        return None

    def _index_import_roots(self) -> None:
        packages = {str(PurePosixPath(p).parent) for p in self.names if p.endswith("__init__.py")}
        for path, name in self.names.items():
            folders = PurePosixPath(path).parent.parts
            top = len(folders)
            while top > 0 and "/".join(folders[:top]) in packages:
                top -= 1
            root_parts = folders[:top]
            if root_parts[:1] == ("src",):
                root_parts = root_parts[1:]
            root = ".".join(root_parts)
            if not root or not name.startswith(root + "."):
                continue  # at the repository root, or a name that clashed (full path)
            self._root_of[name] = root
            local = name[len(root) + 1 :]
            # The same name under two import roots is ambiguous: left unresolved.
            self._unique[local] = None if local in self._unique else name


def _prefixes(name: str) -> list[str]:
    """``a.b.c``, ``a.b``, ``a``: the longest first."""
    parts = name.split(".")
    return [".".join(parts[:end]) for end in range(len(parts), 0, -1)]
