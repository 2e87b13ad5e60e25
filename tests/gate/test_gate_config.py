"""Where the gate's thresholds come from, and how a bad configuration is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.errors import ConfigError
from odoo_factory.gate import GateConfig, find_config, load_config


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with an addon two levels down; returns the addon."""
    addon = tmp_path / "project" / "addons" / "demo"
    addon.mkdir(parents=True)
    return addon


def test_defaults_when_no_file_says_otherwise(project: Path, tmp_path: Path) -> None:
    config, source = load_config(project, cwd=tmp_path)
    assert source is None and config == GateConfig()
    assert (config.min_pylint_score, config.min_coverage) == (7.5, 80.0)
    assert (config.max_errors, config.max_security_findings, config.max_install_warnings) == (
        0,
        0,
        0,
    )
    assert config.require_clean_install is True


def test_the_nearest_pyproject_table_above_the_addon(project: Path, tmp_path: Path) -> None:
    root = project.parents[1]
    (root / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.odoo-factory.gate]\nmin-coverage = 65\n'
        "max_errors = 2\n\n[tool.odoo-factory.gate.weights]\ncoverage = 40\n"
    )
    config, source = load_config(project, cwd=tmp_path)
    assert source == root / "pyproject.toml"
    assert config.min_coverage == 65 and config.max_errors == 2
    assert config.weights.coverage == 40 and config.weights.pylint == 10


def test_a_pyproject_without_the_table_is_passed_over(project: Path, tmp_path: Path) -> None:
    (project.parent / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    (project.parents[1] / "odoo-factory.toml").write_text("[gate]\nmin-pylint-score = 9\n")
    config, source = load_config(project, cwd=tmp_path)
    assert source == project.parents[1] / "odoo-factory.toml" and config.min_pylint_score == 9


def test_odoo_factory_toml_wins_over_pyproject_in_the_same_folder(project: Path) -> None:
    (project / "pyproject.toml").write_text("[tool.odoo-factory.gate]\nmin-coverage = 10\n")
    (project / "odoo-factory.toml").write_text("[gate]\nmin-coverage = 20\n")
    assert find_config(project) == project / "odoo-factory.toml"


def test_the_current_folder_when_nothing_is_above_the_addon(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "odoo-factory.toml").write_text("[gate]\nmax-install-warnings = 3\n")
    config, source = load_config(project, cwd=elsewhere)
    assert source == elsewhere / "odoo-factory.toml" and config.max_install_warnings == 3


def test_an_explicit_file_is_read_by_its_name(tmp_path: Path, project: Path) -> None:
    custom = tmp_path / "strict.toml"
    custom.write_text("[gate]\nmin-coverage = 95\nrequire-clean-install = true\n")
    config, source = load_config(project, custom)
    assert source == custom and config.min_coverage == 95
    bare = tmp_path / "empty.toml"
    bare.write_text("[other]\nx = 1\n")
    with pytest.raises(ConfigError) as caught:
        load_config(project, bare)
    assert caught.value.message == "no [gate] table" and caught.value.file == str(bare)


def test_an_unknown_key_names_the_file_and_the_key(project: Path, tmp_path: Path) -> None:
    file = project.parent / "pyproject.toml"
    file.write_text("[tool.odoo-factory.gate]\nmin-coverag = 70\n")
    with pytest.raises(ConfigError) as caught:
        load_config(project, cwd=tmp_path)
    error = caught.value
    assert error.message == "unknown key 'min-coverag' in [tool.odoo-factory.gate]"
    assert error.file == str(file) and error.exit_code == 2
    assert error.hint and "min-coverage" in error.hint and "max-security-findings" in error.hint


def test_an_unknown_weight_names_its_table(project: Path, tmp_path: Path) -> None:
    (project / "odoo-factory.toml").write_text("[gate.weights]\nstyle = 5\n")
    with pytest.raises(ConfigError, match=r"unknown key 'weights.style' in \[gate\]"):
        load_config(project, cwd=tmp_path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("min-coverage = 120", "[gate] min-coverage: Input should be less than or equal to 100"),
        ('max-errors = "none"', "[gate] max-errors: Input should be a valid integer"),
        ("[gate.weights]\npylint = -1", "[gate] weights.pylint: Input should be greater than"),
    ],
)
def test_a_bad_value_names_the_key(project: Path, tmp_path: Path, text: str, expected: str) -> None:
    body = text if text.startswith("[") else f"[gate]\n{text}"
    (project / "odoo-factory.toml").write_text(body + "\n")
    with pytest.raises(ConfigError) as caught:
        load_config(project, cwd=tmp_path)
    assert caught.value.message.startswith(expected)


def test_all_weights_zero_is_refused(project: Path, tmp_path: Path) -> None:
    zero = "\n".join(
        f"{name} = 0"
        for name in (
            "pylint",
            "coverage",
            "errors",
            "security",
            "install",
            "warnings",
            "requirements",
        )
    )
    (project / "odoo-factory.toml").write_text(f"[gate.weights]\n{zero}\n")
    with pytest.raises(ConfigError, match="at least one weight must be above 0"):
        load_config(project, cwd=tmp_path)


def test_broken_toml_is_a_config_error_not_a_crash(project: Path, tmp_path: Path) -> None:
    (project / "odoo-factory.toml").write_text("[gate\nmin-coverage = \n")
    with pytest.raises(ConfigError, match="not valid TOML") as caught:
        load_config(project, cwd=tmp_path)
    assert caught.value.file == str(project / "odoo-factory.toml")
    (project / "odoo-factory.toml").write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(project, cwd=tmp_path)


def test_a_missing_explicit_file_is_a_config_error(project: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        load_config(project, tmp_path / "nope.toml")
