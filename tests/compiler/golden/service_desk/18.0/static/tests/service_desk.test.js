/** @odoo-module **/

import { after, expect, test } from "@odoo/hoot";
import { translatedTerms, translationLoaded } from "@web/core/l10n/translation";
import { renderToString } from "@web/core/utils/render";

const TESTS = [
    {
        "name": "badge_shows_the_label",
        "template": "service_desk.TicketPriorityBadge",
        "values": {
            "value": "2",
            "text": "Urgent"
        },
        "contains": [
            "Urgent"
        ],
        "selectors": [
            ".o_desk_priority_2"
        ]
    },
    {
        "name": "dashboard_shows_its_counts",
        "template": "service_desk.DeskDashboard",
        "values": {
            "counts": {
                "open": 3,
                "urgent": 1
            }
        },
        "contains": [
            "3 open tickets",
            "1 urgent tickets"
        ],
        "selectors": [
            ".o_desk_count_open",
            ".o_desk_count_urgent"
        ]
    }
];

function render(spec) {
    const root = document.createElement("div");
    root.innerHTML = renderToString(spec.template, spec.values);
    return { root, text: root.textContent.replace(/\s+/g, " ").trim() };
}

for (const spec of TESTS) {
    test(spec.name, () => {
        // the template's texts are shown untranslated, as hoot loads no translations
        translatedTerms[translationLoaded] = true;
        after(() => {
            translatedTerms[translationLoaded] = false;
        });
        const { root, text } = render(spec);
        for (const part of spec.contains) {
            expect(text.includes(part)).toBe(true, {
                message: `shows ${JSON.stringify(part)}: ${text}`,
            });
        }
        for (const selector of spec.selectors) {
            expect(Boolean(root.querySelector(selector))).toBe(true, {
                message: `holds ${selector}`,
            });
        }
    });
}
