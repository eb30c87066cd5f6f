"""debtscan: where a Python code base carries the debt that costs, and whether it grows."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("debtscan")
except PackageNotFoundError:  # a source checkout that is not installed
    __version__ = "0.0.0+source"

__all__ = ["__version__", "scan"]


def __getattr__(name: str) -> object:
    # ``debtscan.scan`` without importing pandas and friends for ``debtscan --version``.
    if name == "scan":
        from debtscan.pipeline import scan

        return scan
    raise AttributeError(name)
