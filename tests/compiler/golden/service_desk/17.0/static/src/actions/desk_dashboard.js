/** @odoo-module **/

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

export class DeskDashboard extends Component {
    setup() {
        this.orm = useService("orm");
        this.counts = useState({});
        onWillStart(async () => {
            this.counts["open"] = await this.orm.searchCount("service.ticket", []);
            this.counts["urgent"] = await this.orm.searchCount("service.ticket", [["priority", "=", "2"]]);
        });
    }
}
DeskDashboard.template = "service_desk.DeskDashboard";

registry.category("actions").add("service_desk.desk_dashboard", DeskDashboard);
