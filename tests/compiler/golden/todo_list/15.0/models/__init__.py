from . import todo_task
