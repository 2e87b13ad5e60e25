odoo.define("service_desk.ticket_priority_badge", function (require) {
"use strict";

var AbstractField = require("web.AbstractField");
var core = require("web.core");
var fieldRegistry = require("web.field_registry");

var TicketPriorityBadge = AbstractField.extend({
    className: "o_field_ticket_priority_badge o_service_desk_ticket_priority_badge",
    supportedFieldTypes: ["selection"],
    _render: function () {
        this.$el.html(core.qweb.render("service_desk.TicketPriorityBadge", {
            value: this.value,
            text: this._formatValue(this.value),
        }));
    },
});

fieldRegistry.add("ticket_priority_badge", TicketPriorityBadge);
return TicketPriorityBadge;
});
