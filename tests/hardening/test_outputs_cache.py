"""Issue 12 C8: the pickle cache is private to its user, and a pickle others could write is
never loaded (loading a pickle runs code)."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from exportscreen.ruleset import cache


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)  # the most permissive umask: modes must not depend on it
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_cache_directory_is_0700_and_files_0600(tmp_path: Path, open_umask: None) -> None:
    """issue 12 C8: created 0700 (and the pickle 0600) whatever the umask."""
    target = tmp_path / "cache" / "deep" / "engine-x.pickle"
    cache._store(target, {"a": 1})
    assert _mode(target.parent) == 0o700
    assert _mode(target) == 0o600
    assert cache._load(target, dict) == {"a": 1}


def test_pickle_writable_by_others_is_not_loaded(tmp_path: Path) -> None:
    """issue 12 C8: a pickle that group or others may write is refused."""
    target = tmp_path / "cache" / "engine-x.pickle"
    cache._store(target, {"a": 1})
    target.chmod(0o666)
    assert cache._load(target, dict) is None
    target.chmod(0o600)
    assert cache._load(target, dict) == {"a": 1}


def test_pickle_in_a_directory_writable_by_others_is_not_loaded(tmp_path: Path) -> None:
    """issue 12 C8: someone who can write the directory can swap the file: refused too."""
    target = tmp_path / "cache" / "engine-x.pickle"
    cache._store(target, {"a": 1})
    target.parent.chmod(0o777)
    assert cache._load(target, dict) is None


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs chown")
def test_pickle_owned_by_another_user_is_not_loaded(tmp_path: Path) -> None:
    """issue 12 C8: a pickle owned by another user is refused."""
    target = tmp_path / "cache" / "engine-x.pickle"
    cache._store(target, {"a": 1})
    os.chown(target, 65534, 65534)
    assert cache._load(target, dict) is None
