/** @odoo-module **/

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

QUnit.module("service_desk JS tests", () => {
    for (const spec of TESTS) {
        QUnit.test(spec.name, (assert) => {
            const { root, text } = render(spec);
            for (const part of spec.contains) {
                const message = `shows ${JSON.stringify(part)}: ${text}`;
                assert.ok(text.includes(part), message);
            }
            for (const selector of spec.selectors) {
                assert.ok(root.querySelector(selector), `holds ${selector}`);
            }
        });
    }
});
