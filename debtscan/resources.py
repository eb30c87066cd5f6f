"""Where the folders shipped with debtscan (rules/, reports/) are found."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def shipped_dir(name: str) -> Path:
    """Return the shipped folder ``name`` ("rules" or "reports").

    In a wheel the folders sit inside the package (see pyproject.toml, force-include);
    in a source checkout or an editable install they sit at the top of the repository.
    """
    packaged = _PACKAGE / name
    if packaged.is_dir():
        return packaged
    return _PACKAGE.parent / name
