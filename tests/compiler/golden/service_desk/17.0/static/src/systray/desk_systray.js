/** @odoo-module **/

import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

export class DeskSystray extends Component {
    setup() {
        this.action = useService("action");
    }

    open() {
        this.action.doAction("service_desk.action_desk_dashboard");
    }
}
DeskSystray.template = "service_desk.DeskSystray";

registry.category("systray").add("service_desk.desk_systray", { Component: DeskSystray }, { sequence: 50 });
