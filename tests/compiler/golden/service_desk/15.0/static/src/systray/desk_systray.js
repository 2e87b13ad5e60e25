odoo.define("service_desk.desk_systray", function (require) {
"use strict";

var core = require("web.core");
var SystrayMenu = require("web.SystrayMenu");
var Widget = require("web.Widget");

var DeskSystray = Widget.extend({
    className: "o_nav_entry o_service_desk_desk_systray",
    sequence: 50,
    events: {"click": "_onClick"},
    _onClick: function (ev) {
        ev.preventDefault();
        this.do_action("service_desk.action_desk_dashboard");
    },
    willStart: function () {
        var self = this;
        this.counts = {};
        var loads = [
        ];
        return Promise.all([this._super.apply(this, arguments)].concat(loads));
    },
    start: function () {
        this.$el.html(core.qweb.render("service_desk.DeskSystray", {counts: this.counts}));
        return this._super.apply(this, arguments);
    },
});

SystrayMenu.Items.push(DeskSystray);
return DeskSystray;
});
