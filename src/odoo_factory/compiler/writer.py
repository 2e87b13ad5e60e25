"""Put a rendered addon on disk, safely: the last step of a build.

The files are written to a hidden staging folder beside the target and renamed into place,
so a failure never leaves a half-written addon. Folders and files get the modes the umask
gives. The addon carries ``.odoo-factory.json``, the list of the files the build wrote with
their SHA-256: a later ``force`` replaces the folder only when nothing else is in it, and
names the files the user added or changed otherwise (``clean`` replaces it anyway).
Staging folders that an interrupted build left behind are removed by the next build of the
same addon; if the interruption came between the two renames, the previous addon is put
back first.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from pathlib import Path

from odoo_factory import __version__
from odoo_factory.errors import InputError

__all__ = ["GENERATED_LIST", "generated_list", "user_changes", "write_addon"]

GENERATED_LIST = ".odoo-factory.json"
_IGNORED_DIRS = {"__pycache__"}  # what Odoo and Python add to an addon by themselves
_LEGACY_AGE = 600.0  # seconds after which an unnamed staging folder is taken as abandoned


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def generated_list(module: str, series: str, files: dict[str, str]) -> str:
    """The text of ``.odoo-factory.json`` for ``files`` (deterministic: no dates)."""
    document = {
        "generator": f"odoo-factory {__version__}",
        "module": module,
        "series": series,
        "files": {rel: _sha256(text.encode("utf-8")) for rel, text in sorted(files.items())},
    }
    return json.dumps(document, indent=2) + "\n"


def _files_of(folder: Path) -> list[str]:
    """Every file below ``folder`` (symlinks included, not followed), as posix paths."""
    found: list[str] = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d not in _IGNORED_DIRS]
        for name in names:
            found.append((Path(root) / name).relative_to(folder).as_posix())
    return sorted(found)


def user_changes(target: Path) -> list[str] | None:
    """Files of ``target`` a build did not write as they are; None: not a built addon."""
    try:
        listed = json.loads((target / GENERATED_LIST).read_text("utf-8"))["files"]
        if not isinstance(listed, dict):
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    changed: list[str] = []
    for rel in _files_of(target):
        if rel == GENERATED_LIST:
            continue
        path = target / rel
        expected = listed.get(rel)
        if expected is None or path.is_symlink():
            changed.append(f"{rel} (added)")
            continue
        try:
            if _sha256(path.read_bytes()) != expected:
                changed.append(f"{rel} (changed)")
        except OSError:
            changed.append(f"{rel} (unreadable)")
    return changed


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _check_out(out: Path) -> None:
    """``out`` is (or can become) a folder this process may write in; InputError if not."""
    if out.exists() and not out.is_dir():
        raise InputError(
            f"the output folder {out} is a file",
            hint="give a folder for --out (it is created when missing)",
        )
    parent = out
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if parent.exists() and not parent.is_dir():
        raise InputError(
            f"cannot create the output folder {out}: {parent} is a file",
            hint="give a folder for --out that is not below a file",
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"cannot create the output folder {out}: {_reason(exc)}",
            hint="choose a folder you may write in for --out",
        ) from None
    if not os.access(out, os.W_OK | os.X_OK):
        read_only = bool(os.statvfs(out).f_flag & os.ST_RDONLY)
        raise InputError(
            f"cannot write in the output folder {out}: "
            + ("it is on a read-only file system" if read_only else "permission denied"),
            hint="choose a folder you may write in for --out"
            + ("" if read_only else ", or change its permissions"),
        )


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True  # another build of this process (a server's thread) may be running
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _clean_leftovers(out: Path, name: str, target: Path) -> list[str]:
    """Remove the staging folders interrupted builds left; put back an addon left aside."""
    ours = re.compile(rf"^\.{re.escape(name)}\.(building|replaced)-(\d+)-[0-9a-f]+$")
    legacy = re.compile(rf"^\.{re.escape(name)}\.(old\.)?[a-z0-9_]{{8}}$")
    notes: list[str] = []
    try:
        entries = sorted(out.iterdir())
    except OSError:
        return notes
    now = time.time()
    for folder in entries:
        match = ours.match(folder.name)
        if match:
            kind, stale = match.group(1), not _alive(int(match.group(2)))
            addon = folder
        elif legacy.match(folder.name) and folder.is_dir():
            kind = "replaced" if folder.name.startswith(f".{name}.old.") else "building"
            try:
                stale = now - folder.stat().st_mtime > _LEGACY_AGE
            except OSError:
                stale = False
            addon = folder / "addon" if kind == "replaced" else folder
        else:
            continue
        if not stale:
            continue
        if kind == "replaced" and addon.is_dir() and not target.exists():
            try:
                os.replace(addon, target)
            except OSError:
                pass
            else:
                notes.append(f"put back {target}, left aside by an interrupted build")
                if folder != addon:
                    shutil.rmtree(folder, ignore_errors=True)
                continue
        shutil.rmtree(folder, ignore_errors=True)
        notes.append(f"removed {folder.name}, left by an interrupted build")
    return notes


def _refuse_to_replace(target: Path, clean: bool) -> None:
    if not target.is_dir() or target.is_symlink():
        raise InputError(
            f"{target} exists and is not a folder", hint="remove it or choose another --out"
        )
    if clean:
        return
    changed = user_changes(target)
    if changed is None:
        raise InputError(
            f"{target} was not made by a build (it has no {GENERATED_LIST})",
            hint="pass --force --clean to replace it and everything in it, or choose another --out",
        )
    if changed:
        shown = ", ".join(changed[:8]) + (
            f" and {len(changed) - 8} more" if len(changed) > 8 else ""
        )
        raise InputError(
            f"{target} holds files the build did not write: {shown}",
            hint="move them out of the folder, or pass --force --clean to replace it "
            "anyway (they are deleted)",
        )


def write_addon(
    out: Path, name: str, files: dict[str, str], *, force: bool, clean: bool = False
) -> list[str]:
    """Write ``files`` as the addon folder ``out/name``; the notes of what was tidied up."""
    _check_out(out)
    target = out / name
    notes = _clean_leftovers(out, name, target)
    if target.exists() or target.is_symlink():
        if not force:
            raise InputError(
                f"{target} already exists", hint="pass --force to replace it, or choose --out"
            )
        if not target.is_dir() or target.is_symlink():
            raise InputError(
                f"{target} exists and is not a folder", hint="remove it or choose another --out"
            )
    token = f"{os.getpid()}-{secrets.token_hex(4)}"
    staging = out / f".{name}.building-{token}"
    try:
        os.mkdir(staging)  # mode 0o777 less the umask, like every folder below it
        for rel, text in files.items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, "utf-8", newline="\n")
        if target.exists():
            _refuse_to_replace(target, clean)
        _swap(staging, target, out / f".{name}.replaced-{token}")
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            hint = "choose a folder you may write in for --out; nothing was written"
        else:
            hint = "check the folder's permissions and free space; nothing was written"
        raise InputError(f"cannot write the addon into {out}: {_reason(exc)}", hint=hint) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return notes


def _swap(staging: Path, target: Path, aside: Path) -> None:
    """Rename ``staging`` to ``target``; a previous ``target`` is restored if that fails."""
    had_old = target.exists()
    if had_old:
        os.replace(target, aside)
    try:
        os.replace(staging, target)
    except OSError as exc:
        restored = False
        if had_old:
            try:
                os.replace(aside, target)
                restored = True
            except OSError:
                pass
        if restored:
            hint = "the previous addon was put back unchanged; check the folder and retry"
        elif had_old:
            hint = f"the previous addon is in {aside}: rename it back to {target}"
        else:
            hint = "nothing was written; check the folder's permissions and free space"
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(
            f"cannot put the new addon in place at {target}: {_reason(exc)}", hint=hint
        ) from None
    if had_old:
        shutil.rmtree(aside, ignore_errors=True)
