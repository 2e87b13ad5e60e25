# Steps of the spec's acceptance scenarios, run inside Odoo by the addon's tests.
#
# The generated tests call these methods with literal values only: record variables
# ("$loan"), data records ("$ref:module.xmlid") and dates ("today + 3 months") are resolved
# here, on the server, with the field types of the running series. Every failure names the
# step it comes from.
import datetime
import json
import re
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tools import config, float_compare, mute_logger

try:
    from psycopg2 import IntegrityError
except ImportError:  # pragma: no cover - a series on psycopg 3
    from psycopg import IntegrityError

USER_GROUPS_FIELD = "groups_id"  # set by the compiler for the target series
PASSWORD_SUFFIX = "-Scenario-2024"

ERRORS = {
    "UserError": UserError,
    "ValidationError": ValidationError,
    "AccessError": AccessError,
    "MissingError": MissingError,
    "IntegrityError": IntegrityError,
}
EXTERNAL_GROUPS = ("base.group_portal", "base.group_public")
OPERATORS = ("count", "contains", "not_contains", "gt", "gte", "lt", "lte", "ne", "in")
_RELATIVE = re.compile(
    r"^\s*=?\s*(today|now)\s*(?:([+-])\s*(\d+)\s*"
    r"(years?|months?|weeks?|days?|hours?|h|minutes?|min|m|seconds?|s)\s*)?$"
)
_UNITS = {
    "year": "years",
    "month": "months",
    "week": "weeks",
    "day": "days",
    "hour": "hours",
    "h": "hours",
    "minute": "minutes",
    "min": "minutes",
    "m": "minutes",
    "second": "seconds",
    "s": "seconds",
}
_ALWAYS = ("1", "True", "true")


def relative_date(text, kind):
    """The date (or datetime) that 'today', 'now', 'today + 3 months', 'now - 2 h' name."""
    match = _RELATIVE.match(text)
    if match is None:
        return None
    base = fields.Datetime.now() if match.group(1) == "now" else fields.Date.today()
    if kind == "datetime" and not isinstance(base, datetime.datetime):
        base = datetime.datetime.combine(base, datetime.time())
    if kind == "date" and isinstance(base, datetime.datetime):
        base = base.date()
    if match.group(2):
        unit = match.group(4)
        unit = _UNITS.get(unit.rstrip("s"), _UNITS.get(unit, unit))
        amount = int(match.group(3)) * (1 if match.group(2) == "+" else -1)
        base = base + relativedelta(**{unit: amount})
    return base


def _is_records(value):
    return hasattr(value, "_name") and hasattr(value, "ids")


def _as_date(value, kind):
    if not isinstance(value, str):
        return value
    relative = relative_date(value, kind)
    if relative is not None:
        return relative
    if kind == "datetime":
        return fields.Datetime.to_datetime(value)
    return fields.Date.to_date(value)


class ScenarioSteps(object):
    """Mixed into the addon's TransactionCase or HttpCase."""

    def start_scenario(self, default_user=None):
        self.scenario_vars = {}
        self.scenario_users = {}
        self.scenario_default_user = default_user
        self.scenario_langs = {}

    # -- users and environments ------------------------------------------------------------
    def add_user(self, name, groups, company=None, companies=(), lang=None):
        external = any(g in EXTERNAL_GROUPS for g in groups)
        ids = [self.env.ref(g).id for g in groups]
        if not external:
            ids.append(self.env.ref("base.group_user").id)
        login = "scenario_%s_%s" % (self._testMethodName[-30:], name)
        values = {
            "name": name.replace("_", " ").title(),
            "login": login,
            "password": login + PASSWORD_SUFFIX,
            USER_GROUPS_FIELD: [(6, 0, ids)],
        }
        allowed = [self.resolve(c) for c in companies]
        if company is not None:
            main = self.resolve(company)
            values["company_id"] = main.id
            allowed.insert(0, main)
        if allowed:
            values["company_ids"] = [(6, 0, [c.id for c in allowed])]
        if lang:
            self.install_language(lang)
            values["lang"] = self.scenario_langs[name] = lang
        user = self.env["res.users"].with_context(no_reset_password=True).create(values)
        self.scenario_users[name] = user
        self.scenario_vars[name] = user
        return user

    def step_env(self, user=None, sudo=False, context=None):
        env = self.env
        name = user or self.scenario_default_user
        if name:
            who = self.scenario_users[name]
            env = env(user=who.id)
            if len(who.company_ids) > 1:  # its main company first: env.company
                ids = [who.company_id.id] + (who.company_ids - who.company_id).ids
                ctx = dict(env.context, allowed_company_ids=ids)
                env = env(context=ctx)
            if self.scenario_langs.get(name):
                env = env(context=dict(env.context, lang=self.scenario_langs[name]))
        if context:
            env = env(context=dict(env.context, **_ids(self.resolve(context))))
        if sudo:
            try:
                env = env(su=True)
            except TypeError:  # 12.0
                env = env(user=1)
        return env

    def install_language(self, code):
        """Activate language ``code`` and load the addon's translations for it (its
        i18n/<lang>.po), as installing the language does."""
        Lang = self.env["res.lang"]
        if hasattr(Lang, "_activate_lang"):
            Lang._activate_lang(code)
        else:  # 12.0
            Lang.load_lang(code)
        addon = type(self).__module__.split(".")[2]
        module = self.env["ir.module.module"].search([("name", "=", addon)])
        module._update_translations(filter_lang=code, overwrite=True)
        registry = self.env.registry
        (getattr(registry, "clear_cache", None) or registry.clear_caches)()
        if hasattr(self.env, "invalidate_all"):
            self.env.invalidate_all()
        else:
            self.env["res.lang"].invalidate_cache()

    def flush_all(self):
        """Write pending changes, and the tracking messages Odoo delays until a commit."""
        env = self.env
        self.flush_records(env)
        precommit = getattr(env.cr, "precommit", None)
        if precommit is not None:  # 14.0+: tracking values are written before a commit
            precommit.run()
            self.flush_records(env)

    @staticmethod
    def flush_records(env):
        if hasattr(env, "flush_all"):
            env.flush_all()
        elif hasattr(env["base"], "flush"):
            env["base"].flush()

    # -- values ----------------------------------------------------------------------------
    def resolve(self, value):
        """'$var', '$var.path', '$ref:xmlid' to what they name; lists and dicts element-wise."""
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        if isinstance(value, dict):
            return dict((k, self.resolve(v)) for k, v in value.items())
        if not isinstance(value, str) or not value.startswith("$"):
            return value
        if value.startswith("$$"):
            return value[1:]
        if value.startswith("$ref:"):
            return self.env.ref(value[5:])
        name, _dot, path = value[1:].partition(".")
        if name not in self.scenario_vars:
            raise AssertionError("no variable %r at this step" % name)
        found = self.scenario_vars[name]
        return self.walk(found, path) if path else found

    def walk(self, value, path):
        for part in path.split("."):
            if isinstance(value, dict):
                value = value[part]
            elif part.isdigit():
                value = value[int(part)]
            else:
                value = getattr(value, part)
        return value

    def value_for(self, model, name, value):
        """A create/write value of field ``name`` of ``model`` from a spec value."""
        field = self.env[model]._fields.get(name)
        kind = field.type if field is not None else None
        if kind == "many2one":
            if value in (False, None, "", []):
                return False
            found = self.resolve(value)
            return found.id if _is_records(found) else found
        if kind in ("one2many", "many2many"):
            if value in (False, None, []):
                return [(6, 0, [])]
            items = value if isinstance(value, list) else [value]
            if items and all(isinstance(v, dict) for v in items):
                return [(0, 0, self.values_for(field.comodel_name, v)) for v in items]
            ids = []
            for item in items:
                found = self.resolve(item)
                ids.extend(found.ids if _is_records(found) else [found])
            return [(6, 0, ids)]
        if kind in ("date", "datetime") and isinstance(value, str):
            relative = relative_date(value, kind)
            if relative is not None:
                return relative
        found = self.resolve(value)
        if _is_records(found):
            return found.id if len(found) == 1 else found.ids
        return found

    def values_for(self, model, values):
        return dict((k, self.value_for(model, k, v)) for k, v in values.items())

    def domain_for(self, model, domain):
        terms = []
        for term in domain:
            if isinstance(term, (list, tuple)) and len(term) == 3:
                name, operator, value = term
                field = self.env[model]._fields.get(str(name).split(".")[0])
                if field is not None and field.type in ("date", "datetime"):
                    value = _as_date(value, field.type)
                value = self.resolve(value)
                if _is_records(value):
                    value = (
                        value.id
                        if len(value) == 1 and operator in ("=", "!=")
                        else value.ids
                    )
                elif isinstance(value, list):
                    value = [v.id if _is_records(v) else v for v in value]
                terms.append((name, operator, value))
            else:
                terms.append(term)
        return terms

    def remember(self, name, value):
        if name:
            self.scenario_vars[name] = (
                value.with_env(self.env) if _is_records(value) else value
            )

    def record(self, name, env):
        found = self.resolve("$" + name.lstrip("$"))
        return found.with_env(env) if _is_records(found) else found

    # -- actions ---------------------------------------------------------------------------
    def step_create(
        self, label, model, values, as_=None, user=None, sudo=False, context=None
    ):
        env = self.step_env(user, sudo, context)
        record = env[model].create(self.values_for(model, values))
        self.flush_all()  # as a request would: what follows is a change, tracked
        self.remember(as_, record)
        return record

    def step_write(self, label, name, values, user=None, sudo=False, context=None):
        target = self.record(name, self.step_env(user, sudo, context))
        target.write(self.values_for(target._name, values))
        self.flush_all()

    def step_unlink(self, label, name, user=None, sudo=False, context=None):
        self.record(name, self.step_env(user, sudo, context)).unlink()
        self.flush_all()

    def step_call(
        self,
        label,
        target,
        method,
        args=(),
        kwargs=None,
        as_=None,
        model=None,
        user=None,
        sudo=False,
        context=None,
    ):
        env = self.step_env(user, sudo, context)
        subject = env[model] if model else self.record(target, env)
        result = getattr(subject, method)(
            *self.resolve(list(args)), **self.resolve(kwargs or {})
        )
        self.remember(as_, result)
        return result

    def step_search(
        self,
        label,
        model,
        domain,
        limit=None,
        count=None,
        contains=(),
        not_contains=(),
        as_=None,
        user=None,
        sudo=False,
        context=None,
    ):
        env = self.step_env(user, sudo, context)
        found = env[model].search(self.domain_for(model, domain), limit=limit)
        if count is not None:
            self.assertEqual(
                len(found),
                count,
                "%s: %s records found, expected %s" % (label, len(found), count),
            )
        for item in contains:
            wanted = self.resolve(item)
            self.assertTrue(
                set(wanted.ids) <= set(found.ids), "%s: %s not found" % (label, item)
            )
        for item in not_contains:
            unwanted = self.resolve(item)
            self.assertFalse(
                set(unwanted.ids) & set(found.ids), "%s: %s found" % (label, item)
            )
        self.remember(as_, found)
        return found

    def step_exists(self, label, name, expected=True):
        found = self.record(name, self.env)
        self.assertEqual(
            bool(found.exists()),
            expected,
            "%s: %s %s"
            % (label, name, "does not exist" if expected else "still exists"),
        )

    @contextmanager
    def step_raises(self, label, error, match=None):
        wanted = ERRORS[error]
        try:
            with mute_logger("odoo.sql_db", "odoo.models", "odoo.models.unlink"):
                with self.env.cr.savepoint():
                    yield
                    self.flush_all()
        except wanted as exc:
            text = str(getattr(exc, "name", None) or (exc.args[0] if exc.args else exc))
            if match is not None and match not in text:
                self.fail(
                    "%s: %s raised with %r, expected a message with %r"
                    % (label, error, text, match)
                )
            return
        except AssertionError:
            raise
        except Exception as exc:  # the wrong error is the finding
            self.fail(
                "%s: expected %s, got %s: %s" % (label, error, type(exc).__name__, exc)
            )
        self.fail("%s: expected %s, nothing was raised" % (label, error))

    # -- checks ----------------------------------------------------------------------------
    def expect(self, label, checks):
        for key, expected in checks.items():
            name, _dot, path = key.partition(".")
            if name not in self.scenario_vars:
                self.fail("%s: no variable %r to check" % (label, name))
            owner, last = self.scenario_vars[name], None
            value = owner
            if path:
                parts = path.split(".")
                owner = self.walk(owner, ".".join(parts[:-1])) if parts[:-1] else owner
                last = parts[-1]
                value = self.walk(owner, last)
            self.compare("%s: %s" % (label, key), value, expected, owner, last)

    def compare(self, label, actual, expected, owner=None, name=None):
        if isinstance(expected, dict) and len(expected) == 1:
            operator, operand = next(iter(expected.items()))
            if operator in OPERATORS:
                return self.compare_with(label, operator, actual, operand, owner, name)
        if not self.same(actual, expected, owner, name):
            self.fail("%s is %r, expected %r" % (label, _show(actual), expected))
        return None

    def compare_with(self, label, operator, actual, operand, owner, name):
        if operator == "count":
            ok = len(actual) == operand
        elif operator in ("contains", "not_contains"):
            items = operand if isinstance(operand, list) else [operand]
            if _is_records(actual):
                ids = set()
                for item in items:
                    ids.update(self.resolve(item).ids)
                hit = (
                    ids <= set(actual.ids)
                    if operator == "contains"
                    else not ids & set(actual.ids)
                )
                ok = hit
            else:
                present = [self.resolve(i) in actual for i in items]
                ok = all(present) if operator == "contains" else not any(present)
        elif operator == "in":
            ok = any(self.same(actual, option, owner, name) for option in operand)
        elif operator == "ne":
            ok = not self.same(actual, operand, owner, name)
        else:
            target = self.resolve(operand)
            if isinstance(actual, (datetime.date, datetime.datetime)):
                kind = "datetime" if isinstance(actual, datetime.datetime) else "date"
                target = _as_date(target, kind)
            ok = {
                "gt": lambda: actual > target,
                "gte": lambda: actual >= target,
                "lt": lambda: actual < target,
                "lte": lambda: actual <= target,
            }[operator]()
        if not ok:
            self.fail(
                "%s is %r, expected %s %r" % (label, _show(actual), operator, operand)
            )

    def same(self, actual, expected, owner=None, name=None):
        if _is_records(actual):
            if expected in (False, None, [], 0):
                return not actual
            if isinstance(expected, int) and not isinstance(expected, bool):
                return actual.ids == [expected]
            if isinstance(expected, str) and not expected.startswith("$"):
                return len(actual) == 1 and actual.display_name == expected
            wanted = self.resolve(expected)
            ids = []
            for item in wanted if isinstance(wanted, list) else [wanted]:
                ids.extend(item.ids if _is_records(item) else [item])
            return sorted(actual.ids) == sorted(ids)
        if isinstance(actual, datetime.datetime) and isinstance(expected, str):
            wanted = _as_date(expected, "datetime")
            slack = 120 if relative_date(expected, "datetime") is not None else 1
            return abs((actual - wanted).total_seconds()) < slack
        if isinstance(actual, datetime.date) and isinstance(expected, str):
            return actual == _as_date(expected, "date")
        if actual is False and expected is None:
            return True
        if (
            isinstance(actual, float)
            and isinstance(expected, (int, float))
            and not isinstance(expected, bool)
        ):
            return float_compare(actual, expected, **self.precision(owner, name)) == 0
        if isinstance(actual, dict) and isinstance(expected, dict):
            return all(
                k in actual and self.same(actual[k], v) for k, v in expected.items()
            )
        if isinstance(actual, (list, tuple)) and isinstance(expected, list):
            return len(actual) == len(expected) and all(
                self.same(a, e) for a, e in zip(actual, expected)
            )
        expected = self.resolve(expected)
        if _is_records(expected):
            return False
        return actual == expected

    def precision(self, owner, name):
        """float_compare arguments for field ``name`` of record ``owner``."""
        field = owner._fields.get(name) if _is_records(owner) and name else None
        if field is not None and field.type == "monetary":
            currency = (
                owner[field.currency_field]
                if field.currency_field in owner._fields
                else None
            )
            if currency:
                return {"precision_rounding": currency.rounding}
        if field is not None:
            digits = None
            if hasattr(field, "get_digits"):
                digits = field.get_digits(owner.env)
            elif isinstance(getattr(field, "digits", None), tuple):
                digits = field.digits
            if digits and digits[1] is not None:
                return {"precision_digits": digits[1]}
        return {"precision_digits": 6}

    # -- the UI contract, access, menus, actions -----------------------------------------
    def view_arch(self, env, model, view_type):
        records = env[model]
        if hasattr(records, "get_views"):
            result = records.get_views([(False, view_type)])
            arch = result["views"][view_type]["arch"]
            described = result.get("models", {}).get(model, {})
            described = described.get("fields", described)
        else:  # before 16.0: a list view is of type tree, hidden groups stay in the arch
            legacy = "tree" if view_type == "list" else view_type
            with _marking_group_hidden(records.env):
                result = records.fields_view_get(view_type=legacy)
            arch, described = result["arch"], result["fields"]
        tree = etree.fromstring(arch.encode() if isinstance(arch, str) else arch)
        for node in tree.xpath("//*[@%s]" % GROUP_HIDDEN):
            node.getparent().remove(node)
        return tree, described

    def step_view(
        self,
        label,
        model,
        view_type,
        field=None,
        button=None,
        present=True,
        required=None,
        readonly=None,
        invisible=None,
        widget=None,
        user=None,
    ):
        env = self.step_env(user)
        arch, described = self.view_arch(env, model, view_type)
        if field:
            nodes = arch.xpath("//field[@name=$n][not(ancestor::field)]", n=field)
            what = "field %s" % field
        else:
            nodes = arch.xpath("//button[@name=$n][not(ancestor::field)]", n=button)
            what = "button %s" % button
        if not present:
            self.assertFalse(
                nodes,
                "%s: %s is in the %s view of %s" % (label, what, view_type, model),
            )
            return
        self.assertTrue(
            nodes,
            "%s: %s is not in the %s view of %s" % (label, what, view_type, model),
        )
        node = nodes[0]
        facts = {
            "required": (
                required,
                _flag(node, "required", described.get(field or "", {})),
            ),
            "readonly": (
                readonly,
                _flag(node, "readonly", described.get(field or "", {})),
            ),
            "invisible": (invisible, _flag(node, "invisible", {})),
        }
        for attribute, (wanted, seen) in facts.items():
            if wanted is not None and wanted != seen:
                self.fail(
                    "%s: %s is%s %s in the %s view of %s"
                    % (label, what, "" if seen else " not", attribute, view_type, model)
                )
        if widget is not None and node.get("widget") != widget:
            self.fail(
                "%s: %s shows with widget %r, not %r in the %s view of %s"
                % (label, what, node.get("widget"), widget, view_type, model)
            )

    def step_access(self, label, model=None, record=None, user=None, **operations):
        env = self.step_env(user)
        target = self.record(record, env) if record else env[model]
        for operation, wanted in operations.items():
            if wanted is None:
                continue
            allowed = _may(target, operation)
            if allowed != wanted:
                self.fail(
                    "%s: %s %s %s %s"
                    % (
                        label,
                        user or "the test user",
                        "can" if allowed else "cannot",
                        operation,
                        record or model,
                    )
                )

    def step_menu(self, label, xmlid, visible=True, user=None):
        env = self.step_env(user)
        menu = self.env.ref(xmlid)
        seen = menu.id in env["ir.ui.menu"]._visible_menu_ids()
        self.assertEqual(
            seen,
            visible,
            "%s: menu %s is %s to %s"
            % (label, xmlid, "visible" if seen else "hidden", user or "the test user"),
        )

    def step_action(self, label, xmlid, model=None, view_modes=(), target=None):
        action = self.env.ref(xmlid)
        if model is not None:
            self.assertEqual(
                action.res_model,
                model,
                "%s: %s opens %s" % (label, xmlid, action.res_model),
            )
        modes = [
            m.strip().replace("tree", "list")
            for m in (action.view_mode or "").split(",")
        ]
        for mode in view_modes:
            self.assertIn(
                mode.replace("tree", "list"),
                modes,
                "%s: %s offers %s" % (label, xmlid, ",".join(modes)),
            )
        if target is not None:
            self.assertEqual(
                action.target,
                target,
                "%s: %s opens in %s" % (label, xmlid, action.target),
            )

    # -- reports ---------------------------------------------------------------------------
    def step_report(
        self,
        label,
        report,
        records,
        contains=(),
        not_contains=(),
        user=None,
        sudo=False,
        context=None,
    ):
        """Render ``report`` (its report_name or the xml id of its action) to HTML for the
        records, as the step's user, and look for text in the page."""
        env = self.step_env(user, sudo, context)
        Report = env["ir.actions.report"]
        action = Report.sudo().search([("report_name", "=", report)], limit=1)
        if not action:
            action = self.env.ref(report)
        docs = [self.record(name, env) for name in records]
        ids = []
        for doc in docs:
            self.assertEqual(
                doc._name,
                action.model,
                "%s: %s prints %s records, given %s"
                % (label, report, action.model, doc._name),
            )
            ids.extend(doc.ids)
        if hasattr(Report, "_get_report"):  # 16.0+
            html = Report._render_qweb_html(action.report_name, ids)[0]
        elif hasattr(Report, "_render_qweb_html"):  # 14.0, 15.0
            html = action.with_env(env)._render_qweb_html(ids)[0]
        else:
            html = action.with_env(env).render_qweb_html(ids)[0]
        if isinstance(html, bytes):
            html = html.decode("utf-8")
        text = re.sub(r"\s+", " ", _unescape(html))
        for piece in contains:
            if piece not in text:
                self.fail(
                    "%s: %s does not contain %r (%d characters: %r...)"
                    % (label, report, piece, len(text), _page_text(text)[:300])
                )
        for piece in not_contains:
            if piece in text:
                self.fail("%s: %s contains %r" % (label, report, piece))
        return text

    # -- stages and automation -------------------------------------------------------------
    def step_read_group(
        self, label, model, by, domain, as_=None, user=None, sudo=False, context=None
    ):
        """The groups a kanban board of ``model`` by ``by`` shows (empty ones included
        when the field expands its groups): [{value, count, fold}] in the board's order."""
        env = self.step_env(user, sudo, context)
        records = env[model].with_context(read_group_expand=True)
        terms = self.domain_for(model, domain)
        if hasattr(records, "formatted_read_group"):  # 19.0
            rows = records.formatted_read_group(terms, [by], ["__count"])
        else:
            rows = records.read_group(terms, [by], [by], lazy=True)
        comodel = records._fields[by].comodel_name
        groups = []
        for row in rows:
            value = row.get(by)
            if comodel and isinstance(value, (list, tuple)):
                value = env[comodel].browse(value[0])
            elif comodel and not value:
                value = env[comodel]
            count = row.get("__count", row.get(by + "_count", 0))
            fold = bool(row.get("__fold", False))
            groups.append({"value": value, "count": count, "fold": fold})
        self.remember(as_, groups)
        return groups

    def step_run_automation(self, label, xmlid):
        """Run an on-time automation now, as the scheduler would."""
        automation = self.env.ref(xmlid).with_context(__action_done={})
        self.assertEqual(
            automation.trigger,
            "on_time",
            "%s: %s is not an on-time automation" % (label, xmlid),
        )
        if hasattr(automation, "_search_time_based_automation_records"):  # 19.0
            now = self.env.cr.now()
            for record in automation._search_time_based_automation_records(until=now):
                automation._process(record)
            automation.write({"last_run": now})
        else:
            automation.env["base.automation"]._check(automatic=False)
        self.flush_all()

    def step_run_server_action(
        self, label, xmlid, records, as_=None, user=None, sudo=False, context=None
    ):
        """Run a server action on records, as the Action menu of a list does."""
        env = self.step_env(user, sudo, context)
        targets = [self.record(name, env) for name in records]
        ids = []
        for target in targets:
            ids.extend(target.ids)
        action = self.env.ref(xmlid).with_env(env)
        result = action.with_context(
            active_model=targets[0]._name, active_ids=ids, active_id=ids[0]
        ).run()
        self.flush_all()
        self.remember(as_, result)
        return result

    # -- mail and activities ---------------------------------------------------------------
    def render_template_field(self, template, name, record):
        if hasattr(template, "_render_field"):  # 14.0+
            value = template._render_field(name, record.ids)[record.id]
        else:  # 12.0, 13.0
            render = getattr(template, "_render_template", None) or getattr(
                template, "render_template"
            )
            value = render(template[name], record._name, record.ids)[record.id]
        return _page_text(_unescape(str(value or "")))

    def step_template(
        self,
        label,
        template,
        record,
        subject=(),
        body=(),
        not_body=(),
        partners=None,
        user=None,
        sudo=False,
        context=None,
    ):
        """Render mail template ``template`` for ``record`` and look for text in it."""
        env = self.step_env(user, sudo, context)
        mail = env.ref(template)
        target = self.record(record, env)
        texts = {
            "subject": self.render_template_field(mail, "subject", target),
            "body": self.render_template_field(mail, "body_html", target),
        }
        for key, wanted, present in (
            ("subject", subject, True),
            ("body", body, True),
            ("body", not_body, False),
        ):
            for piece in wanted:
                if (piece in texts[key]) != present:
                    self.fail(
                        "%s: the %s of %s %s %r: %r"
                        % (
                            label,
                            key,
                            template,
                            "lacks" if present else "holds",
                            piece,
                            texts[key][:300],
                        )
                    )
        if partners is not None:
            rendered = self.render_template_field(mail, "partner_to", target)
            found = sorted(int(p) for p in re.findall(r"\d+", rendered))
            wanted = sorted(self.resolve(p).id for p in partners)
            self.assertEqual(
                found,
                wanted,
                "%s: %s is sent to partners %s" % (label, template, found),
            )
        return texts

    def step_messages(
        self,
        label,
        record,
        subtype=None,
        message_type=None,
        subject=None,
        body=(),
        tracked=(),
        attachments=None,
        count=None,
        user=None,
        sudo=False,
        context=None,
    ):
        """The messages of ``record``'s chatter that match: at least one, or ``count``."""
        self.flush_all()
        target = self.record(record, self.step_env(user, sudo, context))
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [("model", "=", target._name), ("res_id", "=", target.id)], order="id"
            )
        )
        kind = self.env.ref(subtype) if subtype else None
        matching = []
        for message in messages:
            text = _page_text(_unescape(str(message.body or "")))
            names = [_tracked_name(value) for value in message.tracking_value_ids]
            if (
                (kind is None or message.subtype_id == kind)
                and (message_type is None or message.message_type == message_type)
                and (subject is None or subject in (message.subject or ""))
                and all(piece in text for piece in body)
                and all(name in names for name in tracked)
                and (attachments is None or len(message.attachment_ids) == attachments)
            ):
                matching.append(message)
        if (count is None and matching) or len(matching) == count:
            return matching
        seen = [
            (
                m.message_type,
                m.subtype_id.name,
                m.subject,
                _page_text(_unescape(str(m.body or "")))[:80],
                [_tracked_name(v) for v in m.tracking_value_ids],
            )
            for m in messages
        ]
        self.fail(
            "%s: %s matching messages on %s, expected %s; the chatter holds %r"
            % (
                label,
                len(matching),
                record,
                "at least one" if count is None else count,
                seen,
            )
        )

    def step_activities(
        self,
        label,
        record,
        activity_type=None,
        assignee=None,
        summary=None,
        count=None,
        user=None,
        sudo=False,
        context=None,
    ):
        """The activities of ``record`` that match: at least one, or ``count``."""
        self.flush_all()
        target = self.record(record, self.step_env(user, sudo, context))
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", target._name), ("res_id", "=", target.id)])
        )
        kind = self.env.ref(activity_type) if activity_type else None
        who = self.resolve("$" + assignee) if assignee else None
        matching = [
            a
            for a in activities
            if (kind is None or a.activity_type_id == kind)
            and (who is None or a.user_id == who)
            and (summary is None or summary in (a.summary or ""))
        ]
        if (count is None and matching) or len(matching) == count:
            return matching
        self.fail(
            "%s: %s matching activities on %s, expected %s; it has %r"
            % (
                label,
                len(matching),
                record,
                "at least one" if count is None else count,
                [
                    (a.activity_type_id.name, a.user_id.name, a.summary)
                    for a in activities
                ],
            )
        )

    # -- HTTP (HttpCase only) --------------------------------------------------------------
    def step_http(
        self,
        label,
        url,
        method="GET",
        params=None,
        json=None,
        status=200,
        redirect=None,
        contains=(),
        not_contains=(),
        result=None,
        user=None,
    ):
        name = user or self.scenario_default_user
        if name:
            who = self.scenario_users[name]
            self.authenticate(who.login, who.login + PASSWORD_SUFFIX)
        elif getattr(self, "session", None) is not None and hasattr(self, "logout"):
            self.logout()
        else:
            self.opener.cookies.clear()
        if hasattr(self, "base_url"):
            base = self.base_url()
        else:
            base = "http://127.0.0.1:%s" % config["http_port"]
        follow = redirect is None
        if json is not None:
            payload = {
                "jsonrpc": "2.0",
                "method": "call",
                "params": self.resolve(json),
                "id": 1,
            }
            response = self.opener.post(
                base + url, json=payload, timeout=60, allow_redirects=follow
            )
        elif method == "POST":
            response = self.opener.post(
                base + url, data=params or {}, timeout=60, allow_redirects=follow
            )
        else:
            response = self.opener.get(
                base + url, params=params or {}, timeout=60, allow_redirects=follow
            )
        if status is not None:
            self.assertEqual(
                response.status_code,
                status,
                "%s: %s %s answered %s" % (label, method, url, response.status_code),
            )
        if redirect is not None:
            location = response.headers.get("Location", "")
            path = re.sub(r"^https?://[^/]+", "", location)
            self.assertTrue(
                path.startswith(redirect),
                "%s: %s redirects to %r" % (label, url, location),
            )
        text = response.text
        for piece in contains:
            if piece not in text:
                self.fail(
                    "%s: %s does not contain %r (%d characters: %r...)"
                    % (label, url, piece, len(text), text[:200])
                )
        for piece in not_contains:
            if piece in text:
                self.fail("%s: %s contains %r" % (label, url, piece))
        if result is not None:
            answer = response.json()
            self.assertNotIn(
                "error",
                answer,
                "%s: %s answered an error: %s" % (label, url, answer.get("error")),
            )
            self.compare("%s: result" % label, answer.get("result"), result)

    # -- the web client in a headless browser (HttpCase only) ---------------------------------
    def step_browser(
        self,
        label,
        selector,
        action=None,
        record=None,
        model=None,
        contains=(),
        timeout=60,
        user=None,
    ):
        if record is not None:
            rec = self.resolve("$" + record)
            path = "/web#model=%s&id=%d&view_type=form" % (rec._name, rec.id)
        elif action is not None:
            path = "/web#action=%s" % action
        else:
            # the list of a model opens through one of its window actions
            window = self.env["ir.actions.act_window"].search(
                [("res_model", "=", model)], order="id", limit=1
            )
            path = "/web#model=%s&view_type=list" % model
            if window:
                path = "/web#action=%d&model=%s&view_type=list" % (window.id, model)
        name = user or self.scenario_default_user
        login, password = "admin", "admin"
        if name:
            login = self.scenario_users[name].login
            password = login + PASSWORD_SUFFIX
        authenticate = self.authenticate

        def with_password(login_, _password, *args, **kwargs):
            return authenticate(
                login_, password if login_ == login else _password, *args, **kwargs
            )

        code = (
            "(function () {"
            " var el = document.querySelector(%s);"
            " var text = el ? el.textContent : '';"
            " var missing = %s.filter(function (t) { return text.indexOf(t) < 0; });"
            " if (missing.length) {"
            " console.error(%s + ' does not show ' + JSON.stringify(missing)"
            " + ', it shows ' + JSON.stringify(text.slice(0, 300)));"
            " } else { console.log('test successful'); }"
            " })();"
        ) % (
            json.dumps(selector),
            json.dumps(list(contains)),
            json.dumps(label + ": " + selector),
        )
        self.authenticate = with_password
        try:
            self.browser_js(
                path,
                code,
                ready="!!document.querySelector(%s)" % json.dumps(selector),
                login=login,
                timeout=timeout,
            )
        finally:
            del self.authenticate


GROUP_HIDDEN = "data-scenario-group-hidden"


@contextmanager
def _marking_group_hidden(env):
    """Before 16.0 Odoo keeps the elements of groups the user lacks in the arch it returns
    (made invisible); mark them while the view is processed, so that they count as absent,
    as from 16.0 on."""
    view_class = type(env["ir.ui.view"])
    original = getattr(view_class, "_apply_groups", None)
    if original is None:
        yield
        return

    def apply_groups(view, node, *args, **kwargs):
        groups = node.get("groups")
        hidden = bool(groups) and not view.user_has_groups(groups=groups)
        result = original(view, node, *args, **kwargs)
        if hidden:
            node.set(GROUP_HIDDEN, "1")
        return result

    view_class._apply_groups = apply_groups
    try:
        yield
    finally:
        view_class._apply_groups = original


def _flag(node, attribute, described):
    """True when ``attribute`` always holds for ``node``; False when it never or only
    sometimes does (an expression, an attrs domain)."""
    value = node.get(attribute)
    if value is not None:
        return value.strip() in _ALWAYS
    if attribute == "invisible" and node.get("column_invisible", "").strip() in _ALWAYS:
        return True
    modifiers = node.get("modifiers")
    if modifiers:
        data = json.loads(modifiers)
        if data.get(attribute) is True:
            return True
        if attribute == "invisible" and data.get("column_invisible") is True:
            return True
        if attribute in data:
            return False
    return bool(described.get(attribute))


def _may(target, operation):
    """Whether the environment's user may do ``operation`` on ``target`` (ACL and rules)."""
    if hasattr(target, "has_access") and target.ids:
        return target.has_access(operation)
    if (
        hasattr(target, "check_access")
        and not target.ids
        and hasattr(target, "has_access")
    ):
        try:
            target.check_access(operation)
        except AccessError:
            return False
        return True
    try:
        allowed = target.check_access_rights(operation, raise_exception=False)
        if allowed and target.ids:
            target.check_access_rule(operation)
    except AccessError:
        return False
    return bool(allowed)


def _unescape(html):
    """The page with its character references resolved (no-break spaces as spaces)."""
    import html as _html

    return _html.unescape(html).replace("\xa0", " ")


def _page_text(html):
    """What a reader sees of a page: the text of its body, without tags."""
    body = html.split("<body", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", " ", body)).strip()


def _ids(value):
    """Records in a context become what Odoo expects there: an id, or a list of ids."""
    if _is_records(value):
        return value.id if len(value) == 1 else value.ids
    if isinstance(value, list):
        return [v.id if _is_records(v) and len(v) == 1 else _ids(v) for v in value]
    if isinstance(value, dict):
        return dict((k, _ids(v)) for k, v in value.items())
    return value


def _tracked_name(value):
    """The name of the field a mail.tracking.value records (field_id from 17.0)."""
    field = value.field_id if "field_id" in value._fields else value.field
    return field if isinstance(field, str) else field.name


def _show(value):
    if _is_records(value):
        return "%s%s" % (value._name, value.ids)
    return value
