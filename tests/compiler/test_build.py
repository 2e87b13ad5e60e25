"""The build command: atomic, deterministic, refuses to overwrite without --force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from odoo_factory.cli.app import main
from odoo_factory.compiler import build_addon, render_addon
from odoo_factory.errors import InputError
from odoo_factory.spec import load_spec, parse_spec_text

ROOT = Path(__file__).resolve().parents[2]
TODO = ROOT / "examples" / "todo_list.yaml"


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_build_writes_the_oca_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["build", str(TODO), "--odoo", "18.0", "--out", str(tmp_path), "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    addon = tmp_path / "todo_list"
    assert result["addon_path"] == str(addon)
    assert result["series"] == "18.0"
    assert sorted(result["files"]) == sorted(_tree(addon))
    for rel in (
        "__init__.py",
        "__manifest__.py",
        "README.rst",
        "models/todo_task.py",
        "security/ir.model.access.csv",
        "views/todo_task_views.xml",
        "views/menus.xml",
        "tests/test_todo_list.py",
        "static/description/index.html",
    ):
        assert (addon / rel).is_file(), rel
    assert [p.name for p in tmp_path.iterdir()] == ["todo_list"], "no staging folder left"


def test_same_spec_same_bytes(tmp_path: Path) -> None:
    first = build_addon(TODO, "17.0", tmp_path / "a")
    second = build_addon(TODO, "17.0", tmp_path / "b")
    assert _tree(first.addon_path) == _tree(second.addon_path)


def test_existing_addon_is_kept_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    addon = tmp_path / "todo_list"
    addon.mkdir()
    (addon / "keep.txt").write_text("mine")
    code = main(["build", str(TODO), "--odoo", "17.0", "--out", str(tmp_path)])
    assert code == 2
    assert "already exists" in capsys.readouterr().err
    assert _tree(addon) == {"keep.txt": b"mine"}
    force = ["build", str(TODO), "--odoo", "17.0", "--out", str(tmp_path), "--force"]
    assert main(force) == 2, "a folder no build made is not replaced without --clean"
    assert _tree(addon) == {"keep.txt": b"mine"}
    assert main([*force, "--clean"]) == 0
    assert not (addon / "keep.txt").exists()
    assert (addon / "__manifest__.py").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["todo_list"]


def test_series_comes_from_the_spec_or_the_option(tmp_path: Path) -> None:
    assert build_addon(TODO, None, tmp_path / "a").series == "17.0"
    assert build_addon(TODO, "14", tmp_path / "b").series == "14.0"
    manifest = (tmp_path / "b" / "todo_list" / "__manifest__.py").read_text()
    assert '"version": "14.0.1.0.0"' in manifest


def test_unknown_series_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["build", str(TODO), "--odoo", "11.0", "--out", str(tmp_path)])
    assert code == 2
    assert "unknown Odoo series" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_build_accepts_a_spec_model(tmp_path: Path) -> None:
    spec = load_spec(TODO)
    result = build_addon(spec, "16.0", tmp_path)
    assert "models/todo_task.py" in result.files


def test_condition_the_series_cannot_express_is_refused(tmp_path: Path) -> None:
    text = TODO.read_text().replace(
        "tests:",
        "views:\n  - model: todo.task\n    type: list\n"
        "    fields: [{name: done, invisible: 'name == description'}]\n\ntests:",
    )
    spec, _ = parse_spec_text(text, "todo.yaml")
    assert "name == description" in render_addon(spec, "17.0")["views/todo_task_views.xml"]
    from odoo_factory.errors import SpecError

    with pytest.raises(SpecError, match=r"series 16\.0") as info:
        build_addon(spec, "16.0", tmp_path)
    assert "name == description" in info.value.message
    assert not any(tmp_path.iterdir())
    path = tmp_path / "todo.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(SpecError, match=r"Odoo 16\.0 needs") as located:
        build_addon(path, "16.0", tmp_path / "out")
    assert (located.value.line, located.value.column) == (28, 38)
    assert not (tmp_path / "out").exists()
    assert main(["spec", "validate", str(path), "--odoo", "15.0"]) == 2
    assert main(["spec", "validate", str(path), "--odoo", "18.0"]) == 0


def test_a_failed_write_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    addon = tmp_path / "todo_list"
    addon.mkdir()
    (addon / "keep.txt").write_text("mine")
    real_write = Path.write_text
    calls = {"n": 0}

    def failing_write(self: Path, *args: object, **kwargs: object) -> int:
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError("disk full")
        return real_write(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", failing_write)
    with pytest.raises(InputError, match="disk full"):
        build_addon(TODO, "17.0", tmp_path, force=True)
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["todo_list"], "no staging left"
    assert _tree(addon) == {"keep.txt": b"mine"}, "the existing addon is untouched"
