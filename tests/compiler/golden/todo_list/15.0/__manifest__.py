{
    "name": "To-do List",
    "summary": "Keep a shared list of things to do",
    "version": "15.0.1.0.0",
    "category": "Productivity",
    "author": "Odoo Factory",
    "license": "LGPL-3",
    "depends": ["base"],
    "data": [
        "security/ir.model.access.csv",
        "views/todo_task_views.xml",
        "views/menus.xml",
    ],
    "application": False,
    "installable": True,
}
