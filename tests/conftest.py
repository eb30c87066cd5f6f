from __future__ import annotations

import pytest

from tests.browser import browser as browser_fixture
from tests.gitbuilder import RepoBuilder


@pytest.fixture(autouse=True)
def hermetic_git(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory):
    """Keep the developer's or CI's own git configuration out of the tests."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture
def builder(tmp_path) -> RepoBuilder:
    return RepoBuilder(tmp_path / "repo")


browser = browser_fixture  # the session's headless Chromium, see tests/browser.py
