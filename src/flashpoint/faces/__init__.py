"""Faces: the ways people use Flashpoint (CLI, HTTP API, dashboard, report)."""
