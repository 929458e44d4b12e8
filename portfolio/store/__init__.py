"""Storage: the repository (the one place that writes each store) and the file storage under it."""
