"""Annual key tasks (重点工作任务): one row of an annual work plan, with its deadline and progress."""
