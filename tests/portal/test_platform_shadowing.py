"""platform/ is a source root, never a package: `platform` must stay the standard library's."""

import platform
from pathlib import Path


def test_platform_is_the_standard_library() -> None:
    assert callable(platform.system)
    assert platform.system()


def test_platform_folder_has_no_init() -> None:
    root = Path(__file__).resolve().parents[2]
    assert not (root / "platform" / "__init__.py").exists()
