from odoo.tests.common import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestServiceDeskJs(HttpCase):
    """The addon's JavaScript unit tests, each run headless in Chrome."""

    def _run_js_test(self, url):
        self.browser_js(
            url,
            "",
            "",
            login="admin",
            timeout=600,
            success_signal="[HOOT] Test suite succeeded",
        )

    def test_js_badge_shows_the_label(self):
        """Proves: W4."""
        self._run_js_test(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&id=d75b2161",
        )

    def test_js_dashboard_shows_its_counts(self):
        """Proves: W4."""
        self._run_js_test(
            "/web/tests?headless&loglevel=2&preset=desktop&timeout=15000&id=6c8ab98f",
        )
