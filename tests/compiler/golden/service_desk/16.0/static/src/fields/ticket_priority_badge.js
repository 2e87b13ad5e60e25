/** @odoo-module **/

import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

export class TicketPriorityBadge extends Component {
    get value() {
        return this.props.value;
    }

    get text() {
        const field = this.props.record.fields[this.props.name];
        const format = registry.category("formatters").get(field.type, null);
        if (format) {
            return format(this.value, { selection: field.selection, field });
        }
        return this.value === false || this.value === undefined ? ""
            : String(this.value);
    }
}
TicketPriorityBadge.template = "service_desk.TicketPriorityBadge";
TicketPriorityBadge.props = { ...standardFieldProps };

TicketPriorityBadge.displayName = "Priority badge";
TicketPriorityBadge.supportedTypes = ["selection"];

registry.category("fields").add("ticket_priority_badge", TicketPriorityBadge);
