"""Helpers for the tests of carrying a user's workbook into the results workbook."""
