from . import test_todo_list
