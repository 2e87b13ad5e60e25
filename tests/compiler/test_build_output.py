"""Build output you can trust: every bad --out is one clear error, modes follow the umask,
leftovers of interrupted builds are tidied, a failed replace puts the old addon back, and
--force never deletes what the user added or changed."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from odoo_factory.cli.app import main
from odoo_factory.compiler import build_addon, writer
from odoo_factory.compiler.writer import GENERATED_LIST, user_changes
from odoo_factory.errors import InputError
from tests.db.test_server_manager import read_only_folder  # noqa: F401  (a fixture)

REPO = Path(__file__).resolve().parents[2]
TODO = REPO / "examples" / "todo_list.yaml"


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def _one_error(code: int, out: str, err: str, json_mode: bool) -> str:
    """The refusal as users see it: a non-zero exit and one error line (or one document)."""
    assert code != 0
    if json_mode:
        document = json.loads(out)
        assert document["ok"] is False
        assert document["error"]["hint"]
        return str(document["error"]["message"])
    lines = err.strip().splitlines()
    assert [line.split(":")[0] for line in lines] == ["error", "hint"], err
    return lines[0]


def _dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(child.stdout)


@pytest.mark.parametrize("json_mode", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("where", ["a-file", "below-a-file", "read-only", "below-read-only"])
def test_every_bad_out_is_one_error_with_a_hint(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    request: pytest.FixtureRequest,
    where: str,
    json_mode: bool,
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    locked = tmp_path
    if "read-only" in where:
        locked = request.getfixturevalue("read_only_folder")
    out = {
        "a-file": a_file,
        "below-a-file": a_file / "addons",
        "read-only": locked,
        "below-read-only": locked / "addons",
    }[where]
    args = ["build", str(TODO), "--odoo", "17.0", "--out", str(out)]
    code, stdout, stderr = _cli([*args, "--json"] if json_mode else args, capsys)
    message = _one_error(code, stdout, stderr, json_mode)
    assert str(out) in message
    assert code == 2
    assert a_file.read_text() == "not a folder"
    if "read-only" in where:
        assert not list(locked.iterdir())


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write in any folder whatever its mode")
def test_a_folder_without_write_permission_is_one_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    code, stdout, stderr = _cli(
        ["build", str(TODO), "--odoo", "17.0", "--out", str(locked)], capsys
    )
    assert "permission denied" in _one_error(code, stdout, stderr, False)


@pytest.mark.parametrize("umask", [0o022, 0o027, 0o002])
def test_modes_follow_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        result = build_addon(TODO, "17.0", tmp_path)
    finally:
        os.umask(old)
    for path in [result.addon_path, *result.addon_path.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        wanted = (0o777 if path.is_dir() else 0o666) & ~umask
        assert mode == wanted, f"{path}: {oct(mode)} instead of {oct(wanted)}"


def test_the_addon_lists_what_the_build_wrote(tmp_path: Path) -> None:
    result = build_addon(TODO, "17.0", tmp_path)
    listed = json.loads((result.addon_path / GENERATED_LIST).read_text())
    assert sorted(listed["files"]) == sorted(set(result.files) - {GENERATED_LIST})
    assert sorted(_tree(result.addon_path)) == sorted(result.files)
    assert user_changes(result.addon_path) == []


def test_the_list_does_not_trouble_the_checks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    build_addon(TODO, "17.0", tmp_path)
    code, stdout, _err = _cli(
        ["check", str(tmp_path / "todo_list"), "--odoo", "17.0", "--json"], capsys
    )
    report = json.loads(stdout)
    assert code == 0, report
    assert not [d for d in report["diagnostics"] if GENERATED_LIST in json.dumps(d)]


def test_force_replaces_a_previous_build(tmp_path: Path) -> None:
    first = build_addon(TODO, "17.0", tmp_path)
    cache = first.addon_path / "models" / "__pycache__"
    cache.mkdir()
    (cache / "todo_task.cpython-311.pyc").write_bytes(b"\0")  # what Odoo's import leaves
    second = build_addon(TODO, "17.0", tmp_path, force=True)
    assert sorted(_tree(second.addon_path)) == sorted(second.files)
    assert [p.name for p in tmp_path.iterdir()] == ["todo_list"]


def test_force_refuses_when_the_user_added_or_changed_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    addon = build_addon(TODO, "17.0", tmp_path).addon_path
    (addon / "models" / "extra.py").write_text("# mine\n")
    with (addon / "__manifest__.py").open("a") as handle:
        handle.write("# edited\n")
    before = _tree(addon)
    args = ["build", str(TODO), "--odoo", "17.0", "--out", str(tmp_path), "--force"]
    code, stdout, stderr = _cli(args, capsys)
    message = _one_error(code, stdout, stderr, False)
    assert "models/extra.py (added)" in message
    assert "__manifest__.py (changed)" in message
    assert "--force --clean" in stderr
    assert _tree(addon) == before, "nothing is touched"
    assert [p.name for p in tmp_path.iterdir()] == ["todo_list"]

    code, _out, _err = _cli([*args, "--clean"], capsys)
    assert code == 0
    assert not (addon / "models" / "extra.py").exists()
    assert user_changes(addon) == []


def test_force_refuses_a_folder_no_build_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine = tmp_path / "todo_list"
    mine.mkdir()
    (mine / "notes.txt").write_text("mine")
    args = ["build", str(TODO), "--odoo", "17.0", "--out", str(tmp_path), "--force", "--json"]
    code, stdout, stderr = _cli(args, capsys)
    assert GENERATED_LIST in _one_error(code, stdout, stderr, True)
    assert _tree(mine) == {"notes.txt": b"mine"}
    code, _out, _err = _cli([*args[:-1], "--clean"], capsys)
    assert code == 0
    assert not (mine / "notes.txt").exists()


def test_clean_needs_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, stdout, stderr = _cli(
        ["build", str(TODO), "--odoo", "17.0", "--out", str(tmp_path), "--clean"], capsys
    )
    assert "--force" in _one_error(code, stdout, stderr, False)


def test_staging_left_by_a_killed_build_is_removed_by_the_next(tmp_path: Path) -> None:
    dead = _dead_pid()
    left = tmp_path / f".todo_list.building-{dead}-0123abcd"
    (left / "models").mkdir(parents=True)
    (left / "models" / "half.py").write_text("# half written")
    legacy = tmp_path / ".todo_list.k2j4h5g6"  # the name older versions gave staging folders
    legacy.mkdir()
    os.utime(legacy, (0, 0))
    running = tmp_path / ".todo_list.building-1-89abcdef"  # pid 1 is alive: not ours to take
    running.mkdir()
    result = build_addon(TODO, "17.0", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == [running.name, "todo_list"]
    assert len(result.notes) == 2
    assert all("interrupted build" in note for note in result.notes)


def test_an_addon_left_aside_by_a_killed_build_is_put_back(tmp_path: Path) -> None:
    addon = build_addon(TODO, "17.0", tmp_path).addon_path
    before = _tree(addon)
    aside = tmp_path / f".todo_list.replaced-{_dead_pid()}-0123abcd"
    addon.rename(aside)  # killed between moving the old addon aside and the new one in
    with pytest.raises(InputError, match="already exists"):
        build_addon(TODO, "17.0", tmp_path)
    assert _tree(addon) == before
    assert [p.name for p in tmp_path.iterdir()] == ["todo_list"]


def test_a_failed_final_rename_puts_the_previous_addon_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    addon = build_addon(TODO, "17.0", tmp_path).addon_path
    before = _tree(addon)
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if ".building-" in str(src):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(writer.os, "replace", replace)
    args = ["build", str(TODO), "--odoo", "17.0", "--out", str(tmp_path), "--force", "--json"]
    code, stdout, _err = _cli(args, capsys)
    document = json.loads(stdout)
    assert code == 2
    assert "No space left on device" in document["error"]["message"]
    assert "put back" in document["error"]["hint"]
    assert _tree(addon) == before
    assert [p.name for p in tmp_path.iterdir()] == ["todo_list"]


def test_builds_killed_at_any_moment_leave_nothing_the_next_build_does_not_tidy(
    tmp_path: Path,
) -> None:
    build_addon(TODO, "17.0", tmp_path)
    command = [sys.executable, "-m", "odoo_factory", "build", str(TODO), "--odoo", "17.0"]
    for delay in (0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5):
        child = subprocess.Popen(
            [*command, "--out", str(tmp_path), "--force"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            child.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
        result = build_addon(TODO, "17.0", tmp_path, force=True)
        assert [p.name for p in tmp_path.iterdir()] == ["todo_list"], result.notes
        assert user_changes(result.addon_path) == []
