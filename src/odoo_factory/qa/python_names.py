"""Names in the addon's Python: pyflakes' checks (ruff's F rules) on every parsed file.

A name used but never defined fails only when the line runs (an import error at install, a
``NameError`` in a button or a cron), so pylint-odoo scoring 10/10 proves nothing about it.
Undefined names and Python's compile-time errors are errors; unused imports and variables,
redefinitions and format mistakes are warnings. ``# noqa`` (or ``# noqa: F401``, the ruff
code) on the line silences a finding, as ruff would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pyflakes import checker, messages  # type: ignore[import-untyped]

from odoo_factory.profiles import get_profile
from odoo_factory.qa.addon_files import AddonSource
from odoo_factory.qa.diagnostics import Diagnostic, Severity

__all__ = ["PYTHON_RULES", "check_python_names"]


@dataclass(frozen=True)
class _Rule:
    rule: str
    code: str  # ruff's code, the one a noqa comment names
    severity: Severity
    hint: str


_ERROR, _WARNING = Severity.ERROR, Severity.WARNING
# pyflakes message class -> our rule; messages not listed become python-<kebab-case> warnings.
PYTHON_RULES: dict[str, _Rule] = {
    "UndefinedName": _Rule(
        "python-undefined-name",
        "F821",
        _ERROR,
        "define or import the name, or fix its spelling; it raises NameError when the line runs",
    ),
    "UndefinedLocal": _Rule(
        "python-undefined-local",
        "F823",
        _ERROR,
        "assign the local variable before its first use, or rename it so that it no longer "
        "hides the global of the same name",
    ),
    "UndefinedExport": _Rule(
        "python-undefined-export",
        "F822",
        _ERROR,
        "define the name in the module or remove it from __all__",
    ),
    "ReturnOutsideFunction": _Rule(
        "python-return-outside-function", "F706", _ERROR, "move the return into a function"
    ),
    "YieldOutsideFunction": _Rule(
        "python-yield-outside-function", "F704", _ERROR, "move the yield into a function"
    ),
    "ContinueOutsideLoop": _Rule(
        "python-continue-outside-loop", "F702", _ERROR, "move the continue into a loop"
    ),
    "BreakOutsideLoop": _Rule(
        "python-break-outside-loop", "F701", _ERROR, "move the break into a loop"
    ),
    "DefaultExceptNotLast": _Rule(
        "python-default-except-not-last", "F707", _ERROR, "make the bare except: the last one"
    ),
    "DuplicateArgument": _Rule(
        "python-duplicate-argument", "F831", _ERROR, "give each argument its own name"
    ),
    "TwoStarredExpressions": _Rule(
        "python-two-starred-expressions", "F622", _ERROR, "keep one starred target"
    ),
    "UnusedImport": _Rule(
        "python-unused-import", "F401", _WARNING, "remove the import, or use what it imports"
    ),
    "RedefinedWhileUnused": _Rule(
        "python-redefined-unused",
        "F811",
        _WARNING,
        "remove the first definition or the second, or rename one: the first is never used",
    ),
    "UnusedVariable": _Rule(
        "python-unused-variable",
        "F841",
        _WARNING,
        "remove the assignment, or use the variable (name it _ when it is unused on purpose)",
    ),
    "ImportStarUsed": _Rule(
        "python-import-star",
        "F403",
        _WARNING,
        "import the names the module uses one by one: with *, undefined names cannot be found",
    ),
    "ImportShadowedByLoopVar": _Rule(
        "python-import-shadowed-by-loop-var", "F402", _WARNING, "rename the loop variable"
    ),
    "MultiValueRepeatedKeyLiteral": _Rule(
        "python-repeated-dict-key", "F601", _WARNING, "remove the key that is written twice"
    ),
    "IsLiteral": _Rule(
        "python-is-literal", "F632", _WARNING, "compare with == or != instead of is / is not"
    ),
    "FStringMissingPlaceholders": _Rule(
        "python-f-string-without-placeholders", "F541", _WARNING, "remove the f prefix"
    ),
}
_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+\d+(?:[\s,]+[A-Z]+\d+)*))?", re.IGNORECASE)
# Odoo imports every module an addon's __init__.py names: those imports are used.
_INIT = "__init__.py"


def _kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _rule_of(message: messages.Message) -> _Rule:
    name = type(message).__name__
    known = PYTHON_RULES.get(name)
    if known is not None:
        return known
    return _Rule("python-" + _kebab(name), "F", _WARNING, "fix the statement as the message says")


def _silenced(line: str, code: str) -> bool:
    match = _NOQA.search(line)
    if match is None:
        return False
    codes = match["codes"]
    return codes is None or code.upper() in re.split(r"[\s,]+", codes.upper())


def _hint(rule: _Rule, message: messages.Message, env_translation: bool) -> str:
    hint = rule.hint
    if rule.rule == "python-undefined-name" and message.message_args:
        name = str(message.message_args[0])
        usual = _USUAL_IMPORTS.get(name)
        if usual:
            hint = f"import it: {usual}"
        if name == "_" and env_translation:
            hint = "call self.env._('...') (or import it: from odoo import _)"
    return f"{hint} (silence a justified case with '# noqa: {rule.code}' on the line)"


# Where the names Odoo code most often forgets to import come from.
_USUAL_IMPORTS = {
    "api": "from odoo import api",
    "fields": "from odoo import fields",
    "models": "from odoo import models",
    "tools": "from odoo import tools",
    "Command": "from odoo import Command",
    "_": "from odoo import _",
    "UserError": "from odoo.exceptions import UserError",
    "ValidationError": "from odoo.exceptions import ValidationError",
    "AccessError": "from odoo.exceptions import AccessError",
    "MissingError": "from odoo.exceptions import MissingError",
    "_logger": "import logging, then _logger = logging.getLogger(__name__)",
    "datetime": "from datetime import datetime",
    "date": "from datetime import date",
    "timedelta": "from datetime import timedelta",
    "relativedelta": "from dateutil.relativedelta import relativedelta",
    "float_compare": "from odoo.tools import float_compare",
    "float_is_zero": "from odoo.tools import float_is_zero",
    "TransactionCase": "from odoo.tests.common import TransactionCase",
    "tagged": "from odoo.tests import tagged",
}


def check_python_names(source: AddonSource, series: str) -> list[Diagnostic]:
    env_translation = get_profile(series).env_translation
    found: list[Diagnostic] = []
    for rel, tree in source.python.items():
        result = checker.Checker(tree, filename=rel)
        if not result.messages:
            continue
        try:
            lines = (source.path / rel).read_text("utf-8", errors="replace").splitlines()
        except OSError:
            lines = []
        is_init = rel.rsplit("/", 1)[-1] == _INIT
        for message in sorted(result.messages, key=lambda m: (m.lineno, m.col)):
            rule = _rule_of(message)
            if is_init and rule.rule == "python-unused-import":
                continue
            line = lines[message.lineno - 1] if 0 < message.lineno <= len(lines) else ""
            if _silenced(line, rule.code):
                continue
            found.append(
                Diagnostic(
                    source="factory",
                    severity=rule.severity,
                    category="python",
                    rule=rule.rule,
                    file=rel,
                    line=message.lineno,
                    column=message.col,
                    message=message.message % message.message_args,
                    hint=_hint(rule, message, env_translation),
                )
            )
    return found
