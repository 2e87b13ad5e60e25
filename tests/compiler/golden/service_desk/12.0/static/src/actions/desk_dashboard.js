odoo.define("service_desk.desk_dashboard", function (require) {
"use strict";

var AbstractAction = require("web.AbstractAction");
var core = require("web.core");

var DeskDashboard = AbstractAction.extend({
    willStart: function () {
        var self = this;
        this.counts = {};
        var loads = [
            this._rpc({
                model: "service.ticket",
                method: "search_count",
                args: [[]],
            }).then(function (n) { self.counts["open"] = n; }),
            this._rpc({
                model: "service.ticket",
                method: "search_count",
                args: [[["priority", "=", "2"]]],
            }).then(function (n) { self.counts["urgent"] = n; }),
        ];
        return Promise.all([this._super.apply(this, arguments)].concat(loads));
    },
    start: function () {
        this.$el.append(core.qweb.render("service_desk.DeskDashboard", {counts: this.counts}));
        return this._super.apply(this, arguments);
    },
});

core.action_registry.add("service_desk.desk_dashboard", DeskDashboard);
return DeskDashboard;
});
