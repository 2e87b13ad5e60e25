"""Bad input to the runtime commands: a clear one-line reason, a hint, non-zero, nothing left."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from odoo_factory.cli.app import main
from odoo_factory.errors import AddonError
from odoo_factory.runtime.addons import read_addon
from odoo_factory.settings import Settings
from tests.conftest import ADDONS


def make_tree(root: Path, series: tuple[int, int] = (18, 0)) -> Path:
    """The files that make a folder look like an Odoo tree to ``runtime add``."""
    (root / "odoo" / "cli").mkdir(parents=True)
    (root / "odoo" / "addons").mkdir()
    (root / "odoo" / "release.py").write_text(
        "RELEASE_LEVELS = [ALPHA, FINAL] = ['alpha', 'final']\n"
        f"version_info = ({series[0]}, {series[1]}, 0, FINAL, 0, '')\n"
        "series = serie = major_version = '.'.join(str(s) for s in version_info[:2])\n"
        "version = series\n"
    )
    for name, license_, depends in (
        ("base", "LGPL-3", []),
        ("web", "LGPL-3", ["base"]),
        ("web_enterprise", "OEEL-1", ["web"]),
        ("web_studio_like", "LGPL-3", ["web_enterprise"]),
    ):
        addon = root / "odoo" / "addons" / name
        addon.mkdir()
        (addon / "__manifest__.py").write_text(
            repr({"name": name, "license": license_, "depends": depends})
        )
    return root


def test_runtime_add_refuses_a_folder_that_is_not_odoo(
    cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["runtime", "add", str(tmp_path), "--python", sys.executable]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path.resolve()} is not an Odoo source tree" in err
    assert "hint: give the folder that holds odoo-bin" in err
    assert not (cli_env.runtimes_dir / "odoo-18.0").exists()


def test_runtime_add_keeps_enterprise_addons_off_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(tmp_path / "data"))
    tree = make_tree(tmp_path / "odoo18")
    # The interpreter running the tests stands for the runtime's: only its version is read.
    code = main(["runtime", "add", str(tree), "--python", sys.executable, "--json"])
    if sys.version_info[:2] > (3, 12):
        assert code == 2
        return
    assert code == 0, capsys.readouterr().err
    runtime = json.loads(capsys.readouterr().out)
    assert runtime["series"] == "18.0" and runtime["edition"] == "enterprise"
    assert runtime["excluded_addons"] == ["web_enterprise", "web_studio_like"]
    shown = Path(runtime["launch_dir"]) / "odoo" / "addons"
    assert sorted(p.name for p in shown.iterdir() if p.is_dir()) == ["base", "web"]
    assert (Path(runtime["launch_dir"]) / "odoo" / "release.py").resolve() == (
        tree / "odoo" / "release.py"
    ).resolve()
    # the same name twice is refused
    assert main(["runtime", "add", str(tree), "--python", sys.executable]) == 2
    assert "exists already" in capsys.readouterr().err


def test_runtime_add_refuses_a_python_the_series_cannot_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(tmp_path / "data"))
    tree = make_tree(tmp_path / "odoo14", series=(14, 0))  # 14.0 needs Python <= 3.8
    assert main(["runtime", "add", str(tree), "--python", sys.executable]) == 2
    err = capsys.readouterr().err
    assert "cannot run Odoo 14.0 (it needs 3.6 to 3.8)" in err
    assert not (tmp_path / "data" / "runtimes" / "odoo-14.0").exists()


def test_addon_without_manifest(tmp_path: Path) -> None:
    with pytest.raises(AddonError, match=r"has no __manifest__\.py"):
        read_addon(tmp_path)


def test_manifest_that_is_not_a_literal(tmp_path: Path) -> None:
    addon = tmp_path / "broken"
    addon.mkdir()
    (addon / "__manifest__.py").write_text('{"name": "x",\n "depends": get_depends()}\n')
    with pytest.raises(AddonError, match="not a Python literal") as exc:
        read_addon(addon)
    assert exc.value.location == f"{addon / '__manifest__.py'}:2"


def test_test_command_on_a_folder_without_manifest(
    cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["test", str(tmp_path), "--odoo", "18.0"]) == 2
    assert "is not an Odoo addon: it has no __manifest__.py" in capsys.readouterr().err


def test_test_command_without_a_runtime_for_the_series(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(tmp_path))
    assert main(["test", str(ADDONS / "fx_pass"), "--odoo", "16.0", "--json"]) == 4
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["message"] == "no Odoo 16.0 runtime is registered"
    assert "runtime add" in error["hint"]


def test_unknown_series(cli_env: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(ADDONS / "fx_pass"), "--odoo", "11.0"]) == 2
    assert "unknown Odoo series '11.0'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["test"], "Missing argument"),
        (["test", "x", "--bogus"], "No such option: --bogus"),
        (["tset"], "No such command"),
    ],
)
def test_usage_errors_are_one_message_and_exit_2(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err and "Traceback" not in captured.out + captured.err
