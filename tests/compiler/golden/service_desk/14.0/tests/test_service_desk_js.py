from odoo.tests.common import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestServiceDeskJs(HttpCase):
    """The addon's JavaScript unit tests, each run headless in Chrome."""

    def _run_js_test(self, url):
        self.browser_js(url, "", "", login="admin", timeout=600)

    def test_js_badge_shows_the_label(self):
        """Proves: W4."""
        self._run_js_test("/web/tests?testId=2271f96c")

    def test_js_dashboard_shows_its_counts(self):
        """Proves: W4."""
        self._run_js_test("/web/tests?testId=48c03064")
