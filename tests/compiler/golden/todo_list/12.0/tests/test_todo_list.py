from odoo.tests.common import TransactionCase, tagged

from .scenario_steps import ScenarioSteps


@tagged("post_install", "-at_install")
class TestTodoList(ScenarioSteps, TransactionCase):
    def _make_todo_task(self):
        return self.env["todo.task"].create({"name": "Test"})

    def test_create_todo_task(self):
        record = self._make_todo_task()
        self.assertTrue(record.exists())

    def test_views_load(self):
        for xmlid in [
            "todo_list.todo_task_view_form",
            "todo_list.todo_task_view_list",
            "todo_list.todo_task_view_search",
        ]:
            view = self.env.ref(xmlid)
            model = self.env[view.model]
            self.assertTrue(model.fields_view_get(view.id, view.type))

    def test_actions_load(self):
        for xmlid in ["todo_list.todo_task_action"]:
            self.assertTrue(self.env.ref(xmlid).read())

    def test_mark_done(self):
        self.start_scenario()
        self.step_create(
            "mark_done step 1",
            "todo.task",
            {"name": "Water the plants"},
            as_="task",
        )
        self.expect("mark_done step 2", {"task.done": False, "task.priority": "0"})
