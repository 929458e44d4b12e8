"""Importers and exporters: the plan (text, Word), flat tables (CSV, XLSX), exports."""
