odoo.define("service_desk.js_tests", function (require) {
"use strict";

var core = require("web.core");

var TESTS = [
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

QUnit.module("service_desk JS tests", function () {
    TESTS.forEach(function (spec) {
        QUnit.test(spec.name, function (assert) {
            assert.expect(spec.contains.length + spec.selectors.length);
            var root = document.createElement("div");
            root.innerHTML = core.qweb.render(spec.template, spec.values);
            var text = root.textContent.replace(/\s+/g, " ").trim();
            spec.contains.forEach(function (part) {
                var message = "shows " + JSON.stringify(part) + ": " + text;
                assert.ok(text.indexOf(part) !== -1, message);
            });
            spec.selectors.forEach(function (selector) {
                assert.ok(root.querySelector(selector), "holds " + selector);
            });
        });
    });
});
});
