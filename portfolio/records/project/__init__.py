"""Key projects (重点项目): the plan's projects by category, with their progress log."""
